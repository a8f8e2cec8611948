"""What a chart shows, decided without Qt: series, labels, title and source line.

The window, the CLI `chart` command and the exporters all draw from a `ChartData`, so a
chart exported from a script is the same chart the user saw. Building one is cheap
(aggregations on integer codes), so the controller rebuilds it on every filter change.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

SOURCE = "Source: UNHCR Refugee Data Finder, CC BY 4.0"

# Chart kinds the window shows and the CLI `chart --kind` accepts.
KINDS = ("trend", "decisions", "rates", "top", "compare")


@dataclass(frozen=True)
class Series:
    """One line, stacked band or set of bars.

    x: years (int) for line/stacked; bar positions 0..n-1 for bars.
    y: float values, NaN where there is no data.
    style: "line", "stacked" (drawn cumulatively in order) or "bar".
    """

    name: str
    x: np.ndarray
    y: np.ndarray
    style: str = "line"
    color: str | None = None  # "#rrggbb"; None lets the renderer pick from its palette


@dataclass(frozen=True)
class ChartData:
    """Everything needed to draw one chart and say exactly what it shows.

    title: e.g. "Asylum decisions — origin: Syria — all asylum countries — 2000–2025 —
    persons and cases". y_format "count" (thousands separators) or "percent" (0..1 shown
    as %). For bar charts `categories` are the bar labels and `category_keys` their ISO3
    codes (what a click on a bar adds to the filter). `highlight_years` are the years of
    the rows selected in the table; `marked_year` a single year to mark (detail chart).
    """

    kind: str
    title: str
    x_label: str
    y_label: str
    series: tuple[Series, ...]
    source: str = SOURCE
    y_format: str = "count"
    categories: tuple[str, ...] = ()
    category_keys: tuple[str, ...] = ()
    highlight_years: tuple[int, ...] = ()
    marked_year: int | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)  # e.g. "mixes persons and cases"
    # Series not drawn but listed in the hover and in exported numbers, e.g. how many
    # decisions each year's recognition rate rests on.
    extra: tuple[Series, ...] = ()

    @property
    def is_empty(self) -> bool:
        return all(np.all(np.isnan(np.asarray(s.y, dtype=float))) for s in self.series)
