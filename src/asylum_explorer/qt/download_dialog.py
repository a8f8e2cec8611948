"""Download the UNHCR data with a progress dialog, and check for updates, off the GUI thread.

The main window wires these; nothing here reaches into it:

    dialog = DownloadDialog(store_path, ["decisions"], api_url=None, parent=window)
    dialog.completed.connect(window.reload)   # list[str]: the tables now in the store
    dialog.start()

    check_updates_async(window, store_path)   # answers in a message box

The download runs in `qt.workers.Worker`; its progress arrives as queued signals. An
error or a cancel leaves the store unchanged (the core downloader's guarantee), so the
window reloads only on `completed`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from asylum_explorer import SOURCE_LINE
from asylum_explorer.core.download import (
    WRITING,
    DownloadCancelled,
    api_url_from,
    check_for_updates,
    check_table_names,
    download,
)
from asylum_explorer.core.download.endpoints import endpoints
from asylum_explorer.core.store import Store
from asylum_explorer.qt.workers import Cancelled, Worker

STEPS = 1000  # resolution of the overall progress bar
_RUNNING: set[Worker] = set()  # update checks in flight


def run_download(store_path: str | Path, tables: list[str], api_url: str | None, *,
                 progress: Any, cancel: Any, **options: Any) -> list[str]:
    """The worker's function: the core download, reporting (table, page, pages, rows)."""
    try:
        result = download(Store(store_path), tables, api_url,
                          progress=lambda *step: progress(step), cancel=cancel, **options)
    except DownloadCancelled:
        raise Cancelled() from None
    return result.names


class DownloadDialog(QDialog):
    """Progress of one download: table, page/pages, rows; Cancel; the outcome."""

    completed = Signal(list)  # names of the tables written: the store changed, reload
    failed = Signal(str)  # one line for the user; the store is unchanged
    cancelled = Signal()  # the store is unchanged; fetched pages are kept for next time
    progressed = Signal(object)  # (table, page, pages, rows), after the dialog shows it

    def __init__(self, store_path: str | Path, datasets: Iterable[str] | None = None,
                 api_url: str | None = None, parent: QWidget | None = None,
                 **options: Any) -> None:
        super().__init__(parent)
        self.store_path = Path(store_path)
        self.tables = check_table_names(datasets)
        self.api_url = api_url_from(api_url)
        self.options = options  # passed on to core.download (page_size, timeout, ...)
        self.worker: Worker | None = None
        self.running = False
        self.store_changed = False
        self.setWindowTitle("Download UNHCR data")
        self.setMinimumWidth(540)
        self._build()

    def _build(self) -> None:
        self.table_label = QLabel("Connecting…")
        self.table_label.setStyleSheet("font-weight: bold")
        self.page_label = QLabel(" ")
        self.bar = QProgressBar()
        self.bar.setRange(0, STEPS)
        self.bar.setValue(0)
        self.bar.setTextVisible(False)
        self.message = QLabel(" ")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        source = QLabel(f"{SOURCE_LINE}<br>from {self.api_url}")
        source.setStyleSheet("color: palette(mid)")
        source.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.cancel_button = QPushButton("Cancel")
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.clicked.connect(self.cancel)
        self.retry_button = QPushButton("Try again")  # shown after a failure; resumes
        self.retry_button.setVisible(False)
        self.buttons.addButton(self.retry_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.retry_button.clicked.connect(self.start)
        layout = QVBoxLayout(self)
        for w in (self.table_label, self.page_label, self.bar, self.message, source,
                  self.buttons):
            layout.addWidget(w)

    # -- running -----------------------------------------------------------------------
    def start(self) -> None:
        """Show the dialog and start (or, after a failure, resume) the download."""
        self.retry_button.setVisible(False)
        self.cancel_button.setText("Cancel")
        self.message.setStyleSheet("")
        self.message.setText(" ")
        self.table_label.setText("Connecting…")
        self.worker = Worker(run_download, self.store_path, self.tables, self.api_url,
                             **self.options)
        self.worker.signals.progress.connect(self._on_progress)
        self.worker.signals.finished.connect(self._on_finished)
        self.worker.signals.failed.connect(self._on_failed)
        self.worker.signals.cancelled.connect(self._on_cancelled)
        self.running = True
        self.show()
        QThreadPool.globalInstance().start(self.worker)

    def cancel(self) -> None:
        """Cancel a running download (it stops after the request in flight); else close."""
        if not self.running or self.worker is None:
            super().reject()
            return
        self.worker.cancel()
        self.cancel_button.setEnabled(False)
        self.message.setText("Cancelling after the current page…")

    def reject(self) -> None:  # Esc
        self.cancel()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.running:
            self.cancel()
            event.ignore()  # closes when the worker has stopped
        else:
            super().closeEvent(event)

    # -- worker signals (GUI thread) ----------------------------------------------------
    def _on_progress(self, step: tuple[str, int, int, int]) -> None:
        table, page, pages, rows = step
        if table == WRITING:
            self.table_label.setText("Writing the store…")
            self.page_label.setText(f"{rows:,} rows checked")
            self.bar.setValue(STEPS)
            self.progressed.emit(step)
            return
        label = endpoints()[table].label
        index = self.tables.index(table)
        self.table_label.setText(f"{label} ({index + 1} of {len(self.tables)})")
        self.page_label.setText(f"page {page:,} of {pages:,} · {rows:,} rows")
        done = (index + page / max(pages, 1)) / len(self.tables)
        self.bar.setValue(int(done * STEPS))
        self.progressed.emit(step)

    def _on_finished(self, names: list[str]) -> None:
        self.store_changed = True
        self._finish(f"Downloaded {', '.join(names)}.")
        self.completed.emit(names)
        self.accept()

    def _on_failed(self, message: str, details: str) -> None:
        self._finish(f"{message[:1].upper()}{message[1:]}\n\nThe data you had are "
                     "unchanged. Pages already downloaded are kept: downloading again "
                     "continues from there.")
        self.message.setStyleSheet("color: #b00020")
        self.table_label.setText("Download failed")
        self.retry_button.setVisible(True)
        self.failed.emit(message)

    def _on_cancelled(self) -> None:
        self._finish("Cancelled. The data you had are unchanged; downloading again "
                     "continues where this one stopped.")
        self.table_label.setText("Download cancelled")
        self.cancelled.emit()
        self.done(QDialog.DialogCode.Rejected)

    def _finish(self, text: str) -> None:
        self.running = False
        self.message.setText(text)
        self.cancel_button.setText("Close")
        self.cancel_button.setEnabled(True)


def check_updates_async(parent: QWidget | None, store_path: str | Path,
                        api_url: str | None = None, *, show_message: bool = True,
                        **options: Any) -> Worker:
    """Ask the API whether UNHCR's data changed (off the GUI thread); answer in a message
    box on `parent`. The returned worker's `finished` carries the core `UpdateStatus`."""

    def run(*, progress: Any, cancel: Any) -> Any:
        return check_for_updates(Store(store_path), api_url, cancel=cancel, **options)

    worker = Worker(run)
    if show_message:
        worker.signals.finished.connect(lambda status: _show_status(parent, status))
        worker.signals.failed.connect(lambda message, _details: _show_error(parent, message))
    _RUNNING.add(worker)  # the pool does not own it (autoDelete off): keep it alive
    for signal in (worker.signals.finished, worker.signals.failed, worker.signals.cancelled):
        signal.connect(lambda *_: _RUNNING.discard(worker))
    QThreadPool.globalInstance().start(worker)
    return worker


def _show_status(parent: QWidget | None, status: Any) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, "Check for updates", status.summary(),
                      QMessageBox.StandardButton.Ok, parent)
    box.setInformativeText(f"Checked {status.api_url} at {status.checked_at} UTC.")
    box.setDetailedText("\n".join(status.lines()))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


def _show_error(parent: QWidget | None, message: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, "Check for updates",
                      f"Could not check for updates: {message}",
                      QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
