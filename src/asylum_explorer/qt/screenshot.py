"""`asylum-explorer --screenshot FILE.png [state options]`: one window state as a PNG.

Loads synchronously (no workers), applies the options like a user would, renders the
window at 1400×900 offscreen and exits. Used for documentation and for looking at the
window in tests.
"""

from __future__ import annotations

import argparse
import sys

from asylum_explorer.core.errors import UserError


def render_screenshot(args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication

    from asylum_explorer.core.query import Filter
    from asylum_explorer.core.store import Store
    from asylum_explorer.qt.app import SCREENSHOT_SIZE
    from asylum_explorer.qt.controller import Controller
    from asylum_explorer.qt.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow()
    window.resize(*SCREENSHOT_SIZE)
    controller = Controller(window, Store(args.store), settings=None, sync=True)
    window.show()
    controller.reload()
    if not controller.data.empty:
        countries = controller.data.countries
        if args.dataset:
            if args.dataset not in controller.data.views:
                raise UserError(f"the store has no {args.dataset} data to show")
            controller.state.set_dataset(args.dataset)
        controller.state.set_filter(Filter(
            origins=countries.resolve_all(args.origin), asylums=countries.resolve_all(args.asylum),
            year_from=args.year_from, year_to=args.year_to))
        if getattr(args, "top_side", None):
            window.chart_panel.set_top_side(args.top_side)
            controller.state.set_top_side(args.top_side)
        if getattr(args, "chart", None):
            window.chart_panel.set_current_kind(args.chart)
        if args.select_row is not None:
            _select_row(window, args.select_row)
    for _ in range(5):
        app.processEvents()
    image = window.grab()
    # zlib level 1 for a PNG (Qt maps quality 80 to it): ~35 ms instead of ~60 ms of
    # every start measured this way, and for window pictures no bigger than the default.
    quality = 80 if args.screenshot.lower().endswith(".png") else -1
    if image.isNull() or not image.save(args.screenshot, None, quality):
        raise UserError(f"cannot write the screenshot {args.screenshot}")
    window.close()
    return 0


def _select_row(window, row: int) -> None:  # noqa: ANN001
    model = window.table_model
    if not 0 <= row < model.rowCount():
        raise UserError(f"--select-row {row}: the table shows {model.rowCount()} rows")
    window.table.selectRow(row)
    window.table.setCurrentIndex(model.index(row, 0))
