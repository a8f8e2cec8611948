"""HistoryChart: the detail pane's chart of one origin → asylum pair, drawn by QPainter.

What a reader of the pane sees: the band and the line where their values are, a break
where a year has no data, the selected row's year marked, the legend, the years' values
on hover, a plot that does not jump between pairs, peaks kept when years outnumber pixels.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QImage, QMouseEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QToolTip  # noqa: E402

from asylum_explorer.core.chart_data import ChartData, Series  # noqa: E402
from asylum_explorer.qt.charts.chart_view import lighten  # noqa: E402
from asylum_explorer.qt.charts.history_chart import HistoryChart, value_step  # noqa: E402

pytestmark = pytest.mark.gui

BAND, LINE = "#009E73", "#222222"
YEARS = np.arange(2010, 2020)
TOTAL = np.array([100, 400, 250, np.nan, 300, 380, 120, 90, 60, 200], dtype=float)
RECOGNIZED = np.array([40, 90, 60, 20, 100, 150, 30, 30, 10, 50], dtype=float)


def _chart(total: np.ndarray = TOTAL, years: np.ndarray = YEARS,
           recognized: np.ndarray | None = RECOGNIZED, marked: int | None = 2015,
           ) -> ChartData:
    series = [Series("Total decisions", years, total, "line", LINE)]
    if recognized is not None:
        series.insert(0, Series("Recognized", years, recognized, "stacked", BAND))
    return ChartData(kind="pair", title="Syria → Germany, all years (persons)",
                     x_label="Year", y_label="Persons", series=tuple(series),
                     source="Source: UNHCR Refugee Data Finder, CC BY 4.0",
                     marked_year=marked)


@pytest.fixture()
def chart(qtbot) -> HistoryChart:
    widget = HistoryChart()
    qtbot.addWidget(widget)
    widget.resize(340, 300)
    widget.show()
    return widget


def _image(chart: HistoryChart, data: ChartData) -> QImage:
    chart.set_data(data)
    return chart.grab().toImage()


def _value_y(chart: HistoryChart, value: float) -> float:
    """The pixel row of a value, from the plot's rectangle and the chart's value range."""
    plot = chart.plot_rect()
    lo, hi = chart._layout.y_range
    return plot.bottom() - (value - lo) / (hi - lo) * plot.height()


def _near(image: QImage, x: float, y: float, color: str, radius: int = 2,
          tolerance: int = 40) -> bool:
    want = QColor(color)
    for dx in range(-radius, radius + 1):
        for dy in range(-radius, radius + 1):
            c = image.pixelColor(round(x) + dx, round(y) + dy)
            if max(abs(c.red() - want.red()), abs(c.green() - want.green()),
                   abs(c.blue() - want.blue())) <= tolerance:
                return True
    return False


def _column_has(image: QImage, x: float, top: float, bottom: float, color: str) -> bool:
    return any(_near(image, x, y, color, radius=0, tolerance=30)
               for y in range(round(top), round(bottom)))


def test_the_line_and_band_are_drawn_at_their_values(chart) -> None:
    image = _image(chart, _chart(marked=2017))  # its label sits at the top, after 2017
    for year, value in ((2011, 400), (2015, 380), (2018, 60)):
        assert _near(image, chart.year_x(year), _value_y(chart, value), LINE), year
    # The band (recognized decisions) fills down to 0 in its lighter shade.
    x = chart.year_x(2015)
    assert _near(image, x, _value_y(chart, 150) + 6, lighten(BAND, 0.35))
    assert _near(image, x, _value_y(chart, 0) - 3, lighten(BAND, 0.35))
    # Above the line the plot is background.
    assert _near(image, chart.year_x(2018), _value_y(chart, 300), "#ffffff", radius=0,
                 tolerance=5)


def test_another_year_of_the_same_pair_only_moves_the_mark(chart) -> None:
    """The controller passes the same series with another marked year: the geometry is
    kept (no new layout) and the picture is the one a fresh chart of that year draws."""
    import dataclasses

    first = _chart(marked=2012)
    _image(chart, first)
    layout = chart._layout
    moved = _image(chart, dataclasses.replace(first, marked_year=2016))
    assert chart._layout is layout
    fresh = HistoryChart()
    fresh.resize(chart.size())
    assert moved == _image(fresh, _chart(marked=2016))
    fresh.close()


def test_a_year_without_data_breaks_the_line(chart) -> None:
    image = _image(chart, _chart(recognized=None, marked=None))
    plot = chart.plot_rect()
    # 2013 has no total: nothing of the line in its column; 2015's column has it.
    assert not _column_has(image, chart.year_x(2013), plot.top(), plot.bottom() - 2, LINE)
    assert _column_has(image, chart.year_x(2015), plot.top(), plot.bottom() - 2, LINE)


def test_the_selected_rows_year_is_marked(chart) -> None:
    plot = chart.plot_rect()
    marked = _image(chart, _chart(marked=2012))
    plain = _image(chart, _chart(marked=None))
    x = chart.year_x(2012)
    # A dashed line through the plot at that year: marker pixels above the data.
    top, bottom = plot.top() + 2, _value_y(chart, 400)
    assert _column_has(marked, x, top, bottom, "#444444")
    assert not _column_has(plain, x, top, bottom, "#444444")


def test_the_legend_lists_bands_then_lines_and_the_hover_tells_a_years_values(
        chart, qtbot) -> None:
    chart.set_data(_chart())
    assert chart.legend_labels() == ["Recognized", "Total decisions"]
    assert chart.hover_text(2011) == "2011\nRecognized: 90\nTotal decisions: 400"
    assert chart.hover_text(2013).endswith("Total decisions: no data")
    assert chart.hover_text(1990) == ""
    chart.grab()  # laid out, as on screen
    at = QPointF(chart.year_x(2011), chart.plot_rect().center().y())
    move = QMouseEvent(QMouseEvent.Type.MouseMove, at, chart.mapToGlobal(at),
                       Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(chart, move)
    qtbot.waitUntil(QToolTip.isVisible)
    tip = QToolTip.text()
    assert "2011" in tip and "Total decisions: 400" in tip and "Recognized: 90" in tip


def test_the_plot_stays_put_from_a_large_pair_to_a_small_one(chart) -> None:
    """Stepping through rows, shorter value labels do not move the plot sideways; a new
    width fits the labels anew."""
    chart.grab()
    _image(chart, _chart(total=TOTAL * 1000, recognized=RECOGNIZED * 1000))
    wide = chart.plot_rect().left()
    _image(chart, _chart(total=TOTAL / 100, recognized=RECOGNIZED / 100))
    assert chart.plot_rect().left() == wide
    chart.resize(360, 300)
    chart.grab()
    assert chart.plot_rect().left() < wide


def test_a_pair_of_many_years_keeps_its_peaks(chart) -> None:
    years = np.arange(1266, 2026)  # more years than the plot has pixels
    total = np.full(len(years), 100.0)
    total[500] = 1000.0  # one year's peak
    image = _image(chart, _chart(total=total, years=years, recognized=None, marked=None))
    assert chart.plot_rect().width() < len(years)
    # Drawn at its few pixels' first year: within the pixels around the peak's year.
    x, y = chart.year_x(years[500]), _value_y(chart, 1000)
    assert any(_column_has(image, x + dx, y - 3, y + 3, LINE) for dx in range(-4, 2))
    # No symbols on so dense a line: the legend's sample has none either.
    assert chart._styles[-1][2] is None


def test_no_data_draws_no_series(chart) -> None:
    nothing = np.full(len(YEARS), np.nan)
    image = _image(chart, _chart(total=nothing, recognized=nothing))
    assert chart.legend_labels() == [] and chart.hover_text(2015) == ""
    plot = chart.plot_rect()
    for year in (2011, 2015):
        x = chart.year_x(year)
        assert not _column_has(image, x, plot.top(), plot.bottom() - 2, LINE)
        assert not _column_has(image, x, plot.top(), plot.bottom() - 2, lighten(BAND, 0.35))


@pytest.mark.parametrize(("top", "most", "step"), [
    (400, 6, 100), (380, 10, 50), (7, 6, 2), (3, 8, 1), (1_234_567, 5, 250_000),
    (0.4, 5, 1)])
def test_value_ticks_are_round_whole_numbers(top: float, most: int, step: float) -> None:
    assert value_step(top, most) == step
    assert top / value_step(top, most) <= most or step == 1


def test_a_hover_off_the_plot_shows_nothing(chart) -> None:
    chart.set_data(_chart())
    chart.grab()
    outside = QPoint(2, 2)
    assert chart._year_under(QPointF(outside)) is None
