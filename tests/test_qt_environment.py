"""Qt settings made before the QApplication: Qt's paint thread pool is off."""

from __future__ import annotations

import os

import pytest

from asylum_explorer.qt import qt_environment


def test_the_app_turns_qts_paint_thread_pool_off() -> None:
    if os.environ.get(qt_environment.KEEP_POOL):
        pytest.skip(f"{qt_environment.KEEP_POOL} keeps Qt's pool on purpose")
    # Importing asylum_explorer.qt (conftest does, as the app does) has set it; Qt reads
    # only whether it is set.
    assert "QT_NO_GUI_THREADPOOL" in os.environ


def test_the_pool_can_be_kept(monkeypatch) -> None:
    monkeypatch.delenv("QT_NO_GUI_THREADPOOL", raising=False)
    monkeypatch.setenv(qt_environment.KEEP_POOL, "1")
    qt_environment.install()
    assert "QT_NO_GUI_THREADPOOL" not in os.environ
    monkeypatch.delenv(qt_environment.KEEP_POOL)
    qt_environment.install()
    assert os.environ["QT_NO_GUI_THREADPOOL"] == "1"
