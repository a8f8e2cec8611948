"""Build a benchmark store: the real data replicated N times, copies made distinct.

    python benchmarks/make_store.py --scale 10 --out /tmp/bench-x10 [--source ../shared/data/unhcr]

Copy k (0..N-1) has its years shifted back by k × (the data's year span), so every copy
is a distinct set of rows with the same shape as the real data. Only decisions,
applications and population are replicated; the country list is kept as it is. The store
is written through the normal Store, so it loads exactly like a user's.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from asylum_explorer.core.importer import import_paths
from asylum_explorer.core.store import Store, Update
from asylum_explorer.core.table import CodedColumn, Table

REPLICATED = ("decisions", "applications", "population")
DEFAULT_SOURCE = Path(__file__).resolve().parents[2] / "shared" / "data" / "unhcr"


def replicate(table: Table, scale: int) -> Table:
    years = table.numbers("year")
    span = int(years.max() - years.min() + 1)
    columns: dict[str, CodedColumn | np.ndarray] = {}
    for name, col in table.columns.items():
        if isinstance(col, CodedColumn):
            columns[name] = CodedColumn(np.tile(col.codes, scale), col.categories)
        elif name == "year":
            shifts = np.repeat(np.arange(scale, dtype=years.dtype) * span, len(years))
            columns[name] = np.tile(years, scale) - shifts
        else:
            columns[name] = np.tile(col, scale)
    return Table(columns)


def build(source: Path, out: Path, scale: int) -> dict[str, int]:
    """Import the real data into `out`, then replace the big datasets by N copies."""
    store = Store(out)
    import_paths(store, [source], release="benchmark")
    if scale == 1:
        return {n: e.rows for n, e in store.manifest().items()}
    updates = [Update(n, replicate(store.load(n), scale), source=f"{source} ×{scale}",
                      release=f"benchmark ×{scale}") for n in REPLICATED]
    store.replace(updates)
    return {n: e.rows for n, e in store.manifest().items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args()
    if not (args.source / "asylum_decisions.csv.gz").exists():
        print(f"no UNHCR data at {args.source}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    rows = build(args.source, args.out, args.scale)
    print(f"{args.out}: {rows} in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
