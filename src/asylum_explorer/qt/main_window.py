"""The main window: docks, menus and status bar around the views; no data logic.

The controller (qt/controller.py) fills it and reacts to it. Entry points for work wired
later are signals: `downloadRequested`, `updateDataRequested`, `checkUpdatesRequested`,
`exportChartRequested`, `exportTableRequested`. Until something takes one over
(`take_over(name)`), it shows a short "coming" note.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal, SignalInstance
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from asylum_explorer.core.case_view import CaseView
from asylum_explorer.core.chart_data import ChartData
from asylum_explorer.core.schema import DATASETS
from asylum_explorer.qt.charts.chart_panel import ChartPanel
from asylum_explorer.qt.models.case_table_model import CaseTableModel
from asylum_explorer.qt.widgets.case_table import CaseTable
from asylum_explorer.qt.widgets.detail_pane import DetailPane
from asylum_explorer.qt.widgets.filter_panel import GUI_DATASETS, FilterPanel
from asylum_explorer.qt.widgets.first_run_page import FirstRunPage
from asylum_explorer.qt.widgets.panel_scroll import PanelScroll

PAGE_LOADING, PAGE_FIRST_RUN, PAGE_DATA = range(3)
_LATER = {"updateDataRequested": "Updating the data from UNHCR",
          "checkUpdatesRequested": "Checking for a newer UNHCR release",
          "exportChartRequested": "Exporting the chart",
          "exportTableRequested": "Exporting the table",
          "downloadRequested": "Downloading from UNHCR"}


class MainWindow(QMainWindow):
    downloadRequested = Signal()
    updateDataRequested = Signal()
    checkUpdatesRequested = Signal()
    exportChartRequested = Signal()
    exportTableRequested = Signal()
    importRequested = Signal()
    importFolderRequested = Signal()
    reloadRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Asylum Explorer")
        self.setObjectName("MainWindow")
        self.table_model = CaseTableModel(self)
        self.table = CaseTable(self.table_model)
        self.filter_panel = FilterPanel()
        self.chart_panel = ChartPanel()
        self.detail_pane = DetailPane()
        self.first_run = FirstRunPage()
        self.first_run.downloadRequested.connect(self.downloadRequested)
        self.first_run.importRequested.connect(self.importRequested)
        self._build_central()
        self._build_docks()
        self._build_status_bar()
        self._build_menus()
        self._docks_put_away: list[str] | None = None  # docks hidden by the first-run page
        self._placeholders = {name: (lambda name=name: self._coming(name)) for name in _LATER}
        for name, slot in self._placeholders.items():
            getattr(self, name).connect(slot)
        self.show_page(PAGE_LOADING)

    # -- layout --------------------------------------------------------------------------
    def _build_central(self) -> None:
        self.loading = QLabel("Loading…", alignment=Qt.AlignmentFlag.AlignCenter)
        self.drill_label = QLabel()
        self.drill_back = QPushButton("Back to all years")
        self.drill_bar = QWidget()
        bar = QHBoxLayout(self.drill_bar)
        bar.setContentsMargins(4, 2, 4, 2)
        bar.addWidget(self.drill_label, 1)
        bar.addWidget(self.drill_back)
        self.drill_bar.setStyleSheet("background: palette(alternate-base)")
        self.drill_bar.hide()
        data_page = QWidget()
        col = QVBoxLayout(data_page)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        col.addWidget(self.drill_bar)
        col.addWidget(self.table, 1)
        self.pages = QStackedWidget()
        for page in (self.loading, self.first_run, data_page):
            self.pages.addWidget(page)
        self.setCentralWidget(self.pages)

    def _build_docks(self) -> None:
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.docks: dict[str, QDockWidget] = {}
        for key, title, widget, area in (
                ("filters", "Filters", PanelScroll(self.filter_panel),
                 Qt.DockWidgetArea.LeftDockWidgetArea),
                ("charts", "Charts", self.chart_panel, Qt.DockWidgetArea.BottomDockWidgetArea),
                ("detail", "Detail", self.detail_pane, Qt.DockWidgetArea.RightDockWidgetArea)):
            dock = QDockWidget(title, self)
            dock.setObjectName(f"dock-{key}")
            dock.setWidget(widget)
            self.addDockWidget(area, dock)
            self.docks[key] = dock
        self.resizeDocks([self.docks["filters"], self.docks["detail"]], [260, 330],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["charts"]], [400], Qt.Orientation.Vertical)
        self._default_state = QByteArray()

    def _build_status_bar(self) -> None:
        self.rows_label = QLabel()
        # Wide enough for any count, and fixed: a new count (every filter change) then
        # repaints this label only. A label that can grow re-lays out the status bar and
        # the window after it, and the bar repaints all of its labels (~0.6 ms a time).
        self.rows_label.setFixedSize(
            self.rows_label.fontMetrics().horizontalAdvance("88,888,888 of 88,888,888 rows") + 8,
            self.rows_label.sizeHint().height())
        self.units_label = QLabel()
        self.units_label.setStyleSheet("color: #b35900")
        self.source_label = QLabel()
        # A long warning must not widen the window; the provenance keeps its room.
        self.units_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        bar = self.statusBar()
        bar.addWidget(self.rows_label)
        bar.addWidget(self.units_label, 1)
        bar.addPermanentWidget(self.source_label)

    def _build_menus(self) -> None:
        self.actions_by_name: dict[str, QAction] = {}
        file = self.menuBar().addMenu("&File")
        self._add(file, "import", "&Import files…", self.importRequested,
                  QKeySequence.StandardKey.Open)
        self._add(file, "import_folder", "Import &folder…", self.importFolderRequested)
        file.addSeparator()
        self._add(file, "export_table", "Export &table…", self.exportTableRequested, "Ctrl+E")
        self._add(file, "export_chart", "Export &chart…", self.exportChartRequested,
                  "Ctrl+Shift+E")
        file.addSeparator()
        self._add(file, "quit", "&Quit", self.close, QKeySequence.StandardKey.Quit)
        edit = self.menuBar().addMenu("&Edit")
        copy = self._add(edit, "copy", "&Copy rows", self.table.copy_selection)
        copy.setText("&Copy rows\tCtrl+C")  # the table's own shortcut does the work
        self._add(edit, "select_all", "Select &all rows", self.table.selectAll,
                  QKeySequence.StandardKey.SelectAll)
        self._add(edit, "find", "&Find country…", self._focus_search, QKeySequence.StandardKey.Find)
        self._build_view_menu()
        self._build_data_menu()
        help_ = self.menuBar().addMenu("&Help")
        self._add(help_, "about", "&About Asylum Explorer", self.show_about)
        self._add(help_, "about_qt", "About &Qt", lambda: QMessageBox.aboutQt(self))

    def _build_view_menu(self) -> None:
        view = self.menuBar().addMenu("&View")
        for dock in self.docks.values():
            view.addAction(dock.toggleViewAction())
        view.addSeparator()
        self._add(view, "reset_layout", "&Reset layout", self.reset_layout)

    def _build_data_menu(self) -> None:
        data = self.menuBar().addMenu("&Data")
        self.dataset_group = QActionGroup(self)
        for i, name in enumerate(GUI_DATASETS, start=1):
            action = self._add(data, f"dataset_{name}", DATASETS[name].label,
                               lambda _=False, n=name: self.filter_panel.datasetRequested.emit(n),
                               f"Ctrl+{i}")
            action.setCheckable(True)
            self.dataset_group.addAction(action)
        data.addSeparator()
        self._add(data, "clear_filters", "C&lear filters", self.filter_panel.clear_filters,
                  "Ctrl+Shift+X")
        self._add(data, "back", "&Back to all years", self.drill_back.click,
                  QKeySequence.StandardKey.Back)
        data.addSeparator()
        self._add(data, "update", "&Update data…", self.updateDataRequested)
        self._add(data, "check_updates", "Check for up&dates…", self.checkUpdatesRequested)
        self._add(data, "reload", "&Reload the store", self.reloadRequested,
                  QKeySequence.StandardKey.Refresh)

    def _add(self, menu, name: str, text: str, slot, shortcut=None) -> QAction:  # noqa: ANN001
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        self.actions_by_name[name] = action
        return action

    # -- showing -------------------------------------------------------------------------
    def show_page(self, page: int) -> None:
        """Loading, first run (docks put away: nothing to filter or chart) or the data."""
        if page == PAGE_FIRST_RUN and self._docks_put_away is None:
            self._docks_put_away = [k for k, d in self.docks.items() if not d.isHidden()]
            for dock in self.docks.values():
                dock.hide()
        elif page == PAGE_DATA and self._docks_put_away is not None:
            for key in self._docks_put_away:
                self.docks[key].show()
            self._docks_put_away = None
        self.pages.setCurrentIndex(page)
        has_data = page == PAGE_DATA
        self.filter_panel.setEnabled(has_data)
        for name in ("export_table", "export_chart", "copy", "select_all", "clear_filters"):
            self.actions_by_name[name].setEnabled(has_data)

    def show_drill_year(self, year: int | None) -> None:
        self.drill_bar.setVisible(year is not None)
        if year is not None:
            self.drill_label.setText(f"Showing {year} only (picked in a chart).")
        self.actions_by_name["back"].setEnabled(year is not None)

    def show_status(self, shown: int, total: int, mixed_units: bool, provenance: str) -> None:
        self.rows_label.setText(f"{shown:,} of {total:,} rows" if total else "")
        self.units_label.setText(
            "⚠ Mixes persons and cases: totals add both (pick a unit to separate them)"
            if mixed_units else "")
        self.units_label.setToolTip(
            "UNHCR reports some countries' figures in cases (a case can hold several "
            "persons) and others in persons." if mixed_units else "")
        self.source_label.setText(provenance)

    def set_data_info(self, release: str | None, date: str | None) -> None:
        """The data's release and date, for Help ▸ About."""
        self._data_info = (release, date)

    def show_about(self) -> None:
        from asylum_explorer.qt.widgets.about_dialog import AboutDialog

        release, date = getattr(self, "_data_info", (None, None))
        AboutDialog(self, data_release=release, data_date=date).exec()

    def _focus_search(self) -> None:
        self.docks["filters"].show()
        self.filter_panel.search.setFocus()
        self.filter_panel.search.selectAll()

    def _coming(self, name: str) -> None:
        QMessageBox.information(self, "Coming soon", f"{_LATER[name]} is coming in a later "
                                "version.")

    def take_over(self, name: str) -> SignalInstance:
        """Remove the "coming" placeholder from one of the request signals; return it."""
        signal = getattr(self, name)
        slot = self._placeholders.pop(name, None)
        if slot is not None:
            signal.disconnect(slot)
        return signal

    # -- what the exporters take -----------------------------------------------------------
    def current_chart(self) -> ChartData | None:
        """The chart on the visible chart tab, as shown (for File ▸ Export chart…)."""
        return self.chart_panel.current_chart()

    def case_view(self) -> CaseView | None:
        """The table's filtered, sorted rows (for File ▸ Export table…)."""
        return self.table_model.view

    def visible_columns(self) -> list[str]:
        """Column keys the table shows, in screen order (hidden columns left out)."""
        return self.table.visible_columns()

    # -- layout persistence --------------------------------------------------------------
    def remember_default_layout(self) -> None:
        self._default_state = self.saveState()

    def reset_layout(self) -> None:
        if not self._default_state.isEmpty():
            self.restoreState(self._default_state)
        for dock in self.docks.values():
            dock.show()
        self.table.reset_columns()

    def save_layout(self, settings: QSettings) -> None:
        if self._docks_put_away is not None:
            return  # the first-run page's layout is not the user's
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())

    def restore_layout(self, settings: QSettings) -> None:
        geometry, state = settings.value("window/geometry"), settings.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    closing = Signal()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        super().closeEvent(event)
