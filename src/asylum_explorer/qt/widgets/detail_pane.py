"""The detail pane: every field of the selected row, its context and provenance.

It shows a `RecordDetail` (core/detail.py) and a small chart of the same origin → asylum
pair over all years (charts/history_chart.py); it computes nothing. Footnotes come from
outside via `set_footnotes`.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from asylum_explorer.core.chart_data import ChartData
from asylum_explorer.core.detail import RecordDetail
from asylum_explorer.qt.charts.history_chart import HistoryChart
from asylum_explorer.qt.widgets.slotted_text import (
    SlottedHtml,
    SlottedHtmlBuilder,
    SlottedTextBrowser,
)
from asylum_explorer.qt.widgets.title_line import TitleLine

EMPTY_TEXT = "Select a row in the table to read its detail."


class DetailPane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Opaque: a new detail repaints the pane, not the dock (frame, title bar) behind it.
        self.setAutoFillBackground(True)
        # Rows of one dataset share the text's layout: a new row only replaces its texts
        # in the document (slotted_text.py): ~1 ms of a selection's ~2 of setHtml.
        self.text = SlottedTextBrowser(openExternalLinks=True)
        self.text.setAccessibleName("Detail of the selected row")
        # Most rows' detail is longer than the pane. A scroll bar that comes and goes
        # resizes the text and lays the document out again, twice per selection
        # (setHtml first empties it): ~1 ms of each.
        self.text.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        # The pair chart's title sits above the chart, two lines whatever the title: one
        # that wraps differently must not resize the chart and the text around it.
        self.chart_title = TitleLine()
        self.chart_title.hide()
        self.chart = HistoryChart()
        self.chart.setMinimumHeight(230)
        self.chart.hide()  # until show_detail has a row to chart
        self._detail: RecordDetail | None = None
        self._footnotes: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.text, 3)
        layout.addWidget(self.chart_title)
        layout.addWidget(self.chart, 2)
        self.show_detail(None)

    @property
    def detail(self) -> RecordDetail | None:
        return self._detail

    def show_detail(self, detail: RecordDetail | None, chart: ChartData | None = None,
                    footnotes: list[str] | None = None) -> None:
        """Show a row's detail (None: the empty hint), its pair-history chart and the UNHCR
        footnotes that apply to it (rendered once, not once more per footnote update)."""
        self._detail = detail
        self._footnotes = list(footnotes or [])
        self._render()
        self.chart.setVisible(detail is not None)
        self.chart_title.setVisible(detail is not None)
        if chart is not None:
            self.chart_title.setText(chart.title)
            self.chart.set_data(chart)  # its title is the line above it

    def set_footnotes(self, notes: list[str]) -> None:
        """Hook for UNHCR footnotes about the shown row (year, origin, asylum)."""
        self._footnotes = list(notes)
        self._render()

    def _render(self) -> None:
        d = self._detail
        if d is None:
            self.text.set_plain_html(f"<p style='color:gray'>{escape(EMPTY_TEXT)}</p>")
            return
        self.text.set_slotted(detail_content(d, self._footnotes))


def detail_content(d: RecordDetail, footnotes: list[str]) -> SlottedHtml:
    """The detail as HTML, its changing texts marked (see slotted_text.py)."""
    out = SlottedHtmlBuilder()
    out.raw("<h3>")
    out.text(d.title)
    out.raw("</h3><table cellspacing='0' cellpadding='2'>")
    for f in d.fields + d.rates:
        out.raw(f"<tr><td valign='top'><b>{escape(f.label)}</b></td><td valign='top'>")
        out.text(f.value)
        if f.meaning:
            out.raw("<br><span style='color:gray;font-size:small'>")
            out.text(f.meaning)
            out.raw("</span>")
        out.raw("</td></tr>")
    out.raw("</table>")
    if d.context:
        out.raw("<h4>In context</h4>")
        for line in d.context:
            out.raw("<p>")
            out.text(line)
            out.raw("</p>")
    if footnotes:
        out.raw("<h4>UNHCR footnotes</h4><ul>")
        for note in footnotes:
            out.raw("<li>")
            out.text(note)
            out.raw("</li>")
        out.raw("</ul>")
    out.raw("<h4>Provenance</h4><p style='color:gray;font-size:small'>")
    for i, line in enumerate(d.provenance):
        out.raw("<br>" if i else "")
        out.text(line)
    out.raw("</p>")
    return out.build()
