"""The table's sort: radix passes give exactly the order of a plain lexsort."""

from __future__ import annotations

import numpy as np
import pytest

from asylum_explorer.core.case_view import CaseView
from asylum_explorer.core.dataset import Dataset
from asylum_explorer.core.schema import get_schema
from asylum_explorer.core.store import Entry
from asylum_explorer.core.table import CodedColumn, Table


def _dataset(n: int = 5000, n_categories: int = 40, years: int = 10) -> Dataset:
    rng = np.random.default_rng(3)
    cats = np.array(sorted(f"C{i:03d}" for i in range(n_categories)), dtype=object)

    def coded() -> CodedColumn:
        return CodedColumn(rng.integers(-1, len(cats), n).astype(np.int32), cats)

    measures = {m: np.where(rng.random(n) < 0.1, np.nan, rng.integers(0, 50, n).astype(float))
                for m in get_schema("decisions").measure_names}
    cols = {"year": rng.integers(1990, 1990 + years, n).astype(np.int32),
            **{k: coded() for k in ("coo_name", "coo", "coo_iso", "coa_name", "coa", "coa_iso",
                                    "procedure_type", "dec_level", "dec_pc")}, **measures}
    entry = Entry("decisions", "f", n, "", "test", "now")
    return Dataset(get_schema("decisions"), Table(cols), entry)


def _lexsort_reference(view: CaseView, keys: list[tuple[str, bool]]) -> np.ndarray:
    arrays = []
    for key, ascending in reversed(keys):
        col = view.raw(key)
        if isinstance(col, CodedColumn):
            c = col.codes.astype(np.int64)
            arrays.append(np.where(c < 0, 1 << 40, c if ascending else -c))
        else:
            v = col.astype(float)
            arrays.append(v if ascending else -v)
    return np.lexsort(arrays)


@pytest.mark.parametrize(("n_categories", "years"), [
    (40, 10),  # year × origin × asylum fits 16 bits: one radix pass
    (255, 10),  # origin × asylum fits exactly (256 × 256): two passes
    (300, 10),  # no pair fits: a pass per key
    (40, 1),  # a single year: a key with one value
])
def test_every_kind_of_key_sorts_like_lexsort(n_categories: int, years: int) -> None:
    view = CaseView(_dataset(n_categories=n_categories, years=years))
    for keys in ([("coo_name", True)], [("coo_name", False)], [("year", False)],
                 [("dec_total", False)], [("dec_total", True)],
                 [("year", True), ("coo_name", False), ("coa_name", True)],
                 [("dec_level", False), ("dec_recognized", True), ("year", False)],
                 [("refugee_recognition_rate", False), ("coo_iso", True)]):
        assert np.array_equal(view.compute_order(keys), _lexsort_reference(view, keys)), keys


def test_missing_values_sort_last_both_ways() -> None:
    view = CaseView(_dataset())
    for ascending in (True, False):
        view.set_sort([("coo_name", ascending)])
        codes = view.raw("coo_name").codes[view.rows]
        missing = np.flatnonzero(codes < 0)
        assert missing.min() == len(codes) - len(missing)  # a block at the end
