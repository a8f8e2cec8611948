"""Download tables from the UNHCR API into the store, all or nothing, resumable.

Every table is paged through and checked (rows per page against `maxPages`, column
sums against the API's `total`) before anything is written; then all of them go into
the store in one `Store.replace`. An error or a cancel leaves the store exactly as it
was, with the pages fetched so far kept in `<store>/.download/` for the next run.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial

from asylum_explorer.core.download.convert import fingerprint, page_table, to_store_table
from asylum_explorer.core.download.endpoints import (
    DEFAULT_PAGE_SIZE,
    TABLES,
    api_url_from,
    endpoints,
)
from asylum_explorer.core.download.errors import (
    BadDataError,
    DownloadCancelled,
    DownloadError,
)
from asylum_explorer.core.download.http import (
    DEFAULT_BACKOFF,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    ApiClient,
)
from asylum_explorer.core.download.page_cache import CACHE_DIR, PageCache
from asylum_explorer.core.download.pages import FetchedPages, Progress, fetch_pages
from asylum_explorer.core.errors import InputFileError, UserError
from asylum_explorer.core.store import Entry, Store, Update
from asylum_explorer.core.store_lock import StoreLock

WRITING = "writing the store"  # the `table` passed to progress while committing


@dataclass
class DownloadResult:
    entries: list[Entry]  # what the manifest now says of each downloaded table
    api_url: str
    requests: int  # HTTP requests sent in this run
    pages_fetched: int
    pages_reused: int  # pages kept from an interrupted run
    seconds: float
    notes: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [e.name for e in self.entries]


def check_table_names(names: Iterable[str] | None) -> list[str]:
    """The tables asked for, in download order; all of them when none is named."""
    if not names:
        return list(TABLES)
    names = list(dict.fromkeys(names))
    unknown = [n for n in names if n not in TABLES]
    if unknown:
        raise UserError(f"unknown dataset {unknown[0]!r}; choose from: {', '.join(TABLES)}")
    return [t for t in TABLES if t in names]


def download(store: Store, tables: Iterable[str] | None = None, api_url: str | None = None,
             *, page_size: int = DEFAULT_PAGE_SIZE, timeout: float = DEFAULT_TIMEOUT,
             retries: int = DEFAULT_RETRIES, backoff: float = DEFAULT_BACKOFF,
             progress: Progress | None = None, cancel: threading.Event | None = None
             ) -> DownloadResult:
    """Download `tables` (default: all) and put them in the store in one step.

    Raises DownloadError (a UserError naming the URL) or DownloadCancelled; either way
    the store is unchanged and fetched pages are kept for the next run.
    """
    names = check_table_names(tables)
    if page_size < 1:
        raise UserError("the page size must be at least 1 row")
    started = time.perf_counter()
    client = ApiClient(api_url_from(api_url), timeout=timeout, retries=retries,
                       backoff=backoff, cancel=cancel or threading.Event())
    known = endpoints()
    store.root.mkdir(parents=True, exist_ok=True)
    lock_path = store.root / CACHE_DIR / "download.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with StoreLock(lock_path):
        fetched: list[FetchedPages] = []
        for name in names:
            cache = PageCache(store.root, name)
            # countries are typed once the UNHCR regions are known (after all pages)
            convert = None if name == "countries" else partial(page_table, name)
            with _discard_bad_pages(cache):
                fetched.append(fetch_pages(client, cache, known[name], page_size, progress,
                                           convert))
        updates, notes = _convert(client, fetched, store)
        if client.cancel.is_set():
            raise DownloadCancelled()
        if progress:
            progress(WRITING, 0, 0, sum(len(u.table) for u in updates))
        entries = store.replace(updates)
        for name in names:
            PageCache(store.root, name).clear()
    _remove_empty_cache(store)
    pages = sum(f.pages for f in fetched)
    fetched_now = sum(f.fetched for f in fetched)
    return DownloadResult(entries, client.base_url, client.requests, fetched_now,
                          pages - fetched_now, time.perf_counter() - started, notes)


@contextlib.contextmanager
def _discard_bad_pages(cache: PageCache) -> Iterator[None]:
    """Pages whose data do not check out are dropped, so the next run fetches them anew
    (network errors keep them: that is what resuming is for)."""
    try:
        yield
    except (InputFileError, BadDataError):
        cache.clear()
        raise


def _convert(client: ApiClient, fetched: list[FetchedPages], store: Store
             ) -> tuple[list[Update], list[str]]:
    updates, notes = [], []
    for f in fetched:
        regions = country_regions(client) if f.endpoint.name == "countries" else None
        with _discard_bad_pages(PageCache(store.root, f.endpoint.name)):
            table, table_notes = to_store_table(f, regions)
        notes += table_notes
        updates.append(Update(f.endpoint.name, table, source=f.url, method="download",
                              release=f.release, api_fingerprint=fingerprint(table, f)))
    return updates, notes


def country_regions(client: ApiClient) -> dict[str, str]:
    """UNHCR code -> UNHCR region name, from the regions endpoint (as UNHCR's own
    country-code tables are built); {} if the API has no regions to give."""
    try:
        doc, _ = client.get_json("regions", {"limit": 100})
    except DownloadError:
        return {}
    out: dict[str, str] = {}
    for region in doc.get("items", []) if isinstance(doc, dict) else []:
        if not isinstance(region, dict) or region.get("id") is None or not region.get("name"):
            continue
        members, _ = client.get_json("countries", {"unhcr_region": region["id"],
                                                   "limit": 1000})
        for c in members.get("items", []) if isinstance(members, dict) else []:
            if isinstance(c, dict) and c.get("code"):
                out[str(c["code"]).strip()] = str(region["name"]).strip()
    return out


def _remove_empty_cache(store: Store) -> None:
    cache = store.root / CACHE_DIR
    with contextlib.suppress(OSError):
        (cache / "download.lock").unlink(missing_ok=True)
        cache.rmdir()  # only if no other table's pages are waiting there
