"""Make pyqtgraph 0.14's SVG exporter cope with closed paths ("Z") from newer Qt.

The bug: pyqtgraph's `correctCoordinates` bakes each group's transform into its path data
by splitting the `d` attribute on spaces and every token on a comma (`x, y = c.split(",")`).
Qt's QSvgGenerator (PySide6 6.12) ends closed subpaths with a lone "Z" token, so every
closed shape — the circle of a scatter symbol, a filled area, a legend swatch — raises
"ValueError: not enough values to unpack" and the whole export fails
(pyqtgraph issues #3485 and #3495; fixed upstream by PR #3458, unreleased for 0.14.0).

The fix: around the original function, take the close-path tokens out of each path, let
pyqtgraph transform the remaining "x,y" tokens (it writes exactly one token per input
token), then put the "Z"s back at the same places. `install()` patches only when the
installed pyqtgraph still fails on a closed path, so a fixed pyqtgraph is left untouched.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any
from xml.dom import minidom

_CLOSE = ("Z", "z")
_installed = False


def _module() -> Any:
    # `pyqtgraph.exporters.SVGExporter` is the class (star import); we want the module.
    return importlib.import_module("pyqtgraph.exporters.SVGExporter")


def _with_close_paths(original: Callable[..., None]) -> Callable[..., None]:
    def correct_coordinates(node: Any, defs: Any, item: Any, options: Any) -> None:
        closes: list[tuple[Any, list[int]]] = []
        for path in node.getElementsByTagName("path"):
            tokens = path.getAttribute("d").split()
            if not any(t in _CLOSE for t in tokens):
                continue
            kept: list[str] = []
            where: list[int] = []  # index in `kept` before which a "Z" stood
            for token in tokens:
                if token in _CLOSE:
                    where.append(len(kept))
                else:
                    kept.append(token)
            path.setAttribute("d", " ".join(kept))
            closes.append((path, where))
        original(node, defs, item, options)
        for path, where in closes:
            tokens = path.getAttribute("d").split()
            for i in reversed(where):
                tokens.insert(i, "Z")
            path.setAttribute("d", " ".join(tokens))

    correct_coordinates.__wrapped__ = original  # type: ignore[attr-defined]
    return correct_coordinates


def needs_fix() -> bool:
    """True when pyqtgraph's coordinate correction fails on a closed path."""
    doc = minidom.parseString('<g><g transform="matrix(1,0,0,1,0,0)">'
                              '<path d="M0,0 L1,0 L1,1 Z"/></g></g>')
    node = doc.documentElement
    try:
        _module().correctCoordinates(node, [], None, {})
    except ValueError:
        return True
    return False


def install() -> None:
    """Patch pyqtgraph's SVG exporter once, if (and only if) it has the bug."""
    global _installed
    if _installed:
        return
    module = _module()
    if needs_fix():
        module.correctCoordinates = _with_close_paths(module.correctCoordinates)
    _installed = True
