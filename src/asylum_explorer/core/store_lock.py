"""An exclusive, non-blocking lock on the store for writers (two app instances, or the
app and the CLI, must not update one store at the same time)."""

from __future__ import annotations

import os
from pathlib import Path

from asylum_explorer.core.errors import StoreError


class StoreLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh = None

    def __enter__(self) -> StoreLock:
        self._fh = self.path.open("a+")
        try:
            _lock(self._fh.fileno())
        except OSError:
            self._fh.close()
            self._fh = None
            raise StoreError(f"another Asylum Explorer is updating the store {self.path.parent}"
                             "; try again when it has finished") from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fh is not None:
            _unlock(self._fh.fileno())
            self._fh.close()
            self._fh = None


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
