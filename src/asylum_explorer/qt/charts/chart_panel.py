"""STUB (contract only) — replaced by the charts work. Do not build on its internals.

ChartPanel shows the window's charts (tabs: Trend, Decisions/Rates, Top, Compare) from
`ChartData` objects the controller builds in the core, and reports clicks as signals.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from asylum_explorer.core.chart_data import ChartData


class ChartPanel(QWidget):
    yearClicked = Signal(int)  # a click on a year of a trend chart
    countryClicked = Signal(str, str)  # (side "origin"|"asylum", ISO3) from a top-N bar
    compareChanged = Signal(tuple)  # ISO3 codes the user picked for the compare chart
    topSideChanged = Signal(str)  # "origin" | "asylum"
    logScaleChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._label = QLabel("charts")
        QVBoxLayout(self).addWidget(self._label)

    def set_charts(self, charts: dict[str, ChartData]) -> None:
        """Show these charts, keyed by kind (see chart_data.KINDS); update in place."""
        self._label.setText(" | ".join(c.title for c in charts.values()))
