"""The columns of an exported sheet and how their cells are spelled, a column at a time.

A sheet column is either numbers (`NumberColumn`: an int array, or a float array where
NaN is an empty cell) or text (`TextColumn`: integer codes into a few distinct, already
neutralised labels, -1 = empty). Text columns of a table are coded columns already, so
escaping for CSV or XML happens once per distinct label, and the cells are made by
indexing (pyarrow `take`), never by a Python loop over the rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pyarrow.compute loads in ~50 ms: only when a file is written
    import pyarrow as pa

EXACT_INT = 2**53  # floats below this that are whole are written as integers
_CSV_QUOTE = re.compile(r'[,"\r\n]')
# XML 1.0 forbids these even as character references; Excel reads "_xHHHH_" as the char.
_XML_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_EXCEL_ESCAPE = re.compile(r"_x[0-9a-fA-F]{4}_")
XLSX_MAX_TEXT = 32_767  # characters in one Excel cell


@dataclass(frozen=True)
class NumberColumn:
    """Numbers: ints (exact) or floats (NaN = empty cell), already rounded."""

    values: np.ndarray

    def __len__(self) -> int:
        return len(self.values)

    def take(self, start: int, stop: int) -> NumberColumn:
        return NumberColumn(self.values[start:stop])

    def cells(self) -> list[int | float | None]:
        """Plain Python cells: whole numbers as int, others as float, NaN as None."""
        v = self.values
        if v.dtype.kind in "iu":
            return v.tolist()
        out = np.asarray(v, dtype=object)
        whole = _whole(v)
        out[whole] = v[whole].astype(np.int64).tolist()
        out[np.isnan(v)] = None
        return out.tolist()


@dataclass(frozen=True)
class TextColumn:
    """Text: `codes` into `labels` (neutralised str), -1 = empty cell."""

    codes: np.ndarray
    labels: list[str]

    def __len__(self) -> int:
        return len(self.codes)

    def take(self, start: int, stop: int) -> TextColumn:
        return TextColumn(self.codes[start:stop], self.labels)

    def cells(self) -> list[str | None]:
        lookup = np.array([*self.labels, None], dtype=object)
        return lookup[self.codes].tolist()

    def spelled(self, spellings: list[str], empty: str = "") -> pa.Array:
        """Each cell as `spellings[code]` (one per label), `empty` where there is none."""
        import pyarrow as pa
        import pyarrow.compute as pc

        codes = np.where(self.codes < 0, len(spellings), self.codes)
        return pc.take(pa.array([*spellings, empty], pa.string()), pa.array(codes))


Column = NumberColumn | TextColumn


def _whole(v: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.isfinite(v) & (v == np.round(v)) & (np.abs(v) < EXACT_INT)


def number_text(values: np.ndarray) -> tuple[pa.Array, np.ndarray]:
    """Numbers as Python writes them (str(int), repr(float)), and where cells are empty.

    Whole floats are written as integers ("5", not "5.0"); the rest as repr() (the
    shortest text that reads back as the same float). Integers go through pyarrow's
    cast, the few fractions through repr, so a million counts take milliseconds.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if values.dtype.kind in "iub":
        ints = values.astype(np.int64) if values.dtype.kind == "b" else values
        return pa.array(ints).cast(pa.string()), np.zeros(len(values), bool)
    v = np.asarray(values, dtype=float)
    whole = _whole(v)
    text = pa.array(np.where(whole, v, 0).astype(np.int64)).cast(pa.string())
    empty = np.isnan(v)
    other = ~whole & ~empty
    if other.any():
        fractions = pa.array([repr(x) for x in v[other].tolist()], pa.string())
        text = pc.replace_with_mask(text, pa.array(other), fractions)
    return text, empty


def joined(strings: pa.Array) -> memoryview:
    """All strings of an array back to back, straight from its UTF-8 buffer (no copy)."""
    if len(strings) == 0:
        return memoryview(b"")
    offsets = np.frombuffer(strings.buffers()[1], dtype=np.int32)[strings.offset:]
    return memoryview(strings.buffers()[2])[offsets[0]:offsets[len(strings)]]


def csv_field(text: str) -> str:
    """RFC 4180 quoting as Python's csv writer does it (QUOTE_MINIMAL, CRLF rows)."""
    if _CSV_QUOTE.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def xml_text(text: str) -> str:
    """Text for an XLSX <t> element: XML-escaped, CR kept, control chars Excel-escaped."""
    text = text[:XLSX_MAX_TEXT]
    text = _EXCEL_ESCAPE.sub(lambda m: "_x005F" + m.group(0), text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\r", "&#13;")  # a raw CR would be read back as a line feed
    return _XML_CONTROL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def inline_string(text: str) -> str:
    """The inside of an inline-string cell after its reference: type, then the text."""
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'" t="inlineStr"><is><t{space}>{xml_text(text)}</t></is></c>'
