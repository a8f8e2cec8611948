"""Shared fixtures. GUI tests run offscreen; real-data tests skip without ../shared."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Tests set the platform themselves so that no display is ever needed.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# PySide6's bytecode cache (qt/pyside_bytecode.py) in a folder of this run, not the
# user's cache folder; the test processes started from here inherit it.
_CACHE = tempfile.mkdtemp(prefix="asylum-explorer-test-cache-")
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)
os.environ.setdefault("ASYLUM_EXPLORER_CACHE_DIR", _CACHE)

# PySide6 6.12 on Python 3.11 drops references to None/True/False on Qt calls; the guard
# (no Qt import of its own) must be in place before pytest-qt makes its first call.
import asylum_explorer.qt  # noqa: E402, F401

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_DATA = ROOT.parent / "shared" / "data" / "unhcr"
SMALL = FIXTURES / "small"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real UNHCR data beside the checkout, or a skip saying why."""
    if not (SHARED_DATA / "asylum_decisions.csv.gz").exists():
        pytest.skip(f"real UNHCR data not found at {SHARED_DATA} (it lives beside the "
                    "checkout, never in it)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def real_store_path(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with all the shared data imported once per test session (read-only use)."""
    from asylum_explorer.core.importer import import_paths
    from asylum_explorer.core.store import Store

    path = tmp_path_factory.mktemp("real-store")
    import_paths(Store(path), [shared_data], release="2025.12.1")
    return path


@pytest.fixture(scope="session")
def _small_store_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from asylum_explorer.core.importer import import_paths
    from asylum_explorer.core.store import Store

    path = tmp_path_factory.mktemp("small-store-master")
    import_paths(Store(path), [SMALL], release="test")
    return path


@pytest.fixture()
def small_store_path(_small_store_master: Path, tmp_path: Path) -> Path:
    """A fresh copy of a store made from the hand-written fixtures in fixtures/small."""
    path = tmp_path / "store"
    shutil.copytree(_small_store_master, path)
    return path


@pytest.fixture()
def api():
    """A loopback stand-in for the UNHCR API serving the small fixtures."""
    from fake_unhcr_api import small_api

    fake = small_api()
    fake.url = fake.start()
    yield fake
    fake.stop()
