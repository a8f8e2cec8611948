"""Tables to CSV and XLSX files: query results, table rows and the numbers under a chart.

Everything passes through a `Sheet` (named columns of plain cells), so the same
spreadsheet-injection safety applies whatever is exported: text that a spreadsheet would
read as a formula (starting with = + - @, a tab or a carriage return) is prefixed with a
single quote (OWASP "CSV injection"), while numbers stay numbers, negative ones included.
Files are written to a temporary file beside the target and moved into place with
`os.replace`, so a failed export never leaves half a file under the user's chosen name.
"""

from __future__ import annotations

import csv
import math
import os
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from asylum_explorer.core.chart_data import ChartData
from asylum_explorer.core.codes import code_list, label
from asylum_explorer.core.errors import UserError
from asylum_explorer.core.query import Result
from asylum_explorer.core.table import CodedColumn, Table

XLSX_MAX_ROWS = 1_048_576  # Excel's sheet limit, header row included
RATE_DECIMALS = 4
FORMATS = {".csv": "csv", ".xlsx": "xlsx"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_CHUNK = 50_000  # rows per progress step / cancel check

Progress = Callable[[object], None]


@dataclass
class Sheet:
    """Named columns of cells (str, int, float or None), equal length; notes = provenance."""

    name: str
    header: list[str]
    columns: list[np.ndarray]  # object arrays of plain, already neutralised cells
    notes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.columns[0]) if self.columns else 0


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading single quote.

    A plain number written as text ("-5", "+3.2") is left alone: a spreadsheet reads it
    as that number, which is harmless and what the data says.
    """
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def number_cell(value: float, decimals: int | None = None) -> int | float | None:
    """Counts as int, other values as float (rounded if asked), NaN as empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    value = float(value)
    if value.is_integer() and abs(value) < 2**53:
        return int(value)
    return round(value, decimals) if decimals is not None else value


def _number_column(values: np.ndarray, decimals: int | None = None) -> np.ndarray:
    arr = np.asarray(values)
    out = np.empty(len(arr), dtype=object)
    if arr.dtype.kind in "iub":
        out[:] = arr.tolist()
        return out
    arr = arr.astype(float)
    if decimals is not None:
        arr = np.round(arr, decimals)
    integral = np.isfinite(arr) & (arr == np.round(arr)) & (np.abs(arr) < 2**53)
    out[:] = arr.tolist()
    out[integral] = arr[integral].astype(np.int64).tolist()
    out[np.isnan(arr)] = None
    return out


def _text_column(values: Sequence[object]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = [None if v is None else neutralise(str(v)) for v in values]
    return out


def _coded_column(col: CodedColumn, rows: np.ndarray,
                  mapping: Callable[[str], str] | None = None) -> np.ndarray:
    """Neutralise (and label) each category once, then index by code: no per-cell work."""
    cats = [mapping(c) if mapping else c for c in col.categories]
    lookup = np.append(_text_column(cats), None)
    return lookup[col.codes[rows]]


def _is_number_array(values: np.ndarray) -> bool:
    return np.asarray(values).dtype.kind in "iufb"


# -- building sheets ---------------------------------------------------------------------
def result_sheet(result: Result, notes: Sequence[str] = ()) -> Sheet:
    """A query Result: key columns then measures; rates rounded like the CLI's CSV."""
    header = result.keys + result.measures
    columns = []
    for name in header:
        values = result.columns[name]
        if _is_number_array(values):
            decimals = RATE_DECIMALS if name.endswith("_rate") else None
            columns.append(_number_column(values, decimals))
        else:
            columns.append(_text_column(list(values)))
    return Sheet("Result", header, columns, list(notes))


def table_sheet(table: Table, rows: np.ndarray, columns: Sequence[str],
                code_labels: bool = True, notes: Sequence[str] = ()) -> Sheet:
    """Rows of a table (a view's order or a selection) and the columns it shows.

    Code columns with a documented code list (procedure type, decision level, ...) get a
    "<column>_label" column beside them, so the file reads without the code book.
    """
    rows = np.asarray(rows, dtype=np.intp)
    header: list[str] = []
    out: list[np.ndarray] = []
    for name in columns:
        col = table[name]
        if isinstance(col, CodedColumn):
            header.append(name)
            out.append(_coded_column(col, rows))
            if code_labels and code_list(name):
                header.append(f"{name}_label")
                out.append(_coded_column(col, rows, lambda c, n=name: label(n, c)))
        else:
            header.append(name)
            decimals = RATE_DECIMALS if name.endswith("_rate") else None
            out.append(_number_column(col[rows], decimals))
    return Sheet("Data", header, out, list(notes))


def chart_sheet(data: ChartData) -> Sheet:
    """The numbers under a chart: one column per series, one row per year or category."""
    names = [s.name for s in data.series]
    if data.categories:
        n = len(data.categories)
        header = ["category"] + (["iso3"] if data.category_keys else []) + names
        cols = [_text_column(list(data.categories))]
        if data.category_keys:
            cols.append(_text_column(list(data.category_keys)))
        for s in data.series:
            y = np.full(n, np.nan)
            pos = np.asarray(s.x, dtype=int)
            ok = (pos >= 0) & (pos < n)
            y[pos[ok]] = np.asarray(s.y, dtype=float)[ok]
            cols.append(_number_column(y, _decimals(data)))
    else:
        xs = np.unique(np.concatenate([np.asarray(s.x) for s in data.series])
                       if data.series else np.array([], dtype=int))
        header = ["year", *names]
        cols = [_number_column(xs)]
        for s in data.series:
            y = np.full(len(xs), np.nan)
            y[np.searchsorted(xs, np.asarray(s.x))] = np.asarray(s.y, dtype=float)
            cols.append(_number_column(y, _decimals(data)))
    header = [neutralise(h) for h in header]
    notes = [data.title, f"x: {data.x_label}", f"y: {data.y_label}"
             + (" (fractions: 0.5 = 50%)" if data.y_format == "percent" else ""),
             *data.notes, data.source]
    return Sheet("Chart data", header, cols, notes)


def _decimals(data: ChartData) -> int | None:
    return RATE_DECIMALS if data.y_format == "percent" else None


# -- writing -----------------------------------------------------------------------------
def format_of(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise UserError(f"{path}: unknown file type {suffix or '(none)'}; use "
                        f"{', '.join(FORMATS)}")
    return FORMATS[suffix]


def write_sheet(sheet: Sheet, path: str | Path, fmt: str | None = None,
                progress: Progress | None = None, cancel: object | None = None,
                max_rows: int = XLSX_MAX_ROWS) -> Path:
    """Write a sheet as CSV or XLSX (by `fmt` or the file's extension), atomically."""
    path = Path(path)
    fmt = fmt or format_of(path)
    if fmt == "xlsx":
        check_xlsx_rows(len(sheet), max_rows)
        writer = _write_xlsx
    else:
        writer = _write_csv
    _atomic(path, lambda tmp: writer(sheet, tmp, progress, cancel))
    return path


def check_xlsx_rows(n_rows: int, max_rows: int = XLSX_MAX_ROWS) -> None:
    if n_rows + 1 > max_rows:
        raise UserError(f"{n_rows:,} rows do not fit in an Excel sheet (at most "
                        f"{max_rows - 1:,} rows under the header); export as CSV instead, "
                        "or narrow the selection")


def csv_text(sheet: Sheet) -> str:
    """The sheet as CSV text (for stdout)."""
    import io

    buf = io.StringIO()
    has_cr = any(isinstance(v, str) and "\r" in v for c in sheet.columns for v in c)
    _csv_rows(sheet, buf, terminator="\r\n" if has_cr else "\n")
    return buf.getvalue()


def _csv_rows(sheet: Sheet, fh: object, progress: Progress | None = None,
              cancel: object | None = None, terminator: str = "\r\n") -> None:
    # Python 3.11's csv quotes only characters of the line terminator: with "\n" alone a
    # text cell holding "\r" would break its row. Files use RFC 4180's CRLF, which quotes
    # both; short stdout text keeps "\n" unless it holds a "\r".
    writer = csv.writer(fh, lineterminator=terminator)  # type: ignore[arg-type]
    writer.writerow(sheet.header)
    for start in range(0, len(sheet), _CHUNK):
        _check_cancel(cancel)
        block = [c[start:start + _CHUNK] for c in sheet.columns]
        writer.writerows(zip(*[["" if v is None else v for v in c] for c in block],
                             strict=True))
        _report(progress, start + len(block[0]) if block else 0, len(sheet))


def _write_csv(sheet: Sheet, tmp: Path, progress: Progress | None,
               cancel: object | None) -> None:
    # Plain UTF-8 without a BOM: scripts read it as is; Excel users export XLSX.
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        _csv_rows(sheet, fh, progress, cancel)


def _write_xlsx(sheet: Sheet, tmp: Path, progress: Progress | None,
                cancel: object | None) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet.name[:31])
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    from openpyxl.cell import WriteOnlyCell

    ws.append([_header_cell(ws, h, bold, WriteOnlyCell) for h in sheet.header])
    for start in range(0, len(sheet), _CHUNK):
        _check_cancel(cancel)
        block = [c[start:start + _CHUNK].tolist() for c in sheet.columns]
        for row in zip(*block, strict=True):
            ws.append(row)
        _report(progress, start + len(block[0]) if block else 0, len(sheet))
    if sheet.notes:
        about = wb.create_sheet("About")
        for note in sheet.notes:
            about.append([neutralise(note)])
    wb.save(tmp)


def _header_cell(ws: object, text: str, font: object, cell_type: type) -> object:
    c = cell_type(ws, value=text)
    c.font = font
    return c


def _atomic(path: Path, write: Callable[[Path], None]) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        raise UserError(f"cannot write {path} ({exc.strerror or exc})") from None
    finally:
        tmp.unlink(missing_ok=True)


def _check_cancel(cancel: object | None) -> None:
    if cancel is not None and cancel.is_set():  # type: ignore[attr-defined]
        raise ExportCancelled()


def _report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress((done, total))


class ExportCancelled(Exception):
    """The user cancelled a long export; nothing was written."""
