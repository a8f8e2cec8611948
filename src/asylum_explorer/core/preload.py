"""Start reading the store while the desktop app is still importing Qt.

On a 2-core machine the app spends ~1–1.5 s importing PySide6, pyqtgraph and numpy
and building the window; reading the Parquet store is almost all pyarrow C++ code that
runs without the GIL. Started first, on a thread, the reading overlaps the imports
instead of following them. Semantics do not change: the window still shows "Loading…"
until every dataset is in, and `take_each` hands the result over only if the store's
manifest is still the one that was read (an import in between makes it stale).

The datasets are handed over one at a time as they are read (`take_each`, `Reader`),
each with the countries it mentions (found on the reading thread, which otherwise only
waits for pyarrow): the loader sorts the first table while the next one is still being
decoded (at ×100 each table takes 2–3 s to read).

While it reads, the interpreter's GIL switch interval is 1 ms instead of 5 ms: every
file the imports read releases the GIL, and the reading thread, once it has it, would
otherwise keep it for up to 5 ms of Python each time. Measured (`--screenshot`,
interleaved): ×1 1.54 → 1.44 s, ×10 2.33 → 2.09 s median. Put back when the reading ends.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from asylum_explorer.core.countries import Country, seen_countries
from asylum_explorer.core.dataset import Dataset, load_each
from asylum_explorer.core.store import MANIFEST, Store

SWITCH_INTERVAL_S = 0.001  # while the store is read beside the imports


class Stale(Exception):
    """The store changed (or a read failed) while it was read ahead: read it anew."""


Arrival = tuple[str, Dataset, list[Country]]  # a dataset and its `seen_countries`


class Reader:
    """Reads every dataset of a store on a background thread, in the manifest's order."""

    def __init__(self, store: Store) -> None:
        self.root = store.root.resolve()
        self.manifest = _manifest_bytes(store)
        self._read: list[Arrival] = []
        self._finished = False
        self._failed = False
        self._changed = threading.Condition()
        _shorter_switch_interval(True)
        self.thread = threading.Thread(target=self._run, args=(store,), daemon=True,
                                       name="store-preload")
        self.thread.start()

    def _run(self, store: Store) -> None:
        # Countries are found on a second thread so that the next table's read starts
        # at once (one worker: the datasets arrive in the manifest's order).
        try:
            with ThreadPoolExecutor(1, thread_name_prefix="store-countries") as countries:
                for name, dataset in load_each(store):
                    countries.submit(self._arrive, name, dataset)
        except Exception:  # noqa: BLE001 - the normal load reports it properly
            self._failed = True
        finally:
            _shorter_switch_interval(False)
            with self._changed:
                self._finished = True
                self._changed.notify_all()

    def _arrive(self, name: str, dataset: Dataset) -> None:
        try:
            item = (name, dataset, seen_countries(dataset.table))
        except Exception:  # noqa: BLE001 - as above
            self._failed = True
            item = None
        with self._changed:
            if item is not None:
                self._read.append(item)
            self._changed.notify_all()

    def each(self, store: Store) -> Iterator[Arrival]:
        """The datasets as they are read; `Stale` (at the end, or at once when a read
        failed) if the store is no longer what was read."""
        i = 0
        while True:
            with self._changed:
                self._changed.wait_for(lambda n=i: len(self._read) > n or self._finished)
                item = self._read[i] if len(self._read) > i else None
                failed = self._failed
            if failed:
                raise Stale
            if item is None:
                break
            yield item
            i += 1
        if _manifest_bytes(store) != self.manifest:
            raise Stale


_pending: Reader | None = None
_lock = threading.Lock()
_interval_lock = threading.Lock()
_reading = 0  # preloads running
_saved_interval = 0.005


def _shorter_switch_interval(on: bool) -> None:
    """Shorten the GIL switch interval while any preload reads; then put it back."""
    global _reading, _saved_interval
    with _interval_lock:
        if on and _reading == 0:
            _saved_interval = sys.getswitchinterval()
            sys.setswitchinterval(min(SWITCH_INTERVAL_S, _saved_interval))
        _reading += 1 if on else -1
        if not on and _reading == 0:
            sys.setswitchinterval(_saved_interval)


def start(store: Store) -> None:
    """Begin loading every dataset of the store on a background thread."""
    global _pending
    if _manifest_bytes(store) is None:
        return  # no store yet: the first-run page needs nothing loaded
    with _lock:
        _pending = Reader(store)


def take_each(store: Store) -> Iterator[Arrival] | None:
    """The preloaded datasets of this store one by one as they are read, once; None if
    none was started or it is already stale. The iterator raises `Stale` if the store
    changes before it ends (the caller then reads the store itself)."""
    global _pending
    with _lock:
        pending, _pending = _pending, None
    if pending is None or pending.root != store.root.resolve() \
            or _manifest_bytes(store) != pending.manifest:
        return None
    return pending.each(store)


def read_each(store: Store) -> Iterator[Arrival]:
    """Every dataset of the store as it is read: the preloaded ones if they are still
    current, else read now on a background thread (so the caller can work on one
    dataset while the next is decoded). A failed read raises its StoreError here."""
    stream = take_each(store)
    if stream is not None:
        try:
            yield from stream
            return
        except Stale:
            pass  # read anew below; the caller replaces what it had for these names
    try:
        yield from Reader(store).each(store)
    except Stale:  # a damaged file or a concurrent import: the plain read reports it
        for name, dataset in load_each(store):
            yield name, dataset, seen_countries(dataset.table)


def _manifest_bytes(store: Store) -> bytes | None:
    try:
        return Path(store.root, MANIFEST).read_bytes()
    except OSError:
        return None
