"""Open one file, recognise its container and encoding by content, dispatch to a reader."""

from __future__ import annotations

import gzip
import io
import zlib
from pathlib import Path

from asylum_explorer.core.errors import InputFileError
from asylum_explorer.core.readers.raw import RawTable

# A file larger than this once decompressed is refused rather than filling memory.
MAX_TEXT_BYTES = 2 * 1024**3


def read_path(path: str | Path) -> list[RawTable]:
    """Read one file (CSV, CSV.gz, ZIP, JSON, JSON.gz) into RawTables."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputFileError(str(path), f"cannot read the file ({exc.strerror or exc})") from None
    return read_bytes(data, str(path))


def read_bytes(data: bytes, source: str) -> list[RawTable]:
    """Read the bytes of one file; `source` names it in messages."""
    if data[:2] == b"\x1f\x8b":
        return read_bytes(_gunzip(data, source), source)
    if data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06":
        from asylum_explorer.core.readers.zip_archive import read_zip

        return read_zip(data, source)
    if data[:4] == b"PAR1":
        raise InputFileError(source, "this is a Parquet file; import the UNHCR CSV, ZIP or "
                                     "JSON files instead")
    text = decode_text(data, source)
    if not text.strip():
        raise InputFileError(source, "the file is empty")
    if text.lstrip()[:1] in ("{", "["):
        from asylum_explorer.core.readers.api_json import read_json_text

        return read_json_text(text, source)
    from asylum_explorer.core.readers.csv_text import read_csv_text

    return [read_csv_text(text, source)]


def _gunzip(data: bytes, source: str) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            out = fh.read(MAX_TEXT_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputFileError(source, f"damaged or truncated gzip data ({exc})") from None
    if len(out) > MAX_TEXT_BYTES:
        raise InputFileError(source, "decompresses to more than 2 GiB; refusing to read it")
    return out


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is refused."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputFileError(source, f"damaged UTF-16 text ({exc.reason})") from None
    if b"\x00" in data[:4096]:
        raise InputFileError(source, "binary data, not a CSV or JSON text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputFileError(
            source,
            f"not UTF-8 text (byte 0x{data[exc.start]:02X}); UNHCR files are UTF-8 — "
            "re-save the file as UTF-8",
            line=line,
        ) from None
