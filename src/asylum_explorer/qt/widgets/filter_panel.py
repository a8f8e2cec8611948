"""The filter panel: dataset, countries, years, codes and free text.

It shows a `Filter` and emits the one the user edits (`filterEdited`); it never filters
anything itself. Typing and dragging are debounced so a fast hand causes one update.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from asylum_explorer.core.countries import CountryIndex
from asylum_explorer.core.query import Filter
from asylum_explorer.core.schema import DATASETS
from asylum_explorer.qt.widgets.code_chooser import CodeChooser
from asylum_explorer.qt.widgets.country_picker import CountryPicker
from asylum_explorer.qt.widgets.year_range import YearRange

GUI_DATASETS = ("applications", "decisions", "population")
_ROLES = (("procedure", "procedure_type", "Procedure"), ("level", "dec_level", "Decision level"),
          ("app_type", "app_type", "Application type"))
_UNITS = (("Persons and cases", None), ("Persons", "P"), ("Cases", "C"))
DEBOUNCE_MS = 200


@dataclass
class FilterChoices:
    """What the controls offer for the current dataset."""

    datasets: list[str]
    dataset: str
    countries: CountryIndex
    origins: set[str]
    asylums: set[str]
    years: tuple[int, int]
    codes: dict[str, set[str]] = field(default_factory=dict)  # role -> codes present
    has_unit: bool = False


class FilterPanel(QWidget):
    filterEdited = Signal(object)  # Filter
    datasetRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filter = Filter()
        self._years = (0, 0)
        self._syncing = False
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self._emit)
        self._build()

    # -- building ----------------------------------------------------------------------
    def _build(self) -> None:
        self.dataset = QComboBox(toolTip="Which UNHCR dataset to explore")
        for name in GUI_DATASETS:
            self.dataset.addItem(DATASETS[name].label, name)
        self.dataset.currentIndexChanged.connect(self._on_dataset)
        self.search = QLineEdit(placeholderText="Search country names…")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip("Rows whose origin or asylum country name contains this text")
        self.search.textChanged.connect(self._later)
        self.origin = CountryPicker("origin")
        self.asylum = CountryPicker("asylum")
        # A tab bar over a stack rather than a QTabWidget: a tab's text shows how many
        # countries are checked and changes with most filters, and a QTabWidget repaints
        # its whole page (the picker's search box, tree and buttons) on each new text.
        self.tabs = QTabBar(documentMode=True, expanding=False)
        self.pages = QStackedWidget()
        for picker, text in ((self.origin, "Origin"), (self.asylum, "Asylum country")):
            self.tabs.addTab(text)
            self.pages.addWidget(picker)
        self.tabs.currentChanged.connect(self.pages.setCurrentIndex)
        for picker in (self.origin, self.asylum):
            picker.checkedChanged.connect(self._emit)
        self.years = YearRange()
        self.years.setToolTip("Years to include (both ends included)")
        self.years.valueChanged.connect(self._later)
        self.codes = {role: CodeChooser(column) for role, column, _ in _ROLES}
        for chooser in self.codes.values():
            chooser.checkedChanged.connect(self._emit)
        self.unit = QComboBox(toolTip="UNHCR counts some countries' figures in cases, "
                                      "others in persons")
        for text, code in _UNITS:
            self.unit.addItem(text, code)
        self.unit.currentIndexChanged.connect(self._emit)
        self.clear = QPushButton("Clear filters")
        self.clear.setToolTip("Show every row of the dataset (Ctrl+Shift+X)")
        self.clear.clicked.connect(self.clear_filters)
        self._layout()

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow("Dataset", self.dataset)
        form.addRow("Search", self.search)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.tabs)
        layout.addWidget(self.pages, 1)
        layout.addWidget(QLabel("Years"))
        layout.addWidget(self.years)
        codes_form = QFormLayout()
        for role, _, text in _ROLES:
            codes_form.addRow(text, self.codes[role])
        codes_form.addRow("Unit", self.unit)
        layout.addLayout(codes_form)
        layout.addWidget(self.clear)

    # -- showing state -----------------------------------------------------------------
    def set_choices(self, choices: FilterChoices) -> None:
        """Offer the current dataset's countries, years and codes (no signal)."""
        self._syncing = True
        for i in range(self.dataset.count()):
            name = self.dataset.itemData(i)
            self.dataset.model().item(i).setEnabled(name in choices.datasets)
        self.dataset.setCurrentIndex(self.dataset.findData(choices.dataset))
        self.origin.model.set_countries(choices.countries, choices.origins)
        self.asylum.model.set_countries(choices.countries, choices.asylums)
        self._years = choices.years
        self.years.setRange(*choices.years)
        for role, chooser in self.codes.items():
            chooser.set_codes(choices.codes.get(role, set()))
        self.unit.setEnabled(choices.has_unit)
        self._syncing = False

    def set_filter(self, flt: Filter) -> None:
        """Show a filter set elsewhere (restored settings, a chart click); no signal."""
        self._syncing = True
        self._filter = flt
        if self.search.text().strip() != flt.text:  # keep the cursor where the user types
            self.search.setText(flt.text)
        self.origin.set_checked(flt.origins)
        self.asylum.set_checked(flt.asylums)
        lo, hi = self._years
        self.years.setValue((max(lo, flt.year_from or lo), min(hi, flt.year_to or hi)))
        for role, chooser in self.codes.items():
            chooser.set_checked(flt.codes_for(role))
        self.unit.setCurrentIndex(max(0, self.unit.findData(flt.unit)))
        self._update_tabs()
        self._syncing = False

    def current_filter(self) -> Filter:
        lo, hi = self.years.value()
        return self._filter.with_(
            text=self.search.text().strip(),
            origins=self.origin.checked(), asylums=self.asylum.checked(),
            year_from=lo if lo > self._years[0] else None,
            year_to=hi if hi < self._years[1] else None,
            procedures=self.codes["procedure"].checked(), levels=self.codes["level"].checked(),
            app_types=self.codes["app_type"].checked(), unit=self.unit.currentData())

    def clear_filters(self) -> None:
        self.set_filter(Filter())
        self.filterEdited.emit(Filter())

    # -- reacting ------------------------------------------------------------------------
    def _later(self) -> None:
        if not self._syncing:
            self._debounce.start()

    def _emit(self) -> None:
        if self._syncing:
            return
        self._debounce.stop()
        self._update_tabs()
        self._filter = self.current_filter()
        self.filterEdited.emit(self._filter)

    def _on_dataset(self) -> None:
        if not self._syncing:
            self.datasetRequested.emit(self.dataset.currentData())

    def _update_tabs(self) -> None:
        for i, picker in enumerate((self.origin, self.asylum)):
            n = len(picker.checked())
            base = ("Origin", "Asylum country")[i]
            text = f"{base} ({n})" if n else base
            if self.tabs.tabText(i) != text:  # a new text re-lays out and repaints the dock
                self.tabs.setTabText(i, text)
