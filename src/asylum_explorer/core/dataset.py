"""A dataset loaded from the store: its schema, its columns and its provenance."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from asylum_explorer.core.countries import CountryIndex
from asylum_explorer.core.schema import DATASETS, DatasetSchema, get_schema
from asylum_explorer.core.store import Entry, Store
from asylum_explorer.core.table import Table


@dataclass
class Dataset:
    schema: DatasetSchema
    table: Table
    entry: Entry

    @property
    def name(self) -> str:
        return self.schema.name

    def __len__(self) -> int:
        return len(self.table)


def load_dataset(store: Store, name: str) -> Dataset:
    schema = get_schema(name)
    return Dataset(schema, store.load(name), store.entry(name))


def load_all(store: Store) -> dict[str, Dataset]:
    """Every dataset the store holds (reference tables are loaded separately)."""
    return dict(load_each(store))


def load_each(store: Store) -> Iterator[tuple[str, Dataset]]:
    """Every dataset the store holds, one at a time in the manifest's order: a caller can
    work on one while the next is read."""
    for name in [n for n in store.names() if n in DATASETS]:
        yield name, load_dataset(store, name)


def country_index(store: Store, datasets: list[Dataset]) -> CountryIndex:
    """Countries of the given datasets, with regions where the country list is stored."""
    reference = store.load("countries") if "countries" in store.names() else None
    return CountryIndex.from_tables([d.table for d in datasets], reference)
