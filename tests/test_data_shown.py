"""When the loaded data are first on screen (`DataShown`): the detail pane's warm-up waits
for it, and `ASYLUM_EXPLORER_REPORT_SHOWN` reports it (benchmarks/run.py's start-up)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QEvent
from qt_events import EventCounter

from asylum_explorer.core.store import Store
from asylum_explorer.qt.controller import Controller
from asylum_explorer.qt.data_shown import ENV, LINE, DataShown
from asylum_explorer.qt.main_window import PAGE_DATA, MainWindow

pytestmark = pytest.mark.gui


def test_the_real_app_reports_the_data_shown_and_quits(small_store_path, tmp_path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path),
               **{ENV: "1"})
    proc = subprocess.run([sys.executable, "-m", "asylum_explorer", "--store",
                           str(small_store_path)],
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [LINE]


def _window(qtbot, store_path, settings_path):
    from PySide6.QtCore import QSettings

    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 900)
    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    controller = Controller(window, Store(store_path), settings)
    shown = DataShown(window, controller)
    return window, controller, shown


def test_shown_comes_after_the_table_and_the_chart_painted_the_data(qtbot, small_store_path,
                                                                     tmp_path) -> None:
    window, controller, shown = _window(qtbot, small_store_path, tmp_path / "s.ini")
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(100)  # the window is painted, without data: nothing to say yet
    assert not shown.done
    table, chart = window.table.viewport(), window.chart_panel.current_view().viewport()
    paints = EventCounter(QEvent.Type.Paint, table, chart)
    seen = []
    controller.loaded.connect(paints.clear)  # count only the paints of the loaded data
    shown.shown.connect(lambda: seen.append((window.pages.currentIndex(),
                                             window.table_model.rowCount(),
                                             paints.count(table), paints.count(chart))))
    controller.reload()
    qtbot.waitUntil(lambda: shown.done, timeout=20_000)
    page, rows, table_paints, chart_paints = seen[0]
    assert page == PAGE_DATA and rows > 0
    assert table_paints >= 1 and chart_paints >= 1
    controller.wait_idle()


def test_an_empty_store_reports_the_first_run_page(qtbot, tmp_path) -> None:
    window, controller, shown = _window(qtbot, tmp_path / "empty", tmp_path / "s.ini")
    window.show()
    controller.reload()
    qtbot.waitUntil(lambda: shown.done, timeout=20_000)
    assert window.first_run.isVisible()
    controller.wait_idle()
