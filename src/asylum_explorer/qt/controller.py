"""The one place that wires the window: state in, views redrawn; work off the GUI thread.

Flow: widgets write to `AppState`; the controller listens to the state and redraws every
view from it (table, status bar, charts, detail pane). Views never hold each other.
Anything that can take over ~50 ms on a ×10 store (loading, chart sums, the detail's
context sums, sorting a million rows) runs in a `Worker`; a newer request of the same
kind makes an older result stale, and stale results are dropped.
"""

from __future__ import annotations

import dataclasses
import gc
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox

from asylum_explorer.core.case_view import DEFAULT_SORT, CaseView
from asylum_explorer.core.chart_build import build_chart
from asylum_explorer.core.chart_data import ChartData
from asylum_explorer.core.chart_set import ChartSet
from asylum_explorer.core.detail import RecordDetail, record_detail
from asylum_explorer.core.query import Filter, units_present
from asylum_explorer.core.store import Store
from asylum_explorer.core.store_health import StoreHealth
from asylum_explorer.qt.chart_feed import DEFAULT_COMPARE, compact_pair_chart
from asylum_explorer.qt.exception_hook import report
from asylum_explorer.qt.jobs import JobRunner
from asylum_explorer.qt.loader import StoreData, first_shown, load_store
from asylum_explorer.qt.main_window import PAGE_DATA, PAGE_FIRST_RUN, PAGE_LOADING, MainWindow
from asylum_explorer.qt.settings import filter_from_json, filter_to_json
from asylum_explorer.qt.state import AppState
from asylum_explorer.qt.widgets.damaged_store_dialog import DamagedStoreDialog, StoreChoice
from asylum_explorer.qt.widgets.filter_panel import FilterChoices
from asylum_explorer.qt.work_sizer import WorkSizer

SYNC_SORT_ROWS = 300_000  # below this a sort takes < 20 ms: no worker needed
# Charts also scan the whole dataset for some filters (years, codes): on datasets larger
# than this they always run in a worker, whatever a country filter's last run took.
SYNC_CHART_MAX_ROWS = 2_000_000
GROUP_ROWS_ABOVE = 300_000  # smaller tables: a scan for one country takes < 1 ms


class Controller(QObject):
    loaded = Signal()  # the store was read and the views show it
    chartsUpdated = Signal()
    detailUpdated = Signal()
    sorted = Signal()
    imported = Signal(list)  # ImportSummary list

    def __init__(self, window: MainWindow, store: Store, settings: QSettings | None = None,
                 sync: bool = False) -> None:
        super().__init__(window)
        self.window, self.store, self.settings, self.sync = window, store, settings, sync
        self.state = AppState(self)
        self.data = StoreData()
        self.charts: ChartSet = ChartSet.of({})  # the charts shown (summed as they are)
        # (dataset, (origin, asylum, unit), chart) of the detail pane's pair chart
        self._pair_chart: tuple[Any, tuple, ChartData] | None = None
        self.sizer = WorkSizer()  # charts and detail: in place when they take a few ms
        self._highlight: tuple[int, ...] = ()  # years of the selected rows, as charted
        self.jobs = JobRunner(self)
        # UNHCR footnotes of a record; by default from the store's footnote index. Runs in
        # the detail worker, so it must not touch widgets.
        self.footnotes_for: Callable[[RecordDetail], list[str]] = self._stored_footnotes
        # What to do about a damaged store; tests replace the modal dialog.
        self.ask_damaged: Callable[[StoreHealth], StoreChoice] = (
            lambda health: DamagedStoreDialog(health, self.window).choice())
        self._connect()

    # -- wiring --------------------------------------------------------------------------
    def _connect(self) -> None:
        w, s = self.window, self.state
        w.filter_panel.filterEdited.connect(s.set_filter)
        w.filter_panel.datasetRequested.connect(s.set_dataset)
        w.table.sortRequested.connect(self.sort)
        w.table.rowsSelected.connect(s.set_selection)
        w.table.copied.connect(lambda n: w.statusBar().showMessage(
            f"Copied {n:,} rows as tab-separated text", 4000))
        w.drill_back.clicked.connect(lambda: s.set_drill_year(None))
        w.chart_panel.yearClicked.connect(s.set_drill_year)
        w.chart_panel.countryClicked.connect(s.add_country)
        w.chart_panel.compareChanged.connect(s.set_compare)
        w.chart_panel.topSideChanged.connect(s.set_top_side)
        w.importRequested.connect(self.ask_import)
        w.importFolderRequested.connect(self.ask_import_folder)
        w.reloadRequested.connect(self.reload)
        w.closing.connect(self.save_settings)
        s.datasetChanged.connect(self._on_dataset)
        s.filterChanged.connect(self._on_filter)
        s.selectionChanged.connect(self._on_selection)
        s.chartOptionsChanged.connect(self._update_charts)

    # -- public entry points -------------------------------------------------------------
    def reload(self) -> None:
        """(Re)read the store; the window shows "Loading…" meanwhile."""
        self.window.loading.setText(f"Loading the data store…\n{self.store.root}")
        self.window.show_page(PAGE_LOADING)
        first = self._remembered()[0]  # only the dataset shown first is sorted while loading
        self._submit("load", lambda: load_store(self.store, first), self._on_loaded)

    def current_chart(self) -> ChartData | None:
        """The chart on the visible chart tab (for Export chart…)."""
        return self.window.chart_panel.current_chart()

    def case_view(self):  # noqa: ANN201 - CaseView | None
        """The table's filtered, sorted rows (for Export table…)."""
        return self.data.views.get(self.state.dataset)

    # -- loading -------------------------------------------------------------------------
    def _on_loaded(self, data: StoreData) -> None:
        gc.unfreeze()  # what the previous load froze is collectable again (see below)
        self.data = data
        self._pair_chart = None
        self.sizer.forget()
        if data.health is not None and not self.sync:
            # Show what is intact first, then ask (the dialog is modal).
            QTimer.singleShot(0, lambda: self._on_damaged(data.health))
        self.window.first_run.set_store(str(self.store.root))
        if data.empty:
            self.window.show_page(PAGE_FIRST_RUN)
            self.window.show_status(0, 0, False, "No data in the store")
            self.loaded.emit()
            return
        self.window.show_page(PAGE_DATA)
        entry = next(iter(data.datasets.values())).entry
        self.window.set_data_info(entry.release, (entry.imported_at or "")[:10] or None)
        self.window.chart_panel.set_countries(
            [(c.iso, c.name) for c in data.countries.all()])
        name, flt = self._remembered()
        self.state.dataset = first_shown(data.views, name)
        self.state.filter = flt
        self._restore_chart_options()
        self._on_dataset(self.state.dataset)
        # The loaded data, widgets and modules live as long as the window: moved out of
        # the collector's sight, a full collection no longer walks them (it took 20-40 ms,
        # a visible stall in the middle of whatever the user did next).
        gc.freeze()
        self._group_rows_later(data)
        self.loaded.emit()

    def _group_rows_later(self, data: StoreData) -> None:
        """Group large datasets' rows by country in the background: country filters, a
        record's detail and its pair chart then read only that country's rows."""
        shown_first = sorted(data.datasets.values(), key=lambda ds: ds.name != self.state.dataset)
        tables = [ds.table for ds in shown_first if len(ds.table) > GROUP_ROWS_ABOVE]
        if not tables or self.sync:
            return

        def work() -> None:
            for table in tables:
                for name in ("coo_iso", "coa_iso"):
                    if name in table.columns:
                        table.coded(name).build_groups()

        self._submit("groups", work, lambda _: None)

    def _on_damaged(self, health: StoreHealth) -> None:
        choice = self.ask_damaged(health)
        if choice is StoreChoice.REIMPORT:
            self.ask_import()
        elif choice is StoreChoice.REDOWNLOAD:
            self.window.downloadRequested.emit()
        elif choice is StoreChoice.QUIT:
            self.window.close()

    def _remembered(self) -> tuple[str, Filter]:
        if self.settings is None:
            return "decisions", Filter()
        name = str(self.settings.value("data/dataset", "decisions"))
        return name, filter_from_json(str(self.settings.value("data/filter", "")))

    def _restore_chart_options(self) -> None:
        if self.settings is None:
            return
        panel, s = self.window.chart_panel, self.settings
        side = str(s.value("charts/top_side", "origin"))
        self.state.top_side = side if side in ("origin", "asylum") else "origin"
        panel.set_top_side(self.state.top_side)
        kind = str(s.value("charts/tab", "trend"))
        if kind in ("trend", "rates", "top", "compare"):
            panel.set_current_kind(kind)
        panel.set_log_scale(str(s.value("charts/log_scale", "false")).lower() == "true")

    def save_settings(self) -> None:
        if self.settings is None:
            return
        panel = self.window.chart_panel
        self.settings.setValue("charts/top_side", self.state.top_side)
        self.settings.setValue("charts/tab", panel.current_kind())
        self.settings.setValue("charts/log_scale", "true" if panel.log_scale() else "false")
        self.window.save_layout(self.settings)
        self.settings.setValue("data/dataset", self.state.dataset)
        self.settings.setValue("data/filter", filter_to_json(self.state.filter))
        if self.case_view() is not None:
            self.settings.setValue(f"table/hidden/{self.state.dataset}",
                                   ",".join(self.window.table.hidden_columns()) or "-")
        self.settings.sync()

    # -- reactions to the state ----------------------------------------------------------
    def _on_dataset(self, name: str) -> None:
        view = self.data.views.get(name)
        if view is None:
            return
        w = self.window
        action = w.actions_by_name.get(f"dataset_{name}")
        if action:
            action.setChecked(True)
        w.filter_panel.set_choices(self._choices(name))  # _on_filter shows the filter
        if not view.sort_keys:
            self._sort_first_time(view)  # the loader sorted only the dataset shown first
        w.table_model.set_view(view)
        w.table.set_hidden_columns(self._hidden_columns(name))
        w.setWindowTitle(f"{view.dataset.schema.label} — Asylum Explorer")
        self._on_filter()
        w.table.fit_columns()

    def _sort_first_time(self, view: CaseView) -> None:
        """Put a dataset shown for the first time in the default sort.

        Small tables are sorted here (milliseconds); a big one shows in stored order with
        "Sorting…" until a worker has its order (~1 s at ×100), as after a header click.
        """
        if view.total <= SYNC_SORT_ROWS or self.sync:
            view.set_sort(DEFAULT_SORT)
            return
        self.window.statusBar().showMessage("Sorting…")
        self._submit("sort", lambda: view.compute_order(DEFAULT_SORT),
                     lambda order: self._apply_sort(list(DEFAULT_SORT), order, view))

    def _hidden_columns(self, name: str) -> list[str] | None:
        if self.settings is None:
            return None
        value = self.settings.value(f"table/hidden/{name}")
        return None if not value else [k for k in str(value).split(",") if k != "-"]

    def _choices(self, name: str) -> FilterChoices:
        ds = self.data.datasets[name]
        table, schema = ds.table, ds.schema
        codes = {role: set(map(str, table.coded(col).categories))
                 for role, col in schema.roles.items()}
        years = table.numbers("year")
        return FilterChoices(
            datasets=list(self.data.views), dataset=name, countries=self.data.countries,
            origins=set(map(str, table.coded("coo_iso").categories)),
            asylums=set(map(str, table.coded("coa_iso").categories)),
            years=(int(years.min()), int(years.max())), codes=codes,
            has_unit=schema.unit_column is not None)

    def _on_filter(self) -> None:
        view = self.case_view()
        if view is None:
            return
        s, w = self.state, self.window
        w.filter_panel.set_filter(s.filter)
        view.set_filter(s.filter, s.drill_year)
        self._refresh_table()
        w.show_drill_year(s.drill_year)
        self._update_status()
        self._update_charts()

    def _refresh_table(self) -> None:
        view, s = self.case_view(), self.state
        self.window.table_model.refresh()
        if view is None or not len(s.selected_rows):
            return
        positions = view.positions_of(s.selected_rows)
        current = (view.positions_of(np.array([s.current_row]))
                   if s.current_row is not None else np.zeros(0))
        self.window.table.select_positions(positions, int(current[0]) if len(current) else None)

    def _update_status(self) -> None:
        view = self.case_view()
        ds = view.dataset
        mixed = len(units_present(ds.table, ds.schema, view.mask)) > 1
        e = ds.entry
        release = f"release {e.release}" if e.release else "release not recorded"
        when = (e.imported_at or "")[:10]
        how = "downloaded" if e.method == "download" else "imported"
        self.window.show_status(len(view), view.total, mixed,
                                f"UNHCR Refugee Data Finder, CC BY 4.0 — {release} — "
                                f"{how} {when}")

    # -- charts --------------------------------------------------------------------------
    def _update_charts(self) -> None:
        view = self.case_view()
        if view is None:
            return
        ds, s, countries = view.dataset, self.state, self.data.countries
        flt, top_side, compare = s.filter, s.top_side, s.compare
        highlight = self._highlight = self._highlight_years()
        # Charts sum the rows the filter keeps: their cost follows that count.
        key, rows = (id(ds), "charts"), len(view)
        small = self.sizer.is_small(key, rows, view.total, max_total_rows=SYNC_CHART_MAX_ROWS)
        kind = self.window.chart_panel.current_kind()

        def work() -> ChartSet:
            # Compared countries: the user's, else the filter's or the largest.
            charts = ChartSet(ds, flt, countries=countries, compare=compare, side=top_side,
                              highlight_years=highlight, default_n=DEFAULT_COMPARE)
            if small:
                charts[kind]  # the tab on screen; the others when they are first shown
            else:
                charts.build_all()  # in the worker: showing a tab then sums nothing
            return charts

        self._submit("charts", self.sizer.timed(key, rows, work), self._on_charts_built,
                     small=small)

    def _on_charts_built(self, charts: ChartSet) -> None:
        # The selection may have changed meanwhile.
        self._show_charts(charts.with_highlight(self._highlight))

    def _show_charts(self, charts: ChartSet) -> None:
        self.charts = charts
        self.window.chart_panel.set_charts(charts)
        self.chartsUpdated.emit()

    def _highlight_years(self) -> tuple[int, ...]:
        view, rows = self.case_view(), self.state.selected_rows
        if view is None or not len(rows):
            # Nothing selected: mark the year the table is narrowed to, if any.
            return (self.state.drill_year,) if self.state.drill_year is not None else ()
        years = view.dataset.table.numbers("year")[rows[:1_000_000]]
        return tuple(int(y) for y in np.unique(years))

    # -- selection and detail ------------------------------------------------------------
    def _on_selection(self) -> None:
        # Only the year bands move: the charts' data did not change, so no rebuild and no
        # redraw (a chart job still running picks the new years up in _on_charts_built).
        highlight = self._highlight = self._highlight_years()
        panel = self.window.chart_panel
        panel.set_highlight_years(highlight)
        if self.charts:
            self.charts = panel.charts()  # the same charts the panel draws and exports
        view, row = self.case_view(), self.state.current_row
        if view is None or row is None:
            self.window.detail_pane.show_detail(None)
            self.detailUpdated.emit()
            return
        ds, countries, footnotes_for = view.dataset, self.data.countries, self.footnotes_for

        last = self._pair_chart

        def work() -> tuple[RecordDetail, ChartData, list[str]]:
            detail = record_detail(ds, row, countries)
            key = (detail.origin_iso, detail.asylum_iso, detail.unit)
            if last is not None and last[0] is ds and last[1] == key:
                # The same pair in another year: its chart only moves the year mark.
                chart = dataclasses.replace(last[2], marked_year=detail.year)
            else:
                pair = Filter(origins=frozenset({detail.origin_iso}),
                              asylums=frozenset({detail.asylum_iso}), unit=detail.unit)
                chart = compact_pair_chart(build_chart(ds, pair, "pair", countries=countries,
                                                       marked_year=detail.year,
                                                       rows=detail.pair_rows), detail)
            self._pair_chart = (ds, key, chart)
            return detail, chart, footnotes_for(detail)

        # A record's detail reads its pair's and country's rows through the indexes: about
        # the same cost for every record of a dataset.
        key = (id(ds), "detail")
        self._submit("detail", self.sizer.timed(key, 1, work), self._show_detail,
                     small=self.sizer.is_small(key, 1, view.total))

    def _stored_footnotes(self, detail: RecordDetail) -> list[str]:
        index = self.data.footnotes
        if index is None:
            return []
        return index.for_record(detail.year, detail.origin_iso, detail.asylum_iso,
                                self.state.dataset)

    def _show_detail(self, result: tuple[RecordDetail, ChartData, list[str]]) -> None:
        detail, chart, notes = result
        self.window.detail_pane.show_detail(detail, chart, notes)
        self.detailUpdated.emit()

    # -- sorting -------------------------------------------------------------------------
    def sort(self, keys: list[tuple[str, bool]]) -> None:
        view = self.case_view()
        if view is None:
            return
        if view.total <= SYNC_SORT_ROWS or self.sync:
            self._apply_sort(keys, view.compute_order(keys))
            return
        self.window.statusBar().showMessage("Sorting…")
        self._submit("sort", lambda: view.compute_order(keys),
                     lambda order: self._apply_sort(keys, order, view))

    def _apply_sort(self, keys: list[tuple[str, bool]], order: np.ndarray | None,
                    view: CaseView | None = None) -> None:
        current = self.case_view()
        view = view or current
        view.set_sort(keys, order)
        if view is not current:  # the user switched datasets meanwhile: sorted for later
            self.window.statusBar().clearMessage()
            return
        self._refresh_table()
        self.window.statusBar().clearMessage()
        self.sorted.emit()

    # -- importing -----------------------------------------------------------------------
    def ask_import(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self.window, "Import UNHCR data files", str(Path.home()),
            "UNHCR data (*.csv *.csv.gz *.zip *.json *.json.gz);;All files (*)")
        if paths:
            self.import_files(paths)

    def ask_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.window, "Import every UNHCR file in a folder", str(Path.home()))
        if folder:
            self.import_files([folder])

    def import_files(self, paths: list[str]) -> None:
        """Import files into the store in a worker; on success reload the views."""
        self.window.statusBar().showMessage("Importing…")
        from asylum_explorer.core.importer import import_paths  # the readers: not at start

        self._submit("import", lambda: import_paths(self.store, paths), self._on_imported,
                     self._on_import_failed)

    def _on_imported(self, summaries: list) -> None:
        names = ", ".join(f"{s.name} ({s.rows:,} rows)" for s in summaries)
        self.window.statusBar().showMessage(f"Imported {names}", 8000)
        self.imported.emit(summaries)
        self.reload()

    def _on_import_failed(self, message: str, details: str) -> None:
        self.window.statusBar().clearMessage()
        box = QMessageBox(QMessageBox.Icon.Warning, "Import failed", message,
                          parent=self.window)
        if details:
            box.setDetailedText(details)
        box.open()

    # -- running work --------------------------------------------------------------------
    def _submit(self, key: str, fn: Callable[[], Any], done: Callable[[Any], None],
                failed: Callable[[str, str], None] | None = None, small: bool = False) -> None:
        """Run `fn` in a worker, then `done(result)` on the GUI thread. `small` work (a
        few ms) runs right here instead, so its result is painted in the same pass."""
        if self.sync:
            done(fn())
        elif small:
            self.jobs.cancel(key)  # a slower job of this kind still running is stale now
            try:
                result = fn()
            except Exception as exc:  # noqa: BLE001 - shown like a worker's failure
                (failed or self._show_error)(str(exc) or type(exc).__name__,
                                             traceback.format_exc())
                return
            done(result)
        else:
            self.jobs.submit(key, fn, done, failed or self._show_error)

    def _show_error(self, message: str, details: str) -> None:
        self.window.statusBar().showMessage(message)
        report(message, details, self.window)  # logged, with "Copy details"

    def shutdown(self, timeout_ms: int = 5_000) -> None:
        """Cancel what is running and let it end before the interpreter does."""
        self.jobs.shutdown(timeout_ms)

    def wait_idle(self, timeout_ms: int = 30_000) -> bool:
        """Wait for every worker (tests and the screenshot mode)."""
        return self.jobs.wait_idle(timeout_ms)
