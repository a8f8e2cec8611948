"""CSV text: API-shaped files and Refugee Data Finder downloads (preamble or not)."""

from __future__ import annotations

import csv
import io
import re

from asylum_explorer.core.errors import InputFileError
from asylum_explorer.core.readers.headers import looks_like_header, map_header
from asylum_explorer.core.readers.raw import RawTable
from asylum_explorer.core.schema import detect_dataset

# The RDF preamble is about 15 lines; allow generous room but never skip a fixed count.
HEADER_SEARCH_ROWS = 80


def read_csv_text(text: str, source: str) -> RawTable:
    delimiter, header_line = _find_header(text, source)
    lines = text.splitlines(keepends=True)
    body = "".join(lines[header_line:])
    frame = _parse(body, delimiter, source, header_line)
    frame.columns = _api_names(list(frame.columns), source, header_line + 1)
    kind = detect_dataset(set(frame.columns))
    if kind is None:
        raise InputFileError(source, "not a UNHCR dataset: its columns "
                             f"({', '.join(map(str, frame.columns[:8]))}) are not recognised",
                             line=header_line + 1)
    frame = frame.rename(columns={"_unit": _unit_column(kind)})
    notes = [f"skipped {header_line} preamble line(s)"] if header_line else []
    return RawTable(kind, frame, source, first_data_line=header_line + 2, notes=notes)


def _find_header(text: str, source: str) -> tuple[str, int]:
    head = text.splitlines()[:HEADER_SEARCH_ROWS]
    for delimiter in (",", ";", "\t"):
        for i, row in enumerate(csv.reader(head, delimiter=delimiter)):
            if looks_like_header(row):
                return delimiter, i
    raise InputFileError(source, "no header row with 'year' and country columns found in the "
                         f"first {HEADER_SEARCH_ROWS} lines; not a UNHCR data file")


def _parse(body: str, delimiter: str, source: str, header_line: int):
    import pandas as pd

    try:
        return pd.read_csv(io.StringIO(body), sep=delimiter, dtype=str, keep_default_na=False,
                           na_filter=False, skip_blank_lines=True, engine="c")
    except pd.errors.ParserError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) + header_line if match else None
        raise InputFileError(source, f"malformed CSV ({_short(exc)})", line=line) from None
    except (ValueError, MemoryError) as exc:
        raise InputFileError(source, f"malformed CSV ({_short(exc)})") from None


def _api_names(headers: list[str], source: str, line: int) -> list[str]:
    names: list[str] = []
    for i, header in enumerate(headers):
        mapped = map_header(str(header))
        if mapped is not None and mapped in names:
            raise InputFileError(source, f"two columns mean {mapped!r}", line=line,
                                 column=str(header))
        names.append(mapped if mapped is not None else f"_extra_{i}")
    return names


def _unit_column(kind: str) -> str:
    return {"applications": "app_pc", "decisions": "dec_pc"}.get(kind, "_unit")


def _short(exc: Exception) -> str:
    return str(exc).strip().splitlines()[-1][:200]
