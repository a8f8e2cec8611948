"""CSV text: API-shaped files and Refugee Data Finder downloads (preamble or not)."""

from __future__ import annotations

import csv
import io
import re

from asylum_explorer.core.errors import InputFileError, shorten
from asylum_explorer.core.readers.headers import (
    looks_like_header,
    map_header,
    refuse_mixed_datasets,
)
from asylum_explorer.core.readers.raw import RawTable
from asylum_explorer.core.schema import detect_dataset

# The RDF preamble is about 15 lines; allow generous room but never skip a fixed count.
HEADER_SEARCH_ROWS = 80
# A header line longer than this is no header (a whole file on one line, a binary blob).
MAX_HEADER_CHARS = 100_000
_NEWLINE = re.compile(r"\r\n|\r|\n")


def read_csv_text(text: str, source: str) -> RawTable:
    delimiter, header_line = _find_header(text, source)
    body = text[_offset_of_line(text, header_line):]
    frame = _parse(body, delimiter, source, header_line)
    headers = [str(h) for h in frame.columns]
    frame.columns = _api_names(headers, source, header_line + 1)
    refuse_mixed_datasets(list(frame.columns), source, header_line + 1)
    kind = detect_dataset(set(frame.columns))
    if kind is None:
        shown = ", ".join(shorten(h, 40) for h in headers[:8])
        raise InputFileError(source, f"not a UNHCR dataset: its columns ({shown}) are not "
                             "recognised", line=header_line + 1)
    frame = frame.rename(columns={"_unit": _unit_column(kind)})
    notes = [f"skipped {header_line} preamble line(s)"] if header_line else []
    if delimiter != ",":
        notes.append(f"columns separated by {_DELIMITER_NAMES[delimiter]}")
    return RawTable(kind, frame, source, first_data_line=header_line + 2, notes=notes)


_DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}


def _find_header(text: str, source: str) -> tuple[str, int]:
    head = _NEWLINE.split(text[:MAX_HEADER_CHARS * 4], maxsplit=HEADER_SEARCH_ROWS)
    head = [line[:MAX_HEADER_CHARS] for line in head[:HEADER_SEARCH_ROWS]]
    for delimiter in (",", ";", "\t"):
        reader = csv.reader(head, delimiter=delimiter)
        for i in range(len(head)):
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error:  # a field beyond the csv module's limit: no header there
                continue
            if looks_like_header(row):
                return delimiter, i
    raise InputFileError(source, "no header row with 'year' and country columns found in the "
                         f"first {HEADER_SEARCH_ROWS} lines; not a UNHCR data file")


def _offset_of_line(text: str, line: int) -> int:
    """Character offset where 0-based `line` starts (without splitting the whole text)."""
    offset = 0
    for match, _ in zip(_NEWLINE.finditer(text), range(line), strict=False):
        offset = match.end()
    return offset


def _parse(body: str, delimiter: str, source: str, header_line: int):
    import pandas as pd

    try:
        frame = pd.read_csv(io.StringIO(body), sep=delimiter, dtype=str,
                            keep_default_na=False, na_filter=False, skip_blank_lines=False,
                            engine="c")
    except pd.errors.ParserError as exc:
        raise InputFileError(source, f"malformed CSV: {_parser_reason(exc)}",
                             line=_parser_line(exc, header_line)) from None
    except (ValueError, MemoryError, OverflowError) as exc:
        raise InputFileError(source, f"malformed CSV ({_short(exc)})") from None
    if len(frame.columns) and (frame.iloc[:, -1] == "").any():
        _refuse_short_rows(body, delimiter, len(frame.columns), source, header_line)
    blank = (frame == "").all(axis=1)
    if blank.any():  # keep the index: it maps each row back to its line in the file
        frame = frame[~blank.to_numpy()]
    return frame


def _refuse_short_rows(body: str, delimiter: str, n_columns: int, source: str,
                       header_line: int) -> None:
    """pandas pads a row with too few fields with empty cells; a user must hear of it."""
    reader = csv.reader(io.StringIO(body), delimiter=delimiter)
    try:
        next(reader)
        for row in reader:
            if row and len(row) < n_columns:
                raise InputFileError(source, f"this row has {len(row)} fields, the header has "
                                     f"{n_columns} (a ragged or cut-off row)",
                                     line=reader.line_num + header_line)
    except csv.Error as exc:
        raise InputFileError(source, f"malformed CSV ({exc})",
                             line=reader.line_num + header_line) from None


def _parser_line(exc: Exception, header_line: int) -> int | None:
    match = re.search(r"line (\d+)", str(exc))
    if match:
        return int(match.group(1)) + header_line
    match = re.search(r"starting at row (\d+)", str(exc))
    if match:  # rows count from 0 after the header
        return int(match.group(1)) + header_line + 2
    return None


def _parser_reason(exc: Exception) -> str:
    text = _short(exc)
    text = text.replace("Error tokenizing data. C error: ", "")
    match = re.search(r"Expected (\d+) fields in line \d+, saw (\d+)", text)
    if match:
        return (f"this row has {match.group(2)} fields, the header has {match.group(1)} "
                "(a ragged row, or a separator inside an unquoted cell)")
    if "EOF inside string" in text:
        return "a quoted cell is never closed (the file is cut off or a quote is stray)"
    return shorten(text, 160)


def _api_names(headers: list[str], source: str, line: int) -> list[str]:
    names: list[str] = []
    for i, header in enumerate(headers):
        mapped = map_header(str(header))
        if mapped is not None and mapped in names:
            raise InputFileError(source, f"two columns mean {mapped!r}", line=line,
                                 column=shorten(str(header), 60))
        names.append(mapped if mapped is not None else f"_extra_{i}")
    return names


def _unit_column(kind: str) -> str:
    return {"applications": "app_pc", "decisions": "dec_pc"}.get(kind, "_unit")


def _short(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return shorten(lines[-1] if lines else type(exc).__name__, 200)
