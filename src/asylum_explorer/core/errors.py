"""Errors that carry a message meant for the user (no traceback needed)."""

from __future__ import annotations


class UserError(Exception):
    """A mistake or a condition the user can fix: shown as one clear line."""


class InputFileError(UserError):
    """A file that cannot be imported: names the file and, where known, line and column."""

    def __init__(self, path: str, reason: str, line: int | None = None,
                 column: str | None = None) -> None:
        where = str(path)
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {reason}")
        self.path = str(path)
        self.reason = reason
        self.line = line
        self.column = column


class StoreError(UserError):
    """The local store is missing, damaged or locked."""
