"""Answer the window's requests with the app's services: download, update check, export.
The window only emits requests and the controller only keeps views in step; this module
decides who answers each request, so neither has to know the services.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QMessageBox

from asylum_explorer.core.chart_build import describe_selection, source_line
from asylum_explorer.qt.controller import Controller
from asylum_explorer.qt.main_window import MainWindow


def wire_services(window: MainWindow, controller: Controller,
                  api_url: str | None = None) -> None:
    """Connect the window's request signals; replaces their "coming" placeholders."""
    window.take_over("downloadRequested").connect(
        lambda: start_download(window, controller, api_url))
    window.take_over("updateDataRequested").connect(
        lambda: start_download(window, controller, api_url))
    window.take_over("checkUpdatesRequested").connect(
        lambda: _check_updates(window, controller, api_url))
    window.take_over("exportChartRequested").connect(lambda: export_chart(window))
    window.take_over("exportTableRequested").connect(
        lambda: export_table(window, controller))


def start_download(window: MainWindow, controller: Controller, api_url: str | None) -> None:
    """Download every dataset in a worker with a progress dialog; reload when it ends."""
    from asylum_explorer.qt.download_dialog import DownloadDialog

    running = getattr(window, "_download_dialog", None)
    if running is not None and running.running:
        running.raise_()
        return
    dialog = DownloadDialog(controller.store.root, None, api_url, parent=window)
    dialog.completed.connect(lambda _names: controller.reload())
    window._download_dialog = dialog  # keep it alive while it runs
    dialog.start()


def _check_updates(window: MainWindow, controller: Controller, api_url: str | None) -> None:
    from asylum_explorer.qt.download_dialog import check_updates_async

    check_updates_async(window, controller.store.root, api_url)


def export_chart(window: MainWindow) -> None:
    from asylum_explorer.qt.export.export_dialog import export_chart_interactive

    data = window.current_chart()
    if data is None or data.is_empty:
        QMessageBox.information(window, "Export chart", "There is no chart to export: "
                                "the current selection has no data.")
        return
    export_chart_interactive(window, data)


def export_table(window: MainWindow, controller: Controller) -> None:
    """Export the table as shown (filtered, sorted, visible columns) or the selected rows."""
    from asylum_explorer.qt.export.table_export_dialog import export_table_interactive

    view = controller.case_view()
    if view is None or len(view) == 0:
        QMessageBox.information(window, "Export table", "There are no rows to export.")
        return
    rows = _rows_to_export(window, view.rows, controller.state.selected_rows)
    if rows is None:
        return
    ds = view.dataset
    notes = (source_line(ds),
             describe_selection(ds, controller.state.filter, controller.data.countries))
    export_table_interactive(window, ds.table, rows, window.visible_columns(), notes=notes,
                             name=f"asylum-{ds.name}")


def _rows_to_export(window: MainWindow, shown: np.ndarray,
                    selected: np.ndarray) -> np.ndarray | None:
    """All rows in view order, or the selected ones (in view order) if the user says so."""
    if len(selected) < 2:
        return shown
    box = QMessageBox(QMessageBox.Icon.Question, "Export table",
                      f"Export the {len(selected):,} selected rows or all {len(shown):,} "
                      "rows of the table?", parent=window)
    picked = box.addButton(f"{len(selected):,} selected rows", QMessageBox.ButtonRole.AcceptRole)
    every = box.addButton(f"All {len(shown):,} rows", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if box.clickedButton() is every:
        return shown
    if box.clickedButton() is picked:
        return shown[np.isin(shown, selected)]
    return None
