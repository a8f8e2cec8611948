"""The detail pane's pair chart is made when a row is first selected, not at start-up
(a second ChartView costs ~40 ms of every start), and then shows the pair's history."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from asylum_explorer.core.store import Store
from asylum_explorer.qt.charts.chart_view import ChartView
from asylum_explorer.qt.controller import Controller
from asylum_explorer.qt.main_window import MainWindow

pytestmark = pytest.mark.gui


def test_the_pair_chart_is_made_on_the_first_selection(qtbot, small_store_path,
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
    assert pane.findChildren(ChartView) == []  # nothing selected: no chart made yet
    assert pane.text.isVisible()

    with qtbot.waitSignal(controller.detailUpdated, timeout=10_000):
        window.table.selectRow(0)
    qtbot.waitUntil(lambda: pane.findChildren(ChartView) != [])
    chart = pane.findChildren(ChartView)[0]
    assert chart is pane.chart and chart.isVisible()
    assert chart.data is not None and chart.data.series  # the pair's years are drawn
    assert chart.geometry().top() >= pane.text.geometry().bottom()  # below the text

    window.table.clearSelection()
    qtbot.waitUntil(lambda: not chart.isVisible())
    assert pane.findChildren(ChartView) == [chart]  # made once, then hidden and reused
