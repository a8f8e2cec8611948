"""Errors that carry a message meant for the user (no traceback needed)."""

from __future__ import annotations


class UserError(Exception):
    """A mistake or a condition the user can fix: shown as one clear line."""


class InputFileError(UserError):
    """A file that cannot be imported: names the file and, where known, line and column."""

    def __init__(self, path: str, reason: str, line: int | None = None,
                 column: str | None = None, line_word: str = "line") -> None:
        where = str(path)
        if line is not None:
            where += f", {line_word} {line}"  # "item" for JSON records
        if column is not None:
            where += f", column {column!r}"
        super().__init__(one_line(f"{where}: {reason}"))
        self.path = str(path)
        self.reason = reason
        self.line = line
        self.column = column


class StoreError(UserError):
    """The local store is missing, damaged or locked."""


def shorten(text: str, limit: int = 60) -> str:
    """A cell or name quoted in a message: one line, at most `limit` characters."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    return f"{text[:limit - 1]}… ({len(text):,} characters)"


def one_line(text: str) -> str:
    """Messages are one line: the CLI prints one line, dialogs show one headline."""
    return " ".join(str(text).split("\n")).replace("\r", " ").replace("\x00", "\\0")
