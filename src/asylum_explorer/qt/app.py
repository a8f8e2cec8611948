"""Start the desktop app, or render one window state to a PNG (`--screenshot`)."""

from __future__ import annotations

import argparse
import os
import sys

SCREENSHOT_SIZE = (1400, 900)


def run_app(args: argparse.Namespace) -> int:
    if getattr(args, "screenshot", None):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window flashes by
        from asylum_explorer.qt.screenshot import render_screenshot

        return render_screenshot(args)
    from PySide6.QtWidgets import QApplication

    from asylum_explorer.core.store import Store
    from asylum_explorer.qt import data_shown
    from asylum_explorer.qt.app_identity import apply_identity
    from asylum_explorer.qt.controller import Controller
    from asylum_explorer.qt.exception_hook import install_exception_hook
    from asylum_explorer.qt.main_window import MainWindow
    from asylum_explorer.qt.settings import app_settings
    from asylum_explorer.qt.wiring import wire_services

    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_identity(app)
    install_exception_hook(app)  # never die on a bug: log it and show "Copy details"
    settings = app_settings()
    window = MainWindow()
    window.resize(*SCREENSHOT_SIZE)
    window.remember_default_layout()
    window.restore_layout(settings)
    controller = Controller(window, Store(args.store), settings)
    shown = data_shown.DataShown(window, controller)
    if os.environ.get(data_shown.ENV):  # benchmarks/run.py times the start up to here
        shown.shown.connect(data_shown.report_and_quit)
    shown.shown.connect(_warm_up)  # not before the charts are painted
    window.show()  # paint "Loading…" first, then read the store in a worker
    controller.reload()
    window.controller = controller
    wire_services(window, controller, api_url=getattr(args, "api_url", None))
    code = app.exec()
    controller.shutdown()
    return code


def _warm_up() -> None:
    """Once the data is shown, while the app idles: what the first selection would
    otherwise pay and the first paint need not wait for — numpy.ma, imported by
    np.unique's first call (~20 ms; the selected rows' years use it)."""
    import numpy.ma  # noqa: F401
