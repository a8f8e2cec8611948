"""Start reading the store while the desktop app is still importing Qt.

On a 2-core machine the app spends ~1–1.5 s importing PySide6, pyqtgraph and superqt
and building the window; reading the Parquet store is almost all pyarrow C++ code that
runs without the GIL. Started first, on a thread, the reading overlaps the imports
instead of following them. Semantics do not change: the window still shows "Loading…"
until every dataset is in, and `take` hands the result over only if the store's
manifest is still the one that was read (an import in between makes it stale). The
desktop app also builds its table views and country index on that thread
(`core.window_data.window_data`), so that they too overlap the imports.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from asylum_explorer.core.dataset import Dataset, load_all
from asylum_explorer.core.store import MANIFEST, Store

Prepare = Callable[[Store, dict[str, Dataset]], object]


class _Preload:
    def __init__(self, store: Store, prepare: Prepare | None) -> None:
        self.root = store.root.resolve()
        self.manifest = _manifest_bytes(store)
        self.result: object | None = None
        self.thread = threading.Thread(target=self._run, args=(store, prepare), daemon=True,
                                       name="store-preload")
        self.thread.start()

    def _run(self, store: Store, prepare: Prepare | None) -> None:
        try:
            loaded = load_all(store)
            self.result = loaded if prepare is None else prepare(store, loaded)
        except Exception:  # noqa: BLE001 - the normal load reports it properly
            self.result = None


_pending: _Preload | None = None
_lock = threading.Lock()


def start(store: Store, prepare: Prepare | None = None) -> None:
    """Begin loading every dataset of the store on a background thread.

    `prepare(store, datasets)`, if given, runs on that thread too and its result is what
    `take` hands over (the window's views and country index: more work off the
    critical path).
    """
    global _pending
    if _manifest_bytes(store) is None:
        return  # no store yet: the first-run page needs nothing loaded
    with _lock:
        _pending = _Preload(store, prepare)


def take(store: Store) -> object | None:
    """The preloaded datasets of this store (or what `prepare` made of them), once;
    None if none or stale."""
    global _pending
    with _lock:
        pending, _pending = _pending, None
    if pending is None or pending.root != store.root.resolve():
        return None
    pending.thread.join()
    if pending.result is None or _manifest_bytes(store) != pending.manifest:
        return None
    return pending.result


def _manifest_bytes(store: Store) -> bytes | None:
    try:
        return Path(store.root, MANIFEST).read_bytes()
    except OSError:
        return None
