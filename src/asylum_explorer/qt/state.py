"""The one shared state every view redraws from (glue-style: views never hold each other).

Widgets write to it through its setters; the controller listens to its signals and
redraws the views. Only values, no widgets: dataset name, filter, drill-down year, the
selected table rows and the chart choices.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Signal

from asylum_explorer.core.query import Filter


class AppState(QObject):
    datasetChanged = Signal(str)
    filterChanged = Signal()  # filter or drill-down year
    selectionChanged = Signal()  # selected table rows or the current row
    chartOptionsChanged = Signal()  # top side, compared countries

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dataset = "decisions"
        self.filter = Filter()
        self.drill_year: int | None = None
        self.selected_rows = np.zeros(0, dtype=np.int64)  # table row indices
        self.current_row: int | None = None  # table row shown in the detail pane
        self.top_side = "origin"
        self.compare: tuple[str, ...] = ()

    def set_dataset(self, name: str) -> None:
        if name != self.dataset:
            self.dataset = name
            self.drill_year = None
            self._clear_selection()
            self.datasetChanged.emit(name)

    def set_filter(self, flt: Filter) -> None:
        if flt != self.filter:
            self.filter = flt
            self.filterChanged.emit()

    def set_drill_year(self, year: int | None) -> None:
        if year != self.drill_year:
            self.drill_year = year
            self.filterChanged.emit()

    def add_country(self, side: str, iso: str) -> None:
        """A click on a country in a chart: add it to the origin or asylum filter."""
        if side == "origin":
            self.set_filter(self.filter.with_(origins=self.filter.origins | {iso}))
        elif side == "asylum":
            self.set_filter(self.filter.with_(asylums=self.filter.asylums | {iso}))

    def set_selection(self, rows: np.ndarray, current: int | None) -> None:
        rows = np.asarray(rows, dtype=np.int64)
        if current == self.current_row and np.array_equal(rows, self.selected_rows):
            return
        self.selected_rows, self.current_row = rows, current
        self.selectionChanged.emit()

    def _clear_selection(self) -> None:
        self.selected_rows = np.zeros(0, dtype=np.int64)
        self.current_row = None

    def set_top_side(self, side: str) -> None:
        if side != self.top_side:
            self.top_side = side
            self.chartOptionsChanged.emit()

    def set_compare(self, isos: tuple[str, ...]) -> None:
        if tuple(isos) != self.compare:
            self.compare = tuple(isos)
            self.chartOptionsChanged.emit()
