"""The core's share of each target, without Qt: load, country index, filter, sort, charts.

    python benchmarks/core_bench.py --store /tmp/bench-x10 [--json]

Wall and CPU milliseconds (CPU = every thread of the process), best of `--repeats`.
When the machine is shared, CPU time is the steadier figure.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path


def timed(fn, repeats: int = 1) -> tuple[float, float, object]:  # noqa: ANN001
    best_wall, best_cpu, result = float("inf"), float("inf"), None
    for _ in range(repeats):
        w, c = time.perf_counter(), time.process_time()
        result = fn()
        best_wall = min(best_wall, time.perf_counter() - w)
        best_cpu = min(best_cpu, time.process_time() - c)
    return round(best_wall * 1000, 1), round(best_cpu * 1000, 1), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    out: dict[str, object] = {}
    w, c, _ = timed(lambda: __import__("asylum_explorer.core.dataset"))
    out["import_core_ms"] = (w, c)
    from asylum_explorer.core.case_view import DEFAULT_SORT, CaseView
    from asylum_explorer.core.chart_build import build_charts
    from asylum_explorer.core.dataset import country_index, load_all
    from asylum_explorer.core.query import Filter
    from asylum_explorer.core.store import Store

    store = Store(args.store)
    w, c, datasets = timed(lambda: load_all(store))
    out["load_all_ms"] = (w, c)
    out["rows"] = {n: len(d) for n, d in datasets.items()}
    w, c, countries = timed(lambda: country_index(store, list(datasets.values())), args.repeats)
    out["country_index_ms"] = (w, c)
    ds = datasets["decisions"]
    view = CaseView(ds, countries)
    out["default_sort_ms"] = timed(lambda: view.set_sort(DEFAULT_SORT), args.repeats)[:2]
    syria = Filter(origins=frozenset({"SYR"}))
    out["filter_ms"] = timed(lambda: view.set_filter(syria), args.repeats)[:2]
    out["sort_origin_ms"] = timed(lambda: view.compute_order([("coo_name", True)]),
                                  args.repeats)[:2]
    out["sort_total_ms"] = timed(lambda: view.compute_order([("dec_total", False)]),
                                 args.repeats)[:2]
    out["charts_ms"] = timed(lambda: build_charts(
        ds, syria, countries=countries, compare=("SYR", "AFG", "IRQ"), compare_side="origin",
        top_side="origin"), args.repeats)[:2]
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if args.json:
        print(json.dumps(out))
    else:
        for k, v in out.items():
            print(f"{k:18s} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
