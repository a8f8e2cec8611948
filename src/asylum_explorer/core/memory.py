"""How numpy asks the system for the memory of big arrays while the store is read.

numpy (on Linux) marks every array of 4 MB or more for transparent huge pages
(`madvise(MADV_HUGEPAGE)`). Reading a store at ×100 allocates ~3 GB of columns in a few
seconds; each 2 MB huge page must be found and zeroed when first touched, and on the
virtual machines we measured this made the kernel time of a start 2–3× larger (9–14 s of
system CPU instead of ~4 s; wall time 13–23 s instead of 9–11 s). So the columns are
read with plain 4 KB pages (`small_pages`). Afterwards huge pages are asked for again:
the sorts and gathers on 11 M rows that follow a click run ~30% faster with them (fewer
TLB misses), and they allocate far less.

`NUMPY_MADVISE_HUGEPAGE` set by the user (0 or 1) is respected: nothing is changed.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator

import numpy as np

_lock = threading.Lock()
_depth = 0  # readers inside `small_pages` (they may overlap on several threads)
_previous = True


@contextlib.contextmanager
def small_pages() -> Iterator[None]:
    """numpy asks for plain pages inside this block (on every thread)."""
    global _depth, _previous
    setter = _setter()
    if setter is None:
        yield
        return
    with _lock:
        if _depth == 0:
            _previous = setter(False)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                setter(_previous)


def _setter():  # noqa: ANN202 - numpy's private setter, or None
    if os.environ.get("NUMPY_MADVISE_HUGEPAGE") is not None:
        return None
    try:
        from numpy._core import multiarray
    except ImportError:  # numpy < 2
        multiarray = getattr(getattr(np, "core", None), "multiarray", None)
    return getattr(multiarray, "_set_madvise_hugepage", None)
