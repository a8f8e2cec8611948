"""Open one file, recognise its container and encoding by content, dispatch to a reader.

Everything a user may pick ends here first, so the checks that protect memory and the
user's time live here too: decompression is streamed with a size and ratio limit (gzip
bombs), containers nest at most one level (a ZIP holding .csv.gz members), and text is
decoded strictly (UTF-8, UTF-16 with BOM, or Windows-1252 when the file is not UTF-8 at
all, which is what Excel writes on Windows).
"""

from __future__ import annotations

import re
import stat
import zlib
from pathlib import Path

from asylum_explorer.core.errors import InputFileError
from asylum_explorer.core.readers.raw import RawTable

# A file larger than this once decompressed is refused rather than filling memory. The
# whole UNHCR population dataset is ~30 MB of CSV; 1 GiB is far beyond any honest file.
MAX_TEXT_BYTES = 1024**3
# gzip'd CSV compresses ~10:1; beyond this ratio (and a size worth worrying about) the
# data is a bomb, not a table, and is refused before it is inflated any further.
MAX_RATIO = 200
RATIO_GRACE_BYTES = 64 * 1024**2
# Containers (gzip, ZIP) may hold one more container (a ZIP of .csv.gz), never deeper.
MAX_DEPTH = 2

_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|"
                             rb"[\xf0-\xf4][\x80-\xbf]{3}")


def read_path(path: str | Path) -> list[RawTable]:
    """Read one file (CSV, CSV.gz, ZIP, JSON, JSON.gz) into RawTables."""
    return read_bytes(read_file_bytes(path), str(path))


def read_file_bytes(path: str | Path) -> bytes:
    """The bytes of a regular file of sane size; never a device, pipe or folder."""
    path = Path(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise InputFileError(str(path), "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise InputFileError(str(path), "is not a regular file (a device or a pipe?)")
        if info.st_size > MAX_TEXT_BYTES:
            raise InputFileError(str(path), f"is {info.st_size / 1024**3:.1f} GiB, larger "
                                            "than any UNHCR file; refusing to read it")
        return path.read_bytes()
    except OSError as exc:
        raise InputFileError(str(path), f"cannot read the file ({exc.strerror or exc})") from None
    except MemoryError:
        raise InputFileError(str(path), "too large to read into memory") from None


def read_bytes(data: bytes, source: str, depth: int = 0) -> list[RawTable]:
    """Read the bytes of one file; `source` names it in messages."""
    if depth > MAX_DEPTH:
        raise InputFileError(source, "archives nested too deeply (an archive inside an "
                                     "archive inside an archive); not a UNHCR download")
    if data[:2] == b"\x1f\x8b":
        return read_bytes(_gunzip(data, source), source, depth + 1)
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        from asylum_explorer.core.readers.zip_archive import read_zip

        return read_zip(data, source, depth + 1)
    _refuse_foreign_binary(data, source)
    text, note = decode_with_note(data, source)
    if not text.strip():
        raise InputFileError(source, "the file is empty")
    start = text.lstrip()[:200].lower()
    if start.startswith(("<!doctype html", "<html", "<?xml", "<head", "<body")):
        raise InputFileError(source, "this is a web page (HTML/XML), not a data file; save "
                                     "the download itself rather than the page")
    if start[:1] in ("{", "["):
        from asylum_explorer.core.readers.api_json import read_json_text

        tables = read_json_text(text, source)
    else:
        from asylum_explorer.core.readers.csv_text import read_csv_text

        tables = [read_csv_text(text, source)]
    if note:
        for table in tables:
            table.notes.append(note)
    return tables


def _refuse_foreign_binary(data: bytes, source: str) -> None:
    """Recognisable non-text formats, named so the user knows what to do instead."""
    if data[:4] == b"PAR1":
        raise InputFileError(source, "this is a Parquet file; import the UNHCR CSV, ZIP or "
                                     "JSON files instead")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise InputFileError(source, "this is an Excel (or other Office) file; save it as "
                                     "CSV (UTF-8) and import that")
    if data[:5] == b"%PDF-":
        raise InputFileError(source, "this is a PDF document, not a data file")
    for magic, what in ((b"BZh", "bzip2"), (b"\xfd7zXZ", "xz"), (b"7z\xbc\xaf", "7-Zip"),
                        (b"\x28\xb5\x2f\xfd", "zstd"), (b"Rar!", "RAR")):
        if data.startswith(magic):
            raise InputFileError(source, f"{what} archives are not supported; unpack it, or "
                                         "use the CSV, .csv.gz or ZIP files UNHCR provides")


def _gunzip(data: bytes, source: str) -> bytes:
    """Inflate gzip data in chunks, stopping as soon as it grows beyond the limits."""
    out = bytearray()
    decomp = zlib.decompressobj(wbits=31)
    chunk = 1 << 20
    try:
        pending = data
        while True:
            piece = decomp.decompress(pending, chunk)
            out += piece
            _check_inflation(len(out), len(data), source)
            pending = decomp.unconsumed_tail
            if decomp.eof:
                rest = decomp.unused_data
                if rest.strip(b"\x00") and rest[:2] == b"\x1f\x8b":  # concatenated members
                    decomp, pending = zlib.decompressobj(wbits=31), rest
                    continue
                break
            if not pending and not piece:
                raise InputFileError(source, "damaged or truncated gzip data (it ends "
                                             "before the compressed stream does)")
    except zlib.error as exc:
        raise InputFileError(source, f"damaged gzip data ({exc})") from None
    except MemoryError:
        raise InputFileError(source, "decompresses to more than fits in memory") from None
    return bytes(out)


def _check_inflation(inflated: int, compressed: int, source: str) -> None:
    if inflated > MAX_TEXT_BYTES:
        raise InputFileError(source, "decompresses to more than 1 GiB; refusing to read it")
    if inflated > RATIO_GRACE_BYTES and inflated > MAX_RATIO * compressed:
        raise InputFileError(source, f"compressed more than {MAX_RATIO}:1 (a decompression "
                                     "bomb?); refusing to inflate it")


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1252 for a file with no
    UTF-8 in it at all; a mix of encodings or binary data is refused."""
    return decode_with_note(data, source)[0]


def decode_with_note(data: bytes, source: str) -> tuple[str, str | None]:
    """The text and, when it was not UTF-8, a note saying how it was read."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputFileError(source, f"damaged UTF-16 text ({exc.reason})") from None
        _refuse_nul(text, source)
        return text.lstrip("\ufeff"), None
    bom_less = _utf16_without_bom(data)
    if bom_less:
        try:
            return data.decode(bom_less), f"read as {bom_less.upper()} (no byte-order mark)"
        except UnicodeDecodeError:
            pass
    _refuse_nul(data, source)
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start]
    if _UTF8_MULTIBYTE.search(data) is None:
        try:
            return _windows_1252(data), ("not UTF-8: read as Windows-1252 (Latin-1), "
                                         "the encoding Excel uses for CSV on Windows")
        except UnicodeDecodeError:
            pass
    raise InputFileError(
        source,
        f"not UTF-8 text (byte 0x{bad:02X}) and not consistently another encoding; "
        "re-save the file as CSV UTF-8",
        line=line,
    )


def _utf16_without_bom(data: bytes) -> str | None:
    """ASCII-range text in UTF-16 has a NUL in every other byte; which half says the order."""
    head = data[:2000]
    if len(head) < 8 or len(head) % 2:
        head = head[: len(head) - len(head) % 2]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _windows_1252(data: bytes) -> str:
    text = data.decode("cp1252")
    if re.search(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]", text[:65536]):
        raise UnicodeDecodeError("cp1252", data, 0, 1, "control characters: binary data")
    return text


def _refuse_nul(data: bytes | str, source: str) -> None:
    nul = b"\x00" if isinstance(data, bytes) else "\x00"
    at = data.find(nul)
    if at < 0:
        return
    newline = b"\n" if isinstance(data, bytes) else "\n"
    line = data.count(newline, 0, at) + 1
    what = "binary data" if at < 4096 else "a NUL byte (binary data or a damaged file)"
    raise InputFileError(source, f"{what}, not a CSV or JSON text file", line=line)
