"""Page through one endpoint, keeping pages in the cache, and check the pages add up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from asylum_explorer.core.download.endpoints import Endpoint
from asylum_explorer.core.download.errors import DownloadError
from asylum_explorer.core.download.http import ApiClient
from asylum_explorer.core.download.page_cache import PageCache
from asylum_explorer.core.table import Table

# (table, page, pages, rows so far)
Progress = Callable[[str, int, int, int], None]
# one page's items -> its rows as a typed Table (so the parsed JSON can be let go)
PageConverter = Callable[[list[dict], str], Table]

# How often one table is started again when the API's data changes under our feet.
MAX_RESTARTS = 2
# With a page converter, items are typed in batches of about this many rows.
CONVERT_ROWS = 50_000
RELEASE_KEYS = ("release", "version", "dataRelease", "data_release")


@dataclass
class FetchedPages:
    endpoint: Endpoint
    url: str  # the query without page/limit: the provenance recorded in the manifest
    items: list[dict]  # the raw items, when no page converter was given
    parts: list[Table]  # each page as a Table, when a page converter was given
    pages: int
    total: object  # the API's `total` (column sums for the asylum endpoints, else [])
    release: str | None
    fetched: int = 0  # pages requested in this run (the rest came from the cache)
    notes: list[str] = field(default_factory=list)


class _DataChanged(Exception):
    pass


def fetch_pages(client: ApiClient, cache: PageCache, endpoint: Endpoint, page_size: int,
                progress: Progress | None = None, convert: PageConverter | None = None
                ) -> FetchedPages:
    """All pages of one endpoint; starts over (up to twice) if the API's data changes.

    With `convert`, each page is turned into a Table as it arrives and its items are
    dropped: a full download then holds typed columns, not 400,000 Python dicts.
    """
    url = client.url(endpoint.path, endpoint.params)
    reason = ""
    for _ in range(MAX_RESTARTS + 1):
        try:
            return _fetch_all(client, cache, endpoint, url, page_size, progress, convert)
        except _DataChanged as exc:
            reason = str(exc)
            cache.clear()
    raise DownloadError(url, f"the API's data kept changing while downloading ({reason}); "
                        "UNHCR may be publishing new figures — try again later")


def _fetch_all(client: ApiClient, cache: PageCache, endpoint: Endpoint, url: str,
               page_size: int, progress: Progress | None, convert: PageConverter | None
               ) -> FetchedPages:
    cache.start({"url": url, "limit": page_size})
    meta = cache.meta()
    fetched = 0
    if meta is None:
        doc = _fetch(client, cache, endpoint, 1, page_size)
        fetched += 1
        meta = _meta_from(url, page_size, doc)
        cache.set_meta(meta)
    pages, size = meta["maxPages"], meta.get("pageRows", page_size)
    if pages < 1:
        cache.clear()
        raise DownloadError(url, f"the API has no {endpoint.label.lower()} data (0 pages)")
    have = cache.pages()
    items: list[dict] = []
    parts: list[Table] = []
    rows = 0
    for n in range(1, pages + 1):
        doc = cache.read(n) if n in have else None
        if doc is None:
            doc = _fetch(client, cache, endpoint, n, page_size)
            fetched += 1
        page_items = _check_page(doc, n, meta, url)
        full = len(page_items) == size if n < pages else 1 <= len(page_items) <= size
        if not full:
            raise _DataChanged(f"page {n} of {pages} has {len(page_items)} rows, "
                               f"expected {size if n < pages else f'1 to {size}'}")
        items += page_items
        if convert is not None and (len(items) >= CONVERT_ROWS or n == pages):
            parts.append(convert(items, url))  # pandas has a fixed cost per call: batch
            items = []
        rows += len(page_items)
        if progress:
            progress(endpoint.name, n, pages, rows)
    return FetchedPages(endpoint, url, items, parts, pages, meta["total"],
                        meta.get("release"), fetched)


def _fetch(client: ApiClient, cache: PageCache, endpoint: Endpoint, n: int,
           page_size: int) -> dict:
    params = {**endpoint.params, "limit": page_size, "page": n}
    doc, body = client.get_json(endpoint.path, params)
    page_url = client.url(endpoint.path, params)
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        raise DownloadError(page_url, "the answer is not an API page (no 'items' list)")
    if _int(doc.get("maxPages")) is None:
        raise DownloadError(page_url, "the answer has no page count ('maxPages')")
    if doc.get("page") is not None and _int(doc.get("page")) != n:
        raise DownloadError(page_url, f"asked for page {n}, the API sent page {doc['page']}")
    cache.write(n, body)
    return doc


def _meta_from(url: str, page_size: int, first: dict) -> dict:
    pages = _int(first["maxPages"]) or 0
    rows = len(first["items"])
    # A server that caps the page size sends fewer rows than asked on full pages.
    page_rows = rows if pages > 1 and 0 < rows < page_size else page_size
    return {"url": url, "limit": page_size, "maxPages": pages, "pageRows": page_rows,
            "total": first.get("total"), "release": _release(first)}


def _check_page(doc: object, n: int, meta: dict, url: str) -> list[dict]:
    """The page's items; _DataChanged if its page count or totals differ from page 1's."""
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        raise _DataChanged(f"stored page {n} is damaged")
    if _int(doc.get("maxPages")) != meta["maxPages"]:
        raise _DataChanged(f"the page count went from {meta['maxPages']} to "
                           f"{doc.get('maxPages')}")
    if doc.get("total") != meta["total"]:
        raise _DataChanged("the API's totals changed")
    return doc["items"]


def _int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _release(doc: dict) -> str | None:
    for key in RELEASE_KEYS:
        value = doc.get(key)
        if isinstance(value, str | int | float) and str(value).strip():
            return str(value).strip()
    return None
