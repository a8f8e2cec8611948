"""How long exports take: chart files at print sizes, and table rows to CSV / XLSX.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_export.py --store STORE [--rows-x 10]

Charts: the decisions chart for Syria (as the window draws it) to a 3000 × 1800 PNG, an
SVG and a PDF. Tables: every decisions row (the window's "export all rows"), and the rows
tiled `--rows-x` times (1.1 M rows at ×10), to CSV; XLSX for the real rows only.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def timed(label: str, fn, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN201
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    print(f"{label:<48} {time.perf_counter() - start:7.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", required=True)
    parser.add_argument("--rows-x", type=int, default=10)
    args = parser.parse_args()

    from asylum_explorer.core.chart_build import build_chart
    from asylum_explorer.core.dataset import country_index, load_dataset
    from asylum_explorer.core.query import Filter
    from asylum_explorer.core.store import Store
    from asylum_explorer.core.table import CodedColumn, Table
    from asylum_explorer.core.table_export import table_sheet, write_sheet
    from asylum_explorer.qt.charts.render import ensure_app
    from asylum_explorer.qt.export.chart_export import ExportSize, export_chart

    ensure_app()
    store = Store(args.store)
    ds = load_dataset(store, "decisions")
    countries = country_index(store, [ds])
    data = build_chart(ds, Filter(origins=frozenset({"SYR"})), "decisions",
                       countries=countries)
    out = Path(tempfile.mkdtemp(prefix="bench-export-"))
    big = ExportSize.pixels(3000, 1800)
    export_chart(data, out / "warm.png", ExportSize.pixels(600, 400))  # fonts, imports
    timed("chart PNG 3000 x 1800 px (render + encode)", export_chart, data, out / "c.png",
          big)
    timed("chart SVG", export_chart, data, out / "c.svg", big)
    timed("chart PDF", export_chart, data, out / "c.pdf", big)

    table = ds.table
    columns = table.names
    rows = np.arange(len(table))[::-1]
    timed(f"CSV, all {len(table):,} decisions rows", write_sheet,
          table_sheet(table, rows, columns), out / "t.csv")
    timed(f"XLSX, all {len(table):,} decisions rows", write_sheet,
          table_sheet(table, rows, columns), out / "t.xlsx")
    n = args.rows_x
    tiled = Table({k: CodedColumn(np.tile(c.codes, n), c.categories)
                   if isinstance(c, CodedColumn) else np.tile(c, n)
                   for k, c in table.columns.items()})
    sheet = timed(f"table_sheet, {len(tiled):,} rows", table_sheet, tiled,
                  np.arange(len(tiled)), columns)
    timed(f"CSV, {len(tiled):,} rows", write_sheet, sheet, out / "t10.csv")
    for f in sorted(out.iterdir()):
        print(f"  {f.name:<10} {f.stat().st_size / 1e6:8.2f} MB")


if __name__ == "__main__":
    main()
