"""The main window on the small store: filters, table, charts, detail, linking, settings."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from asylum_explorer.core.query import Filter
from asylum_explorer.core.store import Store
from asylum_explorer.qt.controller import Controller
from asylum_explorer.qt.main_window import PAGE_DATA, PAGE_FIRST_RUN, MainWindow
from asylum_explorer.qt.models.case_table_model import TABLE_ROW_ROLE

pytestmark = pytest.mark.gui


@pytest.fixture()
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def open_window(qtbot, store_path, settings):
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 900)
    controller = Controller(window, Store(store_path), settings)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(controller.loaded, timeout=20_000):
        controller.reload()
    controller.wait_idle()
    qtbot.waitUntil(lambda: not controller.jobs.busy, timeout=10_000)
    return window, controller


@pytest.fixture()
def app(qtbot, small_store_path, settings):
    return open_window(qtbot, small_store_path, settings)


def _years_in_table(window) -> set[int]:
    view = window.table_model.view
    return {view.value(p, "year") for p in range(len(view))}


def test_window_shows_the_store(app) -> None:
    window, controller = app
    assert window.pages.currentIndex() == PAGE_DATA
    view = controller.case_view()
    assert window.table_model.rowCount() == view.total > 0
    assert f"{view.total:,} of {view.total:,} rows" == window.rows_label.text()
    assert "release test" in window.source_label.text()
    assert "trend" in controller.charts


def test_number_columns_are_wide_enough_for_their_first_rows(app) -> None:
    # A cut-off count ("12,3…") would mislead: the widths are fitted to the first rows.
    window, _ = app
    view, header = window.table_model.view, window.table.horizontalHeader()
    metrics = window.table.fontMetrics()
    for i, spec in enumerate(view.columns):
        if not spec.is_number or header.isSectionHidden(i):
            continue  # long code labels are cut short by design; the tooltip has them
        widest = max(metrics.horizontalAdvance(view.display(p, spec.key))
                     for p in range(min(30, len(view))))
        assert header.sectionSize(i) >= widest + 8, spec.key


def test_filter_change_updates_table_and_charts(app, qtbot) -> None:
    window, controller = app
    before = window.table_model.rowCount()
    with qtbot.waitSignal(controller.chartsUpdated, timeout=10_000):
        window.filter_panel.origin.model.set_checked({"AFG"})
    assert 0 < window.table_model.rowCount() < before
    assert {window.table_model.view.value(p, "coo_iso")
            for p in range(window.table_model.rowCount())} == {"AFG"}
    assert "Afghanistan" in controller.charts["trend"].title
    assert window.filter_panel.tabs.tabText(0) == "Origin (1)"


def test_a_filter_change_sums_the_chart_on_screen_and_others_when_shown(app, qtbot) -> None:
    window, controller = app
    panel = window.chart_panel
    with qtbot.waitSignal(controller.chartsUpdated, timeout=10_000):
        controller.state.set_filter(Filter(asylums=frozenset({"DEU"})))
    assert controller.charts.built() == ("trend",)
    assert "Germany" in panel.current_view().data.title
    panel.set_current_kind("compare")  # summed now, with the chips of who is compared
    compared = controller.charts.compared
    assert "compare" in controller.charts.built() and len(compared) > 1
    assert panel.chip_isos() == list(compared)
    assert [s.name for s in panel.current_view().data.series] == [
        controller.data.countries.name(iso) for iso in compared]
    with qtbot.waitSignal(controller.chartsUpdated, timeout=10_000):
        controller.state.set_filter(Filter(origins=frozenset({"SYR", "AFG"})))
    assert controller.charts.built() == ("compare",)  # the tab on screen now
    assert panel.chip_isos() == ["AFG", "SYR"]  # the filter's own countries


def test_code_choices_show_labels(app) -> None:
    window, _ = app
    texts = [a.text() for a in window.filter_panel.codes["level"].menu().actions()]
    assert "First instance (FI)" in texts


def test_selecting_a_row_fills_the_detail_pane_and_highlights_years(app, qtbot) -> None:
    window, controller = app
    with qtbot.waitSignal(controller.detailUpdated, timeout=10_000):
        window.table.selectRow(0)
    detail = window.detail_pane.detail
    view = controller.case_view()
    assert detail is not None and detail.year == view.value(0, "year")
    assert detail.title.startswith(view.value(0, "coo_name"))
    assert "In context" in window.detail_pane.text.toHtml()
    qtbot.waitUntil(lambda: controller.charts["trend"].highlight_years == (detail.year,))
    window.detail_pane.set_footnotes(["A footnote from UNHCR."])
    assert "A footnote from UNHCR." in window.detail_pane.text.toPlainText()


def test_a_click_after_a_filter_hid_the_selected_row_fills_the_detail_once(app, qtbot) -> None:
    """The selected record is filtered out of the table; the next click on a row shows
    that row's detail straight away, never the "select a row" hint in between (each
    hint throws the detail's text away: a full rebuild of it for the click)."""
    window, controller = app
    view, table = controller.case_view(), window.table
    with qtbot.waitSignal(controller.detailUpdated, timeout=10_000):
        table.selectRow(0)
    shown_origin = view.value(0, "coo_iso")
    other = next(p for p in range(len(view)) if view.value(p, "coo_iso") != shown_origin)
    controller.state.set_filter(Filter(origins=frozenset({view.value(other, "coo_iso")})))
    assert controller.state.current_row is not None  # still the record the pane shows
    shown = []
    original = window.detail_pane.show_detail

    def record(detail, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        shown.append(detail)
        original(detail, *args, **kwargs)

    window.detail_pane.show_detail = record
    rect = table.visualRect(window.table_model.index(2, 1))
    with qtbot.waitSignal(controller.detailUpdated, timeout=10_000):
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.wait(50)
    assert len(shown) == 1 and shown[0] is not None
    assert shown[0].year == controller.case_view().value(2, "year")


def test_the_detail_follows_the_current_row_within_a_selection(app, qtbot) -> None:
    """Rows 0-3 selected; pressing on row 2 (a selected row) makes it the current one:
    the detail shows it at once, before the release selects it alone."""
    window, controller = app
    table, model = window.table, window.table_model

    def center(row: int) -> QPoint:
        return table.visualRect(model.index(row, 1)).center()

    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=center(0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ShiftModifier, center(3))
    qtbot.keyRelease(table.viewport(), Qt.Key.Key_Shift)
    assert len(controller.state.selected_rows) == 4
    view = controller.case_view()
    qtbot.mousePress(table.viewport(), Qt.MouseButton.LeftButton, pos=center(2))
    qtbot.waitUntil(lambda: controller.state.current_row == view.table_row(2))
    assert len(controller.state.selected_rows) == 4  # not yet narrowed
    assert window.detail_pane.detail.year == view.value(2, "year")
    qtbot.mouseRelease(table.viewport(), Qt.MouseButton.LeftButton, pos=center(2))
    qtbot.waitUntil(lambda: len(controller.state.selected_rows) == 1)


def test_the_detail_chart_stays_put_from_a_large_pair_to_a_small_one(app, qtbot) -> None:
    """Stepping through rows, the pair chart's plot does not jump sideways when the next
    pair's value labels are shorter."""
    window, controller = app
    view = controller.case_view()
    totals = [view.value(p, "dec_total") or 0 for p in range(len(view))]
    large = max(range(len(totals)), key=totals.__getitem__)
    small = min((p for p in range(len(totals)) if 0 < totals[p] < 10), key=totals.__getitem__)
    chart = window.detail_pane.chart

    def plot_left(row: int) -> float:
        with qtbot.waitSignal(controller.detailUpdated, timeout=10_000):
            window.table.selectRow(row)
        qtbot.wait(20)
        return chart.plot_rect().left()

    first = plot_left(large)
    assert first > 40  # room for the axis label and "1,234"-sized value labels
    assert plot_left(small) == first


def test_chart_year_click_narrows_the_table_and_back_undoes_it(app, qtbot) -> None:
    window, controller = app
    total = window.table_model.rowCount()
    window.chart_panel.yearClicked.emit(2016)
    assert _years_in_table(window) == {2016}
    assert window.drill_bar.isVisibleTo(window)
    assert "2016" in window.drill_label.text()
    qtbot.waitUntil(lambda: controller.charts["trend"].highlight_years == (2016,))
    window.drill_back.click()
    assert window.table_model.rowCount() == total
    assert not window.drill_bar.isVisibleTo(window)


def test_chart_country_click_adds_to_the_filter(app) -> None:
    window, controller = app
    window.chart_panel.countryClicked.emit("asylum", "DEU")
    assert controller.state.filter.asylums == {"DEU"}
    assert window.filter_panel.asylum.checked() == {"DEU"}
    assert {window.table_model.view.value(p, "coa_iso")
            for p in range(window.table_model.rowCount())} == {"DEU"}


def _click_header(qtbot, window, key: str, shift: bool = False) -> None:
    view, header = window.table_model.view, window.table.horizontalHeader()
    section = [c.key for c in view.columns].index(key)
    pos = QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2,
                 header.height() // 2)
    modifier = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, modifier, pos)
    if shift:  # QTest leaves Qt's global modifier state at Shift: let go of it
        qtbot.keyRelease(header.viewport(), Qt.Key.Key_Shift)


def test_shift_click_adds_a_secondary_sort_key(app, qtbot) -> None:
    window, controller = app
    _click_header(qtbot, window, "coo_name")
    _click_header(qtbot, window, "year", shift=True)
    view = controller.case_view()
    assert view.sort_keys == [("coo_name", True), ("year", True)]
    _click_header(qtbot, window, "year", shift=True)  # again: flips the secondary key
    assert view.sort_keys == [("coo_name", True), ("year", False)]
    pairs = [(view.value(p, "coo_name"), view.value(p, "year")) for p in range(len(view))]
    assert pairs == sorted(pairs, key=lambda t: (t[0], -t[1]))
    header_text = window.table_model.headerData(0, Qt.Orientation.Horizontal)
    assert header_text.endswith("▼2")


def _header_on_screen(qtbot, window):
    """The column header as the screen shows it (the window's backing store), after
    the paints that are due: a label the header was never told about stays stale here."""
    for _ in range(3):  # the posted paints, and any they cause
        QApplication.processEvents()
        qtbot.wait(20)
    header = window.table.horizontalHeader()
    shot = window.screen().grabWindow(window.winId()).toImage()
    corner = header.viewport().mapTo(window, QPoint(0, 0))
    return shot.copy(corner.x(), corner.y(), header.viewport().width(),
                     header.viewport().height())


def test_the_header_shows_the_sort_mark_and_keeps_the_users_widths_through_filters(
        app, qtbot) -> None:
    window, controller = app
    header = window.table.horizontalHeader()
    section = [c.key for c in window.table_model.view.columns].index("coo_name")
    header.resizeSection(section, 170)  # the user widened Origin
    unsorted = _header_on_screen(qtbot, window)
    _click_header(qtbot, window, "coo_name")
    sorted_shot = _header_on_screen(qtbot, window)
    assert sorted_shot != unsorted  # the new mark is painted…
    fresh = header.viewport().grab().toImage().convertToFormat(sorted_shot.format())
    assert sorted_shot == fresh  # …exactly as a fresh paint of the header shows it
    controller.state.set_filter(Filter(origins=frozenset({"SYR"})))
    controller.state.set_filter(Filter())
    assert header.sectionSize(section) == 170
    assert _header_on_screen(qtbot, window) == sorted_shot
    _click_header(qtbot, window, "coo_name")  # descending: the mark turns
    assert _header_on_screen(qtbot, window) != sorted_shot


def test_ctrl_c_copies_selected_rows_as_tsv(app, qtbot) -> None:
    window, controller = app
    window.table.selectRow(0)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().splitlines()
    view = controller.case_view()
    assert lines[0].split("\t")[:3] == ["Year", "Origin", "Asylum country"]
    assert lines[1].split("\t")[0] == str(view.value(0, "year"))
    assert len(lines) == 2


def test_selection_follows_its_rows_through_a_sort(app, qtbot) -> None:
    window, controller = app
    window.table.selectRow(2)
    row = window.table_model.index(2, 0).data(TABLE_ROW_ROLE)
    _click_header(qtbot, window, "dec_total")
    selected = window.table.selected_positions()
    assert len(selected) == 1
    assert window.table_model.index(int(selected[0]), 0).data(TABLE_ROW_ROLE) == row


def test_dataset_switch_changes_columns(app, qtbot) -> None:
    window, controller = app
    with qtbot.waitSignal(controller.chartsUpdated, timeout=10_000):
        window.actions_by_name["dataset_population"].trigger()
    headers = [window.table_model.headerData(i, Qt.Orientation.Horizontal)
               for i in range(window.table_model.columnCount())]
    assert "Refugees" in headers
    tip = window.table_model.headerData(headers.index("Refugees"), Qt.Orientation.Horizontal,
                                        Qt.ItemDataRole.ToolTipRole)
    assert "Refugees under UNHCR's mandate" in tip
    assert not window.filter_panel.codes["level"].isEnabled()


def test_settings_restore_dataset_filter_and_layout(qtbot, small_store_path, settings) -> None:
    window, controller = open_window(qtbot, small_store_path, settings)
    controller.state.set_dataset("applications")
    controller.state.set_filter(Filter(origins=frozenset({"SYR"}), year_from=2016))
    window.docks["detail"].hide()
    window.chart_panel.set_current_kind("rates")
    window.close()
    window2, controller2 = open_window(qtbot, small_store_path, settings)
    window2.restore_layout(settings)
    assert controller2.state.dataset == "applications"
    assert controller2.state.filter.origins == {"SYR"}
    assert controller2.state.filter.year_from == 2016
    assert window2.docks["detail"].isHidden()
    assert window2.chart_panel.current_kind() == "rates"


def test_empty_store_shows_first_run_page_and_import_fills_it(qtbot, tmp_path, settings
                                                               ) -> None:
    from tests.conftest import SMALL

    window, controller = open_window(qtbot, tmp_path / "empty", settings)
    assert window.pages.currentIndex() == PAGE_FIRST_RUN
    texts = " ".join(label.text() for label in window.first_run.findChildren(QLabel))
    assert "Refugee Data Finder" in texts and str(tmp_path / "empty") in texts
    with qtbot.waitSignal(window.downloadRequested):
        window.take_over("downloadRequested")
        window.first_run.download.click()
    with qtbot.waitSignal(controller.loaded, timeout=20_000):
        controller.import_files([str(SMALL)])
    assert window.pages.currentIndex() == PAGE_DATA
    assert window.table_model.rowCount() > 0


def test_import_error_is_shown_as_a_message(qtbot, tmp_path, app) -> None:
    window, controller = app
    bad = tmp_path / "bad.csv"
    bad.write_text("no,such,columns\n1,2,3\n", encoding="utf-8")
    controller.import_files([str(bad)])
    qtbot.waitUntil(lambda: any(b.isVisible() for b in window.findChildren(QMessageBox)),
                    timeout=10_000)
    box = next(b for b in window.findChildren(QMessageBox) if b.isVisible())
    assert "bad.csv" in box.text()
    box.close()


def test_models_pass_the_model_tester(app, qtmodeltester) -> None:
    window, controller = app
    qtmodeltester.check(window.table_model)
    qtmodeltester.check(window.filter_panel.origin.model)
    controller.state.set_filter(Filter(origins=frozenset({"AFG"})))  # a reset under test
    controller.sort([("dec_total", False)])
    window.filter_panel.origin.model.set_checked({"SYR", "AFG"})


def test_big_table_sorts_in_a_worker(app, qtbot, monkeypatch) -> None:
    import asylum_explorer.qt.controller as controller_module

    window, controller = app
    monkeypatch.setattr(controller_module, "SYNC_SORT_ROWS", 0)
    with qtbot.waitSignal(controller.sorted, timeout=10_000):
        controller.sort([("dec_total", False)])
    view = controller.case_view()
    totals = [view.value(p, "dec_total") for p in range(len(view))]
    assert totals == sorted(totals, reverse=True)


def test_huge_selection_copies_from_ranges(app) -> None:
    window, _ = app
    window.table.selectAll()
    assert np.array_equal(window.table.selected_positions(),
                          np.arange(window.table_model.rowCount()))


def test_entry_points_for_footnotes_and_exporters(app, qtbot) -> None:
    window, controller = app
    controller.footnotes_for = lambda d: [f"Footnote for {d.origin_iso} in {d.year}."]
    with qtbot.waitSignal(controller.detailUpdated, timeout=10_000):
        window.table.selectRow(0)
    detail = window.detail_pane.detail
    assert f"Footnote for {detail.origin_iso} in {detail.year}." in (
        window.detail_pane.text.toPlainText())
    assert window.current_chart() is controller.charts["trend"]
    assert window.case_view() is controller.case_view()
    assert window.visible_columns()[:3] == ["year", "coo_name", "coa_name"]
    assert "coo_iso" not in window.visible_columns()
    received = []
    window.take_over("exportChartRequested").connect(lambda: received.append(True))
    window.actions_by_name["export_chart"].trigger()
    assert received == [True]
    assert not any(b.isVisible() for b in window.findChildren(QMessageBox))


def test_selection_moves_highlight_without_redrawing_charts(app, qtbot, monkeypatch) -> None:
    window, controller = app
    panel = window.chart_panel
    redrawn = []
    monkeypatch.setattr(panel, "set_charts", lambda charts: redrawn.append("set_charts"))
    monkeypatch.setattr(panel.view, "set_data", lambda data: redrawn.append("set_data"))
    with qtbot.waitSignal(controller.detailUpdated, timeout=10_000):
        window.table.selectRow(0)
    year = window.detail_pane.detail.year
    assert redrawn == []
    assert controller.charts["trend"].highlight_years == (year,)
    assert panel.current_view().data.highlight_years == (year,)
    assert window.current_chart().highlight_years == (year,)  # what an export marks
    bands = [b for b in panel.current_view().bands if b.isVisible()]
    assert [b.region() for b in bands] == [(year - 0.5, year + 0.5)]


def test_table_text_follows_filter_and_sort_changes(app, qtbot) -> None:
    """The model keeps formatted cells between repaints; a filter or sort must drop them."""
    window, controller = app
    model, view = window.table_model, controller.case_view()
    col = next(i for i, c in enumerate(view.columns) if c.key == "coo_name")

    def shown() -> list[str]:
        return [model.data(model.index(r, col)) for r in range(min(model.rowCount(), 80))]

    assert shown() == [view.display(r, "coo_name") for r in range(min(len(view), 80))]
    with qtbot.waitSignal(controller.chartsUpdated, timeout=10_000):
        window.filter_panel.origin.model.set_checked({"AFG"})
    assert set(shown()) == {"Afghanistan"}
    controller.state.set_filter(Filter())
    controller.wait_idle()
    with qtbot.waitSignal(controller.sorted, timeout=10_000):
        window.table.horizontalHeader().sectionClicked.emit(col)
    assert shown() == [view.display(r, "coo_name") for r in range(min(len(view), 80))]
    assert model.data(model.index(0, col), Qt.ItemDataRole.FontRole) is None


def test_filter_change_paints_the_table_once(app, qtbot) -> None:
    """A reset used to paint the table twice (reset, then the delayed item layout)."""
    from PySide6.QtCore import QEvent
    from qt_events import EventCounter

    window, controller = app
    counter = EventCounter(QEvent.Type.Paint, window.table.viewport())
    for origin in ({"AFG"}, {"SYR"}):
        counter.clear()
        with qtbot.waitSignal(controller.chartsUpdated, timeout=10_000):
            window.filter_panel.origin.model.set_checked(origin)
        qtbot.wait(50)
        assert counter.total == 1
        assert window.table.verticalScrollBar().maximum() <= window.table_model.rowCount()
    counter.remove()


def test_small_data_filter_change_draws_table_and_chart_in_one_paint(app, qtbot) -> None:
    """Small work (WorkSizer) runs in place: the charts are built right away, the table
    and the chart appear together, each painted once (no second paint when a worker
    reports back)."""
    from PySide6.QtCore import QEvent
    from qt_events import EventCounter

    window, controller = app
    table, chart = window.table.viewport(), window.chart_panel.view.viewport()
    counter = EventCounter(QEvent.Type.Paint, table, chart)
    for origin in ({"AFG"}, {"SYR"}):
        counter.clear()
        with qtbot.waitSignal(controller.chartsUpdated, timeout=1) as blocker:
            controller.state.set_filter(Filter(origins=frozenset(origin)))
        assert blocker.signal_triggered  # already emitted: no worker round trip
        qtbot.wait(50)
        assert (counter.count(table), counter.count(chart), counter.total) == (1, 1, 2)
    counter.remove()


def test_large_tables_get_country_row_groups_in_the_background(qtbot, small_store_path,
                                                               settings, monkeypatch) -> None:
    from asylum_explorer.qt import controller as controller_module

    monkeypatch.setattr(controller_module, "GROUP_ROWS_ABOVE", 0)
    window, controller = open_window(qtbot, small_store_path, settings)
    controller.wait_idle()
    table = controller.case_view().dataset.table
    assert table.coded("coo_iso")._groups is not None
    assert table.coded("coa_iso")._groups is not None
    with qtbot.waitSignal(controller.chartsUpdated, timeout=10_000):
        controller.state.set_filter(Filter(origins=frozenset({"SYR"})))
    view = controller.case_view()
    assert len(view) > 0 and {view.value(p, "coo_iso") for p in range(len(view))} == {"SYR"}


def test_a_row_selection_repaints_neither_the_column_header_nor_the_dock(app, qtbot) -> None:
    """Sections are never highlighted, so the header has nothing new to show (Qt still
    repainted all of it per selection); the opaque detail pane spares the dock behind."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication, QDockWidget
    from qt_events import EventCounter

    window, controller = app
    header = window.table.horizontalHeader().viewport()
    dock = window.detail_pane.parent()
    assert isinstance(dock, QDockWidget)
    counter = EventCounter(QEvent.Type.Paint, header, dock, window.table.viewport())
    for row in (1, 3):
        counter.clear()
        with qtbot.waitSignal(controller.detailUpdated, timeout=10_000):
            window.table.selectRow(row)
        for _ in range(5):
            QApplication.processEvents()
        assert counter.count(window.table.viewport()) == 1  # the selection is shown
        assert counter.count(header) == 0 and counter.count(dock) == 0
    counter.remove()


def test_a_filter_change_stays_inside_the_filter_panel(app, qtbot) -> None:
    """A filter set elsewhere (a chart click, restored settings) shows new counts in the
    panel's tabs and labels and its years again: that re-lays out and repaints the panel's
    own controls, not the dock around it (nor, after the dock, the whole window); a new
    row count repaints its label only."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication
    from qt_events import EventCounter

    window, controller = app
    dock, bar = window.docks["filters"], window.statusBar()
    paints = EventCounter(QEvent.Type.Paint, dock, window.filter_panel.origin.search)
    layouts = EventCounter(QEvent.Type.LayoutRequest, dock)
    panel = window.filter_panel
    second_year = panel.years.minimum() + 1
    for flt in (Filter(origins=frozenset({"AFG"})), Filter(origins=frozenset({"SYR"})),
                Filter(asylums=frozenset({"DEU"})), Filter(year_from=second_year), Filter()):
        paints.clear()
        layouts.clear()
        controller.state.set_filter(flt)
        for _ in range(5):
            QApplication.processEvents()
        assert panel.current_filter() == flt  # the panel shows it
        assert window.rows_label.text().startswith(f"{len(controller.case_view()):,} of")
        assert paints.total == 0 and layouts.total == 0, flt
    assert window.rows_label.width() >= window.rows_label.sizeHint().width()
    assert bar.isVisible()
    paints.remove()
    layouts.remove()


def test_the_filter_panel_scrolls_in_a_short_window(app, qtbot) -> None:
    window, _ = app
    panel = window.filter_panel
    area = window.docks["filters"].widget()
    window.resize(1400, 420)
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0)
    assert panel.height() >= panel.minimumSizeHint().height()  # not squeezed
    assert panel.width() >= panel.minimumSizeHint().width()  # nor cut at the side
    area.ensureWidgetVisible(panel.clear)
    assert panel.clear.visibleRegion().boundingRect().height() == panel.clear.height()
