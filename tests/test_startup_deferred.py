"""What start-up leaves for later (issue 6: ≤ 1 s to a painted window), and that later
it is there: numpy.ma (~20 ms) is imported when the app idles after the data is shown;
the charts' x values are made unique without it; the detail pane's pair chart shows up
under the text with the first selected row."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from PySide6.QtCore import QSettings

from asylum_explorer.core.store import Store
from asylum_explorer.qt.app import _warm_up
from asylum_explorer.qt.charts.chart_view import sorted_unique
from asylum_explorer.qt.charts.history_chart import HistoryChart
from asylum_explorer.qt.controller import Controller
from asylum_explorer.qt.main_window import MainWindow

pytestmark = pytest.mark.gui


def test_the_pair_chart_shows_under_the_text_with_a_selected_row(qtbot, small_store_path,
                                                                 tmp_path) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 900)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    controller = Controller(window, Store(small_store_path), settings)
    window.show()
    with qtbot.waitSignal(controller.loaded, timeout=20_000):
        controller.reload()
    pane = window.detail_pane
    chart = pane.chart
    assert pane.findChildren(HistoryChart) == [chart]
    assert not chart.isVisible() and pane.text.isVisible()  # nothing selected: no chart

    with qtbot.waitSignal(controller.detailUpdated, timeout=10_000):
        window.table.selectRow(0)
    assert chart.isVisible()
    assert chart.data is not None and chart.data.series  # the pair's years are drawn
    assert chart.geometry().top() >= pane.text.geometry().bottom()  # below the text

    window.table.clearSelection()
    qtbot.waitUntil(lambda: not chart.isVisible())
    assert pane.findChildren(HistoryChart) == [chart]  # hidden and reused


def test_the_idle_warm_up_imports_numpy_ma() -> None:
    _warm_up()
    assert "numpy.ma" in sys.modules


def test_chart_x_values_are_sorted_and_unique_like_np_unique() -> None:
    for values in ([2003.0, 2001.0, 2003.0, 2002.0, 2001.0], [5.0], []):
        a = np.array(values)
        assert np.array_equal(sorted_unique(a), np.unique(a))


def test_the_screenshot_start_does_not_import_numpy_ma(small_store_path, tmp_path) -> None:
    code = ("import sys\n"
            "from asylum_explorer.cli.main import main\n"
            f"main(['--store', {str(small_store_path)!r}, '--screenshot', "
            f"{str(tmp_path / 's.png')!r}])\n"
            "print('numpy.ma' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.split()[-1] == "False"
    assert (tmp_path / "s.png").stat().st_size > 10_000
