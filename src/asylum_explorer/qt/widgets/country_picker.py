"""A searchable, multi-select country list grouped by UNHCR region."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from asylum_explorer.qt.models.country_tree_model import CountryTreeModel


class CountryPicker(QWidget):
    """Emits `checkedChanged` when the user checks or unchecks countries."""

    checkedChanged = Signal()

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CountryTreeModel(self)
        self._proxy = QSortFilterProxyModel(self)  # ~250 rows: a proxy is fine here
        self._proxy.setSourceModel(self.model)
        self._proxy.setRecursiveFilteringEnabled(True)
        self._proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search = QLineEdit(placeholderText=f"Find {what} country or region…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search)
        self.tree = QTreeView(headerHidden=True, uniformRowHeights=True)
        self.tree.setModel(self._proxy)
        self.tree.setAccessibleName(f"{what} countries")
        self._summary = QLabel()
        clear = QPushButton("None", toolTip=f"Uncheck every {what} country")
        clear.clicked.connect(lambda: self.model.set_checked(()))
        row = QHBoxLayout()
        row.addWidget(self._summary, 1)
        row.addWidget(clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)
        self.model.checkedChanged.connect(self._on_checked)
        self._update_summary()

    def _on_search(self, text: str) -> None:
        self._proxy.setFilterFixedString(text.strip())
        if text.strip():
            self.tree.expandAll()

    def _on_checked(self) -> None:
        self._update_summary()
        self.checkedChanged.emit()

    def _update_summary(self) -> None:
        n = len(self.model.checked())
        text = "All countries" if n == 0 else f"{n} selected"
        if self._summary.text() != text:
            self._summary.setText(text)

    def checked(self) -> frozenset[str]:
        return self.model.checked()

    def set_checked(self, isos: frozenset[str]) -> None:
        """Show a selection made elsewhere (no signal)."""
        # Not blocking the model's signals: the tree must repaint the boxes that changed
        # (set_checked touches only those, and says nothing with notify=False).
        self.model.set_checked(isos, notify=False)
        self._update_summary()
