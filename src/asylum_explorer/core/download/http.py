"""Fetch one JSON document from the UNHCR API: timeouts, retries, clear errors.

HTTP client: the standard library's urllib, on purpose. The API is plain GET + JSON
(a few dozen requests per full download), so a client library would add a dependency
(and its certificate bundle, proxy and version quirks) without adding anything we use:
urllib verifies HTTPS certificates with the system's trust store through
`ssl.create_default_context()`, honours the usual *_proxy environment variables, and
lets us control exactly which failures are retried. Retrying is ours: exponential
back-off on connection errors, timeouts, 5xx, 408 and 429; never on other 4xx, HTML or
invalid JSON, which retrying does not fix.
"""

from __future__ import annotations

import gzip
import http.client
import json
import ssl
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field

from asylum_explorer import __version__
from asylum_explorer.core.download.endpoints import DEFAULT_TIMEOUT
from asylum_explorer.core.download.errors import DownloadCancelled, DownloadError

DEFAULT_RETRIES = 5
DEFAULT_BACKOFF = 2.0  # first wait; doubles each retry (2, 4, 8, 16, 32 s)
MAX_BACKOFF = 60.0  # UNHCR's own build script waits 60 s between tries
MAX_BODY = 512 * 1024**2  # one page of 10,000 rows is a few MB


@dataclass
class ApiClient:
    """GETs JSON from one base URL. `cancel` interrupts back-off waits between retries."""

    base_url: str
    timeout: float = DEFAULT_TIMEOUT
    retries: int = DEFAULT_RETRIES
    backoff: float = DEFAULT_BACKOFF
    cancel: threading.Event = field(default_factory=threading.Event)
    requests: int = 0  # how many HTTP requests were sent (for reports and tests)

    def __post_init__(self) -> None:
        self.base_url = normalise_base_url(self.base_url)
        context = ssl.create_default_context()  # certificate and host name checks on
        self._opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context))

    def url(self, endpoint: str, params: Mapping[str, object] | None = None) -> str:
        url = urllib.parse.urljoin(self.base_url, endpoint.strip("/") + "/")
        if params:
            url += "?" + urllib.parse.urlencode({k: _param(v) for k, v in params.items()})
        return url

    def get_json(self, endpoint: str, params: Mapping[str, object] | None = None
                 ) -> tuple[object, bytes]:
        """The parsed document and its raw bytes; retries transient failures."""
        url = self.url(endpoint, params)
        attempt = 0
        while True:
            self._check_cancel()
            try:
                body = self._fetch(url)
            except _Transient as exc:
                if attempt >= self.retries:
                    raise DownloadError(url, f"{exc} (gave up after {attempt + 1} tries)"
                                        ) from None
                delay = min(self.backoff * 2**attempt, MAX_BACKOFF)
                attempt += 1
                if self.cancel.wait(delay):
                    raise DownloadCancelled() from None
                continue
            return _parse(url, body), body

    def _check_cancel(self) -> None:
        if self.cancel.is_set():
            raise DownloadCancelled()

    def _fetch(self, url: str) -> bytes:
        request = urllib.request.Request(url, headers={
            "Accept": "application/json",
            "Accept-Encoding": "gzip",
            "User-Agent": f"asylum-explorer/{__version__}",
        })
        self.requests += 1
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > MAX_BODY:
                    raise DownloadError(url, "the answer is larger than 512 MB; not an API "
                                        "page")
                # read() without a size raises IncompleteRead when the connection breaks
                # off before Content-Length bytes (read(n) would return the part silently)
                body = response.read()
                encoding = response.headers.get("Content-Encoding", "")
                content_type = response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            if exc.code >= 500 or exc.code in (408, 429):  # server trouble, busy, slow
                raise _Transient(f"the server answered HTTP {exc.code} {exc.reason}") from None
            what = "page not found — is the API address right?" if exc.code == 404 else \
                exc.reason
            raise DownloadError(url, f"HTTP {exc.code} ({what})") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, ssl.SSLCertVerificationError):
                raise DownloadError(url, "the server's HTTPS certificate could not be "
                                    f"verified ({exc.reason.verify_message})") from None
            if isinstance(exc.reason, TimeoutError):
                raise _Transient(f"no answer within {self.timeout:g} s") from None
            raise _Transient(f"cannot connect ({exc.reason})") from None
        except TimeoutError:
            raise _Transient(f"no answer within {self.timeout:g} s") from None
        except (http.client.IncompleteRead, http.client.RemoteDisconnected,
                ConnectionError) as exc:
            raise _Transient(f"the connection broke off ({type(exc).__name__})") from None
        except (http.client.HTTPException, OSError) as exc:
            raise _Transient(f"network error ({type(exc).__name__}: {exc})") from None
        if "gzip" in encoding.lower():
            try:
                body = gzip.decompress(body)
            except (OSError, EOFError) as exc:
                raise _Transient(f"damaged compressed answer ({exc})") from None
        if "html" in content_type.lower() or body.lstrip()[:1] == b"<":
            raise DownloadError(url, "the server sent a web page, not API data — is the API "
                                "address right?")
        return body


class _Transient(Exception):
    """A failure that may go away when the request is tried again."""


def _parse(url: str, body: bytes) -> object:
    try:
        return json.loads(body)
    except UnicodeDecodeError:
        raise DownloadError(url, "the answer is not UTF-8 JSON") from None
    except json.JSONDecodeError as exc:
        raise DownloadError(url, f"the answer is not valid JSON ({exc.msg} at byte "
                            f"{exc.pos} of {len(body)}); it may have been cut off") from None


def _param(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def normalise_base_url(url: str) -> str:
    """A base URL ending with '/', refused unless http(s)://host/..."""
    from asylum_explorer.core.errors import UserError

    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UserError(f"API address {url!r} is not an http(s):// URL")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))
