"""Download the UNHCR datasets from the population statistics API (no Qt).

    from asylum_explorer.core.download import download, check_for_updates
    result = download(Store(path), ["decisions"], progress=print, cancel=event)

The names below are imported on first use (PEP 562): importing a submodule such as
`endpoints` for its constants (the CLI's parser does, at every start of the app) must not
pull in the HTTP client, ssl and the Parquet conversion (~0.1–0.3 s).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_WHERE = {
    "WRITING": "downloader", "DownloadResult": "downloader",
    "check_table_names": "downloader", "download": "downloader",
    "DEFAULT_API_URL": "endpoints", "ENV_API_URL": "endpoints", "TABLES": "endpoints",
    "api_url_from": "endpoints",
    "BadDataError": "errors", "DownloadCancelled": "errors", "DownloadError": "errors",
    "UpdateStatus": "updates", "check_for_updates": "updates",
}
__all__ = [
    "DEFAULT_API_URL", "ENV_API_URL", "TABLES", "WRITING", "BadDataError", "DownloadCancelled",
    "DownloadError", "DownloadResult", "UpdateStatus", "api_url_from", "check_for_updates",
    "check_table_names", "download",
]

if TYPE_CHECKING:
    from asylum_explorer.core.download.downloader import (
        WRITING,
        DownloadResult,
        check_table_names,
        download,
    )
    from asylum_explorer.core.download.endpoints import (
        DEFAULT_API_URL,
        ENV_API_URL,
        TABLES,
        api_url_from,
    )
    from asylum_explorer.core.download.errors import (
        BadDataError,
        DownloadCancelled,
        DownloadError,
    )
    from asylum_explorer.core.download.updates import UpdateStatus, check_for_updates


def __getattr__(name: str) -> Any:  # noqa: ANN401 - whatever the submodule holds
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # once: later lookups are plain module attributes
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
