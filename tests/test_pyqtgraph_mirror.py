"""pyqtgraph imports without creating every PySide6 class (qt/pyqtgraph_mirror.py).

The shim saves ~0.2 s per start only while the installed pyqtgraph still fills its
mirrors with the copy loop it answers; these tests fail if that stops being so (then
the shim quietly steps aside, and the saving is lost), and prove it steps aside for a
pyqtgraph it does not know. The chart and export tests run with the shim in effect
(conftest imports `asylum_explorer.qt` first).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from asylum_explorer.qt import pyqtgraph_mirror


def _run(code: str, *extra_path: Path) -> list[str]:
    prefix = "".join(f"import sys; sys.path.insert(0, {str(p)!r})\n" for p in extra_path)
    out = subprocess.run([sys.executable, "-c", prefix + textwrap.dedent(code)],
                         capture_output=True, text=True, check=True, timeout=120)
    return out.stdout.split()


def test_the_shim_is_in_effect_on_the_installed_pyqtgraph() -> None:
    out = _run("""
        import asylum_explorer.qt, pyqtgraph as pg
        from PySide6 import QtCore, QtGui, QtWidgets
        from asylum_explorer.qt.pyqtgraph_mirror import LazyMirror
        print(all(isinstance(m, LazyMirror) for m in (pg.QtCore, pg.QtGui, pg.QtWidgets)))
        # not copied at import (the copy would have created it) ...
        print("QAbstractEventDispatcher" in vars(pg.QtCore))
        # ... yet there, the very PySide6 class, on first use
        print(pg.QtCore.QAbstractEventDispatcher is QtCore.QAbstractEventDispatcher)
        print(pg.QtWidgets.QTreeView is QtWidgets.QTreeView, pg.QtGui.QPen is QtGui.QPen)
        print(pg.QtCore.__version__ == QtCore.__version__)
        # pyqtgraph's own patches of its mirrors are kept
        print(pg.QtGui.QFileSystemModel is QtWidgets.QFileSystemModel)
        print(hasattr(pg.QtCore, "NoSuchQtName"), "QTreeView" in dir(pg.QtWidgets))
    """)
    assert out == ["True", "False", "True", "True", "True", "True", "True", "False", "True"]


def test_pyqtgraph_draws_through_the_mirrors(qtbot) -> None:  # noqa: ANN001
    import pyqtgraph as pg
    from PySide6.QtGui import QImage, QPainter

    assert isinstance(pg.QtCore, pyqtgraph_mirror.LazyMirror)  # in effect in this process
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(200, 120)
    widget.plot([0, 1, 2], [0, 2, 1], pen=pg.mkPen("r", width=3))
    image = QImage(200, 120, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    widget.render(painter)
    painter.end()
    reds = sum(1 for x in range(200) for y in range(120)
               if (c := image.pixelColor(x, y)).red() > 200 and c.green() < 80)
    assert reds > 50, "the red curve was not drawn"


def test_the_shim_steps_aside_for_another_pyqtgraph(tmp_path: Path) -> None:
    fake = tmp_path / "pyqtgraph"
    for name in ("", "Qt", "Qt/QtCore", "Qt/QtGui", "Qt/QtWidgets"):
        (fake / name).mkdir(exist_ok=True)
        (fake / name / "__init__.py").write_text("")
    (fake / "Qt" / "__init__.py").write_text("from . import QtCore, QtGui, QtWidgets\n"
                                             "# copies some other way\n")
    out = _run("""
        import sys
        from asylum_explorer.qt import pyqtgraph_mirror
        print(pyqtgraph_mirror.install(), "pyqtgraph.Qt.QtCore" in sys.modules)
    """, tmp_path)
    assert out == ["False", "False"]


def test_a_mirror_answers_only_pyqtgraphs_copy_loop() -> None:
    import PySide6.QtCore

    mirror = pyqtgraph_mirror.LazyMirror("pyqtgraph.Qt.QtCore")

    def _copy_attrs(src, dst):  # noqa: ANN001, ANN202 - same name, other module
        for o in ("QTimer",):
            if not hasattr(dst, o):
                setattr(dst, o, getattr(src, o))

    _copy_attrs(PySide6.QtCore, mirror)  # not pyqtgraph's loop: copied as usual
    assert vars(mirror)["QTimer"] is PySide6.QtCore.QTimer
