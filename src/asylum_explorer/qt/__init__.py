"""The Qt front end: models adapting the core, widgets, charts and the main window."""

# Before any Qt call: PySide6 6.12 on Python 3.11 drops references to None/True/False
# (see refcount_guard); without this the app aborts after a few thousand Qt calls.
from asylum_explorer.qt import refcount_guard as _refcount_guard  # noqa: F401
