"""Import files and folders the user brings into the store, all or nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from asylum_explorer.core.errors import InputFileError, UserError
from asylum_explorer.core.readers.normalize import to_table
from asylum_explorer.core.readers.sniff import read_bytes, read_file_bytes
from asylum_explorer.core.schema import DATASETS
from asylum_explorer.core.store import Entry, Store, Update
from asylum_explorer.core.table import CodedColumn, Column, Table, concat_tables

DATA_SUFFIXES = (".csv", ".csv.gz", ".zip", ".json", ".json.gz")

Progress = Callable[[str], None]


@dataclass
class ImportSummary:
    name: str
    rows: int
    years: tuple[int, int] | None
    sources: list[str]
    notes: list[str] = field(default_factory=list)


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders as the data files directly inside them, sorted."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(f for f in p.iterdir()
                           if f.is_file() and f.name.lower().endswith(DATA_SUFFIXES))
            if not found:
                raise UserError(f"{p}: no CSV, ZIP or JSON files in this folder")
            files += found
        elif p.exists():
            files.append(p)
        else:
            raise UserError(f"{p}: no such file or folder")
    return files


def read_files(files: list[Path], progress: Progress | None = None
               ) -> dict[str, tuple[Table, list[str], list[str], list[str]]]:
    """Read and check every file; by table name: (table, sources, notes, checksums)."""
    parts: dict[str, list[tuple[Table, str, list[str]]]] = {}
    checksums: dict[str, list[str]] = {}
    for f in files:
        if progress:
            progress(f"reading {f.name}")
        data = read_file_bytes(f)
        digest = hashlib.sha256(data).hexdigest()
        for raw in read_bytes(data, str(f)):
            parts.setdefault(raw.kind, []).append((to_table(raw), raw.source, raw.notes))
            checksums.setdefault(raw.kind, []).append(digest)
    out = {}
    for kind, items in parts.items():
        tables = [t for t, _, _ in items]
        sources = [s for _, s, _ in items]
        if len(tables) > 1 and kind in DATASETS:
            _refuse_overlap(kind, tables, sources)
        notes = [n for _, _, ns in items for n in ns]
        out[kind] = (concat_tables(tables), sources, notes, checksums[kind])
    return out


def import_paths(store: Store, paths: Iterable[str | Path], release: str | None = None,
                 progress: Progress | None = None) -> list[ImportSummary]:
    """Read every file first; write to the store only if all of them are good."""
    files = expand_paths(paths)
    tables = read_files(files, progress)
    updates = [Update(name, table, source="; ".join(sources), release=release,
                      source_sha256=sums)
               for name, (table, sources, _, sums) in tables.items()]
    if progress:
        progress("writing the store")
    entries: list[Entry] = store.replace(updates)
    return [ImportSummary(e.name, e.rows, e.years, tables[e.name][1], tables[e.name][2])
            for e in entries]


def _refuse_overlap(kind: str, tables: list[Table], sources: list[str]) -> None:
    """Two files holding the same rows of one dataset would be counted twice."""
    keys = ["year", "coo_iso", "coa_iso", *DATASETS[kind].code_columns]
    seen: list[tuple[str, set]] = []
    for table, source in zip(tables, sources, strict=True):
        rows = set(zip(*(_plain(table[k]) for k in keys), strict=True))
        for prev_source, prev_rows in seen:
            common = len(rows & prev_rows)
            if common:
                raise InputFileError(source, f"{common} rows of {kind} are also in "
                                     f"{prev_source}; import one of the two, not both")
        seen.append((source, rows))


def _plain(column: Column) -> list:
    return column.values().tolist() if isinstance(column, CodedColumn) else column.tolist()
