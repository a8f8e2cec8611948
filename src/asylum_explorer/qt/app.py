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
    from asylum_explorer.qt.controller import Controller
    from asylum_explorer.qt.main_window import MainWindow
    from asylum_explorer.qt.settings import app_settings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Asylum Explorer")
    app.setOrganizationName("asylum-explorer")
    settings = app_settings()
    window = MainWindow()
    window.resize(*SCREENSHOT_SIZE)
    window.remember_default_layout()
    window.restore_layout(settings)
    controller = Controller(window, Store(args.store), settings)
    window.show()  # paint "Loading…" first, then read the store in a worker
    controller.reload()
    window.controller = controller  # the lead wires download/export through it
    code = app.exec()
    controller.shutdown()
    return code
