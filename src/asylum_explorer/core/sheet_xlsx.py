"""A sheet as an Excel workbook, with XlsxWriter in constant-memory mode.

XlsxWriter builds the workbook: the bold, frozen header row, column widths, the
autofilter, the About sheet, the shared-string table, styles and the package. Its
per-cell API costs about 10 µs a cell (114 k rows × 17 columns: ~20 s), so the data rows
take a faster road: they are spelled as the `<row>` XML that constant-memory mode writes
(numbers, and text as an index into the shared-string table, each distinct label added
once), a column at a time with pyarrow, and appended to the worksheet's row-data file,
where XlsxWriter itself would have put them. That uses three XlsxWriter internals
(`_has_row_file`, `_shared_strings` check for them): where they are missing (a future
XlsxWriter), rows go through the public write_number / write_string calls instead —
slower, same workbook. Tests read all three roads back with openpyxl.

Text is always written as text (write_string, or a string cell; the Workbook options
below also stop XlsxWriter turning strings into formulas, URLs or numbers); it arrives
neutralised. Numbers are spelled with repr(), so every float reads back exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from asylum_explorer.core.sheet_cells import (
    XLSX_MAX_TEXT,
    Column,
    TextColumn,
    inline_string,
    joined,
    number_text,
)

OPTIONS = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
           "strings_to_numbers": False}
MIN_WIDTH, MAX_WIDTH = 8, 40  # column widths in characters
_INLINE_ONLY = re.compile(r"[\x00-\x08\x0b-\x1f]|_x[0-9a-fA-F]{4}_")


def column_letter(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def write_workbook(path: Path, name: str, header: list[str], columns: list[Column],
                   notes: list[str], chunk: int,
                   before_block: Callable[[int], None] | None = None,
                   fast: bool = True) -> None:
    """Write the workbook to `path`; `before_block(start)` runs before each block of rows."""
    import xlsxwriter
    import xlsxwriter.exceptions

    n = len(columns[0]) if columns else 0
    wb = xlsxwriter.Workbook(str(path), OPTIONS)
    try:
        ws = wb.add_worksheet(name[:31])
        bold = wb.add_format({"bold": True})
        for c, title in enumerate(header):
            ws.write_string(0, c, title, bold)
            ws.set_column(c, c, _width(title, columns[c]))
        ws.freeze_panes(1, 0)
        if header:
            ws.autofilter(0, 0, max(n, 1), len(header) - 1)
        if fast and _has_row_file(ws):
            _append_rows(ws, columns, n, chunk, before_block, _shared_strings(wb))
        else:
            _write_cells(ws, columns, n, chunk, before_block)
        if notes:
            about = wb.add_worksheet("About")
            about.set_column(0, 0, 100)
            for r, note in enumerate(notes):
                about.write_string(r, 0, note)
        wb.close()
    except xlsxwriter.exceptions.FileCreateError as exc:
        _discard(wb)
        cause = exc.args[0] if exc.args else exc
        raise cause if isinstance(cause, OSError) else OSError(str(cause)) from None
    except BaseException:
        _discard(wb)
        raise


def _discard(wb: object) -> None:
    """Give up a workbook: no file, and no row-data temp files left behind."""
    wb.fileclosed = True  # type: ignore[attr-defined]  # its destructor would complain
    for ws in wb.worksheets():  # type: ignore[attr-defined]
        fh = getattr(ws, "row_data_fh", None)
        if fh is not None and not fh.closed:
            fh.close()
        name = getattr(ws, "row_data_filename", None)
        if name:
            Path(name).unlink(missing_ok=True)


def _width(title: str, column: Column) -> int:
    longest = len(title) + 3  # room for the autofilter button
    if isinstance(column, TextColumn) and column.labels:
        longest = max(longest, max(len(s) for s in column.labels))
    return min(max(longest, MIN_WIDTH), MAX_WIDTH)


def _has_row_file(ws: object) -> bool:
    return all(hasattr(ws, a) for a in ("fh", "previous_row", "dim_rowmax",
                                        "_write_single_row", "constant_memory")) \
        and ws.constant_memory and hasattr(ws.fh, "write")  # type: ignore[attr-defined]


def _shared_strings(wb: object) -> object | None:
    sst = getattr(wb, "str_table", None)
    return sst if hasattr(sst, "_get_shared_string_index") and hasattr(sst, "count") else None


def _append_rows(ws: object, columns: list[Column], n: int, chunk: int,
                 before_block: Callable[[int], None] | None, sst: object | None) -> None:
    ws._write_single_row(n + 1)  # type: ignore[attr-defined]  # flushes the header row
    letters = [column_letter(c) for c in range(len(columns))]
    parts = [_cell_tail(c, sst) for c in columns]
    for start in range(0, n, chunk):
        if before_block is not None:
            before_block(start)
        stop = min(start + chunk, n)
        # Excel rows are 1-based and row 1 is the header.
        numbers = pa.array(np.arange(start + 2, stop + 2)).cast(pa.string())
        cells = []
        for letter, (tail, empty), col in zip(letters, parts, columns, strict=True):
            cell = pc.binary_join_element_wise(f'<c r="{letter}', numbers,
                                               tail(col, start, stop), "")
            mask = empty(col, start, stop)
            if mask is not None:
                cell = pc.if_else(pa.array(mask), pa.scalar(""), cell)
            cells.append(cell)
        rows = pc.binary_join_element_wise('<row r="', numbers, '">', *cells, "</row>", "")
        ws.fh.write(str(joined(rows), "utf-8"))  # type: ignore[attr-defined]
    if n:
        ws.dim_rowmax = max(ws.dim_rowmax or 0, n)  # type: ignore[attr-defined]


def _cell_tail(column: Column, sst: object | None) -> tuple[Callable, Callable]:
    """(the cells' text after their reference, the mask of empty cells) for blocks.

    Text goes to the workbook's shared-string table when there is one (each label once,
    the cells hold its index: the sheet XML is about half as long as with inline
    strings, so it is built and compressed twice as fast), else inline.
    """
    if isinstance(column, TextColumn):
        if sst is not None:
            spelled = _shared(column, sst)
        else:
            spelled = [inline_string(s) for s in column.labels]

        def text_tail(col: TextColumn, start: int, stop: int) -> pa.Array:
            return col.take(start, stop).spelled(spelled)

        def text_empty(col: TextColumn, start: int, stop: int) -> np.ndarray | None:
            mask = col.codes[start:stop] < 0
            return mask if mask.any() else None

        return text_tail, text_empty

    def number_tail(col: Column, start: int, stop: int) -> pa.Array:
        text, _ = number_text(col.values[start:stop])  # type: ignore[union-attr]
        return pc.binary_join_element_wise('"><v>', text, "</v></c>", "")

    def number_empty(col: Column, start: int, stop: int) -> np.ndarray | None:
        v = col.values[start:stop]  # type: ignore[union-attr]
        if v.dtype.kind in "iub":
            return None
        mask = ~np.isfinite(v)  # Excel has no NaN or infinity: an empty cell
        return mask if mask.any() else None

    return number_tail, number_empty


def _shared(column: TextColumn, sst: object) -> list[str]:
    """Cell tails pointing into the shared-string table, inline for awkward labels.

    XlsxWriter's table writes a carriage return as Excel's "_x000D_" escape and leaves a
    literal "_x0041_" unescaped (Excel would show "A"); inline text spells both safely.
    """
    refs = np.bincount(column.codes[column.codes >= 0], minlength=len(column.labels))
    spelled = []
    for label, n_refs in zip(column.labels, refs.tolist(), strict=True):
        if n_refs == 0:  # a category none of these rows has: keep it out of the file
            spelled.append("")
        elif _INLINE_ONLY.search(label) or len(label) > XLSX_MAX_TEXT:
            spelled.append(inline_string(label))
        else:
            index = sst._get_shared_string_index(label)  # type: ignore[attr-defined]
            sst.count += n_refs - 1  # type: ignore[attr-defined]  # it counts references
            spelled.append(f'" t="s"><v>{index}</v></c>')
    return spelled


def _write_cells(ws: object, columns: list[Column], n: int, chunk: int,
                 before_block: Callable[[int], None] | None) -> None:
    writers = [ws.write_string if isinstance(c, TextColumn)  # type: ignore[attr-defined]
               else ws.write_number for c in columns]  # type: ignore[attr-defined]
    for start in range(0, n, chunk):
        if before_block is not None:
            before_block(start)
        block = [_finite(c.take(start, start + chunk).cells()) for c in columns]
        for r, row in enumerate(zip(*block, strict=True), start=start + 1):
            for c, value in enumerate(row):
                if value is not None:
                    writers[c](r, c, value)


def _finite(cells: list) -> list:
    return [None if isinstance(v, float) and not np.isfinite(v) else v for v in cells]
