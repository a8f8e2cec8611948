"""Export table rows (the window's filtered, sorted view or a selection) to CSV or XLSX.

    export_table_interactive(window, table, rows, columns, notes=[source line, filters],
                             on_done=lambda path: status_bar.showMessage(f"Saved {path}"))

Asks for a file (remembering the folder), offers CSV when the rows exceed an Excel sheet,
and writes in a `Worker` with a progress dialog when there are many rows, so the window
never freezes. Errors are shown in a message box, in one clear line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog, QWidget

from asylum_explorer.core.errors import UserError
from asylum_explorer.core.table import Table
from asylum_explorer.core.table_export import (
    XLSX_MAX_ROWS,
    ExportCancelled,
    table_sheet,
    write_sheet,
)
from asylum_explorer.qt.export import settings
from asylum_explorer.qt.workers import Cancelled, Worker

IN_WORKER_ROWS = 20_000  # fewer rows write in well under a tenth of a second
SLOW_XLSX_ROWS = 100_000  # openpyxl writes ~20-50 k cells/s: beyond this, offer CSV
FILTERS = {"csv": "CSV, UTF-8 (*.csv)", "xlsx": "Excel workbook (*.xlsx)"}
_running: set[Worker] = set()  # keeps workers (and their signals) alive until they end


def choose_table_path(parent: QWidget | None, n_rows: int,
                      name: str = "asylum-data") -> Path | None:
    """Ask where to save; switches to CSV when the rows do not fit in Excel."""
    fmt = str(settings.value("table_format", "csv"))
    fmt = fmt if fmt in FILTERS else "csv"
    order = [FILTERS[fmt], *(f for k, f in FILTERS.items() if k != fmt)]
    suggested = settings.last_folder() / f"{name}.{fmt}"
    path_text, chosen = QFileDialog.getSaveFileName(parent, "Export rows", str(suggested),
                                                    ";;".join(order))
    if not path_text:
        return None
    path = Path(path_text)
    if path.suffix.lower() not in (".csv", ".xlsx"):
        path = path.with_suffix(".xlsx" if chosen == FILTERS["xlsx"] else ".csv")
    if path.suffix.lower() == ".xlsx" and n_rows + 1 > XLSX_MAX_ROWS:
        answer = QMessageBox.question(
            parent, "Export rows",
            f"{n_rows:,} rows do not fit in an Excel sheet (at most {XLSX_MAX_ROWS - 1:,} "
            "rows under the header).\n\nSave them as CSV instead?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return None
        path = path.with_suffix(".csv")
    elif path.suffix.lower() == ".xlsx" and n_rows > SLOW_XLSX_ROWS:
        answer = QMessageBox.question(
            parent, "Export rows",
            f"Writing {n_rows:,} rows as an Excel workbook takes minutes; as CSV it takes "
            "seconds, and Excel opens CSV too.\n\nSave them as CSV instead?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
            | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Cancel:
            return None
        if answer == QMessageBox.StandardButton.Yes:
            path = path.with_suffix(".csv")
    return path


def _write(table: Table, rows: np.ndarray, columns: Sequence[str], path: Path,
           notes: Sequence[str], progress: Callable[[object], None] | None = None,
           cancel: object | None = None) -> Path:
    try:
        return write_sheet(table_sheet(table, rows, columns, notes=notes), path,
                           progress=progress, cancel=cancel)
    except ExportCancelled:
        raise Cancelled() from None


def start_table_export(parent: QWidget | None, table: Table, rows: np.ndarray,
                       columns: Sequence[str], path: Path, notes: Sequence[str] = (),
                       on_done: Callable[[Path], None] | None = None,
                       in_worker_rows: int = IN_WORKER_ROWS) -> Worker | None:
    """Write now (few rows) or in a Worker with a progress dialog; returns the worker."""
    rows = np.asarray(rows, dtype=np.intp)
    settings.remember_folder(path)
    settings.set_value("table_format", path.suffix.lower().lstrip("."))

    def finished(result: object) -> None:
        if on_done is not None:
            on_done(Path(str(result)))

    def failed(message: str, _details: str = "") -> None:
        QMessageBox.warning(parent, "Export rows", f"Could not export the rows: {message}")

    if len(rows) < in_worker_rows:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            written = _write(table, rows, columns, path, notes)
        except UserError as exc:
            QApplication.restoreOverrideCursor()
            failed(str(exc))
            return None
        QApplication.restoreOverrideCursor()
        finished(written)
        return None

    slow = " (Excel files take far longer than CSV)" if path.suffix.lower() == ".xlsx" else ""
    dialog = QProgressDialog(f"Writing {len(rows):,} rows to {path.name}…{slow}", "Cancel",
                             0, 100, parent)
    dialog.setWindowTitle("Export rows")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    worker = Worker(_write, table, rows, list(columns), path, list(notes))
    _running.add(worker)

    def end() -> None:
        dialog.reset()
        dialog.deleteLater()
        _running.discard(worker)

    def on_progress(value: object) -> None:
        done, total = value  # type: ignore[misc]
        dialog.setValue(int(100 * done / max(total, 1)))

    worker.signals.progress.connect(on_progress)
    worker.signals.finished.connect(lambda result: (end(), finished(result)))
    worker.signals.failed.connect(lambda message, details: (end(), failed(message)))
    worker.signals.cancelled.connect(end)
    dialog.canceled.connect(worker.cancel)
    QThreadPool.globalInstance().start(worker)
    return worker


def export_table_interactive(parent: QWidget | None, table: Table, rows: np.ndarray,
                             columns: Sequence[str], notes: Sequence[str] = (),
                             on_done: Callable[[Path], None] | None = None,
                             name: str = "asylum-data") -> Worker | None:
    """Ask for a file and export `rows` (indices into `table`, in order) of `columns`.

    `notes` (source line with data release, the filter) go to the XLSX About sheet.
    Returns the Worker when the export runs in the background, else None.
    """
    path = choose_table_path(parent, len(rows), name)
    if path is None:
        return None
    return start_table_export(parent, table, rows, columns, path, notes, on_done)
