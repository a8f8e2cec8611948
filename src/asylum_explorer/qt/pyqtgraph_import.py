"""`import pyqtgraph` in ~0.1 s instead of ~0.45 s: it is paid on every start of the app.

Measured here (pyqtgraph 0.14.0, PySide6 6.12, 2 cores) on a 1.6 s start, two costs
that buy the app nothing:

1. pyqtgraph keeps "mirror" modules `pyqtgraph.Qt.QtCore`, `.QtGui`, `.QtWidgets` and
   fills them at import with `_copy_attrs(src, dst)`: for every name in `dir(PySide6.X)`,
   `if not hasattr(dst, o): setattr(dst, o, getattr(src, o))`. PySide6 ≥ 6.8 creates its
   ~720 classes and their enums only on first use; that `getattr` creates all: 0.20 s.
   `LazyMirror`s, put in `sys.modules` first, answer that loop's `hasattr` with "yes"
   without creating anything; afterwards they hand out a PySide6 name on first use and
   keep it: exactly what the copy would have given.
2. `pyqtgraph/__init__.py` star-imports ~90 modules (parameter trees, image views,
   multiprocess plots, colour-map widgets…); the charts need ~40 of them: 0.12 s. Our
   loader runs that `__init__.py` as it is, except its block of `from .x import ...`
   lines: those for the modules the charts use (`EAGER`) run at once, then those whose
   modules these imported (cheap; `pg.GraphicsObject`, and `pg.Point` the class rather
   than the submodule); the others run, all of them and in their order, the first time
   any name that is not there yet is asked of `pyqtgraph` (`pg.ImageView`,
   `from .. import PlotItem` in an exporter…), so its names end up as the plain import
   binds them. A chart module using such a name at import loses the saving:
   tests/test_pyqtgraph_import.py checks the window's charts do not.

Robust by construction: each part is used only if the installed pyqtgraph's source still
has the shape it relies on (the copy loop; an import block of plain relative imports that
contains every `EAGER` line and is followed by code needing nothing else from it), else
pyqtgraph imports as usual. A mirror says "yes" only to that copy loop (checked by code
name and module) and only for the module it is copying from. tests/test_pyqtgraph_import.py
proves both are in effect on the installed pyqtgraph and that it behaves as plainly
imported; the chart and export tests run with them in effect.
"""

from __future__ import annotations

import builtins
import dis
import functools
import importlib.machinery
import importlib.util
import sys
import types
from collections.abc import Callable, Sequence
from pathlib import Path

PACKAGE = "pyqtgraph"
QT_PACKAGE = "pyqtgraph.Qt"
MIRRORS = ("QtCore", "QtGui", "QtWidgets")
# The loop in pyqtgraph 0.13–0.14's Qt/__init__.py that the mirrors make cheap.
COPY_LOOP = ("def _copy_attrs(src, dst):\n"
             "    for o in dir(src):\n"
             "        if not hasattr(dst, o):\n"
             "            setattr(dst, o, getattr(src, o))\n")
IMPORTS_MIRRORS = "from . import QtCore, QtGui, QtWidgets"
FIRST_BLOCK_LINE = "from .colormap import *"
# Lines of pyqtgraph/__init__.py's import block run at once: what qt/charts and
# qt/export use as `pg.<name>` (ViewBox also for pyqtgraph's own exit clean-up).
EAGER = (
    "from .functions import *",
    "from .graphicsItems.AxisItem import *",
    "from .graphicsItems.BarGraphItem import *",
    "from .graphicsItems.InfiniteLine import *",
    "from .graphicsItems.LabelItem import *",
    "from .graphicsItems.LegendItem import *",
    "from .graphicsItems.PlotDataItem import *",
    "from .graphicsItems.PlotItem import *",
    "from .graphicsItems.ScatterPlotItem import *",
    "from .graphicsItems.TextItem import *",
    "from .graphicsItems.ViewBox import *",
    "from .widgets.GraphicsLayoutWidget import *",
    "from .widgets.GraphicsView import *",
)


def install() -> bool:
    """Make the next `import pyqtgraph` the fast one; False if it is imported already."""
    if PACKAGE in sys.modules:
        return False
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
    return True


def in_effect() -> tuple[bool, bool]:
    """(mirrors in use, import block deferred) for the imported pyqtgraph."""
    package = sys.modules.get(PACKAGE)
    return (isinstance(sys.modules.get(f"{QT_PACKAGE}.QtCore"), LazyMirror),
            package is not None and isinstance(package.__spec__.loader, _Loader))


# -- 1. the mirrors -------------------------------------------------------------------
class LazyMirror(types.ModuleType):
    """`pyqtgraph.Qt.QtCore` & co.: the binding's names, each fetched on first use."""

    _source: types.ModuleType | None = None

    def __getattr__(self, name: str) -> object:
        caller = sys._getframe(1)
        if (caller.f_code.co_name == "_copy_attrs"
                and caller.f_globals.get("__name__") == QT_PACKAGE):
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


def _install_mirrors(package_dir: Path) -> None:
    qt_dir = package_dir / "Qt"
    try:
        source = (qt_dir / "__init__.py").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    inits = [qt_dir / name / "__init__.py" for name in MIRRORS]
    if COPY_LOOP not in source or IMPORTS_MIRRORS not in source:
        return
    if not all(init.is_file() for init in inits):
        return
    for name, init in zip(MIRRORS, inits, strict=True):
        full = f"{QT_PACKAGE}.{name}"
        mirror = LazyMirror(full)
        mirror.__file__ = str(init)
        mirror.__path__ = [str(init.parent)]
        mirror.__package__ = full
        mirror.__spec__ = importlib.util.spec_from_file_location(
            full, init, submodule_search_locations=[str(init.parent)])
        sys.modules.setdefault(full, mirror)


# -- 2. the deferred import block -----------------------------------------------------
class _Finder:
    """Finds `pyqtgraph` once, as the plain path finder would, and loads it our way."""

    def find_spec(self, name: str, path: Sequence[str] | None = None,
                  target: types.ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if name != PACKAGE:
            return None
        sys.meta_path[:] = [f for f in sys.meta_path if f is not self]  # once
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or not spec.origin or not spec.submodule_search_locations:
            return None
        origin = Path(spec.origin)
        _install_mirrors(origin.parent)
        try:
            lines = origin.read_text(encoding="utf-8").splitlines(keepends=True)
        except (OSError, UnicodeDecodeError):
            return None
        block = _import_block(lines)
        if block is None:
            return None
        loader = _Loader(name, str(origin), lines, *block)
        return importlib.util.spec_from_file_location(
            name, origin, loader=loader,
            submodule_search_locations=spec.submodule_search_locations)


def _import_block(lines: list[str]) -> tuple[int, int] | None:
    """(first, end) line indexes of the star-import block, if it has the expected shape."""
    try:
        first = lines.index(FIRST_BLOCK_LINE + "\n")
    except ValueError:
        return None
    end = first
    while end < len(lines) and (lines[end].startswith("from .") or not lines[end].strip()
                                or lines[end].lstrip().startswith("#")):
        end += 1
    block = {line.rstrip("\n") for line in lines[first:end]}
    if not set(EAGER) <= block:
        return None
    return first, end


class _Loader(importlib.machinery.SourceFileLoader):
    def __init__(self, name: str, path: str, lines: list[str], first: int, end: int) -> None:
        super().__init__(name, path)
        self.lines, self.first, self.end = lines, first, end

    def exec_module(self, module: types.ModuleType) -> None:
        namespace = module.__dict__
        self._run(0, self.first, namespace)  # the head: Qt, config options
        block = range(self.first, self.end)
        self._run_lines([i for i in block if self.lines[i].rstrip("\n") in EAGER], namespace)
        # Then, in order, every line whose module those imported: cheap, and it binds
        # what the plain import binds (`pg.Point` the class, not the module `Point.py`
        # that importing it bound; `pg.GraphicsObject`, which would otherwise ask for all).
        # The EAGER lines run again among them, so that where two lines bind one name the
        # later line's binding wins, as in the plain import.
        self._run_lines([i for i in block if _imported_module(self.lines[i]) in sys.modules],
                        namespace)
        done = False
        try:
            self._run(self.end, len(self.lines), namespace)  # the tail: functions, clean-up
        except NameError:  # a version whose tail uses a deferred name at import: all now
            done = True
            self._run(self.first, self.end, namespace)
            self._run(self.end, len(self.lines), namespace)

        def finish() -> None:
            nonlocal done
            if not done:
                done = True
                self._run(self.first, self.end, namespace)  # the whole block, in order

        def getattr_(name: str) -> object:
            if not (name.startswith("__") and name.endswith("__")):
                finish()
            try:
                return namespace[name]
            except KeyError:
                raise AttributeError(f"module {PACKAGE!r} has no attribute {name!r}") from None

        def dir_() -> list[str]:
            finish()
            return sorted(namespace)

        _finish_before_calls(namespace, self.path, finish)
        namespace["__getattr__"] = getattr_
        namespace["__dir__"] = dir_

    def _run(self, start: int, stop: int, namespace: dict) -> None:
        self._run_lines(range(start, stop), namespace)

    def _run_lines(self, indexes: Sequence[int], namespace: dict) -> None:
        """Run these lines (in order) as one piece of code, at their own line numbers: one
        compile, not one a line (~0.15 ms each)."""
        parts, line = [], 0
        for i in indexes:
            parts += ["\n" * (i - line), self.lines[i]]
            line = i + 1
        exec(compile("".join(parts), self.path, "exec"), namespace)  # noqa: S102 - pyqtgraph's


def _imported_module(line: str) -> str | None:
    """`pyqtgraph.a.b` for a block line `from .a.b import ...`."""
    if not line.startswith("from ."):
        return None
    return PACKAGE + "." + line[len("from ."):].split(" ", 1)[0]


def _finish_before_calls(namespace: dict, path: str, finish: Callable[[], None]) -> None:
    """Functions of `__init__.py` that use a global of the deferred block (`pg.plot` uses
    PlotWidget) finish the import before they run."""
    for key, value in list(namespace.items()):
        if (isinstance(value, types.FunctionType) and value.__code__.co_filename == path
                and any(name not in namespace and not hasattr(builtins, name)
                        for name in _globals_used(value.__code__))):
            namespace[key] = _finishing(value, finish)


def _globals_used(code: types.CodeType) -> set[str]:
    names = {i.argval for i in dis.get_instructions(code) if i.opname == "LOAD_GLOBAL"}
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _globals_used(const)
    return names


def _finishing(function: types.FunctionType, finish: Callable[[], None]) -> Callable:
    @functools.wraps(function)
    def call(*args: object, **kwargs: object) -> object:
        finish()
        return function(*args, **kwargs)

    return call
