"""The domain layer stays Qt-free: napari-style, enforced by a test."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "src" / "asylum_explorer" / "core"
QT_MODULES = ("PySide6", "shiboken6", "pyqtgraph", "qtpy", "superqt", "PyQt5", "PyQt6")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_core_module_imports_qt() -> None:
    offenders = {
        f"{p.relative_to(CORE)}: {name}"
        for p in CORE.rglob("*.py")
        for name in _imports(p)
        if name.split(".")[0] in QT_MODULES
    }
    assert not offenders, f"core/ must not import Qt: {sorted(offenders)}"


def test_importing_all_of_core_loads_no_qt() -> None:
    modules = sorted(
        "asylum_explorer.core." + ".".join(p.relative_to(CORE).with_suffix("").parts)
        for p in CORE.rglob("*.py") if p.name != "__init__.py"
    )
    code = ("import importlib, sys\n"
            f"for m in {modules!r}: importlib.import_module(m)\n"
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_query_path_does_not_import_pandas() -> None:
    """pandas costs ~0.3 s to import; a CLI query must not need it."""
    code = ("import sys\n"
            "import asylum_explorer.cli.main, asylum_explorer.core.dataset, "
            "asylum_explorer.core.query\n"
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
