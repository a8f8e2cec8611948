"""A button with a menu of checkable codes, shown with their labels (never bare codes)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSizePolicy, QToolButton, QWidget

from asylum_explorer.core import codes


class CodeChooser(QToolButton):
    """Pick any number of codes of one code column; none checked means all."""

    checkedChanged = Signal()

    def __init__(self, column: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column = column
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # As wide as the other fields, so "All" or the chosen labels are never cut off.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._menu = QMenu(self)
        self.setMenu(self._menu)
        self._actions: dict[str, QAction] = {}
        self._update_text()

    def set_codes(self, present: Iterable[str]) -> None:
        """The codes the current dataset holds; keeps the checked ones that remain."""
        keep = self.checked()
        self._menu.clear()
        self._actions = {}
        for code in sorted(present):
            action = QAction(f"{codes.label(self.column, code)} ({code})", self._menu)
            action.setCheckable(True)
            action.setChecked(code in keep)
            action.setToolTip(codes.describe(self.column, code))
            action.toggled.connect(self._on_toggled)
            self._menu.addAction(action)
            self._actions[code] = action
        self._menu.setToolTipsVisible(True)
        self.setEnabled(bool(self._actions))
        self._update_text()

    def checked(self) -> frozenset[str]:
        return frozenset(c for c, a in self._actions.items() if a.isChecked())

    def set_checked(self, wanted: frozenset[str]) -> None:
        if wanted == self.checked():
            return
        for code, action in self._actions.items():
            action.blockSignals(True)
            action.setChecked(code in wanted)
            action.blockSignals(False)
        self._update_text()

    def _on_toggled(self) -> None:
        self._update_text()
        self.checkedChanged.emit()

    def _update_text(self) -> None:
        chosen = sorted(self.checked())
        if not chosen:
            text = "All"
        elif len(chosen) <= 2:
            text = ", ".join(codes.label(self.column, c) for c in chosen)
        else:
            text = f"{len(chosen)} chosen"
        self.setText(text)
        self.setToolTip("\n".join(codes.describe(self.column, c) for c in chosen)
                        or "All codes; click to choose")
