"""PySide6's per-import check, made cheaper (qt/pyside_feature_check.py), answers as before."""

from __future__ import annotations

import subprocess
import sys
import types

from asylum_explorer.qt import pyside_feature_check


def test_it_is_in_effect_on_the_installed_pyside6() -> None:
    out = subprocess.run(
        [sys.executable, "-c",
         "import sys, asylum_explorer.qt\n"
         "check = sys.modules['shibokensupport.feature']._mod_uses_pyside\n"
         "print(check.__name__, hasattr(check, 'original'))"],
        capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.split() == ["uses_pyside", "True"]


def test_it_answers_as_pyside6_does_for_every_imported_module() -> None:
    import pyqtgraph  # noqa: F401
    import PySide6.QtCore  # noqa: F401

    import asylum_explorer.qt.controller  # noqa: F401 - a good part of the app

    check = sys.modules[pyside_feature_check.FEATURE_MODULE]._mod_uses_pyside
    original = check.original
    modules = [m for m in list(sys.modules.values()) if isinstance(m, types.ModuleType)]
    assert len(modules) > 300
    differ = [m.__name__ for m in modules if check(m) != original(m)]
    assert differ == []
    assert check(sys.modules["asylum_explorer.qt.controller"])  # imports PySide6
    assert not check(sys.modules["asylum_explorer.core.query"])  # core: no Qt
    assert pyside_feature_check.install()  # once: a second install keeps the first
    assert sys.modules[pyside_feature_check.FEATURE_MODULE]._mod_uses_pyside is check
