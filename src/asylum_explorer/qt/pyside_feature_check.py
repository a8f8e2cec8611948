"""A cheaper form of the check PySide6 runs on every module imported after it (~35 ms).

Why: for its optional `from __feature__ import snake_case` switches, PySide6 6.12 hooks
the import system and asks of each newly imported module whether its source mentions
"PySide6" (`shibokensupport.feature._mod_uses_pyside`). It does so with
`inspect.getsource`, which goes through `inspect.getmodule` and `linecache` (and keeps every
source in memory). Measured here: ~155 modules after PySide6 at each start (pyqtgraph, the
app's Qt modules), ~40 ms of the GUI thread.

What: the same question answered by reading the module's `.py` file and searching its
bytes; anything else (no file, not a `.py`, unreadable) goes to PySide6's own check, so
the answers are the same (tests/test_pyside_feature_check.py compares both on every
module of a test run). Installed only if PySide6 still has that check, as a module-level
function its import hook calls.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

FEATURE_MODULE = "shibokensupport.feature"
CHECK = "_mod_uses_pyside"


def install() -> bool:
    """Put the cheaper check in place (imports the PySide6 package, not its Qt modules);
    True if it is in place."""
    import PySide6  # noqa: F401 - sets up Qt's paths and loads shiboken6's support code

    feature = sys.modules.get(FEATURE_MODULE)
    original = getattr(feature, CHECK, None)
    if original is None or getattr(original, "original", None) is not None:
        return original is not None
    hook = getattr(feature, "feature_imported", None)
    if hook is None or CHECK not in getattr(hook, "__code__", None).co_names:
        return False
    setattr(feature, CHECK, _cheaper(original))
    return True


def _cheaper(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def uses_pyside(module: ModuleType) -> bool:
        """Whether the module's source mentions "PySide6", as `original` answers it."""
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as file:
                    return b"PySide6" in file.read()
            except OSError:
                pass
        return original(module)

    uses_pyside.original = original  # type: ignore[attr-defined]
    return uses_pyside
