"""A thin Qt table model over a `CaseView`: it formats only the cells Qt asks for.

Filtering and sorting happen in the view (numpy); the model only announces the change
(a reset), so Qt never sorts or filters row by row. `data()` returns early for roles it
does not serve, since Qt calls it for many roles on every repaint.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from asylum_explorer.core.case_view import CaseView

TABLE_ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # int: the row in the dataset's table
VALUE_ROLE = Qt.ItemDataRole.UserRole + 2  # the plain value (str/int/float/None)

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_ARROWS = {True: "▲", False: "▼"}

Index = QModelIndex | QPersistentModelIndex


class CaseTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._view: CaseView | None = None

    @property
    def view(self) -> CaseView | None:
        return self._view

    def set_view(self, view: CaseView | None) -> None:
        """Show another dataset's view (new columns)."""
        self.beginResetModel()
        self._view = view
        self.endResetModel()

    def refresh(self) -> None:
        """The view's rows changed (filter or sort): announce it in one step."""
        self.beginResetModel()
        self.endResetModel()

    def column_key(self, column: int) -> str:
        assert self._view is not None
        return self._view.columns[column].key

    # -- Qt model API -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._view is None:
            return 0
        return len(self._view)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._view is None:
            return 0
        return len(self._view.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        view = self._view
        if view is None or not index.isValid():
            return None
        spec = view.columns[index.column()]
        row = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            return view.display(row, spec.key)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if spec.is_number else _LEFT
        if role == Qt.ItemDataRole.ToolTipRole:
            return view.tooltip(row, spec.key)
        if role == TABLE_ROW_ROLE:
            return view.table_row(row)
        if role == VALUE_ROLE:
            return view.value(row, spec.key)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        view = self._view
        if view is None or orientation != Qt.Orientation.Horizontal:
            return None
        if not 0 <= section < len(view.columns):
            return None
        spec = view.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return spec.header + self._sort_mark(spec.key)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = spec.tooltip or spec.header
            return f"{tip}\nClick to sort; Shift+click to add a secondary sort key."
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if spec.is_number else _LEFT
        return None

    def _sort_mark(self, key: str) -> str:
        assert self._view is not None
        keys = self._view.sort_keys
        for i, (k, ascending) in enumerate(keys):
            if k == key:
                return f" {_ARROWS[ascending]}" + (str(i + 1) if len(keys) > 1 else "")
        return ""
