"""HistoryChart: the detail pane's small chart of one origin → asylum pair over the years.

Every row selection shows a new pair, so this chart is drawn with one QPainter from its
`ChartData` instead of by a pyqtgraph scene: the scene's update and paint were ~5 of a
selection's ~15 ms (docs/performance.md, ninth pass), and its own queued update painted
the window a second time. It draws what the window's charts draw for a pair, in the same
theme: stacked bands filled down to 0, lines with their symbols (gaps where a year has no
data), the marked year as a dashed line, a value axis with its grid, the year axis, a
legend and the source line. Hovering a year lists its values, as the window's charts do.

Geometry (the plot's rectangle, ticks, the series' polygons) is computed once per new
data or size, on the first paint after it; a paint then only draws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from pyqtgraph.graphicsItems.PlotCurveItem import arrayToLineSegments
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QPainter,
    QPen,
    QPolygonF,
    QStaticText,
)
from PySide6.QtWidgets import QToolTip, QWidget

from asylum_explorer.core.chart_data import ChartData
from asylum_explorer.qt.charts.axes import short_count, year_ticks
from asylum_explorer.qt.charts.chart_view import (
    EMPTY_TEXT,
    MAX_SYMBOL_POINTS,
    ZERO_MARGIN,
    hover_html,
    legend_order,
    lighten,
    only_years_differ,
    sorted_unique,
    stack_tops,
    wrap_lines,
    year_lines,
)
from asylum_explorer.qt.charts.series_item import decimate, fill_polygons, stamp_symbols
from asylum_explorer.qt.charts.theme import LIGHT, Theme

MARGINS = (8.0, 8.0, 18.0, 4.0)  # left, top, right (half a year label), bottom px
TICK_GAP = 5.0  # px between a tick label and its axis
MIN_VALUE_TICK_PX = 32.0  # px between value ticks, at least
LEGEND_SWATCH = 20.0  # px of a legend entry's sample
LEGEND_GAP = 14.0  # px between legend entries
MARK_LABEL_AT = 0.96  # of the plot's height, from the bottom: the year label's top
STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)  # value tick steps, times a power of ten
# Up to this many points a series is antialiased: a few years' zig-zag shows its steps.
# Denser lines hide them, and antialiasing hundreds of thick segments and fill polygons
# took ~1 ms of each selection of a 760-year pair (pyqtgraph never antialiases on screen).
SMOOTH_POINTS = 200


@dataclass
class _Layout:
    """Where everything goes at one size: pixels, computed once per data and size."""

    plot: QRectF
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    # (pixel y, label, label's left) and (pixel x, label, label's left)
    y_ticks: list[tuple[float, str, float]] = field(default_factory=list)
    x_ticks: list[tuple[float, str, float]] = field(default_factory=list)
    fills: list[tuple[QColor, list[QPolygonF]]] = field(default_factory=list)
    lines: list[tuple[QPen, Any, str | None, str, np.ndarray]] = field(
        default_factory=list)  # pen, line segments, symbol, colour, symbol centres
    legend: list[tuple[QRectF, int, str]] = field(default_factory=list)  # box, series, text
    footer: list[tuple[QPointF, str]] = field(default_factory=list)
    smooth: bool = True  # fills and lines antialiased (few points: see SMOOTH_POINTS)
    y_label_at: QPointF = field(default_factory=QPointF)
    x_label_at: QPointF = field(default_factory=QPointF)


class HistoryChart(QWidget):
    """A pair's years as a small chart: `set_data(ChartData)` and it is drawn."""

    def __init__(self, parent: QWidget | None = None, theme: Theme = LIGHT) -> None:
        super().__init__(parent)
        self.theme = theme
        self.data: ChartData | None = None
        self.setMouseTracking(True)
        # Opaque: a new pair repaints this chart, not the pane behind it.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setAccessibleName("The selected row's origin and asylum country, all years")
        self._fonts = {name: theme.font(pt) for name, pt in (
            ("tick", theme.tick_pt), ("label", theme.label_pt),
            ("legend", theme.legend_pt - 1.5), ("source", theme.source_pt))}
        self._metrics = {name: QFontMetricsF(f) for name, f in self._fonts.items()}
        self._layout: _Layout | None = None
        self._years = np.zeros(0)  # every year of the shown series
        self._hover_year: int | None = None
        self._styles: list[tuple[str, str, str | None]] = []  # kind, colour, symbol
        self._symbol_pen = QPen(QColor(theme.background), 0.8)  # a symbol's rim
        self._empty = True  # no series, or no value in any year
        self._tops: list[np.ndarray] = []  # cumulative tops of the stacked bands
        # Texts measured and laid out once (tick labels repeat; the legend and source
        # line rarely change): ~0.5 ms of every new pair otherwise.
        self._laid_out: dict[tuple[str, str], tuple[float, QStaticText]] = {}
        self._texts: dict[tuple, list] = {}  # wrapped source lines, legend rows
        # Steady: the room the value labels and source lines took since this width was
        # set. Stepping to a pair with shorter labels does not move the plot sideways.
        self._room: tuple[int, float, int] = (-1, 0.0, 0)  # width, label px, footer lines

    # ------------------------------------------------------------ public API

    def set_data(self, data: ChartData) -> None:
        """Show this chart (lines and stacked bands over years, a marked year)."""
        if self._layout is not None and only_years_differ(self.data, data):
            # Another year of the same pair: the geometry stands, the mark moves.
            self.data = data
            self.update()
            return
        self.data = data
        self._years = sorted_unique(np.concatenate([s.x for s in data.series])) \
            if data.series else np.zeros(0)
        self._styles = _styles(data, self.theme)
        self._empty = data.is_empty or not data.series
        stacked = [s for s in data.series if s.style == "stacked"]
        self._tops = stack_tops(stacked) if stacked and not self._empty else []
        self._layout = None
        self._hover_year = None
        self.update()

    def legend_labels(self) -> list[str]:
        """The legend's entries in the order they are drawn."""
        data = self.data
        if data is None or self._empty or len(data.series) < 2:
            return []
        return [data.series[i].name for i in legend_order(data)]

    def hover_text(self, year: int) -> str:
        """What hovering over `year` shows: the year, then each series' value."""
        data = self.data
        if data is None or self._empty or year not in self._years:
            return ""
        return "\n".join(year_lines(data, year))

    def plot_rect(self) -> QRectF:
        """The plot's rectangle in this widget (axes excluded)."""
        return QRectF(self._ensure_layout().plot)

    def year_x(self, year: float) -> float:
        """The pixel column of `year` in this widget."""
        layout = self._ensure_layout()
        return _to_px(np.array([year], float), layout.x_range, layout.plot.left(),
                      layout.plot.width())[0]

    # ------------------------------------------------------------ events

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        try:
            painter.fillRect(event.rect(), QColor(self.theme.background))
            if self.data is not None:
                self._paint(painter, self._ensure_layout())
        finally:
            painter.end()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self._layout = None
        super().resizeEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 (Qt name)
        year = self._year_under(event.position())
        if year == self._hover_year and (year is None or QToolTip.isVisible()):
            return  # the same year: its line and values are shown already
        self._hover_year = year
        self.update()
        if year is None:
            QToolTip.hideText()
            return
        data = self.data
        assert data is not None
        html = hover_html(year_lines(data, year), [c for _k, c, _s in self._styles],
                          self.theme)
        QToolTip.showText(event.globalPosition().toPoint(), html, self)

    def leaveEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if self._hover_year is not None:
            self._hover_year = None
            self.update()
        super().leaveEvent(event)

    # ------------------------------------------------------------ geometry

    def _year_under(self, pos: QPointF) -> int | None:
        if self._empty or self._layout is None:
            return None
        layout = self._layout
        plot = layout.plot
        if not plot.contains(pos):
            return None
        lo, hi = layout.x_range
        year = round(lo + (pos.x() - plot.left()) / plot.width() * (hi - lo))
        return year if year in self._years else None

    def _ensure_layout(self) -> _Layout:
        if self._layout is None:
            self._layout = self._compute_layout()
        return self._layout

    def _compute_layout(self) -> _Layout:
        data, m = self.data, self._metrics
        width, height = float(self.width()), float(self.height())
        left, top, right, bottom = MARGINS
        empty = self._empty
        footer = self._footer_lines(int(width - left - right))
        legend_rows = self._legend_rows(width - left - right)
        # Steady room: the widest value labels and the most source lines at this width.
        last_width, last_px, last_lines = self._room
        steady = last_width == self.width()
        lines = max(len(footer), last_lines) if steady else len(footer)
        tick_h, label_h = m["tick"].height(), m["label"].height()
        row_h = max(LEGEND_SWATCH, m["legend"].height())
        footer_h = lines * m["source"].lineSpacing()
        plot_top = top + tick_h / 2
        plot_bottom = max(height - bottom - footer_h - (6 if lines else 0)
                          - len(legend_rows) * row_h - (4 if legend_rows else 0)
                          - label_h - tick_h - TICK_GAP, plot_top + tick_h)
        x_range, y_range, y_values = self._ranges(data, empty, plot_bottom - plot_top)
        labels = [self._value_label(v) for v in y_values]
        label_px = max((self._advance("tick", s) for s in labels), default=0.0)
        label_px = max(label_px, last_px) if steady else label_px
        self._room = (self.width(), label_px, lines)

        plot = QRectF(QPointF(left + label_h + 4 + label_px + TICK_GAP, plot_top),
                      QPointF(width - right, plot_bottom))
        layout = _Layout(plot=plot, x_range=x_range, y_range=y_range)
        layout.y_label_at = QPointF(left, plot.center().y())
        layout.x_label_at = QPointF(plot.center().x(), plot.bottom() + TICK_GAP + tick_h)
        if not empty:
            self._place_ticks(layout, y_values, labels)
            self._place_series(layout)
        y = layout.x_label_at.y() + label_h + 4
        for row in legend_rows:
            x = left
            for i, text, w in row:
                layout.legend.append((QRectF(x, y, w, row_h), i, text))
                x += w + LEGEND_GAP
            y += row_h
        y = height - bottom - footer_h + m["source"].ascent()
        for line in footer:
            layout.footer.append((QPointF(left, y), line))
            y += m["source"].lineSpacing()
        return layout

    def _place_ticks(self, layout: _Layout, y_values: list[float], labels: list[str]) -> None:
        plot, (x0, x1) = layout.plot, layout.x_range
        ys = _to_px(np.asarray(y_values, float), layout.y_range, plot.bottom(), -plot.height())
        right_edge = plot.left() - TICK_GAP
        layout.y_ticks = [(y, s, right_edge - self._advance("tick", s))
                          for y, s in zip(ys.tolist(), labels, strict=True)]
        (_step, years), = year_ticks(x0, x1, plot.width())
        xs = _to_px(np.asarray(years, float), (x0, x1), plot.left(), plot.width())
        for x, year in zip(xs.tolist(), years, strict=True):
            text = f"{year:.0f}"
            layout.x_ticks.append((x, text, x - self._advance("tick", text) / 2))

    def _ranges(self, data: ChartData | None, empty: bool,
                plot_height: float) -> tuple[tuple[float, float], tuple[float, float], list[float]]:
        if data is None or empty:
            return (0.0, 1.0), (0.0, 1.0), []
        years = self._years
        x_range = (float(years[0]) - 0.5, float(years[-1]) + 0.5)
        if data.y_format == "percent":
            return x_range, (-0.02, 1.02), [0.0, 0.25, 0.5, 0.75, 1.0]
        tops = [s.y for s in data.series if s.style != "stacked"] + self._tops
        finite = np.concatenate([v[np.isfinite(v)] for v in tops]) if tops else np.zeros(0)
        top = float(finite.max()) if len(finite) else 1.0
        top = top if top > 0 else 1.0
        step = value_step(top, max(int(plot_height // MIN_VALUE_TICK_PX), 2))
        values = [i * step for i in range(int(top * 1.06 // step) + 1)]
        return x_range, (-top * ZERO_MARGIN, top * 1.06), values

    def _value_label(self, value: float) -> str:
        data = self.data
        if data is not None and data.y_format == "percent":
            return f"{value * 100:.0f}%"
        return short_count(value)

    def _place_series(self, layout: _Layout) -> None:
        data = self.data
        assert data is not None
        plot, (x0, x1), (y0, y1) = layout.plot, layout.x_range, layout.y_range
        tops = iter(self._tops)
        base = plot.bottom() + y0 / (y1 - y0) * plot.height()  # the pixel row of 0
        columns = max(int(plot.width()), 2)
        for s, (kind, color, symbol) in zip(data.series, self._styles, strict=True):
            x, y = s.x.astype(float), next(tops) if kind == "band" else s.y.astype(float)
            if len(x) > columns:  # more years than pixels: the low and high of each
                x, y = decimate(x, y, columns // 2)  # two columns, at most one point a px
            layout.smooth = layout.smooth and len(x) <= SMOOTH_POINTS
            px = _to_px(x, (x0, x1), plot.left(), plot.width())
            py = _to_px(y, (y0, y1), plot.bottom(), -plot.height())
            finite = np.isfinite(py)
            if kind == "band":
                # In chunks, as pyqtgraph fills: one long polygon rasterises far slower.
                layout.fills.append((QColor(lighten(color, 0.35)),
                                     fill_polygons(px, py, finite, base)))
            pen = QPen(QColor(color), 1.0 if kind == "band" else self.theme.line_width)
            # Thick lines as separate segments: a long thick polyline's joins are slow.
            segments = arrayToLineSegments(px, py, connect="finite", finiteCheck=True)
            centres = np.column_stack([px, py])[finite]
            layout.lines.append((pen, segments, symbol, color, centres))

    def _legend_rows(self, width: float) -> list[list[tuple[int, str, float]]]:
        """Legend entries (series index, text, width) in rows that fit `width`."""
        data = self.data
        if data is None or self._empty or len(data.series) < 2:
            return []
        order = legend_order(data)
        key = ("legend", width, tuple(data.series[i].name for i in order))
        rows = self._texts.get(key)
        if rows is None:
            rows = self._texts[key] = self._fit_legend(order, width)
        return rows

    def _fit_legend(self, order: list[int], width: float) -> list[list[tuple[int, str, float]]]:
        data, metrics = self.data, self._metrics["legend"]
        assert data is not None
        rows: list[list[tuple[int, str, float]]] = [[]]
        used = 0.0
        for i in order:
            text = metrics.elidedText(data.series[i].name, Qt.TextElideMode.ElideRight,
                                      width - LEGEND_SWATCH - 6)
            w = LEGEND_SWATCH + 6 + metrics.horizontalAdvance(text)
            if rows[-1] and used + LEGEND_GAP + w > width:
                rows.append([])
                used = 0.0
            used += (LEGEND_GAP if rows[-1] else 0.0) + w
            rows[-1].append((i, text, w))
        return rows

    def _footer_lines(self, width: int) -> list[str]:
        data = self.data
        if data is None or not data.source:
            return []
        key = ("footer", width, data.source)
        lines = self._texts.get(key)
        if lines is None:
            if len(self._texts) > 200:  # a long session's many widths and releases
                self._texts.clear()
            lines = self._texts[key] = wrap_lines(data.source, self._fonts["source"], width)
        return lines

    def _advance(self, font: str, text: str) -> float:
        return self._laid_out_text(font, text)[0]

    def _laid_out_text(self, font: str, text: str) -> tuple[float, QStaticText]:
        """A one-line text's width and its laid-out form, each made once."""
        key = (font, text)
        item = self._laid_out.get(key)
        if item is None:
            if len(self._laid_out) > 2000:
                self._laid_out.clear()
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            item = self._laid_out[key] = (self._metrics[font].horizontalAdvance(text), static)
        return item

    def _stamp(self, p: QPainter, xs: np.ndarray, ys: np.ndarray, symbol: str,
               color: str) -> None:
        """The line's symbol at each point, as the window's charts draw it on screen."""
        t = self.theme
        stamp_symbols(p, xs, ys, symbol, t.symbol_size, self._symbol_pen,
                      QBrush(QColor(color)))

    # ------------------------------------------------------------ painting

    def _paint(self, p: QPainter, layout: _Layout) -> None:
        t, fonts = self.theme, self._fonts
        plot = layout.plot
        foreground = QColor(t.foreground)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, layout.smooth)
        for color, polygons in layout.fills[::-1]:  # lower bands over higher ones
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color)
            for polygon in polygons:
                p.drawPolygon(polygon)
        p.setBrush(Qt.BrushStyle.NoBrush)
        grid = QColor(foreground)
        grid.setAlphaF(t.grid_alpha)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setPen(QPen(grid, 1.0))
        p.drawLines([QLineF(plot.left(), y, plot.right(), y) for y, _s, _x in layout.y_ticks])
        p.setPen(QPen(foreground, 1.0))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        p.drawLine(plot.bottomLeft(), plot.topLeft())
        p.drawLines([QLineF(x, plot.bottom(), x, plot.bottom() - 5)
                     for x, _s, _left in layout.x_ticks]
                    + [QLineF(plot.left(), y, plot.left() + 5, y)
                       for y, _s, _left in layout.y_ticks])
        p.setRenderHint(QPainter.RenderHint.Antialiasing, layout.smooth)
        for pen, lines, _symbol, _color, _centres in layout.lines:
            p.setPen(pen)
            p.drawLines(*lines.drawargs())
        for _pen, _lines, symbol, color, centres in layout.lines:
            if symbol is not None and len(centres):
                self._stamp(p, centres[:, 0], centres[:, 1], symbol, color)
        self._paint_marks(p, layout)
        self._paint_texts(p, layout, foreground)
        if self._empty:
            p.setFont(fonts["label"])
            p.setPen(QColor(t.muted))
            p.drawText(plot, Qt.AlignmentFlag.AlignCenter, EMPTY_TEXT)

    def _paint_marks(self, p: QPainter, layout: _Layout) -> None:
        """The marked year (the selected row's) and the hovered year."""
        data, t, plot = self.data, self.theme, layout.plot
        assert data is not None
        if self._hover_year is not None:
            x = self.year_x(self._hover_year)
            p.setPen(QPen(QColor(t.hover), 1.0))
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        if data.marked_year is None or self._empty:
            return
        x = self.year_x(data.marked_year)
        p.setPen(QPen(QColor(t.marker), 1.5, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        metrics, text = self._metrics["tick"], f"{data.marked_year}"
        box = QRectF(x, plot.bottom() - MARK_LABEL_AT * plot.height(),
                     self._advance("tick", text) + 8, metrics.height() + 8)
        p.fillRect(box, QColor(255, 255, 255, 220))
        p.setFont(self._fonts["tick"])
        p.setPen(QColor(t.marker))
        self._text(p, "tick", QPointF(box.left() + 4, box.top() + 4 + metrics.ascent()), text)

    def _paint_texts(self, p: QPainter, layout: _Layout, foreground: QColor) -> None:
        data, t, fonts, m = self.data, self.theme, self._fonts, self._metrics
        assert data is not None
        plot = layout.plot
        p.setPen(foreground)
        p.setFont(fonts["tick"])
        tick = m["tick"]
        middle = tick.capHeight() / 2
        for y, text, left in layout.y_ticks:
            self._text(p, "tick", QPointF(left, y + middle), text)
        baseline = plot.bottom() + TICK_GAP + tick.ascent()
        for _x, text, left in layout.x_ticks:
            self._text(p, "tick", QPointF(left, baseline), text)
        p.setFont(fonts["label"])
        label = m["label"]
        if data.x_label:
            at = layout.x_label_at
            self._text(p, "label", QPointF(at.x() - self._advance("label", data.x_label) / 2,
                                           at.y() + label.ascent()), data.x_label)
        if data.y_label:
            p.save()
            p.translate(layout.y_label_at)
            p.rotate(-90)
            self._text(p, "label", QPointF(-self._advance("label", data.y_label) / 2,
                                           label.ascent()), data.y_label)
            p.restore()
        self._paint_legend(p, layout)
        p.setFont(fonts["source"])
        p.setPen(QColor(t.muted))
        for at, line in layout.footer:
            self._text(p, "source", at, line)

    def _paint_legend(self, p: QPainter, layout: _Layout) -> None:
        legend = self._metrics["legend"]
        p.setFont(self._fonts["legend"])
        for box, i, text in layout.legend:
            kind, color, symbol = self._styles[i]
            mid = box.center().y()
            if kind == "band":
                p.setPen(QPen(QColor(color), 1.0))
                p.setBrush(QColor(lighten(color, 0.35)))
                p.drawRect(QRectF(box.left() + 3, mid - 7, 14, 14))
                p.setBrush(Qt.BrushStyle.NoBrush)
            else:
                p.setPen(QPen(QColor(color), self.theme.line_width))
                p.drawLine(QPointF(box.left(), mid), QPointF(box.left() + LEGEND_SWATCH, mid))
                if symbol is not None:
                    self._stamp(p, np.array([box.left() + LEGEND_SWATCH / 2]), np.array([mid]),
                                symbol, color)
            p.setPen(QColor(self.theme.foreground))
            self._text(p, "legend", QPointF(box.left() + LEGEND_SWATCH + 6,
                                            mid + legend.capHeight() / 2), text)

    def _text(self, p: QPainter, font: str, baseline: QPointF, text: str) -> None:
        """Draw a one-line text with its baseline starting at `baseline`, in the painter's
        font (that of `font`). Each text is laid out once (QStaticText): ~18 → 7 µs a
        text, and a pair's ~17 texts are mostly the last pair's."""
        static = self._laid_out_text(font, text)[1]
        p.drawStaticText(QPointF(baseline.x(), baseline.y() - self._metrics[font].ascent()),
                         static)


# ---------------------------------------------------------------- helpers

def value_step(top: float, most: int) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten; whole numbers only, as
    the values are counts) that gives at most `most` steps from 0 to `top`."""
    raw = max(top / max(most, 1), 1e-12)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(s * power for s in STEPS if s * power >= raw * (1 - 1e-9))
    return max(step, 1.0)


def _styles(data: ChartData, theme: Theme) -> list[tuple[str, str, str | None]]:
    """Each series' (kind, colour, symbol), coloured as the window's charts colour them:
    bands by their place among the bands, lines by theirs among the lines. Lines of more
    years than MAX_SYMBOL_POINTS have no symbols: they would blur into the line."""
    styles, bands, lines = [], 0, 0
    for s in data.series:
        if s.style == "stacked":
            styles.append(("band", s.color or theme.color(bands), None))
            bands += 1
        else:
            symbol = theme.symbol(lines) if len(s.x) <= MAX_SYMBOL_POINTS else None
            styles.append(("line", s.color or theme.color(lines), symbol))
            lines += 1
    return styles


def _to_px(values: np.ndarray, span: tuple[float, float], start: float,
           length: float) -> np.ndarray:
    lo, hi = span
    return start + (values - lo) / (hi - lo) * length
