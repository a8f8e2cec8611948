"""Paints the case table's visible cells in one pass, from pre-formatted strings.

Why not QTableView's own paint: it asks the model for ~7 roles per cell (each a call into
Python) and lays out every cell's text through QTextLayout; a full table repaint cost
~23 ms for ~250 cells at ×1 (measured with `benchmarks/run.py`), most of a filter
change's or a row selection's budget. Here each visible column's strings come from the
model in one call and each cell draws a cached `QStaticText`, so a full repaint of the
window's table takes ~1.5-2 ms.

What the user sees is kept: base and alternating row colours, selected rows in the
highlight colours (inactive colours when the window is not active), grid lines in the
style's grid colour, the style's text margin, long text elided with "…", the focus frame
on the current cell. Everything else (scrolling, selection, keyboard, tooltips, the
headers, accessibility) stays QTableView's: only the cells' pixels are ours.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QLine, QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QPen, QStaticText
from PySide6.QtWidgets import QStyle, QStyleOptionFocusRect, QStyleOptionViewItem, QTableView


class CellTexts(Protocol):
    def display_texts(self, start: int, stop: int, column: int) -> list[str]: ...
    def alignment(self, column: int) -> int: ...


def visible_rows(table: QTableView, rect: QRect, row_count: int) -> range:
    """Rows that intersect `rect` (viewport coordinates)."""
    header = table.verticalHeader()
    first = header.visualIndexAt(rect.top())
    if first < 0:
        return range(0)
    last = header.visualIndexAt(rect.bottom())
    return range(first, (last if last >= 0 else row_count - 1) + 1)


def visible_columns(table: QTableView, rect: QRect) -> list[int]:
    """Logical columns that intersect `rect`, in screen order, hidden ones left out."""
    header = table.horizontalHeader()
    first = header.visualIndexAt(rect.left())
    if first < 0:
        return []
    last = header.visualIndexAt(rect.right())
    last = last if last >= 0 else header.count() - 1
    logical = (header.logicalIndex(v) for v in range(first, last + 1))
    return [c for c in logical if not header.isSectionHidden(c)]


def paint_cells(table: QTableView, model: CellTexts, rect: QRect, row_count: int) -> None:
    """Paint the cells of `table`'s viewport inside `rect`."""
    viewport = table.viewport()
    painter = QPainter(viewport)
    try:
        _paint(table, model, painter, rect, row_count)
    finally:
        painter.end()


def _paint(table: QTableView, model: CellTexts, painter: QPainter, rect: QRect,
           row_count: int) -> None:
    palette = table.palette()
    group = (QPalette.ColorGroup.Active if table.isActiveWindow()
             else QPalette.ColorGroup.Inactive)
    if not table.isEnabled():
        group = QPalette.ColorGroup.Disabled
    painter.fillRect(rect, palette.brush(group, QPalette.ColorRole.Base))
    rows = visible_rows(table, rect, row_count)
    columns = visible_columns(table, rect)
    if not rows or not columns:
        return
    vheader, hheader = table.verticalHeader(), table.horizontalHeader()
    tops = [vheader.sectionViewportPosition(r) for r in rows]
    heights = [vheader.sectionSize(r) for r in rows]
    lefts = [hheader.sectionViewportPosition(c) for c in columns]
    widths = [hheader.sectionSize(c) for c in columns]
    x0, x1 = min(lefts), max(a + w for a, w in zip(lefts, widths, strict=True))
    selected = selected_rows(table, rows)
    _paint_rows(table, painter, palette, group, rows, tops, heights, selected, x0, x1)
    # With a grid, a cell's content stops short of its 1 px right and bottom lines.
    grid = 1 if table.showGrid() else 0
    _paint_texts(table, model, painter, palette, group, rows, columns, tops,
                 [h - grid for h in heights], lefts, [w - grid for w in widths], selected)
    if table.showGrid():
        _paint_grid(table, painter, tops, heights, lefts, widths, x0, x1)
    _paint_focus(table, painter, rows, columns, tops, heights, lefts, widths)


def selected_rows(table: QTableView, rows: range) -> list[bool]:
    """Whether each of `rows` is selected, from the selection's row ranges.

    `QItemSelectionModel.isRowSelected` asks the (Python) model for its column count on
    every call: ~15 µs a row, a tenth of a full repaint. Whole-row ranges (the table
    selects rows) are read directly; any other selection is asked row by row."""
    model = table.model()
    selection = table.selectionModel()
    ranges = selection.selection()
    last_column = model.columnCount() - 1
    if len(ranges) > 64 or any(r.left() != 0 or r.right() != last_column for r in ranges):
        return [selection.isRowSelected(r) for r in rows]
    flags = [False] * len(rows)
    for r in ranges:
        for row in range(max(r.top(), rows.start), min(r.bottom() + 1, rows.stop)):
            flags[row - rows.start] = True
    return flags


def _paint_rows(table: QTableView, painter: QPainter, palette: QPalette,
                group: QPalette.ColorGroup, rows: range, tops: list[int],
                heights: list[int], selected: list[bool], x0: int, x1: int) -> None:
    alternate = palette.brush(group, QPalette.ColorRole.AlternateBase)
    highlight = palette.brush(group, QPalette.ColorRole.Highlight)
    striped = table.alternatingRowColors()
    for row, top, height, sel in zip(rows, tops, heights, selected, strict=True):
        if sel:
            painter.fillRect(x0, top, x1 - x0, height, highlight)
        elif striped and row % 2:
            painter.fillRect(x0, top, x1 - x0, height, alternate)


def _paint_texts(table: QTableView, model: CellTexts, painter: QPainter, palette: QPalette,
                 group: QPalette.ColorGroup, rows: range, columns: list[int],
                 tops: list[int], heights: list[int], lefts: list[int], widths: list[int],
                 selected: list[bool]) -> None:
    metrics = table.fontMetrics()
    texts_cache = _text_cache(table)
    # The margin QCommonStyle leaves on each side of an item view's text.
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    text_pen = QPen(palette.color(group, QPalette.ColorRole.Text))
    selected_pen = QPen(palette.color(group, QPalette.ColorRole.HighlightedText))
    line_height = metrics.height()
    offsets = [top + (height - line_height) // 2 for top, height in zip(tops, heights,
                                                                          strict=True)]
    painter.setFont(table.font())
    # Per column: its texts, where they start, how much room they have, which side.
    cells = []
    for column, left, width in zip(columns, lefts, widths, strict=True):
        room = width - 2 * margin
        if room > 0:
            right = bool(model.alignment(column) & Qt.AlignmentFlag.AlignRight)
            cells.append((model.display_texts(rows.start, rows.stop, column),
                          left + margin, room, right))
    # Plain rows first, then selected ones: one pen change each, not one per cell.
    known = texts_cache.items
    for pen, sel in ((text_pen, False), (selected_pen, True)):
        picked = [i for i, s in enumerate(selected) if bool(s) == sel]
        if not picked:
            continue
        painter.setPen(pen)
        for texts, start, room, right in cells:
            for i in picked:
                text = texts[i]
                if not text:
                    continue
                item = known.get(text)
                if item is None or item[0] > room:  # not laid out yet, or too wide
                    item = texts_cache.get(text, metrics, room)
                text_width, static = item
                painter.drawStaticText(start + room - text_width if right else start,
                                       offsets[i], static)


class _TextCache:
    """Width and laid-out text (QStaticText) of each string shown: the same numbers and
    names come back on every repaint, and laying them out is the costly part of drawing.

    Bounded: it starts over past `LIMIT` strings. Texts wider than their column are
    elided, and kept under (text, room)."""

    LIMIT = 20_000

    def __init__(self, font_key: str) -> None:
        self.font_key = font_key
        self.items: dict[object, tuple[int, QStaticText]] = {}  # read directly when painting

    def get(self, text: str, metrics: QFontMetrics, room: int) -> tuple[int, QStaticText]:
        item = self.items.get(text)
        if item is None:
            item = self._add(text, text, metrics)
        if item[0] <= room:
            return item
        key = (text, room)
        elided = self.items.get(key)
        if elided is None:
            short = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
            elided = self._add(key, short, metrics)
        return elided

    def _add(self, key: object, text: str, metrics: QFontMetrics) -> tuple[int, QStaticText]:
        if len(self.items) >= self.LIMIT:
            self.items = {}
        static = QStaticText(text)
        static.setTextFormat(Qt.TextFormat.PlainText)  # never guess rich text from "<"
        item = (metrics.horizontalAdvance(text), static)
        self.items[key] = item
        return item


def _text_cache(table: QTableView) -> _TextCache:
    font_key = table.font().key()
    cache = getattr(table, "_text_cache", None)
    if cache is None or cache.font_key != font_key:
        cache = _TextCache(font_key)
        table._text_cache = cache  # noqa: SLF001 - the painter's own cache on its table
    return cache


def _paint_grid(table: QTableView, painter: QPainter, tops: list[int], heights: list[int],
                lefts: list[int], widths: list[int], x0: int, x1: int) -> None:
    option = QStyleOptionViewItem()
    option.initFrom(table)
    rgb = table.style().styleHint(QStyle.StyleHint.SH_Table_GridLineColor, option, table)
    painter.setPen(QPen(QColor.fromRgba(rgb & 0xFFFFFFFF), 0, table.gridStyle()))
    y0, y1 = tops[0], tops[-1] + heights[-1] - 1
    # Cells own their right and bottom line. All lines in one call, not one call each.
    lines = [QLine(left + width - 1, y0, left + width - 1, y1)
             for left, width in zip(lefts, widths, strict=True)]
    lines += [QLine(x0, top + height - 1, x1 - 1, top + height - 1)
              for top, height in zip(tops, heights, strict=True)]
    painter.drawLines(lines)


def _paint_focus(table: QTableView, painter: QPainter, rows: range, columns: list[int],
                 tops: list[int], heights: list[int], lefts: list[int],
                 widths: list[int]) -> None:
    current = table.currentIndex()
    if not (table.hasFocus() and current.isValid()):
        return
    if current.row() not in rows or current.column() not in columns:
        return
    i, j = current.row() - rows.start, columns.index(current.column())
    option = QStyleOptionFocusRect()
    option.initFrom(table)
    option.rect = QRect(lefts[j], tops[i], widths[j] - 1, heights[i] - 1)
    table.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, option, painter,
                                table)
