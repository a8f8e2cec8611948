"""PySide6's own support code compiled once per version instead of at every start (~40 ms).

Why: shiboken6 (PySide6's binding layer) carries its support package (`shibokensupport`:
the signature machinery, the `__feature__` import hook) as Python sources embedded in its
library, and `import PySide6` compiles them with `compile()` every time: 14 modules, ~45 ms
of every start here (PySide6 6.12, Python 3.11, 2 cores). A `.py` file on disk is compiled
once and cached as `.pyc`; these sources are not files, so nothing caches them.

What: while `import PySide6` runs, `compile()` of exactly those sources (file name
`signature_bootstrap.py` or `shibokensupport/...`, mode "exec", no flags) goes through a
cache of marshalled code objects in the user cache folder, keyed, as `.pyc` files are, by
the interpreter's bytecode magic number and the source's hash: another PySide6 or Python
finds no entry and compiles. A miss compiles as before and writes its entry atomically; a
cache that cannot be read or written, or an entry that does not load, only means
compiling. Every other `compile()` call passes straight through, and `compile` is put back
as soon as PySide6 is imported. `ASYLUM_EXPLORER_CACHE_DIR` moves the cache (tests).
"""

from __future__ import annotations

import builtins
import contextlib
import hashlib
import importlib.util
import marshal
import os
import sys
import tempfile
import types
from collections.abc import Callable
from pathlib import Path

ENV_CACHE_DIR = "ASYLUM_EXPLORER_CACHE_DIR"
SUBDIR = "pyside-bytecode"
_BOOTSTRAP = "signature_bootstrap.py"
_PACKAGE = "shibokensupport/"

stats = {"hits": 0, "misses": 0}  # since the process started (tests, benchmarks)


def cache_dir() -> Path:
    """$ASYLUM_EXPLORER_CACHE_DIR, else the platform's user cache folder; `pyside-bytecode`
    in it."""
    env = os.environ.get(ENV_CACHE_DIR)
    if env:
        return Path(env).expanduser() / SUBDIR
    import platformdirs

    return platformdirs.user_cache_path("asylum-explorer", appauthor=False) / SUBDIR


def import_pyside() -> None:
    """`import PySide6` with its embedded sources' code taken from the cache."""
    if "PySide6" in sys.modules:
        return
    original = builtins.compile
    builtins.compile = _caching(original, cache_dir())
    try:
        import PySide6  # noqa: F401 - compiles shiboken6's support code
    finally:
        builtins.compile = original


def _caching(original: Callable, folder: Path) -> Callable:
    def compile(source, filename, mode, flags=0, dont_inherit=False, optimize=-1,  # noqa: A001, ANN001, ANN202
                **kwargs):
        if (mode != "exec" or flags or dont_inherit or optimize != -1 or kwargs
                or not isinstance(filename, str) or not isinstance(source, (bytes, str))
                or not (filename == _BOOTSTRAP or filename.startswith(_PACKAGE))):
            return original(source, filename, mode, flags, dont_inherit, optimize, **kwargs)
        return _cached(original, folder, source, filename)

    return compile


def _cached(original: Callable, folder: Path, source: bytes | str,
            filename: str) -> types.CodeType:
    data = source.encode("utf-8") if isinstance(source, str) else source
    key = hashlib.sha256(importlib.util.MAGIC_NUMBER + filename.encode() + b"\0" + data)
    path = folder / f"{key.hexdigest()[:32]}.bin"
    with contextlib.suppress(OSError, EOFError, ValueError, TypeError):
        code = marshal.loads(path.read_bytes())
        if isinstance(code, types.CodeType) and code.co_filename == filename:
            stats["hits"] += 1
            return code
    code = original(source, filename, "exec")
    stats["misses"] += 1
    _write(path, marshal.dumps(code))
    return code


def _write(path: Path, data: bytes) -> None:
    """Write the entry whole or not at all (a full disk or a read-only folder: skipped)."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
