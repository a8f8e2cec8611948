"""The fast `import pyqtgraph` (qt/pyqtgraph_import.py): in effect, and pyqtgraph as usual.

It saves ~0.3 s per start only while the installed pyqtgraph still has the shape it
relies on; these tests fail if that stops being so (then it quietly steps aside, and the
saving is lost), and prove it steps aside for a pyqtgraph it does not know. The chart and
export tests run with it in effect (conftest imports `asylum_explorer.qt` first).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from asylum_explorer.qt import pyqtgraph_import


def _run(code: str, *extra_path: Path) -> list[str]:
    prefix = "".join(f"import sys; sys.path.insert(0, {str(p)!r})\n" for p in extra_path)
    out = subprocess.run([sys.executable, "-c", prefix + textwrap.dedent(code)],
                         capture_output=True, text=True, check=True, timeout=120)
    return out.stdout.split()


def test_the_mirrors_are_in_effect_on_the_installed_pyqtgraph() -> None:
    out = _run("""
        import asylum_explorer.qt, pyqtgraph as pg
        from PySide6 import QtCore, QtGui, QtWidgets
        from asylum_explorer.qt.pyqtgraph_import import LazyMirror
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

    assert isinstance(pg.QtCore, pyqtgraph_import.LazyMirror)  # in effect in this process
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


def test_it_steps_aside_for_another_pyqtgraph(tmp_path: Path) -> None:
    fake = tmp_path / "pyqtgraph"
    for name in ("", "Qt", "Qt/QtCore", "Qt/QtGui", "Qt/QtWidgets"):
        (fake / name).mkdir(exist_ok=True)
        (fake / name / "__init__.py").write_text("")
    (fake / "Qt" / "__init__.py").write_text("from . import QtCore, QtGui, QtWidgets\n"
                                             "# copies some other way\n")
    (fake / "__init__.py").write_text("from .Qt import QtCore\n"
                                      "from .colormap import *  # a block of another shape\n")
    (fake / "colormap.py").write_text("MARK = 1\n")
    out = _run("""
        import sys
        import asylum_explorer.qt
        from asylum_explorer.qt.pyqtgraph_import import in_effect
        import pyqtgraph
        print(pyqtgraph.__file__.startswith(sys.path[0]), pyqtgraph.MARK, *in_effect())
    """, tmp_path)
    assert out == ["True", "1", "False", "False"]  # its own import, as it is


def test_a_mirror_answers_only_pyqtgraphs_copy_loop() -> None:
    import PySide6.QtCore

    mirror = pyqtgraph_import.LazyMirror("pyqtgraph.Qt.QtCore")

    def _copy_attrs(src, dst):  # noqa: ANN001, ANN202 - same name, other module
        for o in ("QTimer",):
            if not hasattr(dst, o):
                setattr(dst, o, getattr(src, o))

    _copy_attrs(PySide6.QtCore, mirror)  # not pyqtgraph's loop: copied as usual
    assert vars(mirror)["QTimer"] is PySide6.QtCore.QTimer


PLAIN_NAMESPACE = """
    import sys, pyqtgraph as pg
    import types
    names = sorted(n for n in vars(pg) if not n.startswith("__"))
    def origin(v):
        if isinstance(v, types.ModuleType):
            return "module " + v.__name__  # `Point` the module is not `Point` the class
        return getattr(v, "__module__", "-")
    print(*(f"{n}:{origin(getattr(pg, n))}" for n in names))
"""


def test_the_import_block_is_deferred_on_the_installed_pyqtgraph() -> None:
    out = _run("""
        import sys
        import asylum_explorer.qt, pyqtgraph as pg
        from asylum_explorer.qt.pyqtgraph_import import in_effect
        print(*in_effect())
        print("pyqtgraph.parametertree" in sys.modules, "pyqtgraph.imageview" in sys.modules)
        print(pg.GraphicsLayoutWidget.__module__, pg.mkPen.__module__)
        print("pyqtgraph.parametertree" in sys.modules)  # names at hand: nothing more
        print(pg.ImageView.__module__, "pyqtgraph.parametertree" in sys.modules)
    """)
    assert out == ["True", "True", "False", "False",
                   "pyqtgraph.widgets.GraphicsLayoutWidget", "pyqtgraph.functions", "False",
                   "pyqtgraph.imageview.ImageView", "True"]


def test_once_used_pyqtgraph_has_the_names_of_a_plain_import() -> None:
    plain = _run(PLAIN_NAMESPACE)  # no asylum_explorer.qt: pyqtgraph's own import
    fast_before = _run("""
        import asylum_explorer.qt, pyqtgraph as pg
        print(*(f"{n}:{id(v)}" for n, v in sorted(vars(pg).items())
                if not n.startswith("__")))
    """)
    fast = _run("import asylum_explorer.qt, pyqtgraph\npyqtgraph.ImageView\n"
                + textwrap.dedent(PLAIN_NAMESPACE).replace("import sys, pyqtgraph as pg",
                                                           "import pyqtgraph as pg"))
    assert "ImageView:pyqtgraph.imageview.ImageView" in plain
    assert fast == plain
    assert len(fast_before) < len(fast)


def test_before_first_use_each_name_pyqtgraph_has_is_the_one_a_plain_import_binds() -> None:
    plain = _run(PLAIN_NAMESPACE)
    fast_unused = _run("import asylum_explorer.qt\n" + textwrap.dedent(PLAIN_NAMESPACE))
    assert "Point:pyqtgraph.Point" in fast_unused  # the class, as the charts use it
    assert set(fast_unused) <= set(plain)
    assert len(fast_unused) < len(plain)


def test_the_window_drawing_its_charts_leaves_the_rest_of_pyqtgraph_unimported(
        small_store_path: Path, tmp_path: Path) -> None:
    # What start-up pays: the first `pg.<name>` outside the block's run lines imports
    # ~90 more modules (~0.1 s); a chart class on such a name did so on every start.
    out = _run(f"""
        import sys
        import asylum_explorer.qt
        from asylum_explorer.cli.main import main
        code = main(["--store", {str(small_store_path)!r}, "--dataset", "decisions",
                     "--select-row", "0", "--screenshot", {str(tmp_path / "w.png")!r}])
        print(code, "pyqtgraph.parametertree" in sys.modules,
              "pyqtgraph.widgets.RemoteGraphicsView" in sys.modules)
    """)
    assert out == ["0", "False", "False"]
    assert (tmp_path / "w.png").stat().st_size > 10_000


def test_pyqtgraph_helpers_that_need_the_rest_finish_the_import_first() -> None:
    out = _run("""
        import sys
        import asylum_explorer.qt, pyqtgraph as pg
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        print("pyqtgraph.widgets.PlotWidget" in sys.modules)
        window = pg.plot([1, 2, 3])  # uses PlotWidget, a name of the deferred block
        print(type(window).__name__, "pyqtgraph.widgets.PlotWidget" in sys.modules)
        window.close()
    """)
    assert out == ["False", "PlotWidget", "True"]


def _fake_pyqtgraph(root: Path, tail: str) -> None:
    """A package shaped like pyqtgraph 0.14's: a head, the import block, a tail."""
    from asylum_explorer.qt.pyqtgraph_import import EAGER, FIRST_BLOCK_LINE

    package = root / "pyqtgraph"
    (package / "graphicsItems").mkdir(parents=True)
    (package / "widgets").mkdir()
    for sub in ("graphicsItems", "widgets"):
        (package / sub / "__init__.py").write_text("")
    block = [FIRST_BLOCK_LINE, *EAGER, "from .late import *"]
    for line in block:
        module = line.split()[1].lstrip(".")
        name = module.rsplit(".", 1)[-1].capitalize()
        (package / (module.replace(".", "/") + ".py")).write_text(f"{name} = {module!r}\n")
    (package / "__init__.py").write_text("HEAD = 1\n\n" + "\n".join(block) + "\n\n" + tail)


def test_the_deferred_block_runs_on_first_use_of_its_names(tmp_path: Path) -> None:
    _fake_pyqtgraph(tmp_path, "def use():\n    return Late\n")
    out = _run("""
        import sys
        import asylum_explorer.qt
        from asylum_explorer.qt.pyqtgraph_import import in_effect
        import pyqtgraph
        print(in_effect()[1], pyqtgraph.Viewbox, "pyqtgraph.late" in sys.modules)
        print(pyqtgraph.use(), "pyqtgraph.late" in sys.modules, pyqtgraph.Colormap)
    """, tmp_path)
    assert out == ["True", "graphicsItems.ViewBox", "False", "late", "True", "colormap"]


def test_a_tail_that_needs_the_block_at_import_gets_all_of_it(tmp_path: Path) -> None:
    _fake_pyqtgraph(tmp_path, "LATE = Late\n")
    out = _run("""
        import asylum_explorer.qt
        import pyqtgraph
        print(pyqtgraph.LATE, pyqtgraph.Colormap, pyqtgraph.HEAD)
    """, tmp_path)
    assert out == ["late", "colormap", "1"]
