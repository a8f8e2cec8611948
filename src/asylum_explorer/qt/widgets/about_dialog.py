"""Help ▸ About: the app, its version and licence, the data's release and licence, and the
versions of the libraries underneath (with a button that copies them for bug reports)."""

from __future__ import annotations

import html
import platform
from importlib import metadata

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from asylum_explorer import __version__
from asylum_explorer.qt.app_identity import APP_NAME, app_icon

DATA_URL = "https://www.unhcr.org/refugee-statistics/"
DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
APP_LICENCE_URL = "https://opensource.org/license/mit"
# Libraries whose versions matter when a number or a picture looks wrong.
LIBRARIES = ("pyqtgraph", "numpy", "pandas", "pyarrow")


def library_versions() -> dict[str, str]:
    """Versions of Python, Qt and the main libraries, as installed (no imports needed)."""
    versions = {"Python": platform.python_version(), "Qt": qVersion(), "PySide6": pyside_version}
    for dist in LIBRARIES:
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "not installed"
    return versions


def project_url() -> str | None:
    """The project's home page from the installed metadata, if it declares one."""
    try:
        meta = metadata.metadata("asylum-explorer")
    except metadata.PackageNotFoundError:
        return None
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "source", "repository"):
            return url.strip()
    return meta.get("Home-page") or None


def data_line(data_release: str | None, data_date: str | None) -> str:
    """One line saying which UNHCR data the app shows, in plain text."""
    if not data_release and not data_date:
        return "No UNHCR data imported yet."
    release = f"release {data_release}" if data_release else "release not recorded"
    return f"UNHCR Refugee Data Finder, {release}" + (
        f", imported {data_date}" if data_date else "")


def version_report(data_release: str | None, data_date: str | None) -> str:
    """Plain text for bug reports: what runs, on what, with which data."""
    lines = [f"{APP_NAME} {__version__}", f"Data: {data_line(data_release, data_date)}"]
    lines += [f"{name} {version}" for name, version in library_versions().items()]
    lines.append(f"Platform: {platform.platform()}")
    return "\n".join(lines)


def _link(url: str, text: str | None = None) -> str:
    return f'<a href="{html.escape(url)}">{html.escape(text or url)}</a>'


class AboutDialog(QDialog):
    """Modal About box; the caller passes what it knows of the loaded data's provenance.

    data_release: the UNHCR release of the data shown (e.g. "2025.12.1"), None if unknown.
    data_date: the day it was imported (YYYY-MM-DD, e.g. Entry.imported_at[:10]), or None.
    Both None: the store is empty, and the dialog says so.
    """

    def __init__(self, parent: QWidget | None = None, *, data_release: str | None,
                 data_date: str | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        self.report = version_report(data_release, data_date)

        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(96, 96))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.title_label = QLabel(f"<h2 style='margin-bottom:0'>{APP_NAME}</h2>"
                                  f"<p>Version {__version__}</p>")

        self.app_label = self._rich_label(
            "<p>Explore UNHCR asylum applications, decisions and refugee population "
            "statistics offline.</p>"
            f"<p>Licensed under the {_link(APP_LICENCE_URL, 'MIT License')}."
            + (f" Project: {_link(url)}" if (url := project_url()) else "")
            + "</p>")
        self.data_label = self._rich_label(
            "<p><b>Data</b><br>"
            f"{html.escape(data_line(data_release, data_date))}<br>"
            f"© UNHCR, licensed under {_link(DATA_LICENCE_URL, 'CC BY 4.0')} · "
            f"{_link(DATA_URL, 'unhcr.org/refugee-statistics')}<br>"
            f"{APP_NAME} is not affiliated with UNHCR.</p>")
        versions = library_versions()
        self.versions_label = self._rich_label(
            "<p><b>Built with</b><br>"
            + ", ".join(f"{html.escape(k)} {html.escape(v)}" for k, v in versions.items())
            + "</p>")

        text = QVBoxLayout()
        for label in (self.title_label, self.app_label, self.data_label, self.versions_label):
            text.addWidget(label)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addSpacing(12)
        top.addLayout(text, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("Copy version info")
        self.copy_button.setToolTip("Copy the versions of the app, the data and the libraries, "
                                    "for a bug report")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_report)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    @staticmethod
    def _rich_label(text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setOpenExternalLinks(True)  # links open in the user's browser
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        return label

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report)
        self.copy_button.setText("Copied")
