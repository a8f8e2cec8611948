"""Make `import pyqtgraph` skip its eager copy of every PySide6 class (~0.2 s per start).

Why: pyqtgraph 0.14 keeps its own "mirror" modules `pyqtgraph.Qt.QtCore`, `.QtGui` and
`.QtWidgets` and fills them at import with `_copy_attrs(src, dst)`: for every name in
`dir(PySide6.QtCore)` (and QtGui, QtWidgets) `if not hasattr(dst, o): setattr(dst, o,
getattr(src, o))`. PySide6 ≥ 6.8 creates its ~720 classes and their enums only when a name
is first used; the `getattr` of every name creates all of them. Measured here (PySide6
6.12, 2 cores): 0.20 s of a 1.6 s start, for classes the app never uses.

What: before pyqtgraph is imported, we put mirror modules of our own in `sys.modules`
under those three names. While pyqtgraph's copy loop asks them `hasattr`, they answer
"yes" without creating anything (so nothing is copied); afterwards they hand out any
PySide6 name on first use and keep it, exactly what the copy would have given. Names
pyqtgraph patches into the mirrors (its Qt5-compat aliases) are set on them as before.

Robust by construction: installed only if the installed pyqtgraph's `Qt/__init__.py`
still has the very copy loop this answers (another version imports as usual), and a
mirror answers "yes" only to that loop (checked by its code's name and module) and only
for the module it is copying from. tests/test_pyqtgraph_mirror.py proves it is in effect
on the installed pyqtgraph and that charts behave; the chart and export tests cover the
rest.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path

MIRRORS = ("QtCore", "QtGui", "QtWidgets")
PACKAGE = "pyqtgraph.Qt"
# The loop in pyqtgraph 0.13–0.14's Qt/__init__.py that this module makes cheap.
COPY_LOOP = ("def _copy_attrs(src, dst):\n"
             "    for o in dir(src):\n"
             "        if not hasattr(dst, o):\n"
             "            setattr(dst, o, getattr(src, o))\n")
IMPORTS_MIRRORS = "from . import QtCore, QtGui, QtWidgets"


class LazyMirror(types.ModuleType):
    """`pyqtgraph.Qt.QtCore` & co.: PySide6's names, each fetched on first use."""

    _source: types.ModuleType | None = None

    def __getattr__(self, name: str) -> object:
        caller = sys._getframe(1)
        if (caller.f_code.co_name == "_copy_attrs"
                and caller.f_globals.get("__name__") == PACKAGE):
            source = caller.f_locals.get("src")
            if self._source is None:
                self._source = source  # whichever binding pyqtgraph chose
            if source is self._source:
                return True  # "already here": the loop skips it; fetched on first use
        if self._source is None:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        value = getattr(self._source, name)  # AttributeError if the binding lacks it
        setattr(self, name, value)  # later look-ups are plain module attributes
        return value

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(dir(self._source) if self._source else ()))


def install() -> bool:
    """Put the lazy mirrors in place if pyqtgraph is not imported yet and still copies
    eagerly as above; True if they are in place."""
    if PACKAGE in sys.modules:
        return isinstance(sys.modules.get(f"{PACKAGE}.QtCore"), LazyMirror)
    package_dir = _pyqtgraph_qt_dir()
    if package_dir is None:
        return False
    for name in MIRRORS:
        full = f"{PACKAGE}.{name}"
        mirror = LazyMirror(full)
        init = package_dir / name / "__init__.py"
        mirror.__file__ = str(init)
        mirror.__path__ = [str(init.parent)]
        mirror.__package__ = full
        mirror.__spec__ = importlib.util.spec_from_file_location(
            full, init, submodule_search_locations=[str(init.parent)])
        sys.modules[full] = mirror
    return True


def _pyqtgraph_qt_dir() -> Path | None:
    """pyqtgraph/Qt of the installed pyqtgraph if its mirrors are filled by COPY_LOOP."""
    try:
        spec = importlib.util.find_spec("pyqtgraph")  # finds it without importing it
        if spec is None or spec.origin is None:
            return None
        qt_dir = Path(spec.origin).parent / "Qt"
        source = (qt_dir / "__init__.py").read_text(encoding="utf-8")
    except (ImportError, OSError, ValueError, UnicodeDecodeError):
        return None
    if COPY_LOOP not in source or IMPORTS_MIRRORS not in source:
        return None
    if not all((qt_dir / name / "__init__.py").is_file() for name in MIRRORS):
        return None
    return qt_dir
