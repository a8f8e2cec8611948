"""`ASYLUM_EXPLORER_REPORT_SHOWN=1`: say on stdout when the loaded data are on screen.

For benchmarks/run.py, which times the real start of the app, as a user starts it (the
"Loading…" page, the store read beside the imports, the workers), from process start to
the moment the window has painted the data. Without it, the only end point a child
process offers is `--screenshot`: that path loads synchronously, and its time also holds
the PNG encoding and the interpreter's teardown (~75 ms at ×1), which no user waits for.

"On screen" means: after the controller's `loaded` signal, the table's and the visible
chart's viewports (or the first-run page, for an empty store) have each been painted;
the line is printed once that event-loop pass has finished, i.e. after the flush.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

ENV = "ASYLUM_EXPLORER_REPORT_SHOWN"
LINE = "shown"


class ShownReporter(QObject):
    """Prints `LINE` once the loaded data have been painted; then quits the app if asked."""

    shown = Signal()

    def __init__(self, window, controller, quit_after: bool = True) -> None:  # noqa: ANN001
        super().__init__(window)
        self.window, self.controller, self.quit_after = window, controller, quit_after
        self.reported = False
        self._waiting: set[QWidget] = set()
        controller.loaded.connect(self._on_loaded)

    def _on_loaded(self) -> None:
        w = self.window
        if self.controller.data.empty:
            self._waiting = {w.first_run}
        else:
            self._waiting = {w.table.viewport(), w.chart_panel.current_view().viewport()}
        QCoreApplication.instance().installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if obj in self._waiting and event.type() == QEvent.Type.Paint:
            self._waiting.discard(obj)
            if not self._waiting:
                QCoreApplication.instance().removeEventFilter(self)
                QTimer.singleShot(0, self._report)  # after this pass's flush
        return False

    def _report(self) -> None:
        self.reported = True
        print(LINE, file=sys.stdout, flush=True)
        self.shown.emit()
        if self.quit_after:
            QApplication.quit()
