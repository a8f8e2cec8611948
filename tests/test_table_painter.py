"""The case table paints its own cells (table_painter): it must look like QTableView's."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPalette

from asylum_explorer.qt.widgets.case_table import CaseTable
from asylum_explorer.qt.widgets.table_painter import _TextCache
from tests.test_gui_window import open_window

pytestmark = pytest.mark.gui


@pytest.fixture()
def app(qtbot, small_store_path, tmp_path):
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return open_window(qtbot, small_store_path, settings)


def _grab(table: CaseTable, fast: bool) -> QImage:
    table.fast_paint = fast
    try:
        return table.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    finally:
        del table.fast_paint  # back to the class default


def _differing(a: QImage, b: QImage, by: int = 100) -> float:
    """Share of pixels whose colour differs by more than `by` in a channel: text drawn vs
    not drawn, a line moved; anti-aliasing shades differ by less."""
    assert a.size() == b.size()
    diff = 0
    for y in range(a.height()):
        for x in range(a.width()):
            p, q = a.pixel(x, y), b.pixel(x, y)
            if p != q and max(abs((p >> s & 255) - (q >> s & 255)) for s in (0, 8, 16)) > by:
                diff += 1
    return diff / (a.width() * a.height())


def test_cells_look_like_qtableviews_own(app) -> None:
    """Same texts, alignment, stripes, grid and selection: only anti-aliasing may differ."""
    window, _controller = app
    table = window.table
    table.selectRow(2)
    ours, qts = _grab(table, fast=True), _grab(table, fast=False)
    assert _differing(ours, qts) < 0.003


def test_selected_row_is_painted_in_the_highlight_colour(app) -> None:
    window, _controller = app
    table = window.table
    table.selectRow(1)
    image = _grab(table, fast=True)
    y = table.rowViewportPosition(1) + table.rowHeight(1) // 2
    highlight = table.palette().color(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Highlight)
    active = table.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    row_colours = {QColor(image.pixel(x, y)).rgb() for x in range(2, 40)}
    assert row_colours & {highlight.rgb(), active.rgb()}
    y0 = table.rowViewportPosition(0) + 2
    assert QColor(image.pixel(5, y0)).rgb() not in {highlight.rgb(), active.rgb()}


def _highlighted_rows(table: CaseTable, image: QImage, rows: int) -> list[int]:
    # Near, not equal: with the focus, Qt's own painter shades the current row's
    # highlight a little (Fusion: (49, 145, 204) for (48, 140, 198)).
    colours = [table.palette().color(group, QPalette.ColorRole.Highlight)
               for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)]

    def highlighted(pixel: QColor) -> bool:
        return any(max(abs(pixel.red() - c.red()), abs(pixel.green() - c.green()),
                       abs(pixel.blue() - c.blue())) <= 12 for c in colours)

    return [r for r in range(rows)
            if highlighted(QColor(image.pixel(3, table.rowViewportPosition(r) + 2)))]


def test_every_selected_block_of_rows_is_highlighted(app) -> None:
    """Ctrl+click and Shift+click make several row ranges; a single cell selected
    through the selection model (not by a click) highlights no whole row."""
    window, _controller = app
    table, flags = window.table, QItemSelectionModel.SelectionFlag
    selection = table.selectionModel()
    table.setFocus()  # the current row painted as with the keyboard focus, as in use
    table.selectRow(1)
    rows = flags.Select | flags.Rows
    selection.select(table.model().index(3, 0), rows)
    selection.select(table.model().index(4, 0), rows)
    selection.select(table.model().index(6, 0), rows)
    assert _highlighted_rows(table, _grab(table, fast=True), 8) == [1, 3, 4, 6]
    assert _highlighted_rows(table, _grab(table, fast=False), 8) == [1, 3, 4, 6]
    selection.select(table.model().index(2, 1), flags.ClearAndSelect)
    assert _highlighted_rows(table, _grab(table, fast=True), 8) == []


def test_narrow_column_elides_long_text(app) -> None:
    window, _controller = app
    metrics = QFontMetrics(window.table.font())
    cache = _TextCache(window.table.font().key())
    name = "Venezuela (Bolivarian Republic of)"
    width, _ = cache.get(name, metrics, 1000)
    assert width == metrics.horizontalAdvance(name)
    short_width, static = cache.get(name, metrics, 60)
    assert short_width <= 60 and static.text().endswith("…")
    assert cache.get(name, metrics, 60)[1] is static  # laid out once, then reused


def test_empty_table_still_says_why(app, qtbot) -> None:
    from asylum_explorer.core.query import Filter

    window, controller = app
    with qtbot.waitSignal(controller.chartsUpdated, timeout=10_000):
        controller.state.set_filter(Filter(year_from=1951, year_to=1951))
    assert window.table_model.rowCount() == 0
    image = _grab(window.table, fast=True)
    colours = {image.pixel(x, 48) for x in range(image.width())}
    assert len(colours) > 1  # the "No rows match" line is drawn
