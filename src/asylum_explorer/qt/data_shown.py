"""When the loaded data are first on screen: what may wait until then, and the benchmark's
end point for the start-up time.

`DataShown.shown` is emitted once, after the controller's first `loaded` signal, when the
table's and the visible chart's viewports (or the first-run page, for an empty store)
have each been painted, on the next turn of the event loop (after that pass's flush).
Work that can wait (the detail pane's warm-up, ~40 ms) is connected to it: it never
runs before the first paint of the data, whatever order Qt delivers queued events in.

`ASYLUM_EXPLORER_REPORT_SHOWN=1` prints "shown" on stdout at that moment and quits:
benchmarks/run.py times the real start of the app (the "Loading…" page, the store read
beside the imports, the workers) from process start to there. Without it, the only end
point a child process offers is `--screenshot`, whose time also holds a synchronous
load, the PNG encoding and the interpreter's teardown, which no user waits for.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

ENV = "ASYLUM_EXPLORER_REPORT_SHOWN"
LINE = "shown"


class DataShown(QObject):
    """Emits `shown` once the first loaded data have been painted."""

    shown = Signal()

    def __init__(self, window, controller) -> None:  # noqa: ANN001 - MainWindow, Controller
        super().__init__(window)
        self.window, self.controller = window, controller
        self.done = False
        self._waiting: set[QWidget] = set()
        controller.loaded.connect(self._on_loaded)

    def _on_loaded(self) -> None:
        self.controller.loaded.disconnect(self._on_loaded)
        w = self.window
        if self.controller.data.empty:
            self._waiting = {w.first_run}
        else:
            self._waiting = {w.table.viewport(), w.chart_panel.current_view().viewport()}
        # On the watched widgets only: a filter on the whole application would see every
        # event of every object, and PySide6 makes a Python wrapper for each object it
        # passes (creating, the first time, every QObject subclass and its enums: ~20 ms
        # of the start, just before the data's first paint).
        for widget in self._waiting:
            widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if obj in self._waiting and event.type() == QEvent.Type.Paint:
            self._waiting.discard(obj)
            obj.removeEventFilter(self)
            if not self._waiting:
                QTimer.singleShot(0, self._emit)  # after this pass's flush
        return False

    def _emit(self) -> None:
        self.done = True
        self.shown.emit()


def report_and_quit() -> None:
    """Print `LINE` (for the benchmark reading stdout) and quit the app."""
    print(LINE, file=sys.stdout, flush=True)
    QApplication.quit()
