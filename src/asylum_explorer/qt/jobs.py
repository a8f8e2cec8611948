"""Run work off the GUI thread, newest request wins (one slot per kind of work).

A filter change while the charts of the previous one are still being summed makes that
result stale: only the newest job of a kind reports back; older ones are cancelled and
their results dropped. Every started worker is kept referenced until it ends, so Python
never frees one that a pool thread still runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool

from asylum_explorer.qt.workers import Worker


class JobRunner(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._latest: dict[str, Worker] = {}
        self._running: set[Worker] = set()

    @property
    def busy(self) -> bool:
        return bool(self._latest)

    def submit(self, key: str, fn: Callable[[], Any], done: Callable[[Any], None],
               failed: Callable[[str, str], None]) -> None:
        """Run `fn()` in the pool; `done(result)` / `failed(message, details)` run on the
        GUI thread, and only if no newer job of the same key was submitted meanwhile."""
        old = self._latest.pop(key, None)
        if old is not None:
            old.cancel()
        worker = Worker(lambda progress, cancel: fn())
        queued = Qt.ConnectionType.QueuedConnection  # deliver on the GUI thread
        worker.signals.finished.connect(lambda r: self._end(key, worker, done, r), queued)
        worker.signals.failed.connect(
            lambda m, d: self._end(key, worker, lambda _: failed(m, d), None), queued)
        worker.signals.cancelled.connect(lambda: self._running.discard(worker), queued)
        self._latest[key] = worker
        self._running.add(worker)
        QThreadPool.globalInstance().start(worker)

    def cancel(self, key: str) -> None:
        """Drop the running job of this kind, if any: its result will not be reported."""
        old = self._latest.pop(key, None)
        if old is not None:
            old.cancel()

    def _end(self, key: str, worker: Worker, report: Callable[[Any], None],
             result: Any) -> None:
        self._running.discard(worker)
        if self._latest.get(key) is worker:
            del self._latest[key]
            report(result)

    def shutdown(self, timeout_ms: int = 5_000) -> None:
        for worker in list(self._running):
            worker.cancel()
        self._latest.clear()
        self.wait_idle(timeout_ms)

    def wait_idle(self, timeout_ms: int = 30_000) -> bool:
        return QThreadPool.globalInstance().waitForDone(timeout_ms)
