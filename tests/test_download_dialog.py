"""The download dialog and the update check, against the loopback API."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from test_download import hashes

from asylum_explorer.core.store import Store
from asylum_explorer.qt.download_dialog import DownloadDialog, check_updates_async

pytestmark = pytest.mark.gui
FAST = {"page_size": 2, "timeout": 2.0, "retries": 2, "backoff": 0.01}


def test_dialog_shows_progress_and_completes(qtbot, api, tmp_path: Path) -> None:
    dialog = DownloadDialog(tmp_path / "store", ["applications", "decisions"], api.url,
                            **FAST)
    qtbot.addWidget(dialog)
    steps = []
    seen = []
    dialog.progressed.connect(steps.append)
    dialog.progressed.connect(
        lambda _s: seen.append((dialog.table_label.text(), dialog.page_label.text(),
                                dialog.bar.value())))
    with qtbot.waitSignal(dialog.completed, timeout=20_000) as done:
        dialog.start()
    assert done.args == [["applications", "decisions"]]
    assert dialog.store_changed and not dialog.isVisible()
    assert ("decisions", 4, 4, 8) in steps
    assert ("Asylum decisions (2 of 2)", "page 2 of 4 · 4 rows", 750) in seen
    bars = [value for _, _, value in seen]
    assert bars == sorted(bars) and bars[-1] == 1000
    assert Store(tmp_path / "store").names() == ["applications", "decisions"]


def test_cancel_stops_and_leaves_the_store_unchanged(qtbot, api, small_store_path: Path
                                                     ) -> None:
    before = hashes(small_store_path)
    api.fault("asylum-decisions", page=2, action="slow", delay=0.5)
    dialog = DownloadDialog(small_store_path, None, api.url, **FAST)
    qtbot.addWidget(dialog)
    dialog.start()
    qtbot.waitUntil(lambda: "Asylum decisions" in dialog.table_label.text(), timeout=10_000)
    with qtbot.waitSignal(dialog.cancelled, timeout=10_000):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        assert "Cancelling" in dialog.message.text()
    assert not dialog.store_changed and not dialog.isVisible()
    assert hashes(small_store_path) == before
    assert not api.pages_requested("population")  # it stopped, not carried on


def test_a_failure_is_shown_in_the_dialog(qtbot, api, small_store_path: Path) -> None:
    before = hashes(small_store_path)
    api.fault("solutions", page=1, action="404")
    dialog = DownloadDialog(small_store_path, None, api.url, **FAST)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.failed, timeout=20_000) as failed:
        dialog.start()
    assert "HTTP 404" in failed.args[0] and api.url in failed.args[0]
    assert dialog.isVisible() and dialog.table_label.text() == "Download failed"
    assert "unchanged" in dialog.message.text()
    assert dialog.cancel_button.text() == "Close"
    dialog.grab().save(str(small_store_path.parent / "download-failed.png"))
    assert hashes(small_store_path) == before
    # the server is fine again: "Try again" resumes, without the pages it already has
    assert dialog.retry_button.isVisible()
    with qtbot.waitSignal(dialog.completed, timeout=20_000):
        qtbot.mouseClick(dialog.retry_button, Qt.MouseButton.LeftButton)
    assert api.pages_requested("asylum-decisions") == [1, 2, 3, 4]
    assert api.pages_requested("solutions") == [1, 1, 2]
    assert not dialog.isVisible()


def test_close_after_a_failure(qtbot, api, tmp_path: Path) -> None:
    api.fault("asylum-decisions", page=1, action="404")
    dialog = DownloadDialog(tmp_path, ["decisions"], api.url, **FAST)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.failed, timeout=20_000):
        dialog.start()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and not dialog.store_changed


def test_check_for_updates_answers_in_a_message_box(qtbot, api, small_store_path: Path
                                                    ) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    api._change("asylum-decisions")
    statuses = []
    worker = check_updates_async(window, small_store_path, api.url)
    worker.signals.finished.connect(statuses.append)
    qtbot.waitUntil(lambda: bool(window.findChildren(QMessageBox)), timeout=5_000)
    boxes = window.findChildren(QMessageBox)
    assert boxes[0].text().startswith("UNHCR's data changed for: decisions.")
    assert "decisions     changed" in boxes[0].detailedText()
    qtbot.waitUntil(lambda: bool(statuses))  # the worker's result, for the window
    assert statuses[0].has_updates
