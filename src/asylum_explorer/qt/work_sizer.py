"""Decides whether a piece of work is small enough to run on the GUI thread.

Handing work to a thread has a price: the result comes back on a later turn of the event
loop, so what it updates is painted a second time, and the worker shares the GIL with
painting. Work of a few milliseconds is faster done in place. How long it takes depends
on the data: the sizer remembers how long the same kind of work took last time on this
dataset and scales that by the rows it covers now (a filter to one country covers far
fewer rows than no filter). Work it has not seen yet is judged by the dataset's size.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

BUDGET_MS = 12.0  # in place below this: well inside a frame, far below the 50 ms rule
FIRST_TIME_ROWS = 300_000  # never timed yet: in place for datasets up to this size


class WorkSizer:
    def __init__(self, budget_ms: float = BUDGET_MS) -> None:
        self.budget_ms = budget_ms
        self._last: dict[Hashable, tuple[float, int]] = {}  # key -> (ms, rows)

    def is_small(self, key: Hashable, rows: int, total_rows: int,
                 max_total_rows: int | None = None) -> bool:
        """True: run it in place. `max_total_rows`: above this dataset size never (work
        whose cost also grows with the whole dataset, where one estimate can be far off)."""
        if max_total_rows is not None and total_rows > max_total_rows:
            return False
        last = self._last.get(key)
        if last is None:
            return total_rows <= FIRST_TIME_ROWS
        ms, was_rows = last
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
