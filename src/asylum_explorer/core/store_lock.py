"""An exclusive, non-blocking lock on the store for writers (two app instances, or the
app and the CLI, must not update one store at the same time)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from asylum_explorer.core.errors import StoreError


class StoreLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh = None

    def __enter__(self) -> StoreLock:
        try:
            self._fh = self.path.open("a+")
        except OSError as exc:
            raise StoreError(f"cannot open the store's lock file {self.path} "
                             f"({exc.strerror or exc})") from None
        try:
            _lock(self._fh.fileno())
        except OSError as exc:
            self._fh.close()
            self._fh = None
            if exc.errno in _HELD:
                raise StoreError(f"another Asylum Explorer is updating the store at "
                                 f"{self.path.parent}; try again when it has finished"
                                 ) from None
            raise StoreError(f"cannot lock the store at {self.path.parent} "
                             f"({exc.strerror or exc}); is it on a network drive?") from None
        return self

    def held_by_another(self) -> bool:
        """True if another process holds the lock right now (a quick, non-blocking peek)."""
        try:
            with self:
                return False
        except StoreError as exc:
            return "another Asylum Explorer" in str(exc)

    def __exit__(self, *exc: object) -> None:
        if self._fh is not None:
            _unlock(self._fh.fileno())
            self._fh.close()
            self._fh = None


# errno of a lock someone else holds: EWOULDBLOCK/EAGAIN (flock), EACCES/EDEADLK (msvcrt)
_HELD = {errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES, getattr(errno, "EDEADLK", -1)}

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
