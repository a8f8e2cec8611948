"""Refugee Data Finder ZIP downloads (`query_data.zip`): read members in memory.

Members are never extracted to disk, so hostile names cannot write anywhere; they are
still refused, with bomb-like compression ratios, because no UNHCR download has them.
"""

from __future__ import annotations

import io
import zipfile

from asylum_explorer.core.errors import InputFileError
from asylum_explorer.core.readers.raw import RawTable

MAX_MEMBER_BYTES = 1024**3
MAX_RATIO = 200  # CSV compresses ~10x; 200x is no honest data file
DATA_SUFFIXES = (".csv", ".csv.gz", ".json", ".json.gz")


def read_zip(data: bytes, source: str) -> list[RawTable]:
    from asylum_explorer.core.readers.sniff import read_bytes

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputFileError(source, f"damaged ZIP archive ({exc})") from None
    tables: list[RawTable] = []
    skipped: list[str] = []
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            _check_member(info, source)
            if not info.filename.lower().endswith(DATA_SUFFIXES):
                skipped.append(info.filename)
                continue
            member = f"{source}!{info.filename}"
            try:
                payload = archive.read(info)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise InputFileError(member, f"damaged ZIP member ({exc})") from None
            tables.extend(read_bytes(payload, member))
    if not tables:
        raise InputFileError(source, "the ZIP archive holds no UNHCR CSV or JSON file")
    if skipped:
        tables[0].notes.append(f"ignored {len(skipped)} other member(s): {', '.join(skipped)}")
    return tables


def _check_member(info: zipfile.ZipInfo, source: str) -> None:
    name = info.filename.replace("\\", "/")
    if name.startswith("/") or ".." in name.split("/") or ":" in name.split("/")[0]:
        raise InputFileError(source, f"unsafe member name {info.filename!r} in the ZIP archive")
    if info.file_size > MAX_MEMBER_BYTES:
        raise InputFileError(source, f"member {info.filename!r} is larger than 1 GiB")
    if info.compress_size and info.file_size / info.compress_size > MAX_RATIO \
            and info.file_size > 10 * 1024**2:
        raise InputFileError(source, f"member {info.filename!r} has a compression ratio of "
                             f"{info.file_size // info.compress_size}:1 (a ZIP bomb?)")
