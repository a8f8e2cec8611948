"""The window wired to its services, as a user meets them: first-run download, exports from
the menus, UNHCR footnotes in the detail pane, a damaged store at start, About."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from test_gui_window import open_window

from asylum_explorer.core.footnotes import footnotes_for
from asylum_explorer.core.store import Store
from asylum_explorer.qt import wiring
from asylum_explorer.qt.main_window import PAGE_DATA, PAGE_FIRST_RUN
from asylum_explorer.qt.widgets.damaged_store_dialog import StoreChoice

pytestmark = pytest.mark.gui


@pytest.fixture()
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_first_run_download_fills_the_window_and_footnotes_show(qtbot, tmp_path, settings,
                                                                api, monkeypatch) -> None:
    from asylum_explorer.qt import download_dialog

    fast = {"page_size": 3, "timeout": 2.0, "retries": 2, "backoff": 0.01}
    real = download_dialog.DownloadDialog
    monkeypatch.setattr(download_dialog, "DownloadDialog",
                        lambda *a, **k: real(*a, **{**k, **fast}))
    window, controller = open_window(qtbot, tmp_path / "store", settings)
    wiring.wire_services(window, controller, api_url=api.url)
    assert window.pages.currentIndex() == PAGE_FIRST_RUN

    with qtbot.waitSignal(controller.loaded, timeout=30_000):
        window.first_run.download.click()  # "Download from UNHCR"
    controller.wait_idle()
    assert window.pages.currentIndex() == PAGE_DATA
    assert window.table_model.rowCount() > 0
    assert "downloaded" in window.source_label.text()

    # The stored footnotes reach the detail pane for the rows they apply to.
    store = Store(tmp_path / "store")
    table = store.load("footnotes")
    view = controller.case_view()
    for position in range(len(view)):
        row = view.table_row(position)
        year = int(view.dataset.table.numbers("year")[row])
        coo = view.dataset.table.coded("coo_iso").values()[row]
        coa = view.dataset.table.coded("coa_iso").values()[row]
        expected = footnotes_for(table, year, coo, coa, view.dataset.name)
        if expected:
            break
    else:
        pytest.fail("no row of the small data has a footnote")
    with qtbot.waitSignal(controller.detailUpdated, timeout=10_000):
        window.table.selectRow(position)
    text = window.detail_pane.text.toPlainText()
    assert "UNHCR footnotes" in text
    assert all(note in text for note in expected)


def test_export_menus_open_the_exporters_with_what_is_shown(qtbot, small_store_path,
                                                            settings, monkeypatch) -> None:
    from asylum_explorer.qt.export import export_dialog, table_export_dialog

    charts, tables = [], []
    monkeypatch.setattr(export_dialog, "export_chart_interactive",
                        lambda parent, data: charts.append(data))
    monkeypatch.setattr(table_export_dialog, "export_table_interactive",
                        lambda parent, table, rows, columns, **kw: tables.append(
                            (table, rows, columns, kw)))
    window, controller = open_window(qtbot, small_store_path, settings)
    wiring.wire_services(window, controller)

    window.actions_by_name["export_chart"].trigger()
    assert charts == [window.current_chart()]
    assert charts[0].title and "Source: UNHCR" in charts[0].source

    window.actions_by_name["export_table"].trigger()
    table, rows, columns, kw = tables[0]
    view = controller.case_view()
    assert table is view.dataset.table
    assert np.array_equal(rows, view.rows)  # the filtered rows, in the order shown
    assert columns == window.visible_columns()
    assert any("CC BY 4.0" in n for n in kw["notes"])


def test_damaged_store_asks_and_opens_what_is_intact(qtbot, small_store_path: Path,
                                                      settings) -> None:
    store = Store(small_store_path)
    damaged = store.root / store.entry("applications").file
    damaged.write_bytes(damaged.read_bytes()[:-40])  # a copy cut short
    asked = []
    from asylum_explorer.qt.controller import Controller
    from asylum_explorer.qt.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    controller = Controller(window, store, settings)
    controller.ask_damaged = lambda health: asked.append(health) or StoreChoice.CONTINUE
    window.show()
    with qtbot.waitSignal(controller.loaded, timeout=20_000):
        controller.reload()
    qtbot.waitUntil(lambda: bool(asked), timeout=5_000)
    assert asked[0].damaged == ["applications"]
    assert "applications" not in controller.data.views
    assert "decisions" in controller.data.views
    assert window.pages.currentIndex() == PAGE_DATA


def test_about_names_the_data_release(qtbot, small_store_path, settings, monkeypatch) -> None:
    from asylum_explorer.qt.widgets import about_dialog

    shown = []
    monkeypatch.setattr(about_dialog.AboutDialog, "exec", lambda self: shown.append(self))
    window, _ = open_window(qtbot, small_store_path, settings)
    window.actions_by_name["about"].trigger()
    assert shown
    text = " ".join(label.text() for label in shown[0].findChildren(type(window.rows_label)))
    assert "test" in text and "CC BY 4.0" in text
