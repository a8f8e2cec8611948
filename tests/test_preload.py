"""Preloading the store while Qt imports: the same data, never stale."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from asylum_explorer.core import preload
from asylum_explorer.core.countries import CountryIndex, seen_countries
from asylum_explorer.core.dataset import load_all
from asylum_explorer.core.importer import import_paths
from asylum_explorer.core.store import Store

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _take(store: Store) -> dict | None:
    """The preloaded datasets of this store, once; None if none or stale."""
    stream = preload.take_each(store)
    if stream is None:
        return None
    try:
        return {name: dataset for name, dataset, _ in stream}
    except preload.Stale:
        return None


def test_preloaded_datasets_equal_a_normal_load(small_store_path: Path) -> None:
    store = Store(small_store_path)
    preload.start(store)
    got = _take(store)
    assert got is not None
    expected = load_all(store)
    assert set(got) == set(expected)
    for name, ds in expected.items():
        assert ds.entry == got[name].entry
        for col in ds.table.names:
            a, b = ds.table[col], got[name].table[col]
            if isinstance(a, np.ndarray):
                assert np.array_equal(a, b, equal_nan=True)
            else:
                assert list(a.values()) == list(b.values())
    assert _take(store) is None  # handed over once


def test_an_import_after_the_preload_makes_it_stale(small_store_path: Path) -> None:
    store = Store(small_store_path)
    preload.start(store)
    import_paths(store, [FIXTURES / "rdf_decisions_preamble.csv"])
    assert _take(store) is None  # the window loads the new data itself


def test_another_store_or_no_store_gets_nothing(small_store_path: Path,
                                                tmp_path: Path) -> None:
    preload.start(Store(tmp_path / "missing"))
    assert _take(Store(tmp_path / "missing")) is None
    preload.start(Store(small_store_path))
    assert _take(Store(tmp_path / "other")) is None


def test_the_gil_switches_faster_only_while_the_preload_reads(small_store_path: Path,
                                                               monkeypatch) -> None:
    import sys

    seen: list[float] = []
    real = preload.load_each

    def load_each_and_look(store: Store):  # noqa: ANN202
        seen.append(sys.getswitchinterval())
        yield from real(store)

    import time

    deadline = time.monotonic() + 30
    while preload._reading and time.monotonic() < deadline:  # another test's preload
        time.sleep(0.01)
    before = sys.getswitchinterval()
    monkeypatch.setattr(preload, "load_each", load_each_and_look)
    store = Store(small_store_path)
    preload.start(store)
    assert _take(store) is not None
    assert seen == [preload.SWITCH_INTERVAL_S]  # imports get the GIL back sooner
    assert sys.getswitchinterval() == before  # and the app runs with the default after


def test_read_each_gives_every_dataset_with_its_countries(small_store_path: Path) -> None:
    store = Store(small_store_path)
    preload.start(store)
    arrivals = list(preload.read_each(store))
    expected = load_all(store)
    assert [name for name, _, _ in arrivals] == list(expected)
    for name, dataset, seen in arrivals:
        assert dataset.entry == expected[name].entry
        assert seen == seen_countries(expected[name].table)
    assert {c.iso for _, _, seen in arrivals for c in seen} == \
        set(CountryIndex.from_tables([d.table for d in expected.values()]).by_iso)


def test_read_each_after_an_import_reads_the_new_data(small_store_path: Path) -> None:
    store = Store(small_store_path)
    preload.start(store)
    import_paths(store, [FIXTURES / "rdf_decisions_preamble.csv"])
    got = {name: dataset for name, dataset, _ in preload.read_each(store)}
    assert {n: d.entry for n, d in got.items()} == \
        {n: d.entry for n, d in load_all(store).items()}
