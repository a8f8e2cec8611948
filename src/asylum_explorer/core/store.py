"""The local store: one folder with each dataset in Parquet and a manifest.

Atomic updates: new data goes to new, uniquely named files (written, flushed, fsynced,
renamed, and the folder fsynced so the names are durable too); only then is
`manifest.json` replaced in one `os.replace`, and the folder fsynced again. A crash, a
full disk or any error at any moment leaves the manifest pointing at the previous,
complete files. Files no manifest names are removed on the next successful update.
Writers hold `store.lock` (see store_lock.py); a second writer is refused, not queued.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from asylum_explorer.core.errors import StoreError, one_line
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
    size: int | None = None  # bytes of `file`; None in manifests written before it existed
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
            if not isinstance(doc, dict):
                raise ValueError("not a JSON object")
            fmt = doc.get("format", FORMAT)
            entries = {name: Entry.from_json(e) for name, e in doc["datasets"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise StoreError(f"the store's manifest {path} is damaged ({exc}); import or "
                             "download the data again") from None
        if isinstance(fmt, int) and fmt > FORMAT:
            raise StoreError(f"the store at {self.root} was written by a newer Asylum "
                             "Explorer; update the app or use another store folder")
        return entries

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
            if self.entry(name).file != entry.file:
                return self.load(name)  # another instance replaced it meanwhile: read anew
            raise StoreError(f"the stored {name} data ({path}) is missing or damaged "
                             f"({type(exc).__name__}: {one_line(str(exc))[:200]}); import or "
                             "download it again") from None
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
        with self.write_lock():
            try:
                old = self.manifest()
            except StoreError:
                # A damaged manifest must not block the repair (re-import, re-download):
                # start a new one. Its files stay until a later update cleans up.
                old, keep_unreferenced = {}, True
            else:
                keep_unreferenced = False
            written: list[Path] = []
            try:
                entries = [self._write(u, written) for u in updates]
                _fsync_dir(self.root)  # the new names are durable before the manifest
                new = dict(old) | {e.name: e for e in entries}
                self._write_manifest(new)
            except BaseException as exc:
                for path in written:
                    with contextlib.suppress(OSError):
                        path.unlink(missing_ok=True)
                if isinstance(exc, OSError):
                    raise write_error(self.root, exc) from None
                raise
            if not keep_unreferenced:
                self._remove_unreferenced(new)
        return entries

    @contextlib.contextmanager
    def write_lock(self) -> Iterator[None]:
        """Exclusive right to update this store; StoreError at once if another has it."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise write_error(self.root, exc) from None
        with StoreLock(self.root / "store.lock"):
            yield

    def _write(self, update: Update, written: list[Path]) -> Entry:
        final = self.root / f"{update.name}-{uuid.uuid4().hex[:12]}.parquet"
        tmp = self.root / f".tmp-{final.name}"
        written += [tmp, final]
        write_table(update.table, tmp)
        _fsync_file(tmp)
        os.replace(tmp, final)
        return Entry(
            name=update.name, file=final.name, rows=len(update.table),
            sha256=file_sha256(final), size=final.stat().st_size, source=update.source,
            method=update.method,
            imported_at=datetime.now(UTC).isoformat(timespec="seconds"),
            release=update.release, years=_years(update.table),
            source_sha256=update.source_sha256, api_fingerprint=update.api_fingerprint,
        )

    def _write_manifest(self, entries: dict[str, Entry]) -> None:
        doc = {"format": FORMAT, "datasets": {n: asdict(e) for n, e in entries.items()}}
        tmp = self.root / f".tmp-manifest-{uuid.uuid4().hex[:8]}.json"
        try:
            with tmp.open("w", encoding="utf-8") as fh:
                fh.write(json.dumps(doc, indent=2))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.root / MANIFEST)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            raise
        _fsync_dir(self.root)

    def _remove_unreferenced(self, entries: dict[str, Entry]) -> None:
        """Old files and leftovers of interrupted writes. The update has already
        succeeded, so a file that cannot be removed now is tried again next time."""
        keep = {e.file for e in entries.values()} | {MANIFEST, "store.lock"}
        with contextlib.suppress(OSError):
            for path in self.root.iterdir():
                if path.name not in keep and (path.suffix == ".parquet"
                                              or path.name.startswith(".tmp-")):
                    with contextlib.suppress(OSError):
                        path.unlink(missing_ok=True)


def write_error(root: Path, exc: OSError) -> StoreError:
    """A failed store write as one line saying what the user can do; the previous data
    is untouched whenever this is raised from `Store.replace`."""
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        why = "the disk is full (No space left on device); free some space and try again"
    elif code == errno.EROFS:
        why = "the disk is read-only; choose another store folder with --store"
    elif code in (errno.EACCES, errno.EPERM):
        why = "no permission to write there; choose another store folder with --store"
    else:
        why = one_line(exc.strerror or str(exc) or type(exc).__name__)
    return StoreError(f"cannot write to the store at {root}: {why}. The data already in "
                      "the store is unchanged")


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
