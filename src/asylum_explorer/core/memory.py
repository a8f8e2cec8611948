"""How numpy asks the system for the memory of big arrays.

numpy (on Linux) marks every array of 4 MB or more for transparent huge pages
(`madvise(MADV_HUGEPAGE)`). A store at ×100 allocates ~3 GB of columns in a few seconds;
each 2 MB huge page must be found (or compacted) and zeroed when first touched, and on the
virtual machines we measured this made the kernel time of a start 2–3× larger (9–14 s of
system CPU instead of ~4 s; wall time 13–23 s instead of 9–11 s). Plain 4 KB pages cost a
little more TLB work in the later passes over the columns, far less than that.

`NUMPY_MADVISE_HUGEPAGE` set by the user (0 or 1) is respected.
"""

from __future__ import annotations

import os

import numpy as np


def prefer_small_pages() -> None:
    """Stop numpy asking for huge pages, unless NUMPY_MADVISE_HUGEPAGE says otherwise."""
    if os.environ.get("NUMPY_MADVISE_HUGEPAGE") is not None:
        return
    try:
        from numpy._core import multiarray
    except ImportError:  # numpy < 2
        multiarray = getattr(getattr(np, "core", None), "multiarray", None)
    setter = getattr(multiarray, "_set_madvise_hugepage", None)
    if setter is not None:
        setter(False)
