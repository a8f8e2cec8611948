"""Keep None, True and False alive under PySide6 6.12 on Python 3.11.

Measured here (PySide6 6.12.0, its abi3 build, CPython 3.11.7): every call of a void Qt
method from Python (`QLabel.setText`, `QGraphicsItem.setVisible`, ...) leaves None's
reference count one lower, and every `Signal.emit` leaves True's one lower. The binding
returns these singletons without taking a reference, which is only harmless where they
are immortal (Python ≥ 3.12). On 3.11 None starts near 5,000 references, so after a few
thousand Qt calls the interpreter aborts with "Fatal Python error: none_dealloc:
deallocating None" (or bool_dealloc) — a chart redrawn a few dozen times is enough.

The remedy gives the three singletons what 3.12 gives them: a reference count so large
that no run can use it up. It touches nothing else, and does nothing on Python ≥ 3.12.
Imported by `asylum_explorer.qt` before any Qt call.
"""

from __future__ import annotations

import ctypes
import sys

_RESERVE = 1 << 60  # about 1e18 calls; Py_ssize_t holds 2**63 - 1


def apply() -> bool:
    """Give None, True and False a practically endless reference count (once)."""
    if sys.version_info >= (3, 12) or getattr(apply, "done", False):
        return False
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every PyObject in CPython's release builds.
        ctypes.c_ssize_t.from_address(id(singleton)).value += _RESERVE
    apply.done = True  # type: ignore[attr-defined]
    return True


apply()
