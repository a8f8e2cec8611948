"""Start reading the store while the desktop app is still importing Qt.

On a 2-core machine the app spends ~1–1.5 s importing PySide6, pyqtgraph and numpy
and building the window; reading the Parquet store is almost all pyarrow C++ code that
runs without the GIL. Started first, on a thread, the reading overlaps the imports
instead of following them. Semantics do not change: the window still shows "Loading…"
until every dataset is in, and `take` hands the result over only if the store's
manifest is still the one that was read (an import in between makes it stale).

While it reads, the interpreter's GIL switch interval is 1 ms instead of 5 ms: every
file the imports read releases the GIL, and the reading thread, once it has it, would
otherwise keep it for up to 5 ms of Python each time. Measured (`--screenshot`,
interleaved): ×1 1.54 → 1.44 s, ×10 2.33 → 2.09 s median. Put back when the reading ends.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from asylum_explorer.core.dataset import Dataset, load_all
from asylum_explorer.core.store import MANIFEST, Store

SWITCH_INTERVAL_S = 0.001  # while the store is read beside the imports


class _Preload:
    def __init__(self, store: Store) -> None:
        self.root = store.root.resolve()
        self.manifest = _manifest_bytes(store)
        self.result: dict[str, Dataset] | None = None
        _shorter_switch_interval(True)
        self.thread = threading.Thread(target=self._run, args=(store,), daemon=True,
                                       name="store-preload")
        self.thread.start()

    def _run(self, store: Store) -> None:
        try:
            self.result = load_all(store)
        except Exception:  # noqa: BLE001 - the normal load reports it properly
            self.result = None
        finally:
            _shorter_switch_interval(False)


_pending: _Preload | None = None
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
        _pending = _Preload(store)


def take(store: Store) -> dict[str, Dataset] | None:
    """The preloaded datasets of this store, once; None if none or stale."""
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
