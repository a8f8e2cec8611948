"""A first-year / last-year range: two linked spin boxes.

Why not superqt's QLabeledRangeSlider: importing superqt (through qtpy's star imports of
every PySide6 module) cost 0.2–0.7 s of every start of the app, measured on the 2-core
benchmark machine, for this one control; and a year range is typed exactly more often
than dragged. Both ends are included; moving one end past the other moves the other
along, so the range is never empty.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QWidget


class YearRange(QWidget):
    valueChanged = Signal(tuple)  # (first year, last year), both included

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first = self._spin_box("First year to include")
        self.last = self._spin_box("Last year to include")
        self.first.setAccessibleName("From year")
        self.last.setAccessibleName("To year")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("From"))
        layout.addWidget(self.first, 1)
        layout.addWidget(QLabel("to"))
        layout.addWidget(self.last, 1)
        self._value = self.value()
        self.first.valueChanged.connect(lambda v: self._edited(v, self.first))
        self.last.valueChanged.connect(lambda v: self._edited(v, self.last))

    def _spin_box(self, tip: str) -> QSpinBox:
        box = QSpinBox(self, toolTip=tip)
        box.setRange(0, 9999)
        box.setKeyboardTracking(False)  # typing "2", "20", "201"… is not a filter each time
        box.setGroupSeparatorShown(False)  # years read 2015, not 2,015
        return box

    # -- the range ---------------------------------------------------------------------
    def setRange(self, low: int, high: int) -> None:  # noqa: N802 - Qt's spelling
        """The years that can be chosen; the current value is clamped into them."""
        self._set(low, high, low, high)

    def minimum(self) -> int:
        return self.first.minimum()

    def maximum(self) -> int:
        return self.last.maximum()

    def value(self) -> tuple[int, int]:
        return self.first.value(), self.last.value()

    def setValue(self, value: tuple[int, int]) -> None:  # noqa: N802 - Qt's spelling
        """Show this range (clamped, ends swapped if reversed); emits valueChanged if new."""
        first, last = sorted(int(v) for v in value)
        self._set(self.minimum(), self.maximum(), first, last)

    # -- keeping both ends consistent ----------------------------------------------------
    def _set(self, low: int, high: int, first: int, last: int) -> None:
        first, last = min(max(first, low), high), min(max(last, low), high)
        for box, v in ((self.first, first), (self.last, last)):
            # Only what changes: setRange re-lays out and repaints the box even for the
            # same range, and the layout travels up to the filter panel. Every filter
            # change elsewhere shows the filter's years here again.
            box.blockSignals(True)
            if (box.minimum(), box.maximum()) != (low, high):
                box.setRange(low, high)
            if box.value() != v:
                box.setValue(v)
            box.blockSignals(False)
        self._changed()

    def _edited(self, value: int, box: QSpinBox) -> None:
        other = self.last if box is self.first else self.first
        crossed = value > other.value() if box is self.first else value < other.value()
        if crossed:  # move the other end along: the range stays non-empty
            other.blockSignals(True)
            other.setValue(value)
            other.blockSignals(False)
        self._changed()

    def _changed(self) -> None:
        value = self.value()
        if value != self._value:
            self._value = value
            self.valueChanged.emit(value)
