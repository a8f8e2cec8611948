"""Is the store whole? Checked at start, before anything is loaded, so a damaged store
becomes a choice for the user (re-import, re-download, continue with what is intact)
instead of a crash halfway through loading.

The quick check (default) costs a few milliseconds: the manifest parses, every file it
names exists, has the recorded size, starts and ends like a Parquet file and its footer
holds the recorded number of rows. `checksums=True` also hashes every file (a second or
two on the real data): run that in a `qt.workers.Worker`, which passes progress/cancel.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from asylum_explorer.core.errors import StoreError, one_line
from asylum_explorer.core.store import MANIFEST, Entry, Store, file_sha256

PARQUET_MAGIC = b"PAR1"


@dataclass
class StoreHealth:
    """What `check_store` found. `problems` maps a dataset (or "manifest") to reasons."""

    root: Path
    intact: list[str] = field(default_factory=list)
    problems: dict[str, list[str]] = field(default_factory=dict)
    checksums_checked: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def damaged(self) -> list[str]:
        """Names of damaged datasets (not counting a damaged manifest)."""
        return [name for name in self.problems if name != MANIFEST]

    @property
    def manifest_damaged(self) -> bool:
        return MANIFEST in self.problems

    @property
    def can_continue(self) -> bool:
        """Some data is intact: the app can open with it while the rest is repaired."""
        return bool(self.intact)

    def lines(self) -> list[str]:
        """One line per problem, for a dialog or a log."""
        return [f"{name}: {reason}" for name, reasons in self.problems.items()
                for reason in reasons]

    def summary(self) -> str:
        """One sentence for the dialog's headline."""
        if self.ok:
            return f"The store at {self.root} is intact."
        if self.manifest_damaged:
            return (f"The store at {self.root} has lost its list of contents (manifest); "
                    "its data must be imported or downloaded again.")
        names = ", ".join(self.damaged)
        return f"Some data in the store at {self.root} is missing or damaged: {names}."


Progress = Callable[[object], None]


def check_store(store: Store, checksums: bool = False, progress: Progress | None = None,
                cancel: threading.Event | None = None) -> StoreHealth:
    """Check every dataset the manifest names; never raises for a damaged store."""
    health = StoreHealth(store.root, checksums_checked=checksums)
    manifest = store.root / MANIFEST
    if not manifest.exists():
        orphans = sorted(p.name for p in _listing(store.root) if p.suffix == ".parquet")
        if orphans:
            health.problems[MANIFEST] = [f"{MANIFEST} is missing but the folder holds "
                                         f"{len(orphans)} data file(s)"]
        return health  # no manifest and no data: a store not yet written, not a damage
    try:
        entries = store.manifest()
    except StoreError as exc:
        health.problems[MANIFEST] = [one_line(str(exc))]
        return health
    for i, entry in enumerate(entries.values()):
        if cancel is not None and cancel.is_set():
            break
        if progress is not None:
            progress(f"checking {entry.name} ({i + 1}/{len(entries)})")
        reasons = entry_problems(store.root, entry, checksums)
        if reasons:
            health.problems[entry.name] = reasons
        else:
            health.intact.append(entry.name)
    return health


def entry_problems(root: Path, entry: Entry, checksum: bool = False) -> list[str]:
    """Why one dataset's file cannot be trusted; [] if it can."""
    if Path(entry.file).name != entry.file or entry.file in ("", ".", ".."):
        return [f"the manifest names a file outside the store ({entry.file!r})"]
    path = root / entry.file
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return [f"file {entry.file} is missing"]
    except OSError as exc:
        return [f"file {entry.file} cannot be read ({exc.strerror or exc})"]
    if entry.size is not None and size != entry.size:
        return [f"file {entry.file} has {size:,} bytes, the manifest says {entry.size:,} "
                "(truncated or overwritten)"]
    reason = _parquet_problem(path, entry)
    if reason:
        return [reason]
    if checksum and file_sha256(path) != entry.sha256:
        return [f"file {entry.file} is damaged (its checksum does not match)"]
    return []


def _parquet_problem(path: Path, entry: Entry) -> str | None:
    """Head and tail magic, then the footer's row count: cheap, and catches truncation."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
            fh.seek(max(path.stat().st_size - 4, 0))
            tail = fh.read(4)
    except OSError as exc:
        return f"file {entry.file} cannot be read ({exc.strerror or exc})"
    if head != PARQUET_MAGIC or tail != PARQUET_MAGIC:
        return f"file {entry.file} is truncated or not a Parquet file"
    try:
        import pyarrow.parquet as pq

        rows = pq.read_metadata(path).num_rows
    except Exception as exc:  # noqa: BLE001 - pyarrow raises many kinds for a bad footer
        return f"file {entry.file} is damaged ({one_line(str(exc))[:120]})"
    if rows != entry.rows:
        return f"file {entry.file} holds {rows:,} rows, the manifest says {entry.rows:,}"
    return None


def _listing(root: Path) -> list[Path]:
    try:
        return list(root.iterdir())
    except OSError:
        return []
