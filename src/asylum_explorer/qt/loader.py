"""Reading the store for the window (runs in a worker: ~1 s on the real data)."""

from __future__ import annotations

from dataclasses import dataclass

from asylum_explorer.core import preload
from asylum_explorer.core.countries import CountryIndex
from asylum_explorer.core.dataset import load_all, load_dataset
from asylum_explorer.core.store import Store
from asylum_explorer.core.store_health import StoreHealth, check_store
from asylum_explorer.core.window_data import (
    WINDOW_DATASETS,
    WindowData,
    first_shown,
    sort_first_shown,
    window_data,
)

__all__ = ["StoreData", "first_shown", "load_store"]


@dataclass
class StoreData(WindowData):
    """What the window shows, and the store's health when it is damaged."""

    health: StoreHealth | None = None  # set when the store is damaged: the user decides

    @property
    def empty(self) -> bool:
        return not self.datasets


def load_store(store: Store, first: str | None = None, **_: object) -> StoreData:
    """Load every dataset the window shows; an empty store gives an empty StoreData.

    Only the dataset shown first (`first_shown(..., first)`) is sorted here; see
    `core.window_data.window_data`.
    """
    health = check_store(store)  # milliseconds: sizes, Parquet magic and footers
    if not health.ok:
        return _load_intact(store, health, first)
    if not store.manifest():
        return StoreData()
    prepared = preload.take(store)  # read and prepared while Qt imported, if started
    if isinstance(prepared, WindowData):
        sort_first_shown(prepared.views, first)  # the preload guessed the default one
        data = prepared
    else:
        data = window_data(store, load_all(store), first)
    return StoreData(data.datasets, data.views, data.countries)


def _load_intact(store: Store, health: StoreHealth, first: str | None = None) -> StoreData:
    """A damaged store: load only what checked out, never a damaged file."""
    names = [n for n in health.intact if n in WINDOW_DATASETS]
    datasets = {n: load_dataset(store, n) for n in names}
    reference = store.load("countries") if "countries" in health.intact else None
    countries = CountryIndex.from_tables([d.table for d in datasets.values()], reference)
    data = window_data(store, datasets, first, countries)
    return StoreData(data.datasets, data.views, countries, health)
