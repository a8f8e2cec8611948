"""Where exports remember the last folder and choices (QSettings, INI in the user scope).

Tests point the INI location at a temporary folder with
`QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

ORGANISATION = "asylum-explorer"
APPLICATION = "asylum-explorer"


def settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION,
                     APPLICATION)


def last_folder() -> Path:
    """The folder of the last export, else the user's home."""
    value = settings().value("export/last_folder", "")
    path = Path(str(value)) if value else Path.home()
    return path if path.is_dir() else Path.home()


def remember_folder(path: Path) -> None:
    settings().setValue("export/last_folder", str(path.parent))


def value(key: str, default: object) -> object:
    """A remembered choice, converted to the type of `default`."""
    raw = settings().value(f"export/{key}", default)
    if isinstance(default, bool):  # INI files store booleans as "true"/"false"
        return str(raw).lower() in ("true", "1")
    try:
        return type(default)(raw) if default is not None else raw
    except (TypeError, ValueError):
        return default


def set_value(key: str, value: object) -> None:
    settings().setValue(f"export/{key}", value)
