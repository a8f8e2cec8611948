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
