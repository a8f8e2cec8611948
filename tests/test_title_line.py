"""TitleLine: the detail chart's title; a new text repaints it and moves nothing."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui

LONG = ("Asylum decisions — origin: Democratic Republic of the Congo — asylum: "
        "United Republic of Tanzania — all years — persons and cases")


@pytest.fixture()
def pane(qtbot):
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from asylum_explorer.qt.widgets.title_line import TitleLine

    parent = QWidget()
    qtbot.addWidget(parent)
    layout = QVBoxLayout(parent)
    title = TitleLine()
    layout.addWidget(title)
    parent.resize(320, 200)
    parent.show()
    qtbot.waitExposed(parent)
    return parent, title


def test_a_new_title_does_not_lay_out_the_parent_again(pane) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication
    from qt_events import EventCounter

    parent, title = pane
    height = title.height()
    QApplication.processEvents()
    requests = EventCounter(QEvent.Type.LayoutRequest, parent)
    for text in ("Syria → Germany", LONG, "Afghanistan → Iran"):
        title.setText(text)
        QApplication.processEvents()
        assert title.height() == height
    requests.remove()
    assert requests.total == 0


def test_a_long_title_is_cut_to_two_lines_and_kept_whole_in_the_tooltip(pane) -> None:
    from PySide6.QtGui import QFontMetrics

    from asylum_explorer.qt.widgets.title_line import _two_lines

    _, title = pane
    title.setText(LONG)
    assert title.toolTip() == LONG and title.accessibleName() == LONG
    metrics = QFontMetrics(title.font())
    first, second = _two_lines(LONG, metrics, 300).split("\n")
    assert LONG.startswith(first) and second.endswith("…")
    assert metrics.horizontalAdvance(first) <= 300 >= metrics.horizontalAdvance(second)
    image = title.grab().toImage()
    dark = sum(image.pixelColor(x, y).lightness() < 128
               for x in range(0, image.width(), 2) for y in range(image.height()))
    assert dark > 50  # the text is drawn
