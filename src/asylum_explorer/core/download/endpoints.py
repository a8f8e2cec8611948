"""What the downloader fetches: API endpoint, query and checks for each table."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime

from asylum_explorer.core.schema import DATASETS

DEFAULT_API_URL = "https://api.unhcr.org/population/v1/"
ENV_API_URL = "ASYLUM_EXPLORER_API_URL"
DEFAULT_PAGE_SIZE = 10_000  # UNHCR's own build script uses 10,000 rows per page
DEFAULT_TIMEOUT = 60.0  # seconds without a byte before a request is given up
FIRST_YEAR = 1951  # the first year of any UNHCR series (population)


@dataclass(frozen=True)
class Endpoint:
    name: str  # store table name
    path: str  # API endpoint, relative to the base URL
    params: dict[str, object] = field(default_factory=dict)
    # measures whose sums the API's `total` object may give (checked when present)
    measures: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        schema = DATASETS.get(self.name)
        return schema.label if schema else self.name.capitalize()


def endpoints(year_to: int | None = None) -> dict[str, Endpoint]:
    """Every table the downloader knows, in download order.

    `coo_all`/`coa_all` give one row per origin and per asylum country (without them the
    API sums an axis away). `yearFrom`/`yearTo` only work as a pair; UNHCR's build script
    sends both, from 1951 to the current year.
    """
    year_to = year_to or datetime.now(UTC).year
    data_query = {"coo_all": True, "coa_all": True, "yearFrom": FIRST_YEAR, "yearTo": year_to}
    out = {name: Endpoint(name, schema.endpoint, dict(data_query), schema.measure_names)
           for name, schema in DATASETS.items()}
    out["countries"] = Endpoint("countries", "countries")
    out["footnotes"] = Endpoint("footnotes", "footnotes")
    return out


TABLES = ("applications", "decisions", "population", "solutions", "countries", "footnotes")


def api_url_from(option: str | None = None) -> str:
    """--api-url, else $ASYLUM_EXPLORER_API_URL, else UNHCR's public API."""
    return option or os.environ.get(ENV_API_URL) or DEFAULT_API_URL
