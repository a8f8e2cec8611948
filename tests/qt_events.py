"""Counting Qt events in tests: how many paints or layout requests a change caused."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject


class EventCounter(QObject):
    """Counts the events of one type that reach the watched objects, per object."""

    def __init__(self, kind: QEvent.Type, *watched: QObject) -> None:
        super().__init__()
        self.kind = kind
        self.watched = watched
        self.counts: dict[QObject, int] = {}
        for obj in watched:
            obj.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() == self.kind:
            self.counts[obj] = self.counts.get(obj, 0) + 1
        return False

    def count(self, obj: QObject) -> int:
        return self.counts.get(obj, 0)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def clear(self) -> None:
        self.counts.clear()

    def remove(self) -> None:
        for obj in self.watched:
            obj.removeEventFilter(self)
