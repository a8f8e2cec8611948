"""Refugee Data Finder ZIP downloads (`query_data.zip`): read members in memory.

Members are never extracted to disk, so hostile names cannot write anywhere; they are
still refused, with bomb-like compression ratios, because no UNHCR download has them.
Sizes are checked from the archive's directory before anything is inflated; zipfile
never returns more than a member's declared size (a lying header fails its CRC check).
"""

from __future__ import annotations

import io
import zipfile
import zlib

from asylum_explorer.core.errors import InputFileError
from asylum_explorer.core.readers.raw import RawTable

MAX_MEMBER_BYTES = 1024**3
MAX_TOTAL_BYTES = 2 * 1024**3
MAX_RATIO = 200  # CSV compresses ~10x; 200x is no honest data file
RATIO_GRACE_BYTES = 10 * 1024**2
DATA_SUFFIXES = (".csv", ".csv.gz", ".json", ".json.gz")


def read_zip(data: bytes, source: str, depth: int = 1) -> list[RawTable]:
    from asylum_explorer.core.readers.sniff import read_bytes

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise InputFileError(source, f"damaged ZIP archive ({exc})") from None
    tables: list[RawTable] = []
    skipped: list[str] = []
    with archive:
        _check_archive(infos, source)
        for info in infos:
            if info.is_dir():
                continue
            if not info.filename.lower().endswith(DATA_SUFFIXES):
                skipped.append(info.filename)
                continue
            member = f"{source}!{info.filename}"
            if info.flag_bits & 0x1:
                raise InputFileError(member, "the ZIP member is encrypted (password protected)")
            try:
                payload = archive.read(info)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
                raise InputFileError(member, f"damaged ZIP member ({exc})") from None
            except (NotImplementedError, RuntimeError) as exc:
                raise InputFileError(member, f"cannot unpack this ZIP member ({exc})") from None
            tables.extend(read_bytes(payload, member, depth))
    if not tables:
        names = {i.filename for i in infos}
        if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
            raise InputFileError(source, "this is an Excel workbook (.xlsx); save the sheet "
                                         "as CSV (UTF-8) and import that")
        raise InputFileError(source, "the ZIP archive holds no UNHCR CSV or JSON file")
    if skipped:
        tables[0].notes.append(f"ignored {len(skipped)} other member(s): {', '.join(skipped)}")
    return tables


def _check_archive(infos: list[zipfile.ZipInfo], source: str) -> None:
    """Refuse hostile names and bomb-like sizes before a single byte is inflated."""
    for info in infos:
        _check_member(info, source)
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_BYTES:
        raise InputFileError(source, f"the ZIP archive would unpack to {total / 1024**3:.1f} "
                             "GiB; refusing to read it (a ZIP bomb?)")


def _check_member(info: zipfile.ZipInfo, source: str) -> None:
    name = info.filename.replace("\\", "/")
    parts = name.split("/")
    if name.startswith("/") or ".." in parts or ":" in parts[0] or "\x00" in name:
        raise InputFileError(source, f"unsafe member name {info.filename!r} in the ZIP "
                             "archive (it points outside the archive); not a UNHCR download")
    if info.file_size > MAX_MEMBER_BYTES:
        raise InputFileError(source, f"member {info.filename!r} is larger than 1 GiB")
    ratio = info.file_size / max(info.compress_size, 1)
    if ratio > MAX_RATIO and info.file_size > RATIO_GRACE_BYTES:
        raise InputFileError(source, f"member {info.filename!r} has a compression ratio of "
                             f"{ratio:,.0f}:1 (a ZIP bomb?); refusing to inflate it")
