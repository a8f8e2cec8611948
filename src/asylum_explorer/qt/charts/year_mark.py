"""YearMark: the marked year of a chart (the detail pane's selected row), a dashed line
from the bottom of the plot to its top with the year written near the top. YearBand: a
run of selected years, a light band over the plot's height.

pyqtgraph's InfiniteLine with a label recomputes its end points, bounds and the label's
place and transform on every change of the view, and again on every new value: ~1 ms of
each row selection (the pair chart's ranges and year change with every row). The chart
already knows its view's range when it marks a year, so this item takes it once and draws
line and label from it: the line in the view's coordinates, with a cosmetic pen; the
label at its pixel size, as pyqtgraph's labels are.
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsRectItem

LABEL_AT = 0.96  # of the plot's height, from the bottom: the label's top-left corner
PAD = 4.0  # px around the label's text, over a light fill (as pyqtgraph's TextItem)
LABEL_FILL = QColor(255, 255, 255, 220)


class YearMark(pg.GraphicsObject):
    def __init__(self, color: str, font: QFont) -> None:
        super().__init__()
        self._pen = pg.mkPen(color, width=1.5, style=Qt.PenStyle.DashLine)
        self._color = QColor(color)
        self._font = font
        self._year: float | None = None
        self._text = ""
        self._view = QRectF()  # the plot's range (view coordinates) when marked

    def set_year(self, year: float, view: QRectF) -> None:
        """Mark `year` on a plot showing `view` (its range in view coordinates)."""
        if year == self._year and view == self._view:
            return
        self.prepareGeometryChange()
        self._year, self._text, self._view = year, f"{year:g}", QRectF(view)
        self.update()

    def value(self) -> float | None:
        return self._year

    def text(self) -> str:
        return self._text

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt name)
        # The whole plot: the label's size is in pixels, not in view units; the plot is
        # redrawn whenever the mark moves anyway (a new row, a new chart).
        return QRectF(self._view) if self._year is not None else QRectF()

    def paint(self, painter: QPainter, *_: Any) -> None:
        if self._year is None:
            return
        exporting = self._exportOpts is not False
        scale = self._exportOpts.get("resolutionScale", 1.0) if exporting else 1.0
        view, t = self._view, painter.transform()
        bottom = t.map(QPointF(self._year, view.top()))
        top = t.map(QPointF(self._year, view.bottom()))
        corner = t.map(QPointF(self._year, view.top() + LABEL_AT * view.height()))
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, exporting)
        painter.setPen(self._pen)
        painter.drawLine(bottom, top)
        font = QFont(self._font)
        if scale != 1.0:
            font.setPointSizeF(font.pointSizeF() * scale)
        metrics = QFontMetricsF(font)
        pad = PAD * scale
        box = QRectF(corner.x(), corner.y(), metrics.horizontalAdvance(self._text) + 2 * pad,
                     metrics.height() + 2 * pad)
        painter.fillRect(box, LABEL_FILL)
        painter.setFont(font)
        painter.setPen(self._color)
        painter.drawText(QPointF(box.x() + pad, box.y() + pad + metrics.ascent()), self._text)
        painter.restore()


class YearBand(QGraphicsRectItem):
    """Selected years `first`..`last`: a band from half a year before to half a year
    after, over the height of the view's range.

    A plain Qt rectangle, bounded and painted in C++. pyqtgraph's LinearRegionItem (two
    InfiniteLines, bounds recomputed from the view in Python, three items painted) made
    every row selection move and repaint all that: 1-2 ms of each at ×10, ~0.7 at ×1.
    Like YearMark it takes the view's range when placed: the chart places it again with
    every new range.
    """

    def __init__(self, brush: QBrush) -> None:
        super().__init__()
        self.setBrush(brush)
        self.setPen(QPen(Qt.PenStyle.NoPen))

    def set_years(self, first: float, last: float, view: QRectF) -> None:
        """Cover `first`..`last` on a plot showing `view` (its range in view coordinates)."""
        self.setRect(QRectF(first - 0.5, view.top(), last - first + 1.0, view.height()))

    def region(self) -> tuple[float, float]:
        """The band's first and last x (half a year beyond the years it marks)."""
        rect = self.rect()
        return rect.left(), rect.right()
