"""PySide6's embedded support code comes from the bytecode cache from the second start on
(qt/pyside_bytecode.py), and a cache that is broken or cannot be written changes nothing
but the time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from asylum_explorer.qt.pyside_bytecode import ENV_CACHE_DIR, SUBDIR

# What a start sees: the cache's counts, `compile` put back, and PySide6 working (its
# message for wrong argument types is made by the support code's signature parser).
START = """
import builtins, json
import asylum_explorer.qt
from asylum_explorer.qt import pyside_bytecode
from PySide6.QtCore import QObject
o = QObject(); o.setObjectName("x")
try:
    o.setObjectName(1)
except TypeError as exc:
    error = str(exc)
print(json.dumps({**pyside_bytecode.stats, "compile_back": builtins.compile is compile,
                  "error": error, "name": o.objectName()}))
"""
# PySide6 imported plainly, without the cache.
PLAIN_ERROR = (
    "'PySide6.QtCore.QObject.setObjectName' called with wrong argument types:\n"
    "  PySide6.QtCore.QObject.setObjectName(int)\n"
    "Supported signatures:\n"
    "  PySide6.QtCore.QObject.setObjectName(name: str, /)")


def _start(cache: Path) -> dict:
    env = dict(os.environ, **{ENV_CACHE_DIR: str(cache)})
    out = subprocess.run([sys.executable, "-c", START], env=env, capture_output=True,
                         text=True, check=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_second_start_compiles_none_of_pysides_support_code(tmp_path: Path) -> None:
    first, second = _start(tmp_path), _start(tmp_path)
    assert first["misses"] >= 10 and first["hits"] == 0  # 14 modules with PySide6 6.12
    assert second["hits"] == first["misses"] and second["misses"] == 0
    assert len(list((tmp_path / SUBDIR).glob("*.bin"))) == first["misses"]
    for start in (first, second):
        assert start["compile_back"] and start["name"] == "x"
        assert start["error"] == PLAIN_ERROR


def test_a_broken_entry_is_compiled_and_written_again(tmp_path: Path) -> None:
    written = _start(tmp_path)["misses"]
    entries = sorted((tmp_path / SUBDIR).glob("*.bin"))
    entries[0].write_bytes(b"not marshalled code")
    entries[1].write_bytes(entries[1].read_bytes()[:20])  # cut short, as by a full disk
    again = _start(tmp_path)
    assert (again["hits"], again["misses"]) == (written - 2, 2)
    assert again["error"] == PLAIN_ERROR
    assert _start(tmp_path)["hits"] == written


def test_a_cache_that_cannot_be_written_only_costs_the_compiling(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be")
    for _ in range(2):
        start = _start(blocked)
        assert start["hits"] == 0 and start["misses"] >= 10
        assert start["name"] == "x" and start["compile_back"]
        assert start["error"] == PLAIN_ERROR


def test_the_plain_import_says_the_same() -> None:
    code = ("from PySide6.QtCore import QObject\n"
            "try:\n    QObject().setObjectName(1)\n"
            "except TypeError as exc:\n    print(repr(str(exc)))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.strip() == repr(PLAIN_ERROR)
