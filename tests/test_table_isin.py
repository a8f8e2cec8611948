"""CodedColumn.isin: the comparison path (1–2 values) and the gather path agree."""

from __future__ import annotations

import numpy as np

from asylum_explorer.core.table import CodedColumn


def test_isin_matches_the_values_whatever_their_number() -> None:
    rng = np.random.default_rng(2)
    cats = np.array(["AFG", "DEU", "IRQ", "SYR", "UKR"], dtype=object)
    col = CodedColumn(rng.integers(-1, len(cats), 2000).astype(np.int32), cats)
    values = col.values()
    for wanted in ([], ["SYR"], ["SYR", "Narnia"], ["SYR", "DEU"], ["SYR", "DEU", "AFG"],
                   ["Narnia"]):
        expected = np.array([v in wanted for v in values])
        assert np.array_equal(col.isin(wanted), expected), wanted
    assert not col.isin(["SYR"])[col.codes < 0].any()  # missing never matches


def test_rows_of_matches_a_scan_with_and_without_groups() -> None:
    """Country rows from the grouped index are exactly the rows a full scan finds."""
    import numpy as np

    from asylum_explorer.core.table import CodedColumn

    rng = np.random.default_rng(3)
    codes = rng.integers(-1, 40, 50_000).astype(np.int32)
    column = CodedColumn(codes, np.array([f"C{i:02d}" for i in range(40)], dtype=object))
    cases = [[5], [0, 39], [7, 7, 12], [-1], [], [3, -1]]
    scans = [np.flatnonzero(np.isin(codes, [c for c in case if c >= 0])) for case in cases]
    for case, scan in zip(cases, scans, strict=True):
        assert np.array_equal(column.rows_of(case), scan)  # no groups yet: a scan
    column.build_groups()
    for case, scan in zip(cases, scans, strict=True):
        rows = column.rows_of(case)
        assert np.array_equal(rows, scan) and rows.dtype == np.intp
    assert column.take(np.arange(10))._groups is None  # other rows: no stale groups
