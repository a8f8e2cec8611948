"""Download the UNHCR datasets from the population statistics API (no Qt).

    from asylum_explorer.core.download import download, check_for_updates
    result = download(Store(path), ["decisions"], progress=print, cancel=event)
"""

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
from asylum_explorer.core.download.errors import BadDataError, DownloadCancelled, DownloadError
from asylum_explorer.core.download.updates import UpdateStatus, check_for_updates

__all__ = [
    "DEFAULT_API_URL", "ENV_API_URL", "TABLES", "WRITING", "BadDataError", "DownloadCancelled",
    "DownloadError", "DownloadResult", "UpdateStatus", "api_url_from", "check_for_updates",
    "check_table_names", "download",
]
