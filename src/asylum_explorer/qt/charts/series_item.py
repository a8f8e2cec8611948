"""SeriesItem: one series of a chart (a line with its symbols, or a band filled down to a
level) as one light pyqtgraph item.

pyqtgraph's PlotDataItem is a curve item plus a scatter item, each with its own bounds,
view-range, downsampling and clipping machinery, all of it re-run on every new data and
every change of the view. The trend chart's five of them took ~5 of the ~7.5 ms its
update and repaint took (measured: the same draw without them, ~2 ms). These charts
always show all of their data, never zoomed, so a series needs less: its paths, built
once per new data, and a bounding rect.

Drawn as pyqtgraph's PlotCurveItem draws, with its two speed-ups: the fill first, as
polygons of at most 50 points (Qt's rasteriser fills many small polygons far faster
than one long one: ~170 → 4 ms for a noisy 2,000-point band), then the line — as separate
segments for a thick, solid, opaque pen (a thick 2,000-point path: ~237 → 7 ms), else
as a path — in view coordinates with cosmetic pens, not antialiased on screen
(pyqtgraph's default); then the symbols at their pixel size, antialiased, on top. For
export (`setExportMode`) everything is antialiased and symbols grow with the export's
resolution scale, as pyqtgraph's scatter items do. The attribute names (`opts`, `xData`,
`getData`, `setData`, `setLogMode`) are PlotDataItem's, so the legend, the plot and the
tests treat both alike.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pyqtgraph as pg
from pyqtgraph.functions import create_qpolygonf, ndarray_from_qpolygonf
from pyqtgraph.graphicsItems.PlotCurveItem import arrayToLineSegments
from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol, renderSymbol
from pyqtgraph.Qt.internals import PrimitiveArray
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

DECIMATE_ABOVE = 1000  # points; longer series keep each bucket's lowest and highest value
BUCKETS = 1000  # buckets of a decimated series (2 points each: up to 2000 points drawn)
BOUNDS_PAD = 0.05  # of the data's extent: room for symbols and pens past the data
FILL_CHUNK = 50  # points per fill polygon (pyqtgraph's chunk size)
# Up to this many polygons each is written straight into its QPolygonF (~45 µs for one,
# ~90 for nine); more are cut from one path, whose fixed cost (~100 µs) then pays off.
DIRECT_FILLS = 12
_EMPTY = np.zeros(0)


class SeriesItem(pg.GraphicsObject):
    """A series drawn from `setData(x, y, pen=…, fillLevel=…, fillBrush=…, symbol=…)`."""

    def __init__(self) -> None:
        super().__init__()
        self.opts: dict[str, Any] = {
            "pen": pg.mkPen(None), "fillLevel": None, "fillBrush": None, "symbol": None,
            "symbolSize": 7, "symbolPen": pg.mkPen(None), "symbolBrush": pg.mkBrush(None),
        }
        self.xData: np.ndarray | None = None  # as given (PlotDataItem's names)
        self.yData: np.ndarray | None = None
        self._log_y = False
        self._x, self._y = _EMPTY, _EMPTY  # as drawn: log-mapped, decimated
        self._path: QPainterPath | None = None  # the line as a path, built when first drawn
        self._segments = None  # the line as QLineF segments, for a thick solid pen
        self._fills: list[QPolygonF] = []
        self._points = np.zeros((0, 2))  # where symbols go
        self._bounds = QRectF()

    # -- data ------------------------------------------------------------------------
    def setData(self, x: Any, y: Any, **style: Any) -> None:  # noqa: N802 (pyqtgraph name)
        """New values (NaN = a gap) and, optionally, new pens, fill and symbols."""
        for key in ("pen", "symbolPen"):
            if key in style:
                style[key] = pg.mkPen(style[key])
        for key in ("fillBrush", "symbolBrush"):
            if key in style and style[key] is not None:
                style[key] = pg.mkBrush(style[key])
        self.opts.update((k, v) for k, v in style.items() if k in self.opts)
        self.xData = np.asarray(x, dtype=float)
        self.yData = np.asarray(y, dtype=float)
        self._rebuild()

    def getData(self) -> tuple[np.ndarray, np.ndarray]:  # noqa: N802 (pyqtgraph name)
        """The values as drawn: log-mapped on a log axis, decimated when long."""
        return self._x, self._y

    def setLogMode(self, x_log: bool, y_log: bool) -> None:  # noqa: N802 (PlotItem calls it)
        if bool(y_log) != self._log_y:
            self._log_y = bool(y_log)
            self._rebuild()

    def _rebuild(self) -> None:
        x = self.xData if self.xData is not None else _EMPTY
        y = self.yData if self.yData is not None else _EMPTY
        if self._log_y:
            with np.errstate(divide="ignore", invalid="ignore"):
                y = np.where(y > 0, np.log10(np.where(y > 0, y, 1.0)), np.nan)
        if len(x) > DECIMATE_ABOVE:
            x, y = decimate(x, y, BUCKETS)
        self._x, self._y = x, y
        finite = np.isfinite(x) & np.isfinite(y)
        self._path = None  # a thick line is drawn as segments and never needs it
        self._segments = (arrayToLineSegments(x, y, connect="finite", finiteCheck=True,
                                              out=self._segments)
                          if _segmented(self.opts["pen"]) else None)
        level = self.opts["fillLevel"]
        filled = level is not None and self.opts["fillBrush"] is not None
        self._fills = fill_polygons(x, y, finite, float(level)) if filled else []
        self._points = (np.column_stack([x[finite], y[finite]])
                        if self.opts["symbol"] is not None else np.zeros((0, 2)))
        self.prepareGeometryChange()
        self._bounds = _bounds(x[finite], y[finite], level if filled else None)
        self.update()

    def _line(self) -> QPainterPath:
        if self._path is None:
            x, y = self._x, self._y
            self._path = pg.arrayToQPath(x, y, connect="finite") if len(x) else QPainterPath()
        return self._path

    # -- drawing ---------------------------------------------------------------------
    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt name)
        return self._bounds

    def paint(self, painter: QPainter, *_: Any) -> None:
        exporting = self._exportOpts is not False
        antialias = bool(self._exportOpts.get("antialias", True)) if exporting else False
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, antialias)
        if self._fills:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.opts["fillBrush"])
            for polygon in self._fills:
                painter.drawPolygon(polygon)
        pen = self.opts["pen"]
        if pen.style() != Qt.PenStyle.NoPen and len(self._x) > 1:
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            if self._segments is not None:
                painter.drawLines(*self._segments.drawargs())
            else:
                painter.drawPath(self._line())
        if len(self._points):
            scale = self._exportOpts.get("resolutionScale", 1.0) if exporting else 1.0
            self._paint_symbols(painter, self.opts["symbolSize"] * scale)

    def _paint_symbols(self, painter: QPainter, size: float) -> None:
        """Symbols at their pixel size wherever the view puts their points: on screen
        stamped from one picture, as pyqtgraph's scatter items do; in an export drawn
        one by one (vector symbols in an SVG or PDF, at the export's resolution)."""
        t = painter.transform()
        pts = self._points
        xs = t.m11() * pts[:, 0] + t.m21() * pts[:, 1] + t.dx()
        ys = t.m12() * pts[:, 0] + t.m22() * pts[:, 1] + t.dy()
        o = self.opts
        painter.resetTransform()
        if self._exportOpts is False:
            stamp_symbols(painter, xs, ys, o["symbol"], size, o["symbolPen"], o["symbolBrush"])
        else:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            for px, py in zip(xs.tolist(), ys.tolist(), strict=True):
                painter.resetTransform()
                painter.translate(px, py)
                drawSymbol(painter, o["symbol"], size, o["symbolPen"], o["symbolBrush"])
        painter.setTransform(t)


_STAMPS: dict[tuple, QPixmap] = {}  # (symbol, size, pen, brush, pixel ratio) -> picture


def stamp_symbols(painter: QPainter, xs: np.ndarray, ys: np.ndarray, symbol: str,
                  size: float, pen: QPen, brush: QBrush) -> None:
    """Draw a symbol centred on each pixel position (xs, ys) of an untransformed painter,
    stamped from one picture rendered once (pyqtgraph's `renderSymbol`) in one call: the
    way pyqtgraph's ScatterPlotItem draws on screen. One `drawSymbol` a point took
    ~25 µs: ~0.6 ms of every repaint of a chart with a 26-year line."""
    ratio = painter.device().devicePixelRatioF()
    key = (symbol, size, pen.color().rgba(), pen.widthF(), pen.style(),
           brush.color().rgba(), brush.style(), ratio)
    stamp = _STAMPS.get(key)
    if stamp is None:
        if len(_STAMPS) > 64:
            _STAMPS.clear()
        stamp = _STAMPS[key] = QPixmap.fromImage(renderSymbol(symbol, size, pen, brush,
                                                              dpr=ratio))
    fragments = PrimitiveArray(QPainter.PixmapFragment, 10)
    fragments.resize(len(xs))
    fields = fragments.ndarray()
    fields[:, 0], fields[:, 1] = xs, ys  # the centre of each stamp
    fields[:, 2:6] = (0, 0, stamp.width(), stamp.height())  # the whole picture
    fields[:, 6:10] = (1 / ratio, 1 / ratio, 0.0, 1.0)  # scale, rotation, opacity
    painter.drawPixmapFragments(*fragments.drawargs(), stamp)


def decimate(x: np.ndarray, y: np.ndarray, buckets: int) -> tuple[np.ndarray, np.ndarray]:
    """Each bucket's lowest and highest value at its first x (a gap if all are NaN):
    the drawn line keeps every peak of a series far longer than the plot is wide."""
    size = -(-len(x) // buckets)
    pad = size * buckets - len(x)
    yy = np.concatenate([y, np.full(pad, np.nan)]).reshape(buckets, size)
    xx = np.concatenate([x, np.full(pad, np.nan)]).reshape(buckets, size)[:, 0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN buckets: gaps
        lo, hi = np.nanmin(yy, axis=1), np.nanmax(yy, axis=1)
    keep = np.isfinite(xx)
    return np.repeat(xx[keep], 2), np.column_stack([lo, hi])[keep].ravel()


def _segmented(pen: QPen) -> bool:
    """pyqtgraph's test for drawing a line as segments: thick, solid and opaque."""
    return (pen.widthF() > 1.0 and pen.style() == Qt.PenStyle.SolidLine and pen.isSolid()
            and pen.color().alphaF() == 1.0)


def fill_polygons(x: np.ndarray, y: np.ndarray, finite: np.ndarray, level: float
                  ) -> list[QPolygonF]:
    """The area between each unbroken run of 2+ points and `level`, as pyqtgraph fills
    it: polygons of up to `FILL_CHUNK` points (each chunk starts at the last point of the
    one before), down to the level and back. A few polygons (a trend's band: one or two)
    are written straight into their memory; many are built as one path of many closed
    parts and split into its polygons (one `arrayToQPath` call per chunk took ~40 µs each:
    ~2.5 ms of every filter on a 760-year chart), with the parts' point numbers computed
    for all chunks at once (a pair reported every other year has hundreds of runs)."""
    starts, ends = _fill_chunks(finite)
    if not len(starts):  # no run of 2+ points: nothing to fill
        return []
    if len(starts) <= DIRECT_FILLS:
        return [_fill_polygon(x, y, start, end, level)
                for start, end in zip(starts.tolist(), ends.tolist(), strict=True)]
    # Each chunk: its points start..end-1, then its last, first and first point again.
    sizes = ends - starts + 3
    closes = np.cumsum(sizes)  # one past each chunk's closing point
    within = np.arange(closes[-1]) - np.repeat(closes - sizes, sizes)
    points = np.repeat(starts, sizes) + within
    points[closes - 3] = ends - 1
    points[closes - 2] = starts
    points[closes - 1] = starts
    xs = x[points]
    ys = y[points].copy()
    ys[closes - 3] = level  # each chunk's last and first point again, at the level
    ys[closes - 2] = level
    connect = np.ones(len(points), dtype=bool)
    connect[closes - 1] = False  # a chunk's closing point does not lead to the next chunk
    return pg.arrayToQPath(xs, ys, connect=connect).toSubpathPolygons()


def _fill_polygon(x: np.ndarray, y: np.ndarray, start: int, end: int, level: float
                  ) -> QPolygonF:
    """One chunk's polygon, as `fill_polygons` cuts it from its path: points start..end-1,
    down to the level at the last, back at the first, and the first point again."""
    n = end - start
    polygon = create_qpolygonf(n + 3)
    points = ndarray_from_qpolygonf(polygon)  # the polygon's own memory
    points[:n, 0] = x[start:end]
    points[:n, 1] = y[start:end]
    points[n:, 0] = (x[end - 1], x[start], x[start])
    points[n:, 1] = (level, level, y[start])
    return polygon


def _fill_chunks(finite: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and one-past-last point of each fill chunk: every run of 2+ finite points cut
    into chunks of up to `FILL_CHUNK` points, each starting at the last of the one before."""
    step = FILL_CHUNK - 1
    if finite.all():  # one run, the usual case: no search for gaps
        starts = np.arange(0, len(finite) - 1, step)
        return starts, np.minimum(starts + FILL_CHUNK, len(finite))
    idx = np.flatnonzero(finite)
    if len(idx) < 2:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    cuts = np.flatnonzero(np.diff(idx) != 1)
    firsts = np.concatenate([idx[:1], idx[cuts + 1]])
    lasts = np.concatenate([idx[cuts], idx[-1:]])
    counts = -(-(lasts - firsts) // step)  # a single point (first == last): no chunk
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    starts = np.repeat(firsts, counts) + offsets * step
    ends = np.minimum(starts + FILL_CHUNK, np.repeat(lasts, counts) + 1)
    return starts, ends


def _bounds(x: np.ndarray, y: np.ndarray, level: float | None) -> QRectF:
    """The data's extent (with the fill level), padded for symbols and pens. Only what
    the scene needs to repaint the item: the plot clips its items to the view anyway."""
    if not len(x):
        return QRectF()
    values = y if level is None else np.append(y, level)
    x0, x1 = float(x.min()), float(x.max())
    y0, y1 = float(values.min()), float(values.max())
    pad_x = max((x1 - x0) * BOUNDS_PAD, 1.0)  # at least a year: symbols at the ends
    pad_y = max(y1 - y0, abs(y0), abs(y1)) * BOUNDS_PAD or BOUNDS_PAD
    return QRectF(x0 - pad_x, y0 - pad_y, x1 - x0 + 2 * pad_x, y1 - y0 + 2 * pad_y)
