"""The app never dies on an exception: log it, tell the user, carry on.

    log_file = install_exception_hook(app)   # once, after QApplication exists

Every uncaught exception (GUI thread: sys.excepthook, which PySide6 calls for errors in
slots and event handlers; other threads: threading.excepthook) is written with its
traceback to a rotating log file in the user log folder ($ASYLUM_EXPLORER_LOG_DIR
overrides it) and shown in an `ErrorDialog` on the GUI thread. A `UserError` shows its
own one-line message; anything else says what happened and that the app keeps running.

It never recurses: an exception raised while the dialog is being shown, or further
exceptions while one dialog is open (a paint handler failing on every repaint), are only
logged and counted. Qt's own warnings go to the same log, and a hard crash (a segfault in
a C++ library) leaves its Python stack in `crash.log` beside it, for the bug report.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QtMsgType, Signal, Slot, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QWidget

from asylum_explorer.core.errors import UserError, one_line

ENV_LOG_DIR = "ASYLUM_EXPLORER_LOG_DIR"
LOG_NAME = "asylum-explorer.log"
CRASH_LOG_NAME = "crash.log"
LOG_BYTES = 1024**2
LOG_BACKUPS = 3
logger = logging.getLogger("asylum_explorer")

Show = Callable[[str, str, str], None]  # (message, details, log file)


def log_dir() -> Path:
    """$ASYLUM_EXPLORER_LOG_DIR, else the platform's user log folder."""
    env = os.environ.get(ENV_LOG_DIR)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_log_path("asylum-explorer", appauthor=False)


def setup_logging() -> Path:
    """Log to a rotating file (1 MB × 4); a folder that cannot be made falls back to the
    temp folder, so logging itself never stops the app. Returns the log file."""
    import logging.handlers  # here: a start that logs nothing (--screenshot) skips it

    for folder in (log_dir(), Path(tempfile.gettempdir()) / "asylum-explorer-logs"):
        path = folder / LOG_NAME
        for handler in logger.handlers:
            if getattr(handler, "baseFilename", None) == str(path):
                return path
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handler = logging.handlers.RotatingFileHandler(
                path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
        except OSError:
            continue
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s "
                                               "[%(threadName)s] %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        return path
    return Path(os.devnull)


def describe(exc: BaseException) -> tuple[str, str]:
    """(one-line message for the user, technical details) of an exception."""
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    if isinstance(exc, UserError):
        return one_line(str(exc)), details
    what = one_line(f"{type(exc).__name__}: {exc}")[:300]
    return (f"Something went wrong ({what}). Asylum Explorer keeps running; if it happens "
            "again, use “Copy details” to report it."), details


class _Bridge(QObject):
    """Carries reports from any thread to the GUI thread (queued signal)."""

    report = Signal(str, str)

    def __init__(self, show: Show, log_file: Path) -> None:
        super().__init__()
        self._show = show
        self._log_file = log_file
        self._showing = False
        self.suppressed = 0  # reports that arrived while a dialog was open
        self.report.connect(self._on_report, Qt.ConnectionType.QueuedConnection)

    @Slot(str, str)
    def _on_report(self, message: str, details: str) -> None:
        if self._showing:
            self.suppressed += 1
            return
        self._showing = True
        try:
            self._show(message, details, str(self._log_file))
        except BaseException:  # noqa: BLE001 - the dialog itself failed: log, never recurse
            logger.critical("the error dialog failed:\n%s", traceback.format_exc())
            _stderr(f"asylum-explorer: error: {message} (see {self._log_file})")
        finally:
            self._showing = False
            if self.suppressed:
                logger.warning("%d more error(s) happened while the dialog was open",
                               self.suppressed)
                self.suppressed = 0


class _Hook:
    def __init__(self, bridge: _Bridge, log_file: Path) -> None:
        self.bridge = bridge
        self.log_file = log_file
        self.previous = (sys.excepthook, threading.excepthook)
        self.previous_qt_handler = None
        self.crash_file = None
        self._inside = threading.local()

    def __call__(self, exc_type: type[BaseException], exc: BaseException,
                 tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if getattr(self._inside, "active", False):  # the hook itself failed: stop here
            _stderr("".join(traceback.format_exception(exc_type, exc, tb)))
            return
        self._inside.active = True
        try:
            if exc is None:
                exc = exc_type()
            exc.__traceback__ = tb
            message, details = describe(exc)
            logger.error("uncaught exception: %s\n%s", message, details)
            self.bridge.report.emit(message, details)
        except BaseException:  # noqa: BLE001 - logging or emitting failed: say so, go on
            _stderr("asylum-explorer: the error handler failed:\n" + traceback.format_exc())
        finally:
            self._inside.active = False

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        self(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)


_installed: _Hook | None = None


def install_exception_hook(app: QApplication | None = None, show: Show | None = None,
                           crash_log: bool = True) -> Path:
    """Log uncaught exceptions and show them in an ErrorDialog; returns the log file.

    `show(message, details, log_file)` replaces the dialog (tests; a window that wants
    its own). `crash_log` also points faulthandler at crash.log (off under pytest, which
    has its own). Installing again replaces the previous installation."""
    global _installed
    uninstall_exception_hook()
    log_file = setup_logging()
    bridge = _Bridge(show or _show_dialog, log_file)
    if app is not None:
        bridge.moveToThread(app.thread())  # reports are shown on the GUI thread
    hook = _Hook(bridge, log_file)
    sys.excepthook = hook
    threading.excepthook = hook.thread_hook
    hook.previous_qt_handler = qInstallMessageHandler(_qt_message)
    if crash_log and log_file != Path(os.devnull):
        try:
            hook.crash_file = (log_file.parent / CRASH_LOG_NAME).open("a", encoding="utf-8")
            faulthandler.enable(hook.crash_file, all_threads=True)
        except OSError:
            hook.crash_file = None
    _installed = hook
    logger.info("Asylum Explorer started; log file %s", log_file)
    return log_file


def uninstall_exception_hook() -> None:
    """Put back the hooks that were there before `install_exception_hook`."""
    global _installed
    if _installed is not None:
        sys.excepthook, threading.excepthook = _installed.previous
        qInstallMessageHandler(_installed.previous_qt_handler)
        if _installed.crash_file is not None:
            faulthandler.disable()
            _installed.crash_file.close()
        _installed = None


_QT_LEVELS = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}


def _qt_message(kind: QtMsgType, context: object, message: str) -> None:
    """Qt's warnings (a bad signal connection, a missing font) into our log file."""
    logger.log(_QT_LEVELS.get(kind, logging.WARNING), "Qt: %s", message)  # never raises


def installed_log_file() -> Path | None:
    return _installed.log_file if _installed is not None else None


def report(message: str, details: str = "", parent: QWidget | None = None) -> None:
    """Log a failure the app caught itself (e.g. `Worker.signals.failed`) and show it:

        worker.signals.failed.connect(lambda m, d: report(m, d, window))
    """
    if details:
        logger.error("%s\n%s", message, details)
    else:
        logger.warning("%s", message)  # a user error: the message is the whole story
    from asylum_explorer.qt.widgets.error_dialog import show_error

    log_file = installed_log_file()
    show_error(parent, message, details, log_file=str(log_file) if log_file else None)


def _show_dialog(message: str, details: str, log_file: str) -> None:
    from asylum_explorer.qt.widgets.error_dialog import show_error

    show_error(None, message, details, log_file=log_file)


def _stderr(text: str) -> None:
    try:
        if sys.__stderr__ is not None:
            sys.__stderr__.write(text.rstrip("\n") + "\n")
    except (OSError, ValueError):
        pass  # no console (a windowed build): the log file has it
