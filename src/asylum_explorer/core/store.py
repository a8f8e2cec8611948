"""The local store: one folder with each dataset in Parquet and a manifest.

Atomic updates: new data goes to new, uniquely named files (written, flushed, fsynced);
only then is `manifest.json` replaced in one `os.replace`. A crash or error at any
moment leaves the manifest pointing at the previous, complete files. Files no manifest
names are removed on the next successful update.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from asylum_explorer.core.errors import StoreError
from asylum_explorer.core.parquet_io import read_table, write_table
from asylum_explorer.core.store_lock import StoreLock
from asylum_explorer.core.table import Table

MANIFEST = "manifest.json"
FORMAT = 1
ENV_STORE = "ASYLUM_EXPLORER_STORE"


@dataclass
class Entry:
    """What the manifest says of one dataset or reference table."""

    name: str
    file: str
    rows: int
    sha256: str
    source: str
    imported_at: str
    method: str = "import"  # "import" or "download"
    release: str | None = None
    years: tuple[int, int] | None = None
    source_sha256: list[str] = field(default_factory=list)
    # What the API said of the data when it was downloaded (rows, column totals), so that
    # a later check can tell whether UNHCR has changed it; None for imported files.
    api_fingerprint: dict | None = None

    @classmethod
    def from_json(cls, d: dict) -> Entry:
        d = dict(d)
        if d.get("years") is not None:
            d["years"] = tuple(d["years"])
        return cls(**{k: v for k, v in d.items() if k in cls.__dataclass_fields__})


@dataclass
class Update:
    """One table to put in the store, with its provenance."""

    name: str
    table: Table
    source: str
    method: str = "import"
    release: str | None = None
    source_sha256: list[str] = field(default_factory=list)
    api_fingerprint: dict | None = None


def default_store_path() -> Path:
    """ASYLUM_EXPLORER_STORE, else the platform's user data folder."""
    env = os.environ.get(ENV_STORE)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path("asylum-explorer", appauthor=False) / "store"


class Store:
    def __init__(self, root: str | Path | None = None) -> None:
        self.root = Path(root).expanduser() if root is not None else default_store_path()

    # -- reading ---------------------------------------------------------------------
    def manifest(self) -> dict[str, Entry]:
        """The datasets in the store by name; {} for a store not yet written."""
        path = self.root / MANIFEST
        if not path.exists():
            return {}
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            return {name: Entry.from_json(e) for name, e in doc["datasets"].items()}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"the store's manifest {path} is damaged ({exc}); import or "
                             "download the data again") from None

    def names(self) -> list[str]:
        return list(self.manifest())

    def entry(self, name: str) -> Entry:
        entries = self.manifest()
        if name not in entries:
            if not entries:
                raise StoreError(f"the store {self.root} is empty; import files with "
                                 "`asylum-explorer import PATH` or download the data first")
            raise StoreError(f"the store has no {name} data (it has: "
                             f"{', '.join(entries)}); import or download it first")
        return entries[name]

    def load(self, name: str) -> Table:
        entry = self.entry(name)
        path = self.root / entry.file
        try:
            table = read_table(path)
        except Exception as exc:  # pyarrow raises many kinds for a damaged file
            raise StoreError(f"the stored {name} data ({path}) is missing or damaged "
                             f"({type(exc).__name__}: {exc}); import or download it again"
                             ) from None
        if len(table) != entry.rows:
            raise StoreError(f"the stored {name} data has {len(table)} rows, the manifest "
                             f"says {entry.rows}; import or download it again")
        return table

    def verify(self) -> list[str]:
        """Problems found by checking every file against the manifest's checksum."""
        problems = []
        try:
            entries = self.manifest()
        except StoreError as exc:
            return [str(exc)]
        for entry in entries.values():
            path = self.root / entry.file
            if not path.is_file():
                problems.append(f"{entry.name}: file {entry.file} is missing")
            elif file_sha256(path) != entry.sha256:
                problems.append(f"{entry.name}: file {entry.file} is damaged (checksum)")
        return problems

    # -- writing ---------------------------------------------------------------------
    def replace(self, updates: list[Update]) -> list[Entry]:
        """Put tables in the store, replacing same-named ones, all or nothing."""
        self.root.mkdir(parents=True, exist_ok=True)
        with self.write_lock():
            old = self.manifest()
            written: list[Path] = []
            try:
                entries = [self._write(u, written) for u in updates]
                new = dict(old) | {e.name: e for e in entries}
                self._write_manifest(new)
            except BaseException:
                for path in written:
                    path.unlink(missing_ok=True)
                raise
            self._remove_unreferenced(new)
        return entries

    @contextlib.contextmanager
    def write_lock(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with StoreLock(self.root / "store.lock"):
            yield

    def _write(self, update: Update, written: list[Path]) -> Entry:
        final = self.root / f"{update.name}-{uuid.uuid4().hex[:12]}.parquet"
        tmp = self.root / f".tmp-{final.name}"
        written += [tmp, final]
        try:
            write_table(update.table, tmp)
        except OSError as exc:
            raise StoreError(f"cannot write to the store {self.root} ({exc.strerror or exc})"
                             ) from None
        _fsync_file(tmp)
        os.replace(tmp, final)
        return Entry(
            name=update.name, file=final.name, rows=len(update.table),
            sha256=file_sha256(final), source=update.source, method=update.method,
            imported_at=datetime.now(UTC).isoformat(timespec="seconds"),
            release=update.release, years=_years(update.table),
            source_sha256=update.source_sha256, api_fingerprint=update.api_fingerprint,
        )

    def _write_manifest(self, entries: dict[str, Entry]) -> None:
        doc = {"format": FORMAT, "datasets": {n: asdict(e) for n, e in entries.items()}}
        tmp = self.root / f".tmp-manifest-{uuid.uuid4().hex[:8]}.json"
        try:
            tmp.write_text(json.dumps(doc, indent=2), encoding="utf-8")
            _fsync_file(tmp)
            os.replace(tmp, self.root / MANIFEST)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise StoreError(f"cannot write to the store {self.root} ({exc.strerror or exc})"
                             ) from None
        _fsync_dir(self.root)

    def _remove_unreferenced(self, entries: dict[str, Entry]) -> None:
        keep = {e.file for e in entries.values()} | {MANIFEST, "store.lock"}
        for path in self.root.iterdir():
            if path.name not in keep and (path.suffix == ".parquet"
                                          or path.name.startswith(".tmp-")):
                path.unlink(missing_ok=True)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _years(table: Table) -> tuple[int, int] | None:
    import numpy as np

    if "year" not in table or len(table) == 0:
        return None
    years = table["year"]
    if not isinstance(years, np.ndarray) or years.dtype.kind not in "iu":
        return None
    return int(years.min()), int(years.max())


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return  # directories cannot be opened for fsync on Windows
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
