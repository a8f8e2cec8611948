"""How the window chooses what its charts show, beyond the filter (no drawing here)."""

from __future__ import annotations

import dataclasses

from asylum_explorer.core.chart_data import ChartData
from asylum_explorer.core.detail import RecordDetail

DEFAULT_COMPARE = 5  # compare the top N countries until the user picks some


def compact_pair_chart(chart: ChartData, detail: RecordDetail) -> ChartData:
    """The detail pane is narrow: a short title, at most three series (the lines and the
    bottom band: recognized decisions), no notes (the pane's text says them)."""
    unit = {"P": " (persons)", "C": " (cases)"}.get(detail.unit or "", "")
    origin, asylum = detail.title.rsplit(",", 1)[0].split(" → ")
    bands = [s for s in chart.series if s.style == "stacked"][:1]
    lines = [s for s in chart.series if s.style != "stacked"]
    series = tuple(bands + lines)[:3] if len(chart.series) > 3 else chart.series
    # "Recognized (Convention status)" -> "Recognized": the legend must fit the pane.
    series = tuple(dataclasses.replace(s, name=s.name.split(" (")[0]) for s in series)
    return dataclasses.replace(chart, title=f"{origin} → {asylum}, all years{unit}",
                               series=series, notes=())

