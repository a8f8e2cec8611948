"""The GUI never dies on an exception and says what went wrong: ErrorDialog, the
exception hook and the damaged-store dialog, offscreen with pytest-qt.

Modal `exec()` is stubbed on our own dialog subclasses (never on Qt's classes)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from bad_inputs import BAD, CASES
from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtGui import QGuiApplication

from asylum_explorer.core.errors import UserError
from asylum_explorer.core.importer import import_paths
from asylum_explorer.core.store import Store
from asylum_explorer.core.store_health import check_store
from asylum_explorer.qt import exception_hook
from asylum_explorer.qt.widgets.damaged_store_dialog import DamagedStoreDialog, StoreChoice
from asylum_explorer.qt.widgets.error_dialog import ErrorDialog
from asylum_explorer.qt.workers import Worker

pytestmark = pytest.mark.gui


@pytest.fixture()
def shown(monkeypatch: pytest.MonkeyPatch) -> list[ErrorDialog]:
    """Every ErrorDialog that would have been shown modally."""
    dialogs: list[ErrorDialog] = []

    def fake_exec(self: ErrorDialog) -> int:
        dialogs.append(self)
        return 0

    monkeypatch.setattr(ErrorDialog, "exec", fake_exec)
    return dialogs


@pytest.fixture()
def hook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp):
    monkeypatch.setenv("ASYLUM_EXPLORER_LOG_DIR", str(tmp_path / "logs"))
    log_file = exception_hook.install_exception_hook(qapp, crash_log=False)
    yield log_file
    exception_hook.uninstall_exception_hook()


def test_error_dialog_shows_the_message_and_copies_details(qtbot) -> None:
    dialog = ErrorDialog("data.csv, line 3, column 'year': '1850' is not a year",
                         "Traceback (most recent call last):\n  ...", log_file="/x/y.log")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.message_label.text().startswith("data.csv, line 3, column 'year'")
    assert not dialog.details_view.isVisible()
    qtbot.mouseClick(dialog.details_button, Qt.MouseButton.LeftButton)
    assert dialog.details_view.isVisible() and "Traceback" in dialog.details_view.toPlainText()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("data.csv, line 3") and "Traceback" in copied
    assert "Asylum Explorer" in copied and "Log file: /x/y.log" in copied
    assert dialog.copy_button.text() == "Copied"


def test_error_dialog_picture(qtbot, tmp_path: Path) -> None:
    dialog = ErrorDialog("/home/ana/Downloads/asylum.csv, line 3, column 'dec_other': 'many' "
                         "is not a count (a whole number ≥ 0)", "details")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.details_button.setChecked(True)
    qtbot.wait(10)
    assert dialog.grab().save(str(tmp_path / "error_dialog.png"))


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_logged_and_shown_not_fatal(qtbot, hook: Path,
                                                              shown: list) -> None:
    def broken_slot() -> None:
        {}["missing"]

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: len(shown) == 1)
    dialog = shown[0]
    assert "Something went wrong (KeyError: 'missing')" in dialog.message
    assert "keeps running" in dialog.message
    assert "broken_slot" in dialog.details and dialog.log_file == str(hook)
    log = hook.read_text(encoding="utf-8")
    assert "uncaught exception" in log and "KeyError" in log and "broken_slot" in log


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_another_thread_is_shown_on_the_gui_thread(
        qtbot, hook: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, bool]] = []
    monkeypatch.setattr(exception_hook._installed.bridge, "_show",
                        lambda m, d, f: seen.append((m, threading.current_thread()
                                                     is threading.main_thread())))
    thread = threading.Thread(target=lambda: 1 / 0, name="loader")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(seen) == 1)
    assert "ZeroDivisionError" in seen[0][0] and seen[0][1]
    assert "[loader]" in hook.read_text(encoding="utf-8")


@pytest.mark.qt_no_exception_capture
def test_a_user_error_shows_its_own_line(qtbot, hook: Path, shown: list) -> None:
    def fail() -> None:
        raise UserError("the store at /s is locked by another Asylum Explorer")

    QTimer.singleShot(0, fail)
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert shown[0].message == "the store at /s is locked by another Asylum Explorer"


@pytest.mark.qt_no_exception_capture
def test_a_failing_dialog_never_recurses(qtbot, hook: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def broken_exec(self: ErrorDialog) -> int:
        calls.append(self.message)
        raise RuntimeError("the dialog itself is broken")

    monkeypatch.setattr(ErrorDialog, "exec", broken_exec)
    QTimer.singleShot(0, lambda: 1 / 0)
    qtbot.waitUntil(lambda: len(calls) == 1)
    qtbot.wait(50)
    assert len(calls) == 1  # the dialog's failure was not reported through the dialog
    log = hook.read_text(encoding="utf-8")
    assert "the error dialog failed" in log and "the dialog itself is broken" in log


@pytest.mark.qt_no_exception_capture
def test_errors_while_a_dialog_is_open_are_logged_not_stacked(
        qtbot, hook: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def exec_while_errors_keep_coming(self: ErrorDialog) -> int:
        calls.append(self.message)
        for _ in range(5):  # a paint handler failing on every repaint
            exception_hook._installed.bridge._on_report("again", "")
        return 0

    monkeypatch.setattr(ErrorDialog, "exec", exec_while_errors_keep_coming)
    QTimer.singleShot(0, lambda: 1 / 0)
    qtbot.waitUntil(lambda: len(calls) == 1)
    qtbot.wait(50)
    assert len(calls) == 1
    assert "5 more error(s) happened while the dialog was open" in hook.read_text("utf-8")


def test_the_log_folder_follows_the_environment(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASYLUM_EXPLORER_LOG_DIR", str(tmp_path / "L"))
    assert exception_hook.log_dir() == tmp_path / "L"
    monkeypatch.delenv("ASYLUM_EXPLORER_LOG_DIR")
    assert "asylum-explorer" in str(exception_hook.log_dir())


def test_a_failed_import_in_the_gui_shows_the_same_line_as_the_cli(
        qtbot, small_store_path: Path, shown: list, hook: Path) -> None:
    """A worker runs the import; its `failed` signal opens the ErrorDialog."""
    refused = [c for c in CASES if c.expect is not None]
    for case in refused[:: max(len(refused) // 8, 1)]:
        def work(path, progress, cancel):
            return import_paths(Store(small_store_path), [path])

        worker = Worker(work, BAD / case.file)
        worker.signals.failed.connect(lambda m, d: exception_hook.report(m, d))
        with qtbot.waitSignal(worker.signals.failed, timeout=20_000):
            QThreadPool.globalInstance().start(worker)
        message = shown[-1].message
        assert str(BAD / case.file) in message and case.expect in message
        assert "\n" not in message
    assert str(BAD / refused[0].file) in hook.read_text(encoding="utf-8")  # and logged


def _damage(store_path: Path, name: str) -> None:
    path = store_path / Store(store_path).entry(name).file
    path.write_bytes(path.read_bytes()[:50])


def test_damaged_store_dialog_offers_the_three_ways_out(qtbot, small_store_path: Path,
                                                        tmp_path: Path) -> None:
    _damage(small_store_path, "decisions")
    health = check_store(Store(small_store_path))
    dialog = DamagedStoreDialog(health)
    qtbot.addWidget(dialog)
    dialog.show()
    text = dialog.summary_label.text()
    assert "decisions" in text and "Intact: " in text and "Nothing has been changed" in text
    assert "decisions: file" in dialog.problems_view.toPlainText()
    assert dialog.button(StoreChoice.QUIT) is None
    assert dialog.grab().save(str(tmp_path / "damaged_store.png"))
    for choice in (StoreChoice.REIMPORT, StoreChoice.REDOWNLOAD, StoreChoice.CONTINUE):
        dialog = DamagedStoreDialog(health)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.mouseClick(dialog.button(choice), Qt.MouseButton.LeftButton)
        assert dialog.chosen is choice and dialog.result() == 1


def test_with_nothing_intact_the_way_out_is_quit(qtbot, small_store_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    (small_store_path / "manifest.json").write_text("{broken", encoding="utf-8")
    health = check_store(Store(small_store_path))
    dialog = DamagedStoreDialog(health)
    qtbot.addWidget(dialog)
    assert dialog.button(StoreChoice.CONTINUE) is None
    assert dialog.button(StoreChoice.QUIT) is not None
    monkeypatch.setattr(DamagedStoreDialog, "exec", lambda self: 0)  # closed with Esc
    assert dialog.choice() is StoreChoice.QUIT


@pytest.mark.qt_no_exception_capture
def test_qt_warnings_go_to_the_log(qtbot, hook: Path) -> None:
    from PySide6.QtCore import qWarning

    qWarning("a test warning from Qt")
    assert "Qt: a test warning from Qt" in hook.read_text(encoding="utf-8")


CRASH = """
import faulthandler, sys
from PySide6.QtWidgets import QApplication
from asylum_explorer.qt.exception_hook import install_exception_hook
app = QApplication([])
install_exception_hook(app)
faulthandler._sigsegv()  # what a crash inside a C++ library looks like
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX segfault semantics")
def test_a_hard_crash_leaves_its_stack_in_crash_log(tmp_path: Path) -> None:
    env = os.environ | {"ASYLUM_EXPLORER_LOG_DIR": str(tmp_path), "QT_QPA_PLATFORM":
                        "offscreen"}
    out = subprocess.run([sys.executable, "-c", CRASH], env=env, capture_output=True,
                         timeout=120)
    assert out.returncode != 0
    assert "Fatal Python error" in (tmp_path / "crash.log").read_text(encoding="utf-8")
