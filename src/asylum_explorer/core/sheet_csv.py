"""A sheet as CSV bytes, built a column at a time (the same bytes Python's csv writer makes).

Each column becomes an array of CSV fields (numbers via a pyarrow cast, text by quoting
each distinct label once and indexing), pyarrow joins the fields of a block of rows, and
the joined buffer goes to the file as it is: no per-cell Python work.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator

import pyarrow as pa
import pyarrow.compute as pc

from asylum_explorer.core.sheet_cells import Column, TextColumn, csv_field, joined, number_text


def header_line(header: list[str], terminator: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=terminator).writerow(header)
    return buf.getvalue()


def _fields(column: Column, alone: bool) -> pa.Array:
    # Python's csv writer quotes an empty field when it is a row's only one ('""'), so
    # that the row is not read as a blank line.
    empty = '""' if alone else ""
    if isinstance(column, TextColumn):
        spelled = [csv_field(s) or empty for s in column.labels]
        return column.spelled(spelled, empty)
    text, missing = number_text(column.values)
    if missing.any():
        text = pc.if_else(pa.array(missing), pa.scalar(empty), text)
    return text


def block_bytes(columns: list[Column], terminator: str) -> memoryview:
    """Rows of equal-length column blocks as CSV, each ending with the terminator."""
    if not columns or len(columns[0]) == 0:
        return memoryview(b"")
    fields = [_fields(c, len(columns) == 1) for c in columns]
    rows = pc.binary_join_element_wise(pc.binary_join_element_wise(*fields, ","),
                                       pa.scalar(terminator), "")
    return joined(rows)


def sheet_chunks(header: list[str], columns: list[Column], chunk: int, terminator: str,
                 before_block: Callable[[int], None] | None = None) -> Iterator[bytes | memoryview]:
    """The header line, then the rows `chunk` at a time; `before_block(start)` may cancel."""
    yield header_line(header, terminator).encode("utf-8")
    n = len(columns[0]) if columns else 0
    for start in range(0, n, chunk):
        if before_block is not None:
            before_block(start)
        yield block_bytes([c.take(start, start + chunk) for c in columns], terminator)
