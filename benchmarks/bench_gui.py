"""What the window costs on the GUI thread, and in its workers, for a store.

    python benchmarks/bench_gui.py --store /tmp/bench-x10

Core: CaseView filter / sort (numpy). GUI thread: one filter change as the controller
handles it (mask, table reset, status bar; charts and detail go to workers) and the
detail/chart work itself (which runs in a worker). Best of 5 runs, in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def best(fn, n: int = 5) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", required=True)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from asylum_explorer.core.chart_build import build_charts
    from asylum_explorer.core.detail import record_detail
    from asylum_explorer.core.query import Filter
    from asylum_explorer.core.store import Store
    from asylum_explorer.qt.controller import Controller
    from asylum_explorer.qt.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow()
    window.resize(1400, 900)
    t = time.perf_counter()
    controller = Controller(window, Store(args.store), sync=True)
    controller.reload()
    print(f"load store (worker in the app)            {1000 * (time.perf_counter() - t):8.1f}")
    window.show()
    app.processEvents()
    controller.sync = False  # from here on, charts and detail go to workers as in the app
    state, view = controller.state, controller.case_view()
    ds, countries = view.dataset, controller.data.countries
    print(f"dataset: {ds.name}, {len(ds):,} rows")
    syr = Filter(origins=frozenset({"SYR"}), year_from=2015, year_to=2016)
    rows = [
        ("CaseView filter SYR 2015-16 (sorted view)", lambda: view.set_filter(syr)),
        ("CaseView filter text 'ger'", lambda: view.set_filter(Filter(text="ger"))),
        ("CaseView filter none", lambda: view.set_filter(Filter())),
        ("CaseView sort order year,origin,asylum", lambda: view.compute_order(
            [("year", True), ("coo_name", True), ("coa_name", True)])),
        ("CaseView sort order dec_total desc", lambda: view.compute_order(
            [(ds.schema.measure_names[-1], False)])),
    ]
    for label, fn in rows:
        print(f"{label:42s} {best(fn):8.1f}")

    def gui_filter_change() -> None:
        state.filter = Filter()
        state.set_filter(syr)  # mask + table reset + status; charts to a worker

    print(f"{'GUI thread: one filter change':42s} {best(gui_filter_change):8.1f}")
    controller.wait_idle()

    def switch_dataset() -> None:
        state.set_dataset("applications")
        state.set_dataset(ds.name)

    print(f"{'GUI thread: switch dataset and back (x2)':42s} {best(switch_dataset, 3):8.1f}")
    controller.wait_idle()
    print(f"{'worker: build_charts SYR 2015-16':42s} "
          f"{best(lambda: build_charts(ds, syr, countries=countries, compare=('DEU',))):8.1f}")
    print(f"{'worker: record_detail':42s} "
          f"{best(lambda: record_detail(ds, int(view.rows[0]), countries)):8.1f}")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
