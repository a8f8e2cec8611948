"""The textbook peer: a pandas DataFrame model under a QSortFilterProxyModel.

    python benchmarks/peer_proxy.py --store /tmp/bench-x1 [--cap 60] [--json]

What most Qt data viewers do: `pd.read_parquet`, a QAbstractTableModel whose `data()`
reads `df.iat[row, col]`, and a QSortFilterProxyModel in front of it with a fixed-string
filter on the origin column and sorting on a header click. Timed on the same decisions
data as `run.py`, with the same meaning: the change applied and the table view repainted.

Each measurement runs in its own process so a slow one can be stopped at the cap; the
result says "> cap" (as null plus `*_capped: true`) for those.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

FILTER_TEXTS = ("Syria", "Afghanistan", "Iraq")
SORT_COLUMN = "dec_total"


def _measure(store: Path, what: str, cap: float) -> dict[str, float]:
    """In this process: build the peer and time one kind of change (seconds)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import pandas as pd
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
    from PySide6.QtWidgets import QApplication, QTableView

    from asylum_explorer.core.store import Store

    class DataFrameModel(QAbstractTableModel):
        def __init__(self, frame: pd.DataFrame) -> None:
            super().__init__()
            self._df = frame

        def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
            return 0 if parent.isValid() else len(self._df)

        def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
            return 0 if parent.isValid() else len(self._df.columns)

        def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
            if not index.isValid():
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return str(self._df.iat[index.row(), index.column()])
            if role == Qt.ItemDataRole.UserRole:  # the sort role: the raw value
                value = self._df.iat[index.row(), index.column()]
                return value.item() if hasattr(value, "item") else value
            return None

        def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                       role: int = Qt.ItemDataRole.DisplayRole) -> object:
            if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
                return str(self._df.columns[section])
            return None

    started = time.perf_counter()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    s = Store(store)
    frame = pd.read_parquet(store / s.entry("decisions").file)
    model = DataFrameModel(frame)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(Qt.ItemDataRole.UserRole)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(list(frame.columns).index("coo_name"))
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(False)  # enabling it would sort once right now
    view.resize(1200, 700)
    view.show()
    app.processEvents()
    out = {"open_s": time.perf_counter() - started, "rows": len(frame)}
    times = []
    if what == "filter":
        for text in (*FILTER_TEXTS, ""):
            t = time.perf_counter()
            proxy.setFilterFixedString(text)
            app.processEvents()
            view.repaint()
            times.append(time.perf_counter() - t)
            if sum(times) > cap:
                break
    elif what == "sort":
        column = list(frame.columns).index(SORT_COLUMN)
        for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
            t = time.perf_counter()
            view.sortByColumn(column, order)  # what a header click does
            app.processEvents()
            view.repaint()
            times.append(time.perf_counter() - t)
            if sum(times) > cap:
                break
    out[f"{what}_s"] = sorted(times)[len(times) // 2]
    out[f"{what}_runs"] = len(times)
    import resource
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def run_peer(store: Path, cap: float = 60.0) -> dict[str, object]:
    """Filter and sort timings of the peer (ms), each capped at `cap` seconds."""
    result: dict[str, object] = {"cap_s": cap}
    for what in ("filter", "sort"):
        cmd = [sys.executable, __file__, "--store", str(store), "--only", what, "--json",
               "--cap", str(cap)]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=2 * cap + 120,
                                  check=False)
        except subprocess.TimeoutExpired:
            result[f"{what}_ms"], result[f"{what}_capped"] = None, True
            continue
        if done.returncode != 0:
            result[f"{what}_error"] = done.stderr.strip().splitlines()[-1:]
            continue
        data = json.loads(done.stdout)
        seconds = data[f"{what}_s"]
        capped = seconds > cap
        result[f"{what}_ms"] = None if capped else round(seconds * 1000, 1)
        result[f"{what}_capped"] = capped
        result["open_s"] = round(data["open_s"], 2)
        result["peak_rss_mb"] = max(float(result.get("peak_rss_mb", 0)),
                                    round(data["peak_rss_mb"]))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--cap", type=float, default=60.0, help="seconds per measurement")
    parser.add_argument("--only", choices=("filter", "sort"), help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.only:
        result = _measure(args.store, args.only, args.cap)
    else:
        result = run_peer(args.store, args.cap)
    print(json.dumps(result) if args.json else "\n".join(f"{k}: {v}" for k, v in
                                                           result.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
