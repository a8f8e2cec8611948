"""TitleLine: a bold title of at most two lines whose new text never re-lays out its
parent (a QLabel's setText does, ~1 ms of every selection in the detail pane)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

LINES = 2
MARGIN = 2


class TitleLine(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        font = self.font()
        font.setBold(True)
        self.setFont(font)
        self._text = ""
        self.setAutoFillBackground(True)  # opaque: a new title repaints only this line
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(QFontMetrics(font).lineSpacing() * LINES + 2 * MARGIN)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:  # noqa: N802 (as QLabel)
        if text != self._text:
            self._text = text
            self.setToolTip(text)  # the whole title, when two lines cut it short
            self.setAccessibleName(text)
            self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(100, self.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        rect = self.rect().adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        metrics = painter.fontMetrics()
        text = self._text
        # Wrapped, and the second line elided when the title needs more than two.
        if metrics.boundingRect(rect, Qt.TextFlag.TextWordWrap, text).height() > rect.height():
            text = _two_lines(text, metrics, rect.width())
        painter.drawText(rect, Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft, text)
        painter.end()


def _two_lines(text: str, metrics: QFontMetrics, width: int) -> str:
    words, first = text.split(" "), ""
    while words and metrics.horizontalAdvance(f"{first} {words[0]}".strip()) <= width:
        first = f"{first} {words.pop(0)}".strip()
    rest = metrics.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, width)
    return f"{first}\n{rest}" if first else rest
