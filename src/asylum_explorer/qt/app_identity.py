"""Who the app is to the desktop: name, version, organisation, icon and desktop entry.

Call `apply_identity(app)` right after creating the QApplication and before the first
window is shown: X11 takes the window class (WM_CLASS) from the application name when the
first window appears, and Wayland matches windows to the .desktop file by its name.
"""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QIcon

from asylum_explorer import __version__

APP_NAME = "Asylum Explorer"
# Lower case, no spaces: Qt builds folder names from it (QStandardPaths, QSettings).
ORGANIZATION_NAME = "asylum-explorer"
# Reverse-DNS id shared by the .desktop file, the AppStream metainfo and the installed
# icons (packaging/linux/); tests/test_packaging.py keeps them in step.
APP_ID = "org.asylumexplorer.AsylumExplorer"
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)


def icon_file(size: int | None = None) -> str:
    """Path of the committed icon PNG of one size, or of the scalable SVG (size None)."""
    name = "asylum-explorer.svg" if size is None else f"asylum-explorer-{size}.png"
    return str(resources.files("asylum_explorer.resources").joinpath("icons", name))


def app_icon() -> QIcon:
    """The application icon with every pre-rendered size, so Qt never scales a bitmap."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(icon_file(size), QSize(size, size))
    return icon


def apply_identity(app: QGuiApplication) -> None:
    """Name, version, organisation, desktop entry and window icon of the running app."""
    app.setApplicationName(APP_NAME)
    # Window titles get " — Asylum Explorer" appended by Qt unless they already end with it.
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(ORGANIZATION_NAME)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
