"""The Qt front end: models adapting the core, widgets, charts and the main window."""

# Before any Qt call: PySide6 6.12 on Python 3.11 drops references to None/True/False
# (see refcount_guard); without this the app aborts after a few thousand Qt calls.
# Before pyqtgraph is imported: pyqtgraph_import makes that import ~0.3 s cheaper.
# Before the Qt modules are imported: pyside_feature_check makes PySide6's look at each
# newly imported module cheaper (~25 ms of every start).
# Before the QApplication is made: qt_environment turns off Qt's paint thread pool, whose
# hand-offs cost more than our small fills.
# First of all: pyside_bytecode imports PySide6 with its embedded support code compiled
# once per version, not at every start (~40 ms).
from asylum_explorer.qt import pyqtgraph_import as _pyqtgraph_import
from asylum_explorer.qt import pyside_bytecode as _pyside_bytecode
from asylum_explorer.qt import pyside_feature_check as _pyside_feature_check
from asylum_explorer.qt import qt_environment as _qt_environment
from asylum_explorer.qt import refcount_guard as _refcount_guard  # noqa: F401

_pyside_bytecode.import_pyside()
_pyqtgraph_import.install()
_pyside_feature_check.install()
_qt_environment.install()
