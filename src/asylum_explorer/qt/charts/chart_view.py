"""ChartView: one pyqtgraph scene that draws any `ChartData` (title, plot, legend, source).

The title, legend and source line live inside the scene, so an exported picture carries
them. Plot items are created once and reused: `set_data` only calls setData / setOpts
and shows or hides items, so a filter change never rebuilds the plot.

Drawing choices:
- lines: one SeriesItem each (series_item.py: a light PlotDataItem), gaps where a year
  has no data (NaN), symbols while the years are few enough to tell apart;
- stacked (decision outcomes): the cumulative tops filled down to 0, lower bands drawn
  over higher ones, so each band shows between its own top and the one below. On a log
  scale stacks mislead, so the bands are then drawn as plain lines;
- bar (top-N): horizontal bars, largest first, so long country names fit on the left
  axis; the value sits at the end of each bar. Bars are always linear.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterable

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.LegendItem import ItemSample
from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QGraphicsItem, QWidget

from asylum_explorer.core.chart_data import ChartData, Series
from asylum_explorer.qt.charts.axes import FormatAxis, format_count, format_value
from asylum_explorer.qt.charts.series_item import SeriesItem
from asylum_explorer.qt.charts.theme import LIGHT, Theme
from asylum_explorer.qt.charts.year_mark import YearBand, YearMark

EMPTY_TEXT = "No data for this selection"
MAX_SYMBOL_POINTS = 40  # more years than this: symbols would blur into the line
BAR_HEIGHT = 0.7
MIN_BAR_SLOTS = 10  # the bar chart's height is divided into at least this many slots
ZERO_MARGIN = 0.004  # of the value range, below 0
COMPACT_HEIGHT, COMPACT_WIDTH = 380, 560  # below either: compact texts
LEGEND_SAMPLE_PX = 20 + 14 + 8  # swatch, spacing between columns, label margins
MIN_LEGEND_LABEL_PX = 90  # narrower than this an elided legend label says too little
MAX_CATEGORY_PX = 230  # longer country names are elided (full name in the hover)


class ChartView(pg.GraphicsLayoutWidget):
    yearClicked = Signal(int)
    categoryClicked = Signal(str)  # ISO3 key of the bar

    def __init__(self, parent: QWidget | None = None, theme: Theme = LIGHT,
                 steady: bool = False) -> None:
        super().__init__(parent)
        self.theme = theme
        # A steady view (the window's, the detail pane's) keeps the room its title, source
        # lines and value labels took for this kind of chart at this size: a filter (or
        # another row's pair) that drops a note or shortens the labels ("400,000" ->
        # "40,000") does not move the plot, nor re-lay out the whole chart (5-8 ms instead
        # of 2-3 of a filter change). Exports are drawn by fresh views and take exactly
        # the room their texts need.
        self.steady = steady
        self._text_lines: dict[str, int] = {}  # "title"/"footer" -> most lines, this room
        self.data: ChartData | None = None
        self.log_scale = False
        self._title_key: tuple | None = None  # what the title says now, and how wide
        self._legend_key: tuple | None = None
        self._label_keys: dict[str, tuple] = {}  # what each axis's label says now
        self._footer_key: tuple | None = None  # what the source line says now
        self._x = np.zeros(0)
        self.setBackground(theme.background)
        layout = self.ci.layout
        layout.setContentsMargins(10, 8, 18, 6)
        layout.setVerticalSpacing(4)

        self.title_item = pg.LabelItem("", justify="left")
        self.ci.addItem(self.title_item, row=0, col=0)
        self.bottom_axis = FormatAxis("bottom", "year")
        self.left_axis = FormatAxis("left", "count")
        # No context menu (see _style_plot): its ViewBox menu is not built (~3.5 ms a view).
        self.plot = self.ci.addPlot(row=1, col=0, axisItems={"bottom": self.bottom_axis,
                                                              "left": self.left_axis},
                                    enableMenu=False)
        self.legend = pg.LegendItem(colCount=3, frame=False, labelTextSize=f"{theme.legend_pt}pt",
                                    labelTextColor=theme.foreground, horSpacing=14,
                                    sampleType=LegendSample)
        self.ci.addItem(self.legend, row=2, col=0)
        self.ci.layout.setAlignment(self.legend, Qt.AlignmentFlag.AlignLeft)
        self.footer_item = pg.LabelItem("", justify="left")
        self.ci.addItem(self.footer_item, row=3, col=0)
        self._style_plot()
        self._room_key: tuple | None = None  # (kind, compact, width) the texts' room is for
        for axis in (self.left_axis, self.bottom_axis):
            axis.keep_room = steady

        self.curves: list[SeriesItem] = []  # grown on demand, never destroyed
        self._styles: dict[SeriesItem, tuple] = {}  # each curve's pens, fill, symbol
        self._restyled = False  # a curve's style changed since the legend was last drawn
        self.bars = pg.BarGraphItem(x0=[], y=[], height=BAR_HEIGHT, width=[])
        self.plot.addItem(self.bars)
        self.bar_labels: list[pg.TextItem] = []
        self.bands: list[YearBand] = []
        self.marker = YearMark(theme.marker, self.font())
        self.marker.setZValue(20)
        self.plot.addItem(self.marker, ignoreBounds=True)
        self.hover_line = pg.InfiniteLine(angle=90, movable=False,
                                          pen=pg.mkPen(theme.hover, width=1))
        self.hover_line.setZValue(30)
        self.plot.addItem(self.hover_line, ignoreBounds=True)
        self.hover_label = pg.TextItem("", anchor=(0, 0), fill=pg.mkBrush(255, 255, 255, 235),
                                       border=pg.mkPen("#bbbbbb"))
        self.hover_label.setZValue(40)
        self.plot.addItem(self.hover_label, ignoreBounds=True)
        self.empty_label = pg.TextItem(EMPTY_TEXT, color=theme.muted, anchor=(0.5, 0.5))
        self.empty_label.setFont(theme.font(theme.label_pt + 2))
        self.empty_label.setParentItem(self.plot.vb)
        self.plot.vb.sigResized.connect(self._place_empty_label)
        self._hide_hover()
        self.marker.hide()
        self.empty_label.hide()

        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.scene().sigMouseClicked.connect(self._on_mouse_clicked)

    # ------------------------------------------------------------ public API

    def set_data(self, data: ChartData) -> None:
        """Show this chart, reusing the existing plot items."""
        if self._only_years_differ(data):
            # The same series (e.g. the detail pane stepping through one pair's years):
            # only the year marks move.
            self.data = data
            self._draw_years(data, data.is_empty or not data.series)
            self._settle()
            return
        self._draw(data)

    def _draw(self, data: ChartData) -> None:
        """Draw everything again (new data, scale or size)."""
        self._cache_under_bands(False)  # new data is drawn straight (set_highlight_years)
        self.data = data
        if (room := (data.kind, self.compact(), self.width())) != self._room_key:
            self._room_key = room  # another kind of chart or size: fit the texts anew
            self._text_lines = {}
            for axis in (self.left_axis, self.bottom_axis):
                axis.reset_room()
        self._hide_hover()
        self._set_texts()
        empty = data.is_empty or not data.series
        self.empty_label.setVisible(empty)
        for axis in (self.bottom_axis, self.left_axis):
            axis.show_values(not empty)
        if empty:
            # A chart with no series at all and a note: the note says why (e.g. no rates
            # for this dataset); otherwise the selection simply has no rows.
            self.empty_label.setText(data.notes[0] if data.notes and not data.series
                                     else EMPTY_TEXT)
            self._place_empty_label()
        if data.kind == "top" or any(s.style == "bar" for s in data.series):
            self._draw_bars(data, empty)
        else:
            self._draw_lines(data, empty)
        legend_changed = self._update_legend(data, empty)
        if legend_changed:
            # LegendItem.updateSize() moves the legend to (0, 0); put it back in its cell
            # now rather than on the next event-loop pass, so an immediate export is right
            # too. New texts that change a text's size post their own layout request,
            # which _settle handles; an unchanged legend keeps its place.
            self.ci.layout.invalidate()
            self.ci.layout.activate()
        self._settle()

    def _settle(self) -> None:
        """Apply the view's new range and transforms now. pyqtgraph defers them to the
        start of the next paint, where they schedule a second paint of the whole chart;
        done here, one paint shows the update (measured: 12 → 8.5 ms per filter change).
        New texts post layout requests that would move items after that paint: handled
        first, for the same reason. The axes then measure their new tick labels (and
        resize, which needs another layout pass) before the paint rather than in it."""
        for _ in range(3):
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            self.scene().prepareForPaint()
            if not self.isVisible():
                return
            # The value axis first: its labels decide its width, and so the year axis's
            # length; the year axis is drawn once that is settled.
            if not self.left_axis.prepare() and not self.bottom_axis.prepare():
                return

    def _cache_under_bands(self, on: bool) -> None:
        """Draw the shown series and the axes from a cached picture each (on), or straight.

        The axes are under a band too: the value axis's grid lines cross the plot and the
        year axis's ticks reach into it, so each band move replayed both axes' pictures."""
        mode = (QGraphicsItem.CacheMode.DeviceCoordinateCache if on
                else QGraphicsItem.CacheMode.NoCache)
        for item in [*self.curves, self.left_axis, self.bottom_axis]:
            if item.cacheMode() != mode and (item.isVisible() or not on):
                item.setCacheMode(mode)

    def drawn_from_caches(self) -> bool:
        """Whether the shown series and the axes are drawn from their cached pictures."""
        shown = [c for c in self.curves if c.isVisible()]
        cached = QGraphicsItem.CacheMode.DeviceCoordinateCache
        return bool(shown) and all(item.cacheMode() == cached
                                   for item in [*shown, self.left_axis, self.bottom_axis])

    def _only_years_differ(self, data: ChartData) -> bool:
        return not self._is_bars() and only_years_differ(self.data, data)

    def set_highlight_years(self, years: Iterable[int]) -> None:
        """Move the selected-year bands only: the plot's data, texts and legend stay.

        A row selection changes nothing else, so it must not pay for a full redraw."""
        data = self.data
        years = tuple(int(y) for y in years)
        if data is None or years == tuple(data.highlight_years):
            return
        self.data = data = dataclasses.replace(data, highlight_years=years)
        if not self._is_bars():  # bars have no year axis: nothing to mark
            # The band moves over the series and axes, which are drawn again under it:
            # from a cached picture each (QGraphicsItem's device cache) in the window's
            # view, from this first move until new data. Not cached from the start:
            # filling the caches cost each filter change ~1.3 ms; moving the band over
            # them saves a selection ~0.4 ms at x1 and ~1.3 ms at x10 (the series), and
            # ~0.4-0.7 ms more at x10 (the axes). Exports draw fresh views.
            self._cache_under_bands(self.steady)
            self._draw_years(data, data.is_empty or not data.series)
            self._settle()

    def set_log_scale(self, on: bool) -> None:
        """Logarithmic value axis for line charts (bars stay linear)."""
        self.log_scale = bool(on)
        if self.data is not None:
            self._draw(self.data)

    def legend_labels(self) -> list[str]:
        return [label.text for _sample, label in self.legend.items]

    def hover_text(self, x: float, y: float | None = None) -> str:
        """What the hover label says at view point (x, y): a year's values or a bar's."""
        lines = self._hover_lines(x, y)
        return "\n".join(lines)

    def click_at(self, x: float, y: float) -> None:
        """A left click at view coordinates: emits yearClicked or categoryClicked."""
        data = self.data
        if data is None or data.is_empty:
            return
        if self._is_bars():
            index = self._bar_index(y)
            if index is not None and index < len(data.category_keys):
                self.categoryClicked.emit(data.category_keys[index])
        else:
            year = self._year_at(x)
            if year is not None:
                self.yearClicked.emit(year)

    # ------------------------------------------------------------ texts

    def _style_plot(self) -> None:
        t = self.theme
        for axis in (self.bottom_axis, self.left_axis):
            axis.setPen(pg.mkPen(t.foreground))
            axis.setTextPen(pg.mkPen(t.foreground))
            axis.setStyle(tickFont=t.font(t.tick_pt), tickTextOffset=6, tickLength=-5,
                          hideOverlappingLabels=False)  # keep the "0" at the axis end
        for name in ("top", "right"):
            # pyqtgraph's hidden top and right axes follow every range change too, each
            # re-setting its (empty) HTML label for its SI prefix: ~0.1 ms an axis a change.
            self.plot.getAxis(name).enableAutoSIPrefix(False)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.vb.setDefaultPadding(0.0)

    def compact(self) -> bool:
        """Small views (a detail pane) leave notes to the tooltip and use smaller titles."""
        return self.height() < COMPACT_HEIGHT or self.width() < COMPACT_WIDTH

    def _set_texts(self) -> None:
        """Set title, footer and axis labels, each only when it changed: setting HTML
        texts is the slow part of an update, and most updates keep all but the title."""
        data, t = self.data, self.theme
        assert data is not None
        width = max(self.width() - 40, 160)
        compact = self.compact()
        bars = data.kind == "top" or any(s.style == "bar" for s in data.series)
        if (key := (data.title, width, compact)) != self._title_key:
            self._title_key = key
            title_pt = t.title_pt - 2.5 if compact else t.title_pt
            title = _wrap(data.title, t.font(title_pt, bold=True), width)
            title = self._keep_room("title", title)
            self.title_item.setText(title, size=f"{title_pt}pt", bold=True,
                                    color=t.foreground)
            # No title (the detail pane shows it above the chart): no empty row for it.
            self.title_item.setMaximumHeight(1e6 if data.title else 0)
        if (key := (data.source, data.notes, width, compact)) != self._footer_key:
            self._footer_key = key
            footer_font = t.font(t.source_pt)
            lines = [_wrap(data.source, footer_font, width)]
            notes = [f"Note: {n}" for n in data.notes]
            if not compact:
                lines += [_wrap(n, footer_font, width) for n in notes]
            footer = self._keep_room("footer", "<br>".join(lines))
            self.footer_item.setText(footer, size=f"{t.source_pt}pt", color=t.muted)
            self.setToolTip("\n".join(notes) if compact else "")
        # Each axis on its own: a new unit (persons, cases) changes only the value axis.
        bottom, left = (data.y_label, "") if bars else (data.x_label, data.y_label)
        label_style = {"font-size": f"{t.label_pt}pt", "color": t.foreground}
        if (key := (bottom, bars)) != self._label_keys.get("bottom"):
            self._label_keys["bottom"] = key
            self.plot.setLabel("bottom", bottom, **label_style)
        if (key := (left, bars)) != self._label_keys.get("left"):
            self._label_keys["left"] = key
            if bars:  # horizontal bars: values along the bottom, names on the left
                self.plot.setLabel("left", "")
                self.left_axis.show_label(False)
            else:
                self.plot.setLabel("left", left, **label_style)

    def _keep_room(self, which: str, html: str) -> str:
        """In a steady view, the text padded with empty lines to the most lines it took
        since this kind of chart was shown at this size."""
        if not self.steady or not html:
            return html
        lines = html.count("<br>") + 1
        most = self._text_lines[which] = max(self._text_lines.get(which, 0), lines)
        return html + "<br>&nbsp;" * (most - lines)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        # Re-wrap texts and re-fit the legend to the new width first: pyqtgraph then sizes
        # the central layout from minimum widths that already fit.
        if getattr(self, "data", None) is not None:  # also called from the base __init__
            old = event.oldSize()
            was_compact = (old.height() < COMPACT_HEIGHT or old.width() < COMPACT_WIDTH)
            if old.width() != event.size().width() or was_compact != self.compact():
                self._draw(self.data)  # a taller or shorter view keeps its texts
        super().resizeEvent(event)

    def _place_empty_label(self) -> None:
        rect = self.plot.vb.boundingRect()
        self.empty_label.setPos(rect.center())

    # ------------------------------------------------------------ lines

    def _draw_lines(self, data: ChartData, empty: bool) -> None:
        t = self.theme
        self.bottom_axis.set_mode("year")
        self.left_axis.set_mode("percent" if data.y_format == "percent" else "count")
        self.left_axis.short_numbers = self.compact()
        self.left_axis.show_label(True)
        if self.bars.isVisible():  # a bar chart was shown: empty its bars
            self.bars.setOpts(x0=[], y=[], width=[], height=BAR_HEIGHT)
            self.bars.hide()
        self._show_bar_labels(0)
        log = self.log_scale
        self.plot.setLogMode(x=False, y=log)
        series = [] if empty else list(data.series)
        stacked = [s for s in series if s.style == "stacked"]
        tops = stack_tops(stacked) if stacked and not log else None
        self._ensure_curves(len(series))
        line_index = 0
        for i, s in enumerate(series):
            curve = self.curves[i]
            if s.style == "stacked" and tops is not None:
                k = stacked.index(s)
                self._set_curve(curve, s.x.astype(float), tops[k],
                                ("band", s.color or t.color(k)))
                _set_z(curve, 10 - k)  # lower bands over higher ones
            else:
                y = _log_safe(s.y) if log else s.y.astype(float)
                many = len(s.x) > MAX_SYMBOL_POINTS
                self._set_curve(curve, s.x.astype(float), y,
                                ("line", s.color or t.color(line_index),
                                 None if many else t.symbol(line_index)))
                _set_z(curve, 15 + line_index)
                line_index += 1
            curve.show()
        self._clear_curves(len(series))
        self._x = sorted_unique(np.concatenate([s.x for s in series])) if series else np.zeros(0)
        self._set_line_ranges(data, series, tops, log)
        self._draw_years(data, empty)
        self.plot.showGrid(x=False, y=not empty, alpha=t.grid_alpha)

    def _set_curve(self, curve: SeriesItem, x: np.ndarray, y: np.ndarray,
                   style: tuple) -> None:
        """New data for a curve; its pens, fill and symbols only when they change (a
        filter keeps them)."""
        if self._styles.get(curve) == style:
            curve.setData(x, y)
            return
        self._styles[curve] = style
        self._restyled = True
        t = self.theme
        if style[0] == "band":
            color = style[1]
            curve.setData(x, y, symbol=None, pen=pg.mkPen(color, width=1),
                          fillLevel=0.0, fillBrush=pg.mkBrush(lighten(color, 0.35)))
            return
        _, color, symbol = style
        curve.setData(x, y, fillLevel=None, fillBrush=None,
                      pen=pg.mkPen(color, width=t.line_width), symbol=symbol,
                      symbolSize=t.symbol_size, symbolBrush=pg.mkBrush(color),
                      symbolPen=pg.mkPen(t.background, width=0.8))

    def _set_line_ranges(self, data: ChartData, series: list[Series],
                         tops: list[np.ndarray] | None, log: bool) -> None:
        vb = self.plot.vb
        if not series:
            vb.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)
            return
        # One setRange call for both axes: each call re-lays out the view and its axes.
        x_range = (float(self._x.min()) - 0.5, float(self._x.max()) + 0.5)
        if data.y_format == "percent" and not log:
            vb.setRange(xRange=x_range, yRange=_padded(0.0, 1.0, 0.02), padding=0)
            return
        values = [s.y for s in series] + (tops or [])
        finite = np.concatenate([v[np.isfinite(v)] for v in values])
        if log:
            positive = finite[finite > 0]
            if len(positive):
                lo, hi = np.log10(positive.min()), np.log10(positive.max())
                vb.setRange(xRange=x_range, yRange=_padded(
                    np.floor(lo), max(np.ceil(hi), lo + 1), 0.02), padding=0)
            else:
                vb.setRange(xRange=x_range, padding=0)
            return
        top = float(finite.max()) if len(finite) else 1.0
        top = top if top > 0 else 1.0
        # A hair below 0: pyqtgraph drops a tick that lands exactly on the edge ("0").
        vb.setRange(xRange=x_range, yRange=(-top * ZERO_MARGIN, top * 1.06), padding=0)

    def _draw_years(self, data: ChartData, empty: bool) -> None:
        """Selected years as light bands, the marked year as a dashed line."""
        runs = [] if empty else _runs(sorted(set(data.highlight_years)))
        while len(self.bands) < len(runs):
            t = self.theme
            band = YearBand(pg.mkBrush(t.qcolor(t.highlight, t.highlight_alpha)))
            band.setZValue(12)  # over the opaque bands, under the lines
            self.plot.addItem(band, ignoreBounds=True)
            self.bands.append(band)
        view = self.plot.vb.viewRect()  # the range just set: bands and mark span it
        for band, (a, b) in zip(self.bands, runs, strict=False):
            band.set_years(a, b, view)
            band.show()
        for band in self.bands[len(runs):]:
            band.hide()
        if data.marked_year is not None and not empty:
            self.marker.set_year(data.marked_year, view)
            self.marker.show()
        else:
            self.marker.hide()

    def _clear_curves(self, first: int) -> None:
        """Empty and hide the curves from `first` on; already empty ones are left alone."""
        for curve in self.curves[first:]:
            if curve.xData is not None and len(curve.xData):
                curve.setData([], [])
            curve.hide()

    def _ensure_curves(self, n: int) -> None:
        while len(self.curves) < n:
            curve = SeriesItem()
            # The view's ranges are set from the data (_set_line_ranges), never from the
            # items' bounds.
            self.plot.addItem(curve, ignoreBounds=True)
            self.curves.append(curve)

    # ------------------------------------------------------------ bars

    def _draw_bars(self, data: ChartData, empty: bool) -> None:
        t = self.theme
        self.plot.setLogMode(x=False, y=False)
        self.bottom_axis.set_mode("count")
        self.left_axis.set_mode("category")
        self.bottom_axis.short_numbers = self.compact()
        self._clear_curves(0)
        for band in self.bands:
            band.hide()
        self.marker.hide()
        series = None if empty else next((s for s in data.series if s.style == "bar"), None)
        n = 0 if series is None else len(series.y)
        values = np.zeros(0) if series is None else np.nan_to_num(series.y.astype(float))
        positions = np.arange(n, dtype=float)[::-1]  # largest on top
        color = (series.color if series is not None else None) or t.color(0)
        self.bars.setOpts(x0=np.zeros(n), y=positions, width=values, height=BAR_HEIGHT,
                          brush=pg.mkBrush(color), pen=pg.mkPen(None))
        self.bars.setVisible(n > 0)
        font = t.font(t.tick_pt)
        metrics = QFontMetrics(font)
        names = [metrics.elidedText(name, Qt.TextElideMode.ElideRight, MAX_CATEGORY_PX)
                 for name in data.categories[:n]]
        self.left_axis.set_categories(list(zip(positions.tolist(), names, strict=True)))
        widest = max((metrics.horizontalAdvance(s) for s in names), default=40)
        self.left_axis.setWidth(widest + 14)
        self._show_bar_labels(n)
        for label, x, y in zip(self.bar_labels, values, positions, strict=False):
            label.setText(format_count(x))
            label.setPos(x, y)
        self._x = np.zeros(0)
        top = float(values.max()) if n else 1.0
        top = top if top > 0 else 1.0
        self.plot.vb.setRange(xRange=(-top * ZERO_MARGIN, top * 1.16),
                              # few bars keep their thickness, at the top
                              yRange=(min(-0.6, n - 0.4 - MIN_BAR_SLOTS), n - 0.4),
                              padding=0)
        self.plot.showGrid(x=True, y=False, alpha=t.grid_alpha)

    def _show_bar_labels(self, n: int) -> None:
        t = self.theme
        while len(self.bar_labels) < n:
            label = pg.TextItem("", color=t.foreground, anchor=(-0.05, 0.5))
            label.setFont(t.font(t.tick_pt))
            self.plot.addItem(label, ignoreBounds=True)
            self.bar_labels.append(label)
        for i, label in enumerate(self.bar_labels):
            label.setVisible(i < n)

    def _is_bars(self) -> bool:
        return self.left_axis.mode == "category"

    def _bar_index(self, y: float) -> int | None:
        """Bar under view y (bars sit at n-1..0, largest on top)."""
        n = len(self.data.categories) if self.data else 0
        pos = round(y)
        if n == 0 or abs(y - pos) > BAR_HEIGHT / 2 + 0.1 or not 0 <= pos < n:
            return None
        return n - 1 - pos

    # ------------------------------------------------------------ legend

    def _update_legend(self, data: ChartData, empty: bool) -> bool:
        """Show the legend for these series; True when its entries or visibility changed
        (then the layout must be redone), False when only the curves' data did."""
        if empty or self._is_bars() or len(data.series) < 2:
            changed = self._legend_key is not None or self.legend.isVisible()
            if self._legend_key is not None:
                self.legend.clear()
            self._legend_key = None
            self.legend.hide()
            return changed
        order = legend_order(data)
        columns, names = self._legend_layout([data.series[i].name for i in order])
        key = (tuple(order), tuple(names), self._legend_pt(), columns)
        changed = key != self._legend_key or not self.legend.isVisible()
        if key != self._legend_key:  # rebuilding costs more than drawing the whole plot
            self._legend_key = key
            self.legend.clear()
            self.legend.setLabelTextSize(f"{key[2]}pt")
            for i, name in zip(order, names, strict=True):
                self.legend.addItem(self.curves[i], name)
            self.legend.setColumnCount(columns)
            self.legend.layout.activate()
            self.legend.setMaximumWidth(self.legend.layout.preferredWidth())
        self.legend.show()
        if changed or self._restyled:
            self.legend.update()  # swatches paint from the curves' current pens
        self._restyled = False
        return changed

    def _legend_pt(self) -> float:
        return self.theme.legend_pt - 1.5 if self.compact() else self.theme.legend_pt

    def _legend_layout(self, names: list[str]) -> tuple[int, list[str]]:
        """Columns for the legend and its labels: all in one row when up to four fit, else
        up to three columns; long labels are elided (the hover has them in full) rather
        than stacking one entry per row under a small plot."""
        metrics = QFontMetrics(self.theme.font(self._legend_pt()))
        available = self.width() - 40
        most = len(names) if len(names) <= 4 else 3

        def fits(labels: list[str], columns: int) -> bool:
            widths = [metrics.horizontalAdvance(n) + LEGEND_SAMPLE_PX for n in labels]
            return sum(max(widths[c::columns]) for c in range(columns)) <= available

        for columns in range(most, 1, -1):
            if fits(names, columns):
                return columns, names
        tries = (3, 2) if self.compact() else (2, 3)
        for columns in (c for c in tries if c <= most):
            budget = available // columns - LEGEND_SAMPLE_PX
            if budget >= MIN_LEGEND_LABEL_PX:
                return columns, [metrics.elidedText(n, Qt.TextElideMode.ElideRight, budget)
                                 for n in names]
        return 1, names

    # ------------------------------------------------------------ hover and clicks

    def _year_at(self, x: float) -> int | None:
        if not len(self._x):
            return None
        year = int(round(x))
        return year if self._x.min() <= year <= self._x.max() else None

    def _hover_lines(self, x: float, y: float | None) -> list[str]:
        data = self.data
        if data is None or data.is_empty:
            return []
        if self._is_bars():
            index = self._bar_index(y if y is not None else -1)
            if index is None:
                return []
            bar = next(s for s in data.series if s.style == "bar")
            return [data.categories[index], f"{bar.name}: {format_count(bar.y[index])}"]
        year = self._year_at(x)
        return [] if year is None else year_lines(data, year)

    def _hover_html(self, lines: list[str]) -> str:
        data = self.data
        assert data is not None
        colors = [] if self._is_bars() else [self._series_color(i)
                                              for i in range(len(data.series))]
        return hover_html(lines, colors, self.theme)

    def _series_color(self, i: int) -> str:
        pen = self.curves[i].opts.get("pen") if i < len(self.curves) else None
        return pg.mkPen(pen).color().name() if pen is not None else self.theme.foreground

    def _on_mouse_moved(self, pos: QPointF) -> None:
        if self.data is None or not self.plot.vb.sceneBoundingRect().contains(pos):
            self._hide_hover()
            return
        point = self.plot.vb.mapSceneToView(pos)
        lines = self._hover_lines(point.x(), point.y())
        if not lines:
            self._hide_hover()
            return
        self.hover_label.setHtml(self._hover_html(lines))
        (x0, x1), (y0, y1) = self.plot.vb.viewRange()
        if self._is_bars():
            self.hover_line.hide()
            right = point.x() > (x0 + x1) / 2
            self.hover_label.setAnchor((1, 1) if right else (0, 1))
            self.hover_label.setPos(point.x(), point.y())
        else:
            year = self._year_at(point.x())
            self.hover_line.setPos(year)
            self.hover_line.show()
            right = year > (x0 + x1) / 2
            self.hover_label.setAnchor((1.0, 0) if right else (0.0, 0))
            self.hover_label.setPos(year + (-0.15 if right else 0.15), y1)
        self.hover_label.show()

    def _hide_hover(self) -> None:
        self.hover_line.hide()
        self.hover_label.hide()

    def _on_mouse_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.scenePos()
        if not self.plot.vb.sceneBoundingRect().contains(pos):
            return
        point = self.plot.vb.mapSceneToView(pos)
        self.click_at(point.x(), point.y())

    def close(self) -> bool:
        # pyqtgraph's close() clears the scene; a resize or mouse signal arriving while
        # items are being deleted would reach freed C++ objects. Disconnect first.
        for signal, slot in ((self.plot.vb.sigResized, self._place_empty_label),
                             (self.scene().sigMouseMoved, self._on_mouse_moved),
                             (self.scene().sigMouseClicked, self._on_mouse_clicked)):
            with contextlib.suppress(RuntimeError, TypeError):  # already disconnected
                signal.disconnect(slot)
        self.data = None
        return super().close()

    def leaveEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self._hide_hover()
        super().leaveEvent(event)


# ---------------------------------------------------------------- helpers

class LegendSample(ItemSample):
    """Legend swatch: a filled square for bands and bars, a short line (and its symbol)
    for lines — what the reader looks for in the plot. A click hides or shows the series
    (pyqtgraph's behaviour); a hidden one's swatch is faded."""

    def paint(self, painter, *args) -> None:
        opts = self.item.opts
        painter.setRenderHint(painter.RenderHint.Antialiasing)
        if not self.item.isVisible():  # hidden by a click on this swatch: shown faded
            painter.setOpacity(0.25)
        if opts.get("fillLevel") is not None and opts.get("fillBrush") is not None:
            painter.setPen(pg.mkPen(opts["pen"]))
            painter.setBrush(pg.mkBrush(opts["fillBrush"]))
            painter.drawRect(QRectF(3, 4, 14, 14))
            return
        painter.setPen(pg.mkPen(opts["pen"]))
        painter.drawLine(QPointF(0, 11), QPointF(20, 11))
        symbol = opts.get("symbol")
        if symbol is not None:
            painter.translate(10, 11)
            drawSymbol(painter, symbol, opts["symbolSize"], pg.mkPen(opts["symbolPen"]),
                       pg.mkBrush(opts["symbolBrush"]))


def _set_z(item: pg.GraphicsObject, z: float) -> None:
    """setZValue only for a new z: each call goes through pyqtgraph's Python itemChange."""
    if item.zValue() != z:
        item.setZValue(z)


def only_years_differ(old: ChartData | None, new: ChartData) -> bool:
    """The same series and texts: only the selected and the marked years may differ."""
    if old is None or old.series is not new.series:
        return False
    for f in dataclasses.fields(new):
        if f.name in ("highlight_years", "marked_year"):
            continue
        a, b = getattr(old, f.name), getattr(new, f.name)
        # Series hold numpy arrays: the same objects, not equal values, are required.
        if a is not b and (f.name in ("series", "extra") or a != b):
            return False
    return True


def legend_order(data: ChartData) -> list[int]:
    """Series in the legend's order, the order the eye meets them in the plot: stacked
    bands top-down, then lines."""
    order = [i for i, s in enumerate(data.series) if s.style == "stacked"][::-1]
    return order + [i for i, s in enumerate(data.series) if s.style != "stacked"]


def year_lines(data: ChartData, year: int) -> list[str]:
    """What a hover says about one year: the year, then each series' value and the
    counts behind them (the undrawn `extra` series)."""
    lines = [str(year)]
    for s in data.series:
        lines.append(f"{s.name}: {format_value(value_at(s, year), data.y_format)}")
    for s in data.extra:
        lines.append(f"{s.name}: {format_count(value_at(s, year))}")
    return lines


def hover_html(lines: list[str], colors: list[str], theme: Theme) -> str:
    """Hover lines as HTML: the first in bold, each drawn series' line after a swatch of
    its colour (`colors`, in series order), the lines after those (the counts behind the
    values) muted. No colours: plain lines (a bar's name and value)."""
    head, rest = lines[0], lines[1:]
    rows = [f"<b>{_esc(head)}</b>"]
    for i, line in enumerate(rest):
        if not colors:
            rows.append(_esc(line))
        elif i < len(colors):
            rows.append(f"<span style='color:{colors[i]}'>■</span> {_esc(line)}")
        else:
            rows.append(f"<span style='color:{theme.muted}'>{_esc(line)}</span>")
    return (f"<div style='color:{theme.foreground}; font-size:{theme.tick_pt}pt'>"
            + "<br>".join(rows) + "</div>")


def value_at(series: Series, x: float) -> float:
    hit = np.flatnonzero(series.x == x)
    return float(series.y[hit[0]]) if len(hit) else float("nan")


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """np.unique of a few x values without its first-call import of numpy.ma (~20 ms of
    every start: np.unique asks `np.ma.is_masked`)."""
    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def _padded(lo: float, hi: float, padding: float) -> tuple[float, float]:
    """A range widened by `padding` of its span on each side (as pyqtgraph's padding)."""
    pad = (hi - lo) * padding
    return float(lo - pad), float(hi + pad)


def stack_tops(series: list[Series]) -> list[np.ndarray]:
    """Cumulative tops of stacked bands; a year where every band is NaN stays a gap."""
    values = np.vstack([s.y.astype(float) for s in series])
    all_missing = np.all(np.isnan(values), axis=0)
    tops = np.cumsum(np.nan_to_num(values), axis=0)
    tops[:, all_missing] = np.nan
    return list(tops)


def _log_safe(y: np.ndarray) -> np.ndarray:
    """Zeros cannot be drawn on a log axis: they become gaps, not -inf spikes."""
    y = y.astype(float).copy()
    y[~(y > 0)] = np.nan
    return y


def _runs(years: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for y in years:
        if runs and y == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], y)
        else:
            runs.append((y, y))
    return runs


def lighten(hex_color: str, amount: float) -> str:
    """Mix a colour with white (amount 0 = unchanged, 1 = white), opaque."""
    c = pg.mkColor(hex_color)
    r, g, b = (int(v + (255 - v) * amount) for v in (c.red(), c.green(), c.blue()))
    return f"#{r:02x}{g:02x}{b:02x}"


def _wrap(text: str, font, width: int) -> str:
    """HTML text broken at " — " (else at spaces) so that each line fits `width` px."""
    return "<br>".join(_esc(line) for line in wrap_lines(text, font, width))


def wrap_lines(text: str, font: QFont, width: int) -> list[str]:
    """Text broken at " — " (else at spaces) into lines that each fit `width` px."""
    metrics = QFontMetrics(font)
    if metrics.horizontalAdvance(text) <= width:  # one line: one measurement, not one a piece
        return [text]
    pieces = text.split(" — ")
    lines: list[str] = []
    for piece in pieces:
        candidate = f"{lines[-1]} — {piece}" if lines else piece
        if lines and metrics.horizontalAdvance(candidate) <= width:
            lines[-1] = candidate
        else:
            lines.extend(_wrap_words(piece, metrics, width))
    # A continuation line starts like a sentence ("All asylum countries — 2000–2025").
    return [line[:1].upper() + line[1:] if i else line for i, line in enumerate(lines)]


def _wrap_words(text: str, metrics: QFontMetrics, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split(" "):
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and metrics.horizontalAdvance(candidate) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
