"""Time the chart builders (core, no Qt) and optionally ChartView.set_data on a store.

    python benchmarks/make_store.py --scale 10 --out /tmp/bench-x10
    python benchmarks/bench_charts.py --store /tmp/bench-x10 [--view] [--repeat 20]

Prints the best and median time of each chart kind over `--repeat` runs (best is the
figure to compare: other processes only ever add time). The selections are the ones a
user starts from: one origin over all years, a pair, the whole dataset.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from asylum_explorer.core.chart_build import build_chart, build_charts
from asylum_explorer.core.dataset import country_index, load_all
from asylum_explorer.core.query import Filter
from asylum_explorer.core.store import Store


def _time(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    fn()  # warm caches (NaN flags, imports)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), statistics.median(times)


def cases(datasets: dict, countries) -> list[tuple[str, Callable[[], object]]]:
    dec, app, pop = datasets["decisions"], datasets["applications"], datasets["population"]
    syr = Filter(origins=frozenset({"SYR"}))
    pair = Filter(origins=frozenset({"AFG"}), asylums=frozenset({"DEU"}))
    every = Filter()
    cmp3 = ("SYR", "AFG", "IRQ")
    return [
        ("decisions trend, origin SYR", lambda: build_chart(dec, syr, "trend",
                                                            countries=countries)),
        ("decisions trend, everything", lambda: build_chart(dec, every, "trend",
                                                            countries=countries)),
        ("decisions rates, AFG->DEU", lambda: build_chart(dec, pair, "rates",
                                                          countries=countries)),
        ("decisions top asylum, SYR", lambda: build_chart(dec, syr, "top", countries=countries,
                                                          top_side="asylum")),
        ("decisions top origins, everything", lambda: build_chart(dec, every, "top",
                                                                  countries=countries)),
        ("decisions compare SYR/AFG/IRQ", lambda: build_chart(dec, every, "compare",
                                                              countries=countries,
                                                              compare=cmp3)),
        ("decisions pair AFG->DEU", lambda: build_chart(dec, pair, "pair", countries=countries,
                                                        marked_year=2016)),
        ("applications trend, everything", lambda: build_chart(app, every, "trend",
                                                               countries=countries)),
        ("population trend, origin SYR", lambda: build_chart(pop, syr, "trend",
                                                             countries=countries)),
        ("build_charts (4 tabs), origin SYR", lambda: build_charts(dec, syr,
                                                                   countries=countries,
                                                                   compare=cmp3)),
        ("build_charts (4 tabs), everything", lambda: build_charts(dec, every,
                                                                   countries=countries,
                                                                   compare=cmp3)),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--view", action="store_true",
                        help="also time ChartView.set_data (offscreen Qt)")
    args = parser.parse_args()
    store = Store(args.store)
    datasets = load_all(store)
    countries = country_index(store, list(datasets.values()))
    rows = {name: len(d) for name, d in datasets.items()}
    print(f"store {args.store}: {rows}")
    print(f"{'case':40} {'best ms':>8} {'median':>8}")
    for name, fn in cases(datasets, countries):
        best, median = _time(fn, args.repeat)
        print(f"{name:40} {best:8.2f} {median:8.2f}")
    if args.view:
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from asylum_explorer.qt.charts.render import make_chart_view

        # Alternate two selections so every update really changes titles and data.
        pairs = [build_charts(datasets["decisions"], Filter(origins=frozenset({iso})),
                              countries=countries, compare=("SYR", "AFG", "IRQ"),
                              top_side="asylum") for iso in ("SYR", "AFG")]
        view = make_chart_view(pairs[0]["trend"], 1000, 620)
        for kind in pairs[0]:
            flip = iter(range(10**9))
            best, median = _time(lambda k=kind, f=flip: view.set_data(pairs[next(f) % 2][k]),
                                 args.repeat)
            print(f"{'ChartView.set_data ' + kind:40} {best:8.2f} {median:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
