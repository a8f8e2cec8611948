"""A loopback stand-in for the UNHCR population statistics API, with injectable faults.

Serves API-shaped pages (`page`, `maxPages`, `total`, `items`) built from API-shaped CSV
files, with the quirks of the real API: integers mixed with numeric strings, "-" for
not applicable, trailing spaces in names, extra `coo_id`/`coa_id` fields, 404 HTML for
unknown paths. Faults are matched per request and count down:

    api.fault("asylum-decisions", page=2, action="drop")   # connection cut mid-body
    api.fault("asylum-decisions", page=2, action="500", times=2)
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import threading
import time
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

DATASET_ENDPOINTS = {
    "applications": "asylum-applications",
    "decisions": "asylum-decisions",
    "population": "population",
    "solutions": "solutions",
}
TOTALLED = ("asylum-applications", "asylum-decisions")  # endpoints whose `total` has sums
TEXT_FIELDS = {"year", "coo_name", "coo", "coo_iso", "coa_name", "coa", "coa_iso",
               "procedure_type", "app_type", "dec_level", "app_pc", "dec_pc"}
FOOTNOTES = [
    {"footnote": "Figures for Germany include persons granted temporary protection. ",
     "year": "2015 - 2016, 2017", "coo": "-", "coo_id": "-", "coo_iso": "-",
     "coa": "GFR", "coa_id": 72, "coa_iso": "DEU", "population_type": "REF"},
    {"footnote": "Applications from Syria are estimated.", "year": "2016",
     "coo": "SYR", "coo_id": 185, "coo_iso": "SYR", "coa": "-", "coa_id": "-",
     "coa_iso": "-", "population_type": "ASY"},
]
NOT_FOUND_HTML = b"<!DOCTYPE html><html><body><h1>Not Found</h1></body></html>"


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def api_items(rows: list[dict[str, str]]) -> list[dict]:
    """CSV rows -> API items with the real API's mixture of types."""
    ids: dict[str, int] = {}
    items = []
    for i, row in enumerate(rows):
        item: dict[str, object] = {"year": int(row["year"])}
        for side in ("coo", "coa"):
            code = row[side]
            name = row[f"{side}_name"] + (" " if i % 3 == 0 else "")  # trailing spaces
            item[f"{side}_id"] = ids.setdefault(code, len(ids) + 1)
            item[f"{side}_name"] = name
            item[side] = row[side] or "-"
            item[f"{side}_iso"] = row[f"{side}_iso"] or "-"
        for key, value in row.items():
            if key in item or key in TEXT_FIELDS:
                item.setdefault(key, value or "-")
                continue
            if value == "":
                item[key] = "-"
            elif value == "0" or i % 4 == 1:
                item[key] = value  # numeric strings, as the API sends "0"
            else:
                item[key] = int(value)
        items.append(item)
    return items


def country_items(rows: list[dict[str, str]]) -> tuple[list[dict], list[dict]]:
    """countries.csv rows -> countries endpoint items and regions endpoint items."""
    regions: dict[str, int] = {}
    items = []
    for i, row in enumerate(rows):
        region = row.get("unhcr_region") or ""
        rid = regions.setdefault(region, len(regions) + 1) if region else None
        items.append({"id": i + 1, "code": row["unhcr_code"], "iso": row["iso_code"],
                      "name": row["name"], "majorArea": row.get("unsd_region") or None,
                      "_region_id": rid})
    return items, [{"id": rid, "name": name} for name, rid in regions.items()]


@dataclass
class Fault:
    endpoint: str
    page: int | None
    action: str  # drop, 500, 404, html, truncated, slow, change
    times: int = 1
    delay: float = 1.0


class FakeApi:
    def __init__(self, tables: dict[str, list[dict]], countries: list[dict] | None = None,
                 regions: list[dict] | None = None, footnotes: list[dict] | None = None,
                 max_limit: int | None = None) -> None:
        self.data: dict[str, list[dict]] = {DATASET_ENDPOINTS[k]: v for k, v in tables.items()}
        self.data["countries"] = countries or []
        self.data["footnotes"] = footnotes if footnotes is not None else list(FOOTNOTES)
        self.regions = regions or []
        self.max_limit = max_limit
        self.faults: list[Fault] = []
        self.requests: Counter[tuple[str, int]] = Counter()
        self.lock = threading.Lock()
        self.gzip = False
        self.total_offset = 0  # a server whose totals disagree with its rows
        self.cache_pages = False  # serve each page's JSON once built (data held fixed)
        self._cache: dict[str, bytes] = {}
        self._totals: dict[str, object] = {}
        self._server: ThreadingHTTPServer | None = None

    @classmethod
    def from_folder(cls, folder: Path, names: dict[str, str], **kw: object) -> FakeApi:
        """names: dataset -> CSV file name in `folder` (countries -> the country list)."""
        tables = {k: api_items(read_csv_rows(folder / f)) for k, f in names.items()
                  if k in DATASET_ENDPOINTS}
        countries, regions = ([], [])
        if "countries" in names:
            countries, regions = country_items(read_csv_rows(folder / names["countries"]))
        return cls(tables, countries, regions, **kw)  # type: ignore[arg-type]

    # -- control ----------------------------------------------------------------------
    def fault(self, endpoint: str, page: int | None = None, action: str = "500",
              times: int = 1, delay: float = 1.0) -> None:
        self.faults.append(Fault(endpoint, page, action, times, delay))

    def pages_requested(self, endpoint: str) -> list[int]:
        return sorted(p for (e, p), n in self.requests.items() if e == endpoint
                      for _ in range(n))

    def start(self) -> str:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                api.handle(self)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/population/v1/"

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    # -- serving ----------------------------------------------------------------------
    def handle(self, h: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        endpoint = parts.path.removeprefix("/population/v1/").strip("/")
        q = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        page = int(q.get("page", "1"))
        key = f"{endpoint}/by-region/{q['unhcr_region']}" if "unhcr_region" in q else endpoint
        with self.lock:
            self.requests[(key, page)] += 1
            fault = self._take_fault(endpoint, page)
        if fault and fault.action == "change":
            self._change(endpoint)
            fault = None
        if fault and fault.action == "slow":
            time.sleep(fault.delay)
        if fault and fault.action in ("404", "html"):
            return self._send(h, 404 if fault.action == "404" else 200, NOT_FOUND_HTML,
                              "text/html")
        if fault and fault.action == "500":
            return self._send(h, 500, b'{"error": "internal"}', "application/json")
        if endpoint not in self.data and endpoint != "regions":
            return self._send(h, 404, NOT_FOUND_HTML, "text/html")
        if endpoint in DATASET_ENDPOINTS.values() and not (
                q.get("coo_all") == "true" and q.get("coa_all") == "true"):
            return self._send(h, 400, b'{"error": "test server wants coo_all&coa_all"}',
                              "application/json")
        body = self._cache.get(h.path) if self.cache_pages else None
        if body is None:
            body = json.dumps(self._page(endpoint, q, page, fault)).encode("utf-8")
            if self.cache_pages:
                self._cache[h.path] = body
        if fault and fault.action == "truncated":
            return self._send(h, 200, body[: len(body) // 2], "application/json")
        if fault and fault.action == "drop":
            h.send_response(200)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body[: len(body) // 2])
            h.wfile.flush()
            h.close_connection = True
            return None
        if self.gzip and "gzip" in h.headers.get("Accept-Encoding", ""):
            return self._send(h, 200, gzip.compress(body), "application/json", gzipped=True)
        return self._send(h, 200, body, "application/json")

    def _take_fault(self, endpoint: str, page: int) -> Fault | None:
        for f in self.faults:
            if f.times > 0 and f.endpoint == endpoint and f.page in (None, page):
                f.times -= 1
                return f
        return None

    def _change(self, endpoint: str) -> None:
        """UNHCR publishes a revision: one more row, so the page count may change."""
        rows = self.data[endpoint]
        extra = dict(rows[-1])
        extra["year"] = int(extra["year"]) + 1
        rows.append(extra)

    def _page(self, endpoint: str, q: dict[str, str], page: int, fault: Fault | None
              ) -> dict:
        if endpoint == "regions":
            rows: list[dict] = self.regions
        else:
            rows = self.data[endpoint]
        if endpoint == "countries" and "unhcr_region" in q:
            rows = [r for r in rows if str(r["_region_id"]) == q["unhcr_region"]]
        if "yearFrom" in q and "yearTo" in q and endpoint in DATASET_ENDPOINTS.values():
            lo, hi = int(q["yearFrom"]), int(q["yearTo"])
            rows = [r for r in rows if lo <= int(r["year"]) <= hi]
        limit = int(q.get("limit", "100"))
        if self.max_limit:
            limit = min(limit, self.max_limit)
        items = [{k: v for k, v in r.items() if not k.startswith("_")}
                 for r in rows[(page - 1) * limit: page * limit]]
        total: object = self._totals.get(endpoint, [])
        if endpoint in TOTALLED and rows and not (self.cache_pages and total):
            measures = [k for k in rows[0] if k not in TEXT_FIELDS and not k.endswith("_id")]
            total = {m: sum(int(r[m]) for r in rows if r[m] != "-") for m in measures}
            total = {m: v + self.total_offset for m, v in total.items()}
            self._totals[endpoint] = total
        return {"page": page, "short-url": "https://example.invalid/x",
                "maxPages": math.ceil(len(rows) / limit), "total": total, "items": items}

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, status: int, body: bytes, ctype: str,
              gzipped: bool = False) -> None:
        try:
            h.send_response(status)
            h.send_header("Content-Type", ctype)
            h.send_header("Content-Length", str(len(body)))
            if gzipped:
                h.send_header("Content-Encoding", "gzip")
            h.end_headers()
            h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)


REAL_FILES = {
    "applications": "asylum_applications.csv.gz",
    "decisions": "asylum_decisions.csv.gz",
    "population": "population.csv.gz",
    "solutions": "solutions.csv.gz",
    "countries": "countries.csv.gz",
}


def serve_in_subprocess(folder: Path) -> tuple[object, str]:
    """Serve the real data from another process (its JSON building then runs beside the
    client, not under the client's GIL). Returns (process, base URL); `GET _requests`
    answers the request counts as {"endpoint page": n}."""
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, __file__, str(folder)], stdout=subprocess.PIPE,
                            text=True)
    url = proc.stdout.readline().strip()
    if not url.startswith("http://"):
        proc.kill()
        raise RuntimeError("the fake API did not start")
    return proc, url


def request_counts(url: str) -> dict[str, int]:
    import urllib.request

    with urllib.request.urlopen(url + "_requests/") as response:
        return json.loads(response.read())


if __name__ == "__main__":
    import sys

    fake = FakeApi.from_folder(Path(sys.argv[1]), REAL_FILES)
    fake.cache_pages = True
    original = fake.handle

    def handle(h: BaseHTTPRequestHandler) -> None:
        if h.path.endswith("/_requests/"):
            counts = {f"{e} {p}": n for (e, p), n in fake.requests.items()}
            return fake._send(h, 200, json.dumps(counts).encode(), "application/json")
        return original(h)

    fake.handle = handle  # type: ignore[method-assign]
    print(fake.start(), flush=True)
    threading.Event().wait()


SMALL_FIXTURES = Path(__file__).resolve().parent / "fixtures"


def small_api() -> FakeApi:
    """The hand-made small fixtures (tests/fixtures/small) served as the API serves them."""
    small = SMALL_FIXTURES / "small"
    tables = {name: api_items(read_csv_rows(small / f"{name}.csv"))
              for name in ("applications", "decisions", "population")}
    tables["solutions"] = api_items(read_csv_rows(SMALL_FIXTURES / "api_small_solutions.csv"))
    countries, regions = country_items(read_csv_rows(small / "countries.csv"))
    return FakeApi(tables, countries, regions)
