"""What the window remembers between runs, and where (QSettings)."""

from __future__ import annotations

import json

from PySide6.QtCore import QSettings

from asylum_explorer.core.query import Filter

_SETS = ("origins", "asylums", "procedures", "levels", "app_types", "origin_regions",
         "asylum_regions")


def app_settings() -> QSettings:
    """The user's settings (tests pass their own QSettings on a temporary file instead)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "asylum-explorer",
                     "asylum-explorer")


def filter_to_json(flt: Filter) -> str:
    doc = {k: sorted(getattr(flt, k)) for k in _SETS}
    doc.update(year_from=flt.year_from, year_to=flt.year_to, unit=flt.unit, text=flt.text)
    return json.dumps(doc)


def filter_from_json(text: str) -> Filter:
    """A remembered filter; anything unreadable gives the empty filter."""
    try:
        doc = json.loads(text) if text else {}
        return Filter(**{k: frozenset(map(str, doc.get(k, []))) for k in _SETS},
                      year_from=_int(doc.get("year_from")), year_to=_int(doc.get("year_to")),
                      unit=doc.get("unit") if doc.get("unit") in ("P", "C") else None,
                      text=str(doc.get("text") or ""))
    except (ValueError, TypeError, AttributeError):
        return Filter()


def _int(v: object) -> int | None:
    return int(v) if isinstance(v, int | float) else None
