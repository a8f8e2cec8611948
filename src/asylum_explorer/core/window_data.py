"""What the desktop window shows of a store, prepared without Qt.

Used twice: by the window's loader (in a worker), and by the preload thread that
`cli/main.py` starts before Qt is imported, so that building the country index and the
first table's default sort (~0.2 s at ×10) overlap the ~1 s of imports instead of
following them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from asylum_explorer.core.case_view import DEFAULT_SORT, CaseView
from asylum_explorer.core.countries import CountryIndex
from asylum_explorer.core.dataset import Dataset, country_index
from asylum_explorer.core.store import Store

WINDOW_DATASETS = ("applications", "decisions", "population")
DEFAULT_DATASET = "decisions"  # shown first when no other was remembered


@dataclass
class WindowData:
    """The window's datasets, their table views and the country index."""

    datasets: dict[str, Dataset] = field(default_factory=dict)
    views: dict[str, CaseView] = field(default_factory=dict)
    countries: CountryIndex = field(default_factory=lambda: CountryIndex(()))


def first_shown(names: Iterable[str], wanted: str | None) -> str | None:
    """The dataset the window shows first: the wanted one if loaded, else the first."""
    names = list(names)
    if wanted in names:
        return wanted
    return names[0] if names else None


def window_data(store: Store, loaded: dict[str, Dataset], first: str | None = DEFAULT_DATASET,
                countries: CountryIndex | None = None) -> WindowData:
    """Views of the window's datasets; only the one shown first is put in the default sort.

    At ×100 each 3-key sort takes ~1 s: the others are sorted when first shown (the
    controller does that), so they do not delay the first paint.
    """
    datasets = {n: d for n, d in loaded.items() if n in WINDOW_DATASETS}
    if not datasets:
        return WindowData()
    if countries is None:
        countries = country_index(store, list(datasets.values()))
    views = {n: CaseView(d, countries) for n, d in datasets.items()}
    sort_first_shown(views, first)
    return WindowData(datasets, views, countries)


def sort_first_shown(views: dict[str, CaseView], first: str | None) -> None:
    """Put the view shown first in the default sort, unless it already is."""
    shown = first_shown(views, first)
    if shown is not None and not views[shown].sort_keys:
        views[shown].set_sort(DEFAULT_SORT)
