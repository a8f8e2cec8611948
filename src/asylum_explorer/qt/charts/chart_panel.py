"""ChartPanel: the window's charts (tabs Trend, Rates, Top, Compare) and their controls.

The panel only shows the charts the controller gives it (a `core.chart_set.ChartSet`:
each chart is summed in the core the first time it is read) and reports what the user did
as signals; it never queries data itself. One ChartView draws whichever tab is current,
so switching tabs or filters updates the same plot items: `set_charts` keeps the set but
reads and draws only the visible tab's chart; a hidden tab's is read when it is shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QSignalBlocker, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QStackedWidget,
    QTabBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from asylum_explorer.core.chart_data import ChartData
from asylum_explorer.core.chart_set import ChartSet
from asylum_explorer.qt.charts.chart_view import ChartView

TABS = (("trend", "Trend"), ("rates", "Rates"), ("top", "Top"), ("compare", "Compare"))
MAX_COMPARE = 8  # more lines than the palette has colours cannot be told apart


class ChartPanel(QWidget):
    yearClicked = Signal(int)  # a click on a year of a trend chart
    countryClicked = Signal(str, str)  # (side "origin"|"asylum", ISO3) from a top-N bar
    compareChanged = Signal(tuple)  # ISO3 codes the user picked for the compare chart
    topSideChanged = Signal(str)  # "origin" | "asylum"
    logScaleChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._charts: ChartSet = ChartSet.of({})
        self._top_side = "origin"
        self._compare: list[str] = []
        self._names: dict[str, str] = {}  # ISO3 -> name
        self._by_label: dict[str, str] = {}  # completer text -> ISO3

        self.tabs = QTabBar()
        for _kind, label in TABS:
            self.tabs.addTab(label)
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.log_check = QCheckBox("Log scale")
        self.log_check.setToolTip("Logarithmic value axis for the line charts")
        self.log_check.toggled.connect(self._on_log_toggled)

        self.controls = QStackedWidget()
        self.controls.addWidget(QWidget())  # trend: no extra controls
        self.controls.addWidget(QWidget())  # rates
        self.controls.addWidget(self._make_top_controls())
        self.controls.addWidget(self._make_compare_controls())

        self.view = ChartView(steady=True)  # filters do not move the plot
        self.view.yearClicked.connect(self.yearClicked)
        self.view.categoryClicked.connect(self._on_category_clicked)

        bar = QHBoxLayout()
        bar.addWidget(self.tabs)
        bar.addStretch(1)
        bar.addWidget(self.log_check)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.controls)
        layout.addWidget(self.view, 1)
        self._sync_controls()

    # ------------------------------------------------------------ public API

    def set_charts(self, charts: Mapping[str, ChartData]) -> None:
        """Show these charts, keyed by kind ("trend", "rates", "top", "compare"). Only the
        visible tab's chart is read (a `ChartSet` sums the others when they are shown)."""
        self._charts = charts if isinstance(charts, ChartSet) else ChartSet.of(charts)
        self._show_current()

    def set_highlight_years(self, years: Sequence[int]) -> None:
        """Mark these years (the selected rows') on every chart; only the bands move.

        The stored charts keep the years too, so a tab shown later and an export of the
        current chart mark them as well."""
        years = tuple(int(y) for y in years)
        self._charts = self._charts.with_highlight(years)
        if self.current_chart() is not None and self.view.data is not None:
            self.view.set_highlight_years(years)

    def set_countries(self, countries: Sequence[tuple[str, str]]) -> None:
        """(ISO3, name) pairs the compare picker offers."""
        self._names = {iso: name for iso, name in countries}
        self._by_label = {f"{name} ({iso})": iso for iso, name in countries}
        self._completer_model.setStringList(sorted(self._by_label, key=str.casefold))
        self._render_chips()

    def charts(self) -> ChartSet:
        """Every kind's latest chart (drawn or waiting for its tab), with the highlight."""
        return self._charts

    def current_kind(self) -> str:
        return TABS[self.tabs.currentIndex()][0]

    def set_current_kind(self, kind: str) -> None:
        self.tabs.setCurrentIndex([k for k, _ in TABS].index(kind))

    def current_chart(self) -> ChartData | None:
        return self._charts.get(self.current_kind())

    def current_view(self) -> ChartView:
        return self.view

    def top_side(self) -> str:
        return self._top_side

    def set_top_side(self, side: str) -> None:
        """Set the Top chart's side without emitting topSideChanged."""
        self._top_side = side
        button = self.top_origin if side == "origin" else self.top_asylum
        with QSignalBlocker(self.top_group):
            button.setChecked(True)

    def compare_countries(self) -> tuple[str, ...]:
        return tuple(self._compare)

    def set_compare(self, isos: Sequence[str]) -> None:
        """Set the compared countries without emitting compareChanged."""
        compare = list(dict.fromkeys(isos))[:MAX_COMPARE]
        if compare != self._compare:  # rebuilding the chips on every filter change cost ~1 ms
            self._compare = compare
            self._render_chips()

    def add_compare(self, text: str) -> bool:
        """Add a country by its picker text, name or ISO3; False if unknown or full."""
        iso = self._resolve(text)
        if iso is None or iso in self._compare or len(self._compare) >= MAX_COMPARE:
            return False
        self._compare.append(iso)
        self._compare_changed()
        return True

    def remove_compare(self, iso: str) -> None:
        if iso in self._compare:
            self._compare.remove(iso)
            self._compare_changed()

    def log_scale(self) -> bool:
        return self.log_check.isChecked()

    def set_log_scale(self, on: bool) -> None:
        """Set the log-scale box without emitting logScaleChanged."""
        with QSignalBlocker(self.log_check):
            self.log_check.setChecked(on)
        self.view.set_log_scale(on)

    # ------------------------------------------------------------ controls

    def _make_top_controls(self) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(6, 0, 6, 0)
        row.addWidget(QLabel("Rank:"))
        self.top_origin = QRadioButton("countries of origin")
        self.top_asylum = QRadioButton("asylum countries")
        self.top_origin.setChecked(True)
        self.top_group = QButtonGroup(box)
        for button in (self.top_origin, self.top_asylum):
            self.top_group.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(QLabel("Click a bar to filter by that country."))
        self.top_group.buttonToggled.connect(self._on_top_side_toggled)
        return box

    def _make_compare_controls(self) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(6, 0, 6, 0)
        self.compare_side_label = QLabel("Compare:")
        row.addWidget(self.compare_side_label)
        self.compare_edit = QLineEdit()
        self.compare_edit.setPlaceholderText("Add a country…")
        self.compare_edit.setClearButtonEnabled(True)
        self.compare_edit.setMaximumWidth(260)
        self._completer_model = QStringListModel(self)
        completer = QCompleter(self._completer_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self._on_completer_activated)
        self.compare_edit.setCompleter(completer)
        self.compare_edit.returnPressed.connect(self._on_compare_return)
        row.addWidget(self.compare_edit)
        self.chips = QHBoxLayout()
        self.chips.setSpacing(4)
        row.addLayout(self.chips)
        row.addStretch(1)
        return box

    def _render_chips(self) -> None:
        """One chip per compared country. The buttons are reused, only their texts
        change: the compared countries follow most filter changes, and making and
        deleting the buttons each time cost ~1 ms."""
        while self.chips.count() < len(self._compare):
            chip = QToolButton()
            chip.setAutoRaise(False)
            chip.clicked.connect(lambda _=False, c=chip: self.remove_compare(c.property("iso")))
            self.chips.addWidget(chip)
        for i in range(self.chips.count()):
            chip = self.chips.itemAt(i).widget()
            if i >= len(self._compare):
                chip.hide()
                continue
            iso = self._compare[i]
            name = self._names.get(iso, iso)
            chip.setText(f"{name}  ✕")
            chip.setToolTip(f"Remove {name} from the comparison")
            chip.setProperty("iso", iso)
            chip.show()
        self.compare_edit.setEnabled(len(self._compare) < MAX_COMPARE)

    def chip_isos(self) -> list[str]:
        """ISO3 codes of the chips shown (for tests and accessibility)."""
        chips = (self.chips.itemAt(i).widget() for i in range(self.chips.count()))
        return [chip.property("iso") for chip in chips if not chip.isHidden()]

    def _resolve(self, text: str) -> str | None:
        text = text.strip()
        if text in self._by_label:
            return self._by_label[text]
        upper = text.upper()
        if upper in self._names:
            return upper
        folded = text.casefold()
        hits = [iso for iso, name in self._names.items() if name.casefold() == folded]
        if not hits:
            hits = [iso for iso, name in self._names.items()
                    if name.casefold().startswith(folded)] if folded else []
        return hits[0] if len(hits) == 1 else None

    # ------------------------------------------------------------ reactions

    def _show_current(self) -> None:
        chart = self.current_chart()
        self._sync_controls()
        if self.current_kind() == "compare" and self._charts.compared is not None:
            self.set_compare(self._charts.compared)  # the chips say who is compared
        if chart is None and self._charts:  # the controller built no chart of this kind
            label = dict(TABS)[self.current_kind()]
            chart = ChartData(kind=self.current_kind(), title=label, x_label="", y_label="",
                              series=(), notes=(f"No {label.lower()} chart for this "
                                                "selection.",))
        if chart is not None:
            self.view.set_data(chart)

    def _sync_controls(self) -> None:
        index = self.tabs.currentIndex()
        self.controls.setCurrentIndex(index)
        self.controls.setVisible(self.current_kind() in ("top", "compare"))
        self.log_check.setEnabled(self.current_kind() != "top")
        self.log_check.setToolTip("Bars always start at zero" if self.current_kind() == "top"
                                  else "Logarithmic value axis for the line charts")

    def _on_tab_changed(self, _index: int) -> None:
        self._show_current()

    def _on_log_toggled(self, on: bool) -> None:
        self.view.set_log_scale(on)
        self.logScaleChanged.emit(on)

    def _on_top_side_toggled(self, button, checked: bool) -> None:
        if not checked:
            return
        side = "origin" if button is self.top_origin else "asylum"
        if side != self._top_side:
            self._top_side = side
            self.topSideChanged.emit(side)

    def _on_category_clicked(self, iso: str) -> None:
        self.countryClicked.emit(self._top_side, iso)

    def _on_completer_activated(self, text: str) -> None:
        if self.add_compare(text):
            self.compare_edit.clear()

    def _on_compare_return(self) -> None:
        if self.add_compare(self.compare_edit.text()):
            self.compare_edit.clear()

    def _compare_changed(self) -> None:
        self._render_chips()
        self.compareChanged.emit(tuple(self._compare))
