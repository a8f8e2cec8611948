"""Run slow work off the GUI thread, with progress, cancel and a clear error.

    worker = Worker(load_everything, store_path)      # fn(*args, progress=..., cancel=...)
    worker.signals.progress.connect(bar.update)       # whatever fn passes to progress()
    worker.signals.finished.connect(window.show_data) # fn's return value
    worker.signals.failed.connect(window.show_error)  # one line for the user, details
    QThreadPool.globalInstance().start(worker)
    ...
    worker.cancel()  # fn sees cancel.is_set() and should stop (raise Cancelled)

The function runs in a pool thread and must not touch widgets; results come back through
queued signals, so slots run on the GUI thread.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Signal

from asylum_explorer.core.errors import UserError


class Cancelled(Exception):
    """Raised by work that noticed `cancel.is_set()`; reported as `cancelled`, not failed."""


class WorkerSignals(QObject):
    progress = Signal(object)
    finished = Signal(object)
    failed = Signal(str, str)  # (one-line message for the user, technical details)
    cancelled = Signal()


class Worker(QRunnable):
    def __init__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the caller keeps it, to cancel or read its signals
        self.signals = WorkerSignals()
        self._fn, self._args, self._kwargs = fn, args, kwargs
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            result = self._fn(*self._args, progress=self.signals.progress.emit,
                              cancel=self._cancel, **self._kwargs)
        except Cancelled:
            self.signals.cancelled.emit()
        except UserError as exc:
            self.signals.failed.emit(str(exc), "")
        except Exception as exc:  # noqa: BLE001 - shown to the user, never lost
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}", traceback.format_exc())
        else:
            if self._cancel.is_set():
                self.signals.cancelled.emit()
            else:
                self.signals.finished.emit(result)
