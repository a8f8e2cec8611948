"""The Qt front end: models adapting the core, widgets, charts and the main window."""

# Before any Qt call: PySide6 6.12 on Python 3.11 drops references to None/True/False
# (see refcount_guard); without this the app aborts after a few thousand Qt calls.
# Before pyqtgraph is imported: pyqtgraph_mirror makes its import skip creating every
# PySide6 class (~0.2 s of each start).
from asylum_explorer.qt import pyqtgraph_mirror as _pyqtgraph_mirror
from asylum_explorer.qt import refcount_guard as _refcount_guard  # noqa: F401

_pyqtgraph_mirror.install()
