"""A thin Qt table model over a `CaseView`: it formats only the cells Qt asks for.

Filtering and sorting happen in the view (numpy); the model only announces the change
(a reset), so Qt never sorts or filters row by row.

Qt asks `data()` for about seven roles per painted cell on every repaint (font, colours,
check state, decoration...): the roles the table does not use are turned away by one set
lookup, alignment is a per-column constant, and display strings are formatted a block of
rows at a time (`CaseView.display_block`) and kept until the rows change (a reset).
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
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_TIP = int(Qt.ItemDataRole.ToolTipRole)
_SERVED = frozenset({_DISPLAY, _ALIGN, _TIP, int(TABLE_ROW_ROLE), int(VALUE_ROLE)})
_HEADER_ROLES = frozenset({_DISPLAY, _ALIGN, _TIP})
BLOCK = 64  # rows formatted at once: about one screenful
_MAX_BLOCKS = 512  # cached (block, column) strings before the cache starts over

Index = QModelIndex | QPersistentModelIndex


class CaseTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._view: CaseView | None = None
        self._align: list[int] = []
        self._keys: list[str] = []
        self._blocks: dict[tuple[int, int], list[str]] = {}
        # True while a reset announces new rows under the same columns and labels.
        self.rows_only_reset = False
        self._marks: tuple = ()  # the sort keys the column labels show
        # Whatever changes the rows or their order drops the formatted strings.
        for signal in (self.modelReset, self.layoutChanged, self.dataChanged,
                       self.rowsInserted, self.rowsRemoved):
            signal.connect(self._forget)

    def _forget(self, *_: object) -> None:
        self._blocks = {}
        view = self._view
        self._keys = [c.key for c in view.columns] if view is not None else []
        self._align = [_RIGHT if c.is_number else _LEFT
                       for c in view.columns] if view is not None else []

    @property
    def view(self) -> CaseView | None:
        return self._view

    def set_view(self, view: CaseView | None) -> None:
        """Show another dataset's view (new columns)."""
        self.beginResetModel()
        self._view = view
        self._marks = tuple(view.sort_keys) if view is not None else ()
        self.endResetModel()

    def refresh(self) -> None:
        """The view's rows changed (filter or sort): announce it in one step.

        After a filter the columns and their labels are the same: `rows_only_reset` is True
        during that reset, and the column header keeps its sections instead of reading
        every label and size again (~2 ms of each filter change at ×1). A new sort changes
        the labels' sort marks: the header is reset with the table, as before."""
        marks = tuple(self._view.sort_keys) if self._view is not None else ()
        self.rows_only_reset = marks == self._marks
        self._marks = marks
        try:
            self.beginResetModel()
            self.endResetModel()
        finally:
            self.rows_only_reset = False

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
        role = int(role)
        if role not in _SERVED:
            return None
        view = self._view
        if view is None or not index.isValid():
            return None
        if role == _DISPLAY:
            return self._display(index.row(), index.column())
        if role == _ALIGN:
            return self._align[index.column()]
        key = self._keys[index.column()]
        if role == _TIP:
            return view.tooltip(index.row(), key)
        if role == TABLE_ROW_ROLE:
            return view.table_row(index.row())
        return view.value(index.row(), key)

    def _display(self, row: int, column: int) -> str:
        block = row // BLOCK
        texts = self._blocks.get((block, column))
        if texts is None:
            assert self._view is not None
            if len(self._blocks) >= _MAX_BLOCKS:
                self._blocks = {}
            start = block * BLOCK
            stop = min(start + BLOCK, len(self._view))
            texts = self._view.display_block(start, stop, self._keys[column])
            self._blocks[(block, column)] = texts
        return texts[row - block * BLOCK]

    def display_texts(self, start: int, stop: int, column: int) -> list[str]:
        """Display strings of rows start..stop-1 in one column (for the table's painter:
        one call per column and repaint instead of one `data()` call per cell)."""
        out: list[str] = []
        row = start
        while row < stop:
            block = row // BLOCK
            end = min(stop, (block + 1) * BLOCK)
            self._display(row, column)  # makes sure the block is formatted
            offset = block * BLOCK
            out += self._blocks[(block, column)][row - offset:end - offset]
            row = end
        return out

    def alignment(self, column: int) -> int:
        return self._align[column]

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        role = int(role)
        if role not in _HEADER_ROLES:  # the header asks ~10 roles per section and repaint
            return None
        view = self._view
        if view is None or orientation != Qt.Orientation.Horizontal:
            return None
        if not 0 <= section < len(view.columns):
            return None
        spec = view.columns[section]
        if role == _DISPLAY:
            return spec.header + self._sort_mark(spec.key)
        if role == _TIP:
            tip = spec.tooltip or spec.header
            return f"{tip}\nClick to sort; Shift+click to add a secondary sort key."
        return _RIGHT if spec.is_number else _LEFT  # TextAlignmentRole

    def _sort_mark(self, key: str) -> str:
        assert self._view is not None
        keys = self._view.sort_keys
        for i, (k, ascending) in enumerate(keys):
            if k == key:
                return f" {_ARROWS[ascending]}" + (str(i + 1) if len(keys) > 1 else "")
        return ""
