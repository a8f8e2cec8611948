"""A small column store: dictionary-encoded text columns and numpy number columns.

Why not a pandas DataFrame: importing pandas alone costs ~0.3 s, more than a whole CLI
query may take, and filters/groupings on integer codes with numpy are faster than
pandas' machinery at every size we care about. pandas is used at the edges (reading
CSV, exporting) through `from_pandas` / `to_pandas`.

Categories are kept sorted, so ordering by code is ordering by text: a table view can
sort a code column with one argsort of its integer codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class CodedColumn:
    """A text column as int32 codes into sorted categories; -1 marks a missing value."""

    codes: np.ndarray
    categories: np.ndarray  # object array of str, sorted
    # Row numbers grouped by code (see build_groups): (rows in code order, group starts).
    _groups: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False,
                                                          compare=False)

    def __len__(self) -> int:
        return len(self.codes)

    def build_groups(self) -> None:
        """Group the row numbers by code, once: afterwards `rows_of` reads one country's
        rows directly instead of comparing every row (~10 ms at 11 M rows, per lookup).

        One stable radix sort of the codes as uint16 (~0.3 s at 11 M rows, so callers run
        it in the background); 4 bytes per row."""
        if self._groups is not None:
            return
        n = len(self.categories) + 1  # slot 0: missing (-1)
        shifted = self.codes + 1
        keys = shifted.astype(np.uint16) if n <= np.iinfo(np.uint16).max else shifted
        order = np.argsort(keys, kind="stable")
        index_type = np.int32 if len(self.codes) < 2**31 else np.int64
        counts = np.bincount(shifted, minlength=n)
        starts = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(counts, out=starts[1:])
        self._groups = (order.astype(index_type), starts)

    def rows_of(self, codes: Iterable[int]) -> np.ndarray:
        """Ascending row numbers whose code is one of `codes` (codes >= 0)."""
        wanted = sorted({int(c) for c in codes if int(c) >= 0})
        groups = self._groups
        if groups is None:
            return np.flatnonzero(self._has_code(wanted))
        order, starts = groups
        parts = [order[starts[c + 1]:starts[c + 2]] for c in wanted]
        if not parts:
            return np.zeros(0, dtype=np.intp)
        rows = parts[0] if len(parts) == 1 else np.sort(np.concatenate(parts))
        return rows.astype(np.intp)  # the same type as np.flatnonzero gives

    @classmethod
    def from_values(cls, values: Sequence[object]) -> CodedColumn:
        arr = np.asarray(values, dtype=object)
        present = np.array([isinstance(v, str) for v in arr], dtype=bool)
        cats, inverse = np.unique(arr[present].astype(str), return_inverse=True)
        codes = np.full(len(arr), -1, dtype=np.int32)
        codes[present] = inverse
        return cls(codes, cats.astype(object))

    def code_of(self, value: str) -> int:
        """The code of a category, or -1 if it does not occur."""
        i = int(np.searchsorted(self.categories, value))
        if i < len(self.categories) and self.categories[i] == value:
            return i
        return -1

    def codes_of(self, values: Iterable[str]) -> np.ndarray:
        found = [self.code_of(v) for v in values]
        return np.array([c for c in found if c >= 0], dtype=np.int32)

    def isin(self, values: Iterable[str]) -> np.ndarray:
        """Row mask: the value is one of `values` (compares integer codes only)."""
        return self._has_code(self.codes_of(values))

    def _has_code(self, wanted: Sequence[int]) -> np.ndarray:
        """Row mask: the code is one of `wanted` (codes >= 0)."""
        if len(wanted) <= 2:  # one or two countries: comparisons beat a gather ~10x / 2x
            mask = np.zeros(len(self.codes), dtype=bool)
            for code in list(wanted):
                mask |= self.codes == code
            return mask
        hit = np.zeros(len(self.categories) + 1, dtype=bool)  # last slot: missing (-1)
        hit[list(wanted)] = True
        return hit[self.codes]

    def categories_in(self, codes: np.ndarray) -> set[str]:
        """The categories that occur among `codes` (some of this column's codes)."""
        if len(self.categories) <= 4:  # units P, C: a comparison each beats a copy
            return {str(c) for i, c in enumerate(self.categories) if (codes == i).any()}
        present = np.bincount(codes[codes >= 0], minlength=len(self.categories)) > 0
        return {str(c) for c in self.categories[present]}

    def values(self) -> np.ndarray:
        """Object array of str, None where missing."""
        out = np.append(self.categories, None)
        return out[self.codes]

    def take(self, index: np.ndarray) -> CodedColumn:
        return CodedColumn(self.codes[index], self.categories)


Column = CodedColumn | np.ndarray


class Table:
    """Named columns of equal length: CodedColumn for text, numpy arrays for numbers."""

    def __init__(self, columns: dict[str, Column]) -> None:
        lengths = {len(c) for c in columns.values()}
        if len(lengths) > 1:
            raise ValueError(f"columns of unequal length: {sorted(lengths)}")
        self.columns = columns
        self.n_rows = lengths.pop() if lengths else 0

    def __len__(self) -> int:
        return self.n_rows

    def __contains__(self, name: str) -> bool:
        return name in self.columns

    def __getitem__(self, name: str) -> Column:
        return self.columns[name]

    @property
    def names(self) -> list[str]:
        return list(self.columns)

    def coded(self, name: str) -> CodedColumn:
        col = self.columns[name]
        assert isinstance(col, CodedColumn), name
        return col

    def numbers(self, name: str) -> np.ndarray:
        col = self.columns[name]
        assert isinstance(col, np.ndarray), name
        return col

    def take(self, index: np.ndarray) -> Table:
        return Table({k: v.take(index) if isinstance(v, CodedColumn) else v[index]
                      for k, v in self.columns.items()})

    def row(self, i: int) -> dict[str, object]:
        """One row as plain Python values (None for missing)."""
        out: dict[str, object] = {}
        for name, col in self.columns.items():
            if isinstance(col, CodedColumn):
                code = int(col.codes[i])
                out[name] = None if code < 0 else str(col.categories[code])
            else:
                v = col[i].item()
                out[name] = None if isinstance(v, float) and np.isnan(v) else v
        return out

    @classmethod
    def from_pandas(cls, frame: pd.DataFrame, text_columns: Iterable[str]) -> Table:
        import pandas as pd

        text = set(text_columns)
        cols: dict[str, Column] = {}
        for name in frame.columns:
            series = frame[name]
            if name in text:
                cat = pd.Categorical(series.astype(object).where(series.notna(), None))
                cats = np.asarray(cat.categories.astype(str), dtype=object)
                order = np.argsort(cats, kind="stable")  # pandas sorts already; be sure
                remap = np.empty(len(order), dtype=np.int32)
                remap[order] = np.arange(len(order), dtype=np.int32)
                codes = cat.codes.astype(np.int32)
                if len(order):  # an all-missing column has no categories to remap
                    codes = np.where(codes >= 0, remap[np.maximum(codes, 0)], -1)
                codes = codes.astype(np.int32)
                cols[name] = CodedColumn(codes, cats[order])
            else:
                cols[name] = series.to_numpy()
        return cls(cols)

    def to_pandas(self) -> pd.DataFrame:
        import pandas as pd

        data = {}
        for name, col in self.columns.items():
            if isinstance(col, CodedColumn):
                data[name] = pd.Categorical.from_codes(col.codes, categories=col.categories)
            else:
                data[name] = col
        return pd.DataFrame(data)


def concat_tables(tables: list[Table]) -> Table:
    """Stack tables with the same column names; code columns get the union of categories."""
    if len(tables) == 1:
        return tables[0]
    out: dict[str, Column] = {}
    for name in tables[0].names:
        parts = [t[name] for t in tables]
        if isinstance(parts[0], CodedColumn):
            cats = parts[0].categories
            for p in parts[1:]:
                cats = np.union1d(cats, p.categories).astype(object)
            codes = [np.where(p.codes >= 0, np.searchsorted(cats, p.categories)[p.codes], -1)
                     if len(p.categories) else p.codes for p in parts]
            out[name] = CodedColumn(np.concatenate(codes).astype(np.int32), cats)
        else:
            out[name] = np.concatenate(parts)
    return Table(out)
