"""Start the desktop app."""

from __future__ import annotations

import argparse
import sys


def run_app(args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication(sys.argv[:1])
    label = QLabel("Asylum Explorer — the main window arrives with the next issue.")
    label.resize(600, 200)
    label.show()
    return app.exec()
