"""Qt settings that must be in the environment before the QApplication is made.

QT_NO_GUI_THREADPOOL: Qt's raster engine hands every fill of 96 or more scanlines to a
thread pool and waits for it. For the app's widget- and chart-sized fills the hand-off
costs far more than the fill: a 14×473 px Fusion scroll bar took 1.9 ms to repaint with
the pool and 0.13 ms without, on the 2-core machines we measure on; a row selection went
from 35 to 23 ms (benchmarks/run.py). It is Qt's own switch, read once, so it has to be
set before the first paint. `ASYLUM_EXPLORER_QT_THREADPOOL=1` keeps Qt's pool (to compare).
"""

from __future__ import annotations

import os

KEEP_POOL = "ASYLUM_EXPLORER_QT_THREADPOOL"


def install() -> None:
    if not os.environ.get(KEEP_POOL):
        os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
