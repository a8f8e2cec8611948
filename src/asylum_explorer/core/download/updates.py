"""Ask the API cheaply whether UNHCR's data differ from what the store holds.

One request per table: page 1 with `limit=1`, whose `maxPages` is the row count and
whose `total` holds the column sums. They are compared with what the API said when the
table was downloaded (the manifest's `api_fingerprint`); for imported tables only the
row count can be compared.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from asylum_explorer.core.download.convert import api_totals
from asylum_explorer.core.download.endpoints import api_url_from, endpoints
from asylum_explorer.core.download.errors import DownloadError
from asylum_explorer.core.download.http import ApiClient
from asylum_explorer.core.store import Store

UNCHANGED, CHANGED, NOT_IN_STORE = "unchanged", "changed", "not in store"


@dataclass
class TableStatus:
    name: str
    state: str  # UNCHANGED, CHANGED or NOT_IN_STORE
    detail: str
    api_rows: int


@dataclass
class UpdateStatus:
    api_url: str
    checked_at: str
    tables: list[TableStatus] = field(default_factory=list)

    @property
    def changed(self) -> list[str]:
        return [t.name for t in self.tables if t.state != UNCHANGED]

    @property
    def has_updates(self) -> bool:
        return any(t.state == CHANGED for t in self.tables)

    def summary(self) -> str:
        """One line to show first."""
        changed = [t.name for t in self.tables if t.state == CHANGED]
        if changed:
            return (f"UNHCR's data changed for: {', '.join(changed)}. Download again to "
                    "get the new figures.")
        missing = [t.name for t in self.tables if t.state == NOT_IN_STORE]
        if missing:
            return (f"Your data are up to date; not downloaded yet: {', '.join(missing)}.")
        return "Your data are up to date with UNHCR's API."

    def lines(self) -> list[str]:
        return [f"{t.name:<13} {t.state:<13} {t.detail}" for t in self.tables]


def check_for_updates(store: Store, api_url: str | None = None, *,
                      tables: Iterable[str] | None = None, timeout: float = 30.0,
                      retries: int = 2, backoff: float = 2.0,
                      cancel: threading.Event | None = None) -> UpdateStatus:
    """Compare each table's row count and totals at the API with the store's
    (`tables`: those only; default all)."""
    from asylum_explorer.core.download.downloader import check_table_names

    wanted = check_table_names(tables)
    client = ApiClient(api_url_from(api_url), timeout=timeout, retries=retries,
                       backoff=backoff, cancel=cancel or threading.Event())
    manifest = store.manifest()
    status = UpdateStatus(client.base_url, datetime.now(UTC).isoformat(timespec="seconds"))
    for name, endpoint in endpoints().items():
        if name not in wanted:
            continue
        params = {**endpoint.params, "limit": 1, "page": 1}
        doc, _ = client.get_json(endpoint.path, params)
        if not isinstance(doc, dict) or "maxPages" not in doc:
            raise DownloadError(client.url(endpoint.path, params),
                                "the answer is not an API page (no 'maxPages')")
        rows = int(doc["maxPages"])  # one row per page
        totals = api_totals(doc.get("total"), endpoint.measures)
        entry = manifest.get(name)
        if entry is None:
            status.tables.append(TableStatus(name, NOT_IN_STORE, f"{rows:,} rows at the API",
                                             rows))
            continue
        status.tables.append(_compare(name, rows, totals, entry.rows, entry.api_fingerprint))
    return status


def _compare(name: str, rows: int, totals: dict[str, float], stored_rows: int,
             stored: dict | None) -> TableStatus:
    if rows != stored_rows:
        return TableStatus(name, CHANGED, f"{stored_rows:,} rows in the store, {rows:,} at "
                                          "the API", rows)
    old_totals = (stored or {}).get("total") or {}
    differ = [m for m in totals if m in old_totals and old_totals[m] != totals[m]]
    if differ:
        m = differ[0]
        return TableStatus(name, CHANGED, f"same {rows:,} rows, but {m} totals "
                                          f"{old_totals[m]:,.0f} → {totals[m]:,.0f}"
                           + (f" (and {len(differ) - 1} more)" if len(differ) > 1 else ""),
                           rows)
    how = "" if stored else " (imported: row count compared)"
    return TableStatus(name, UNCHANGED, f"{rows:,} rows{how}", rows)
