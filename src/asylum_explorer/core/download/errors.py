"""What can go wrong while downloading, as messages a user can act on."""

from __future__ import annotations

from asylum_explorer.core.errors import UserError


class DownloadError(UserError):
    """The API could not be reached or answered with something that is not its data.

    The message names the URL; the store is left as it was.
    """

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"cannot download {url}: {reason}")
        self.url = url
        self.reason = reason


class BadDataError(DownloadError):
    """The pages arrived but do not add up; they are discarded, not kept for a resume."""


class DownloadCancelled(Exception):  # noqa: N818 - reads as what happened
    """The user cancelled; pages already fetched are kept for the next run."""
