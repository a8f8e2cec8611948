"""Decides whether a piece of work is small enough to run on the GUI thread.

Handing work to a thread has a price: the result comes back on a later turn of the event
loop, so what it updates is painted a second time, and the worker shares the GIL with
painting. Work of a few milliseconds is faster done in place. How long it takes depends
on the data: the sizer remembers how long the same kind of work took last time on this
dataset and scales that by the rows it covers now (a filter to one country covers far
fewer rows than no filter). On tables up to `SMALL_TABLE_ROWS` rows everything is small;
on larger ones work not timed yet goes to a worker.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

BUDGET_MS = 12.0  # in place below this: well inside a frame, far below the 50 ms rule
SMALL_TABLE_ROWS = 300_000  # up to this size everything runs in place (~6 ms at 114k rows)


class WorkSizer:
    def __init__(self, budget_ms: float = BUDGET_MS) -> None:
        self.budget_ms = budget_ms
        self._last: dict[Hashable, tuple[float, int]] = {}  # key -> (ms, rows)

    def is_small(self, key: Hashable, rows: int, total_rows: int,
                 max_total_rows: int | None = None) -> bool:
        """True: run it in place. `max_total_rows`: above this dataset size never (work
        whose cost also grows with the whole dataset, where one estimate can be far off).
        """
        if total_rows <= SMALL_TABLE_ROWS:
            return True  # the whole table in a few ms, whatever the filter
        if max_total_rows is not None and total_rows > max_total_rows:
            return False
        last = self._last.get(key)
        if last is None:  # not timed on this dataset yet: a worker, to be safe
            return False
        ms, was_rows = last
        # Scaled by the rows it covers: an overestimate for large shares (part of the
        # cost is fixed), so work near the budget goes to a worker, never the other way.
        return ms * max(rows, 1) / max(was_rows, 1) <= self.budget_ms

    def timed(self, key: Hashable, rows: int, fn: Callable[[], T]) -> Callable[[], T]:
        """`fn`, recording how long it took (it may run in a worker)."""
        def run() -> T:
            # The thread's own CPU time: in a worker, waiting for the GIL while the GUI
            # thread paints is not part of what the work would cost in place.
            started = time.thread_time()
            result = fn()
            self._last[key] = ((time.thread_time() - started) * 1000, rows)
            return result

        return run

    def forget(self) -> None:
        """New data: what was measured says nothing about it."""
        self._last.clear()


def describe(sizer: WorkSizer) -> dict[Any, tuple[float, int]]:
    """What the sizer knows (for tests and the benchmarks)."""
    return dict(sizer._last)  # noqa: SLF001
