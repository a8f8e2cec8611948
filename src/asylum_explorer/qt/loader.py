"""Reading the store for the window (runs in a worker: ~1 s on the real data)."""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from asylum_explorer.core import preload
from asylum_explorer.core.case_view import DEFAULT_SORT, CaseView
from asylum_explorer.core.chart_build import remember_unfiltered_sums
from asylum_explorer.core.countries import Country, CountryIndex
from asylum_explorer.core.dataset import Dataset, load_dataset
from asylum_explorer.core.footnotes import FootnoteIndex
from asylum_explorer.core.memory import small_pages
from asylum_explorer.core.store import Store
from asylum_explorer.core.store_health import StoreHealth, check_store
from asylum_explorer.qt.widgets.filter_panel import GUI_DATASETS


@dataclass
class StoreData:
    """The datasets the window shows, their table views and the country index."""

    datasets: dict[str, Dataset] = field(default_factory=dict)
    views: dict[str, CaseView] = field(default_factory=dict)
    countries: CountryIndex = field(default_factory=lambda: CountryIndex(()))
    health: StoreHealth | None = None  # set when the store is damaged: the user decides
    footnotes: FootnoteIndex | None = None  # UNHCR's footnotes, when the store has them

    @property
    def empty(self) -> bool:
        return not self.datasets


def first_shown(names: Iterable[str], wanted: str | None) -> str | None:
    """The dataset the window shows first: the wanted one if loaded, else the first."""
    names = list(names)
    if wanted in names:
        return wanted
    return names[0] if names else None


def load_store(store: Store, first: str | None = None, **_: object) -> StoreData:
    """Load every dataset the window shows; an empty store gives an empty StoreData.

    Only the dataset shown first (`first_shown(..., first)`) is put in the default sort
    here: at ×100 each 3-key sort takes ~1 s, and the others are sorted when first shown
    (the controller does that), so they no longer delay the first paint.

    The first dataset's sort is worked out as soon as it is read, while the next dataset
    is still being decoded on the reading thread (which also finds each one's countries).
    """
    with small_pages():  # see core/memory.py: ~3 GB allocated in seconds at ×100
        return _load_store(store, first)


def _load_store(store: Store, first: str | None) -> StoreData:
    health = check_store(store)  # milliseconds: sizes, Parquet magic and footers
    if not health.ok:
        return _load_intact(store, health, first)
    manifest = store.manifest()
    if not manifest:
        return StoreData()
    shown = first_shown([n for n in manifest if n in GUI_DATASETS], first)
    datasets: dict[str, Dataset] = {}
    views: dict[str, CaseView] = {}
    seen: dict[str, list[Country]] = {}
    sums: Future[None] | None = None
    with ThreadPoolExecutor(1, thread_name_prefix="store-sums") as helper:
        for name, dataset, countries_seen in preload.read_each(store):  # read ahead
            if name not in GUI_DATASETS:
                continue
            datasets[name], seen[name] = dataset, countries_seen
            views[name] = CaseView(dataset)  # its countries are set below, once all are in
            if name == shown:
                # The first charts' per-year sums (~0.3 s at ×100) beside its sort (~1 s).
                sums = helper.submit(remember_unfiltered_sums, dataset)
                views[name].set_sort(DEFAULT_SORT)  # not on the GUI thread
    if sums is not None:
        sums.result()  # raises what it raised
    if not datasets:
        return StoreData()
    reference = store.load("countries") if "countries" in manifest else None
    countries = CountryIndex.from_seen([seen[n] for n in datasets], reference)
    for view in views.values():
        view.countries = countries
    return StoreData(datasets, views, countries, footnotes=_footnotes(store, manifest))


def _views(datasets: dict[str, Dataset], countries: CountryIndex, first: str | None
           ) -> dict[str, CaseView]:
    views = {n: CaseView(d, countries) for n, d in datasets.items()}
    shown = first_shown(views, first)
    if shown is not None:
        views[shown].set_sort(DEFAULT_SORT)  # ~0.1 s at a million rows: not on the GUI thread
    return views


def _load_intact(store: Store, health: StoreHealth, first: str | None = None) -> StoreData:
    """A damaged store: load only what checked out, never a damaged file."""
    names = [n for n in health.intact if n in GUI_DATASETS]
    datasets = {n: load_dataset(store, n) for n in names}
    reference = store.load("countries") if "countries" in health.intact else None
    countries = CountryIndex.from_tables([d.table for d in datasets.values()], reference)
    return StoreData(datasets, _views(datasets, countries, first), countries, health,
                     _footnotes(store, health.intact))


def _footnotes(store: Store, readable: Iterable[str]) -> FootnoteIndex | None:
    """The footnote index, built here in the worker so a selection only looks it up."""
    if "footnotes" not in readable:
        return None
    return FootnoteIndex.from_table(store.load("footnotes"))
