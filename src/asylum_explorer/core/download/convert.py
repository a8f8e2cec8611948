"""API items -> store tables, through the same readers as imported files; check totals.

Items mix integers, numeric strings ("0") and "-" (not applicable), carry extra fields
(coo_id, coa_id) and names with trailing spaces: `readers.api_json.items_to_raw` turns
them into the text cells a CSV of the same data would give and `readers.normalize`
types and checks them, so a download and an import of the same data are equal.
"""

from __future__ import annotations

import math

import numpy as np

from asylum_explorer.core.download.errors import BadDataError, DownloadError
from asylum_explorer.core.download.pages import FetchedPages
from asylum_explorer.core.readers.api_json import items_to_raw
from asylum_explorer.core.readers.normalize import to_table
from asylum_explorer.core.table import Table, concat_tables

# Countries endpoint fields -> the country list's columns (the files UNHCR publishes use
# the right-hand names already, and are accepted as they are). `majorArea` is the UN
# continent; the UNHCR region comes from the regions endpoint (see downloader).
COUNTRY_FIELDS = {
    "iso_code": ("iso_code", "iso", "iso3"),
    "unhcr_code": ("unhcr_code", "code"),
    "name": ("name",),
    "unhcr_region": ("unhcr_region",),
    "unsd_region": ("unsd_region", "majorArea"),
    "unsd_subregion": ("unsd_subregion",),
}
# Column sums may differ from the API's `total` by this fraction before the download is
# refused (then it is only noted): the API might total unrounded figures.
TOTAL_TOLERANCE = 1e-3


def page_table(kind: str, items: list[dict], source: str) -> Table:
    """One page's items as a typed Table of the `kind` expected."""
    raw = items_to_raw(items, source)
    if raw.kind != kind:
        raise DownloadError(source, f"expected {kind} data, the API sent {raw.kind} data")
    return to_table(raw)


def to_store_table(fetched: FetchedPages, regions: dict[str, str] | None = None
                   ) -> tuple[Table, list[str]]:
    """The typed table and notes for the user; DownloadError if the data do not add up."""
    name = fetched.endpoint.name
    if fetched.parts:
        table = concat_tables(fetched.parts)
    else:
        items = fetched.items
        if name == "countries":
            items = country_items(items, regions or {})
        table = page_table(name, items, fetched.url)
    notes = check_totals(table, fetched)
    return table, notes


def country_items(items: list[dict], regions: dict[str, str]) -> list[dict]:
    out = []
    for item in items:
        row = {col: _first(item, keys) for col, keys in COUNTRY_FIELDS.items()}
        if not row["unhcr_region"] and row["unhcr_code"] in regions:
            row["unhcr_region"] = regions[row["unhcr_code"]]
        out.append(row)
    return out


def _first(item: dict, keys: tuple[str, ...]) -> object:
    for key in keys:
        if item.get(key) not in (None, ""):
            return item[key]
    return None


def api_totals(total: object, measures: tuple[str, ...]) -> dict[str, float]:
    """The measure sums in the API's `total` (an object, or a list holding one)."""
    if isinstance(total, list) and len(total) == 1:
        total = total[0]
    if not isinstance(total, dict):
        return {}
    out = {}
    for m in measures:
        try:
            value = float(str(total.get(m)).strip())
        except ValueError:
            continue
        if math.isfinite(value):
            out[m] = value
    return out


def check_totals(table: Table, fetched: FetchedPages) -> list[str]:
    notes = []
    for m, expected in api_totals(fetched.total, fetched.endpoint.measures).items():
        got = float(np.nansum(table.numbers(m)))
        if got == expected:
            continue
        what = f"{m} adds up to {got:,.0f}, the API's total says {expected:,.0f}"
        if abs(got - expected) > TOTAL_TOLERANCE * max(abs(expected), 1.0):
            raise BadDataError(fetched.url, f"{what}; the download is incomplete or the data "
                                "changed while downloading — try again")
        notes.append(f"{fetched.endpoint.name}: {what} (within {TOTAL_TOLERANCE:.1%})")
    return notes


def fingerprint(table: Table, fetched: FetchedPages) -> dict:
    """What `check_for_updates` compares: row count and the API's column totals."""
    return {"rows": len(table), "total": api_totals(fetched.total, fetched.endpoint.measures),
            "query": fetched.url}
