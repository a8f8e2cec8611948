"""WorkSizer: work runs on the GUI thread only when it took a few ms last time."""

from __future__ import annotations

import time

from asylum_explorer.qt.work_sizer import BUDGET_MS, SMALL_TABLE_ROWS, WorkSizer


def test_small_tables_always_in_place_large_ones_first_in_a_worker() -> None:
    sizer = WorkSizer()
    assert sizer.is_small("charts", SMALL_TABLE_ROWS, SMALL_TABLE_ROWS)
    assert not sizer.is_small("charts", 10, SMALL_TABLE_ROWS + 1)


def test_last_duration_scaled_by_rows_decides() -> None:
    sizer = WorkSizer()

    def slow() -> int:  # busy: the sizer counts the thread's CPU time, not sleeping
        end = time.thread_time() + BUDGET_MS * 4 / 1000
        while time.thread_time() < end:
            pass
        return 7

    assert sizer.timed("charts", 1_000_000, slow)() == 7
    # The same work over all rows again: too slow for the GUI thread.
    assert not sizer.is_small("charts", 1_000_000, 5_000_000)
    # Over a fiftieth of the rows (one country): a few ms, done in place.
    assert sizer.is_small("charts", 20_000, 5_000_000)
    # Unless the dataset is above the caller's ceiling.
    assert not sizer.is_small("charts", 20_000, 5_000_000, max_total_rows=2_000_000)
    sizer.forget()
    assert not sizer.is_small("charts", 20_000, 5_000_000)  # not timed on new data: a worker
