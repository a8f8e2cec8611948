"""Axes that print numbers the way a reader expects: whole years, 1,234,567, 45%."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPicture

YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 500)
EDGE_TEXT_PX = 12  # tick text may reach this far past the ends of an axis
MIN_YEAR_TICK_PX = 48  # "2025" at 9.5 pt plus breathing space


class FormatAxis(pg.AxisItem):
    """An axis in one of four modes: "year", "count", "percent" or "category".

    "category" shows the labels set with `set_categories` at integer positions (the bars of
    a top-N chart); the others compute their own ticks.
    """

    def __init__(self, orientation: str, mode: str = "count") -> None:
        self._range_key: tuple | None = None  # (range, view size) of the drawn picture
        self._drawing_rect = None  # the bounding rect, while the draw specs are made
        self._text_rects: dict[tuple, QRectF] = {}  # (font, label) -> its measured size
        super().__init__(orientation)
        self.mode = mode
        self.short_numbers = False  # "60M" instead of "60,000,000" (small views)
        # A steady chart's axis keeps the widest room its labels took: narrower labels
        # leave the plot where it is (see ChartView.steady). `reset_room` starts afresh.
        self.keep_room = False
        self._fresh_room = True
        self.enableAutoSIPrefix(False)  # "×1e6" prefixes hide the real numbers

    def boundingRect(self):  # noqa: N802 (Qt name)
        if self._drawing_rect is not None:
            return self._drawing_rect
        # pyqtgraph drops tick labels that poke past the axis ends, and with a grid it
        # ignores hideOverlappingLabels: the "0" at the bottom would vanish. Allow it.
        rect = super().boundingRect()
        m = EDGE_TEXT_PX
        return (rect.adjusted(0, -m, 0, m) if self.orientation in ("left", "right")
                else rect.adjusted(-m, 0, m, 0))

    def generateDrawSpecs(self, p):  # noqa: ANN001, ANN201, N802 (pyqtgraph name)
        # pyqtgraph asks for the bounding rect once per tick label; it cannot change
        # while the specs are made (~20 computations of it per chart update).
        self._drawing_rect = self.boundingRect()
        try:
            specs = _lean_specs(self, p)
            return super().generateDrawSpecs(p) if specs is _NOT_LEAN else specs
        finally:
            self._drawing_rect = None

    def setRange(self, mn: float, mx: float) -> None:  # noqa: N802 (pyqtgraph name)
        # pyqtgraph redraws the axis picture on every range signal and view resize, even
        # when neither changed (a filter that keeps the years): keep the picture then.
        view = self.linkedView() if getattr(self, "_linkedView", None) else None
        key = (mn, mx, None if view is None else view.boundingRect().size().toTuple())
        if getattr(self, "picture", None) is not None and key == self._range_key:
            return
        self._range_key = key
        super().setRange(mn, mx)

    def prepare(self) -> bool:
        """Draw the axis into its cached picture now, as its paint() would; True when that
        changed the room the tick labels need (the caller lays out and prepares again).

        pyqtgraph measures the tick labels only while painting and then resizes the axis,
        which re-lays out the plot and paints the whole chart a second time (a third for
        the plot area's new size). Done here, before the paint, one paint shows it."""
        if self.picture is not None or not self.isVisible():
            return False
        room = (self.textWidth, self.textHeight)
        picture = QPicture()
        painter = QPainter(picture)
        try:
            if self.style["tickFont"]:
                painter.setFont(self.style["tickFont"])
            specs = self.generateDrawSpecs(painter)
            if specs is not None:
                self.drawPicture(painter, *specs)
        finally:
            painter.end()
        if room != (self.textWidth, self.textHeight):
            return True  # resized: this picture is for the old size
        self.picture = picture
        return False

    # pyqtgraph's setStyle and showLabel throw the drawn picture away even when nothing
    # changes; the view calls them on every update, so only pass real changes on.
    def show_values(self, show: bool) -> None:
        if self.style["showValues"] != show:
            self.setStyle(showValues=show)

    def show_label(self, show: bool) -> None:
        if self.label.isVisibleTo(self) != show:
            self.showLabel(show)

    def set_mode(self, mode: str) -> None:
        if mode != self.mode:
            self.mode = mode
            if mode != "category":
                self.setTicks(None)
                self._free_size()  # a bar chart fixed it for its names
            self.picture = None
            self.update()

    def _free_size(self) -> None:
        if self.orientation in ("left", "right") and self.fixedWidth is not None:
            self.setWidth(None)
        elif self.orientation in ("top", "bottom") and self.fixedHeight is not None:
            self.setHeight(None)

    def reset_room(self) -> None:
        """The next labels drawn set the room for labels exactly (then it only grows)."""
        self._fresh_room = True

    def _updateMaxTextSize(self, x: int) -> None:  # noqa: N802 (pyqtgraph name)
        if self.keep_room and not self._fresh_room:
            x = max(x, self.textWidth if self.orientation in ("left", "right")
                    else self.textHeight)
        self._fresh_room = False
        super()._updateMaxTextSize(x)

    def set_categories(self, labels: list[tuple[float, str]]) -> None:
        self.setTicks([labels, []])

    def tickValues(self, minVal: float, maxVal: float, size: float):  # noqa: N802 (Qt name)
        if self.mode == "year" and not self.logMode:
            return year_ticks(minVal, maxVal, size)
        if self.mode in ("count", "percent") and not self.logMode:
            # One labelled level, one set of grid lines: less clutter. pyqtgraph's major
            # level, without its work on the minor levels (~0.3 ms of each axis drawn).
            return self._major_ticks(minVal, maxVal, size)
        return super().tickValues(minVal, maxVal, size)

    def _major_ticks(self, lo: float, hi: float, size: float) -> list[tuple[float, list]]:
        """pyqtgraph's first (major) tick level, computed as its tickValues does."""
        lo, hi = sorted((lo * self.scale, hi * self.scale))
        levels = self.tickSpacing(lo, hi, size)
        if not levels:
            return []
        spacing, offset = levels[0]
        start = math.ceil((lo - offset) / spacing) * spacing + offset
        num = int((hi - start) / spacing) + 1
        values = (np.arange(num) * spacing + start) / self.scale
        return [(spacing / self.scale, values.tolist())]

    def tickStrings(self, values: list[float], scale: float, spacing: float):  # noqa: N802
        if self.mode == "year":
            return [str(int(round(v))) for v in values]
        if self.mode == "percent":
            places = 0 if spacing * 100 >= 1 else 1
            return [f"{v * 100:.{places}f}%" for v in values]
        if self.mode == "count":
            if self.logMode:
                return [format_count(10 ** v) for v in values]
            if self.short_numbers and spacing >= 1000:
                return [short_count(v) for v in values]
            places = 0 if spacing >= 1 else max(0, math.ceil(-math.log10(spacing)))
            return [f"{v:,.{places}f}" for v in values]
        return super().tickStrings(values, scale, spacing)


_NOT_LEAN = object()
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_TEXT_FLAGS = {  # pyqtgraph's alignment of a tick label, with TextDontClip
    "left": int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                | Qt.TextFlag.TextDontClip),
    "bottom": int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                  | Qt.TextFlag.TextDontClip),
}


def _lean_specs(axis: FormatAxis, p: QPainter):  # noqa: ANN202 - pyqtgraph's specs
    """pyqtgraph's `AxisItem.generateDrawSpecs` for what these charts use — a left or
    bottom axis, one level of ticks, no `stopAxisAtTick`, no `tickAlpha` — with the same
    results (tests/test_chart_view.py compares them over random ranges) at a fraction of
    the cost: no per-label enum arithmetic, Point objects or numpy sums, and each
    label's size measured once per text and font. Anything else: `_NOT_LEAN`.
    """
    style = axis.style
    if (axis.orientation not in _TEXT_FLAGS or style["tickAlpha"] is not None
            or tuple(style["stopAxisAtTick"]) != (False, False)):
        return _NOT_LEAN
    font = style["tickFont"]
    if font is not None:
        p.setFont(font)
    bounds = axis.mapRectFromParent(axis.geometry())
    view = axis.linkedView()
    tick_bounds = (bounds if view is None or axis.grid is False
                   else view.mapRectToItem(axis, view.boundingRect()))
    left = axis.orientation == "left"
    if left:
        span = (QPointF(bounds.right() - 1, bounds.top() - 1),
                QPointF(bounds.right() - 1, bounds.bottom() + 1))
        tick_start, tick_stop, tick_dir = tick_bounds.right(), bounds.right(), -1
    else:
        span = (QPointF(bounds.left() - 1, bounds.top() + 1),
                QPointF(bounds.right() + 1, bounds.top() + 1))
        tick_start, tick_stop, tick_dir = tick_bounds.top(), bounds.top(), 1
    device = axis.deviceTransform_()
    if device is None:
        return None
    a, b = device.map(span[0]), device.map(span[1])
    length = math.hypot(b.x() - a.x(), b.y() - a.y())
    if length == 0:
        return None
    if axis._tickLevels is None:
        levels = axis.tickValues(axis.range[0], axis.range[1], length)
        given = None
    else:
        levels = [(None, [v for v, _ in level]) for level in axis._tickLevels]
        given = [[s for _, s in level] for level in axis._tickLevels]
    if any(len(values) for _, values in levels[1:]):
        return _NOT_LEAN  # more than one labelled level: pyqtgraph's fill limits apply
    spacing, ticks = levels[0] if levels else (None, [])
    lo, hi = axis.range
    dif = hi - lo
    if dif == 0:
        scale, offset = 1, 0
    elif left:
        scale = -bounds.height() / dif
        offset = lo * scale - bounds.height()
    else:
        scale = bounds.width() / dif
        offset = lo * scale
    ends = (lo * scale - offset, hi * scale - offset)
    x_min, x_max = min(ends), max(ends)
    alpha = 255.0
    if axis.grid is not False:
        alpha *= axis.grid / 255.0 * min(max(0.05 * length / (len(ticks) + 1), 0.0), 1.0)
    pen = axis.tickPen()
    if pen.brush().style() == Qt.BrushStyle.SolidPattern:
        pen = QPen(pen)
        color = QColor(pen.color())
        color.setAlpha(int(alpha))
        pen.setColor(color)
    tick_end = (tick_stop if axis.grid is not False
                else tick_stop + style["tickLength"] * tick_dir)
    positions: list[float | None] = []
    tick_specs = []
    for v in ticks:
        x = v * scale - offset
        if x < x_min or x > x_max:
            positions.append(None)
            continue
        positions.append(x)
        if left:
            tick_specs.append((pen, pg.Point(tick_start, x), pg.Point(tick_end, x)))
        else:
            tick_specs.append((pen, pg.Point(x, tick_start), pg.Point(x, tick_end)))
    axis_spec = (axis.pen(), span[0], span[1])
    if not style["showValues"]:
        return axis_spec, tick_specs, []
    if given is not None:
        strings = list(given[0]) if given else []
    else:
        strings = axis.tickStrings(ticks, axis.autoSIPrefixScale * axis.scale, spacing)
    text_specs, room = _text_specs(axis, p, positions, strings, tick_stop)
    axis._updateMaxTextSize(room)
    return axis_spec, tick_specs, text_specs


def _text_specs(axis: FormatAxis, p: QPainter, positions: list[float | None],
                strings: list[str], tick_stop: float) -> tuple[list, float]:
    """The tick labels placed beside their ticks (those inside the axis), and the room
    across the axis the widest (left) or tallest (bottom) label needs."""
    left = axis.orientation == "left"
    font, style = axis.style["tickFont"], axis.style
    rects = [None if x is None or text is None else _text_rect(axis, p, font, text)
             for x, text in zip(positions, strings, strict=False)]
    found = [r for r in rects if r is not None]
    room = (max(r.width() for r in found) if left else max(r.height() for r in found)
            ) if found else 0
    flags = _TEXT_FLAGS[axis.orientation]
    gap = max(0, style["tickLength"]) + style["tickTextOffset"][0 if left else 1]
    bound = axis.boundingRect()
    specs = []
    for x, text, r in zip(positions, strings, rects, strict=False):
        if r is None:
            continue
        width, height = r.width(), r.height()
        if left:
            rect = QRectF(tick_stop - gap - width, x - height / 2, width, height)
        else:
            rect = QRectF(x - width / 2.0, tick_stop + gap, width, height)
        if bound & rect == rect:
            specs.append((rect, flags, text))
    return specs, room


def _text_rect(axis: FormatAxis, p: QPainter, font, text: str) -> QRectF:  # noqa: ANN001
    """A tick label's size as pyqtgraph measures it (80 % of its height), per text."""
    key = (None if font is None else font.key(), text)
    rect = axis._text_rects.get(key)
    if rect is None:
        if len(axis._text_rects) > 2000:
            axis._text_rects.clear()
        rect = p.boundingRect(QRectF(0, 0, 100, 100), _CENTER, text)
        rect.setHeight(rect.height() * 0.8)
        axis._text_rects[key] = rect
    return QRectF(rect)


def format_count(value: float) -> str:
    """1234567 -> "1,234,567"; fractions only below 1."""
    if value != value:  # NaN
        return "no data"
    if abs(value) >= 1 or value == 0:
        return f"{value:,.0f}"
    return f"{value:.2g}"


def short_count(value: float) -> str:
    """60000000 -> "60M", 250000 -> "250k", 1500 -> "1.5k" (tick labels of small charts)."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.0f}"


def format_value(value: float, y_format: str) -> str:
    if value != value:
        return "no data"
    if y_format == "percent":
        return f"{value * 100:.1f}%"
    return format_count(value)


def year_ticks(lo: float, hi: float, size: float) -> list[tuple[float, list[float]]]:
    span = max(hi - lo, 1.0)
    fit = max(size / MIN_YEAR_TICK_PX, 1.0)
    step = next((s for s in YEAR_STEPS if span / s <= fit), YEAR_STEPS[-1])
    first = math.ceil(lo / step) * step
    major = [float(y) for y in range(int(first), int(math.floor(hi)) + 1, step)]
    return [(float(step), major)]  # no minor level: pyqtgraph would label it too
