"""The one dialog for everything that goes wrong: a one-line message a user can act on,
technical details folded away, and a button that copies both for a bug report.

    ErrorDialog("data.csv, line 3, column 'year': '1850' is not a year …", details,
                parent=window).exec()
    show_error(window, message, details)        # the same, in one call

Worker failures (`Worker.signals.failed(message, details)`) connect straight to
`show_error` via a lambda that passes the parent.
"""

from __future__ import annotations

import platform
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from asylum_explorer import __version__


class ErrorDialog(QDialog):
    def __init__(self, message: str, details: str = "", parent: QWidget | None = None,
                 title: str = "Asylum Explorer", log_file: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("errorDialog")
        self.message = message
        self.details = details
        self.log_file = log_file

        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
                       .pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.message_label = QLabel(message)
        self.message_label.setObjectName("errorMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)  # file names are not HTML
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.setMinimumWidth(420)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addWidget(self.message_label, 1)

        self.details_view = QPlainTextEdit(self.details_text())
        self.details_view.setObjectName("errorDetails")
        self.details_view.setReadOnly(True)
        self.details_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details_view.setMinimumHeight(180)
        self.details_view.setVisible(False)

        buttons = QDialogButtonBox()
        self.details_button = QPushButton("Show details")
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self._toggle_details)
        self.copy_button = QPushButton("Copy details")
        self.copy_button.setToolTip("Copy the message and technical details, e.g. for a bug "
                                    "report")
        self.copy_button.clicked.connect(self.copy_details)
        buttons.addButton(self.details_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details_view, 1)
        layout.addWidget(buttons)

    def details_text(self) -> str:
        """What 'Copy details' copies: message, details, versions and the log file."""
        from PySide6 import __version__ as pyside_version

        parts = [self.message]
        if self.details.strip():
            parts += ["", self.details.rstrip()]
        parts += ["", f"Asylum Explorer {__version__}, Python {sys.version.split()[0]}, "
                      f"PySide6 {pyside_version}, {platform.platform()}"]
        if self.log_file:
            parts.append(f"Log file: {self.log_file}")
        return "\n".join(parts)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details_text())
        self.copy_button.setText("Copied")

    def _toggle_details(self, shown: bool) -> None:
        self.details_view.setVisible(shown)
        self.details_button.setText("Hide details" if shown else "Show details")
        self.adjustSize()


def show_error(parent: QWidget | None, message: str, details: str = "",
               log_file: str | None = None) -> ErrorDialog:
    """Show the error modally (returns once the user closes it)."""
    if parent is None:
        parent = QApplication.activeWindow()
    dialog = ErrorDialog(message, details, parent, log_file=log_file)
    dialog.exec()
    return dialog
