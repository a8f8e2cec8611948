"""SeriesItem: a chart series drawn by one light item, exactly as pyqtgraph draws it."""

from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pyqtgraph as pg  # noqa: E402
from PySide6.QtCore import QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPainter  # noqa: E402

from asylum_explorer.qt.charts.series_item import SeriesItem  # noqa: E402

pytestmark = pytest.mark.gui

X = np.arange(2000, 2012, dtype=float)
Y = np.array([5, 9, 14, np.nan, 20, 18, 25, 30, np.nan, np.nan, 12, 8], dtype=float)
LINE = {"pen": pg.mkPen("#0072b2", width=2.2), "symbol": "o", "symbolSize": 7,
        "symbolBrush": pg.mkBrush("#0072b2"), "symbolPen": pg.mkPen("#ffffff", width=0.8)}
BAND = {"pen": pg.mkPen("#009e73", width=1), "fillLevel": 0.0,
        "fillBrush": pg.mkBrush("#59c3a5")}


def _render(item, export: bool, x_range=(1999.5, 2011.5), y_range=(-1, 32)) -> QImage:  # noqa: ANN001
    """The item alone in a 400×300 plot with fixed ranges, as an image."""
    view = pg.GraphicsLayoutWidget()
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.resize(400, 300)
    view.setBackground("w")
    plot = view.addPlot()
    plot.hideAxis("left")
    plot.hideAxis("bottom")
    plot.addItem(item)
    plot.vb.setRange(xRange=x_range, yRange=y_range, padding=0)
    view.show()
    for _ in range(3):
        pg.QtWidgets.QApplication.processEvents()
    image = QImage(400, 300, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    if export:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for i in view.scene().items():
            if hasattr(i, "setExportMode"):
                i.setExportMode(True, {"antialias": True, "resolutionScale": 1.0})
    view.scene().render(painter, QRectF(0, 0, 400, 300),
                        view.mapToScene(view.viewport().rect()).boundingRect())
    painter.end()
    view.close()
    return image


def _differing(a: QImage, b: QImage) -> int:
    return sum(a.pixel(x, y) != b.pixel(x, y)
               for y in range(0, a.height()) for x in range(0, a.width()))


def _series(style: dict) -> SeriesItem:
    item = SeriesItem()
    item.setData(X, Y, **style)
    return item


@pytest.mark.parametrize("style", [LINE, BAND], ids=["line with symbols", "band"])
@pytest.mark.parametrize("export", [False, True], ids=["screen", "export"])
def test_it_draws_what_pyqtgraph_draws(qapp, style, export) -> None:
    """Gaps, fills, pens and symbols: the picture is pyqtgraph's PlotDataItem's, pixel
    for pixel (on screen both stamp symbols from one pre-rendered picture; in an export
    both draw each symbol's path)."""
    ours = _render(_series(style), export)
    theirs = _render(pg.PlotDataItem(X, Y, connect="finite", **style), export)
    assert _differing(ours, theirs) == 0
    assert _differing(ours, _render(SeriesItem(), export)) > 500  # it did draw


def test_a_missing_year_is_a_gap_in_the_line_and_the_fill(qapp) -> None:
    item = _series(BAND)
    assert len(item._fills) == 3  # 2000-02, 2004-07, 2010-11
    assert len(item._line().toSubpathPolygons()) == 3


def test_years_with_gaps_all_around_have_no_fill_and_draw(qapp) -> None:
    """A pair reported every other year: single points between gaps, nothing to fill."""
    x, y = [2000, 2001, 2002, 2003, 2004], [5, np.nan, 7, np.nan, 9]
    item = SeriesItem()
    item.setData(x, y, **BAND)
    assert item._fills == [] and not item.boundingRect().isEmpty()
    theirs = pg.PlotDataItem(x, y, connect="finite", **BAND)
    assert _differing(_render(item, True), _render(theirs, True)) == 0


def test_a_long_band_with_runs_of_every_length_fills_as_pyqtgraph_does(qapp) -> None:
    """Runs longer than one fill polygon (50 points), runs of exactly 2 points and single
    points between gaps, in one series: the same fill, pixel for pixel."""
    x = np.arange(2000, 2300, dtype=float)
    y = 10 + 8 * np.sin(x / 7)
    for start, stop in [(120, 121), (123, 124), (125, 126), (127, 128), (180, 190), (240, 241),
                        (299, 300)]:
        y[start:stop] = np.nan  # a 2-point run at 121-122, single points at 124 and 126
    item = SeriesItem()
    item.setData(x, y, **BAND)
    ranges = {"x_range": (1995, 2305), "y_range": (-1, 20)}
    theirs = pg.PlotDataItem(x, y, connect="finite", **BAND)
    assert _differing(_render(item, True, **ranges), _render(theirs, True, **ranges)) == 0
    # 0-119: 3 chunks; 121-122; 128-179: 2; 190-239; 241-298: 2
    assert len(item._fills) == 9


@pytest.mark.parametrize("gap_every, chunks", [(0, 2), (3, 50)])
def test_a_band_with_few_or_many_fill_polygons_fills_as_pyqtgraph_does(
        qapp, gap_every: int, chunks: int) -> None:
    """A trend's 76 years without gaps (two polygons, written directly) and a 150-year
    pair reported two years in three (fifty polygons, cut from one path)."""
    n = 76 if not gap_every else 150
    x = np.arange(1951, 1951 + n, dtype=float)
    y = 10 + 8 * np.sin(x / 5)
    if gap_every:
        y[::gap_every] = np.nan
    item = SeriesItem()
    item.setData(x, y, **BAND)
    ranges = {"x_range": (x[0] - 2, x[-1] + 2), "y_range": (-1, 20)}
    theirs = pg.PlotDataItem(x, y, connect="finite", **BAND)
    assert _differing(_render(item, True, **ranges), _render(theirs, True, **ranges)) == 0
    assert len(item._fills) == chunks


def test_a_log_axis_draws_log_values_and_leaves_zeros_out(qapp) -> None:
    item = SeriesItem()
    item.setData([1, 2, 3], [10, 0, 1000])
    item.setLogMode(False, True)
    x, y = item.getData()
    assert x.tolist() == [1, 2, 3]
    assert y[0] == 1 and np.isnan(y[1]) and y[2] == 3
    item.setLogMode(False, False)
    assert item.getData()[1].tolist() == [10, 0, 1000]


def test_a_long_series_keeps_its_peaks(qapp) -> None:
    item = SeriesItem()
    y = np.sin(np.arange(50_000) / 300.0)
    y[12_345] = 5.0
    item.setData(np.arange(50_000), y)
    x, drawn = item.getData()
    assert len(x) <= 2_000
    assert drawn.max() == 5.0 and drawn.min() == y.min()


def test_the_bounds_hold_every_point_and_the_fill_level(qapp) -> None:
    item = _series(BAND)
    rect = item.boundingRect()
    assert rect.left() < 2000 and rect.right() > 2011
    assert rect.top() < 0 and rect.bottom() > 30  # down to the fill level 0
    empty = SeriesItem()
    empty.setData([], [])
    assert empty.boundingRect().isEmpty()


def test_long_bands_and_thick_lines_take_pyqtgraphs_fast_paths(qapp) -> None:
    """A long band is filled as small polygons and a thick line drawn as segments (one
    2,000-point polygon took ~40x longer to fill, a stroked 2,000-point path ~35x)."""
    band = SeriesItem()
    band.setData(np.arange(5000), np.abs(np.sin(np.arange(5000) / 50)), **BAND)
    assert len(band._fills) > 10
    assert all(len(polygon) <= 53 for polygon in band._fills)
    assert band._segments is None  # a 1 px pen: Qt's fast cosmetic path
    line = _series(LINE)
    assert line._segments is not None and line._segments.drawargs()
