"""`ASYLUM_EXPLORER_REPORT_SHOWN`: the app says when the loaded data are on screen (the end
point of benchmarks/run.py's start-up time)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from asylum_explorer.core.store import Store
from asylum_explorer.qt.controller import Controller
from asylum_explorer.qt.main_window import PAGE_DATA, MainWindow
from asylum_explorer.qt.shown_report import ENV, LINE, ShownReporter

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
    reporter = ShownReporter(window, controller, quit_after=False)
    return window, controller, reporter


def test_it_waits_for_the_data_not_the_window(qtbot, small_store_path, tmp_path) -> None:
    window, controller, reporter = _window(qtbot, small_store_path, tmp_path / "s.ini")
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(100)  # the window is painted, without data: nothing to report yet
    assert not reporter.reported
    seen = []
    reporter.shown.connect(lambda: seen.append(
        (window.pages.currentIndex(), window.table_model.rowCount())))
    controller.reload()
    qtbot.waitUntil(lambda: reporter.reported, timeout=20_000)
    assert seen[0][0] == PAGE_DATA and seen[0][1] > 0
    controller.wait_idle()


def test_an_empty_store_reports_the_first_run_page(qtbot, tmp_path) -> None:
    window, controller, reporter = _window(qtbot, tmp_path / "empty", tmp_path / "s.ini")
    window.show()
    controller.reload()
    qtbot.waitUntil(lambda: reporter.reported, timeout=20_000)
    assert window.first_run.isVisible()
    controller.wait_idle()
