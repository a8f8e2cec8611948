"""The case table: shows a `CaseTableModel`, reports sort requests and selections.

Sorting is asked for, not done: a click on a header emits `sortRequested` with the new
keys (Shift+click adds a secondary key) and the controller sorts the view in numpy.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QTableView,
    QWidget,
)

from asylum_explorer.qt.models.case_table_model import CaseTableModel
from asylum_explorer.qt.widgets.table_painter import paint_cells

MAX_COLUMN_WIDTH = 125  # px; long labels are elided, the tooltip has them
TEXT_COLUMN_WIDTH = 120  # country names: the same width whatever the first rows hold
EMPTY_TEXT = "No rows match these filters. Data ▸ Clear filters shows every row."
COPY_LIMIT = 200_000  # rows; beyond this a copy would freeze the window for seconds


class ColumnHeader(QHeaderView):
    """The column header. It never highlights sections, so a new selection or current
    cell has nothing to show in it; Qt still repainted every selected column's section
    (all of them, for whole rows) on each selection: ~0.8 ms of every one."""

    def selectionChanged(self, selected: QItemSelection,  # noqa: N802 (Qt name)
                         deselected: QItemSelection) -> None:
        if self.highlightSections():
            super().selectionChanged(selected, deselected)

    def currentChanged(self, current, previous) -> None:  # noqa: ANN001, N802 (Qt name)
        if self.highlightSections():
            super().currentChanged(current, previous)

    def reset(self) -> None:
        # A filter resets the model, but the columns and their labels stay: the sections,
        # their widths and labels stand (a sort, which moves the marks, resets them).
        model = self.model()
        if getattr(model, "rows_only_reset", False) and self.count() == model.columnCount():
            return
        super().reset()


class CaseTable(QTableView):
    fast_paint = True  # cells painted by table_painter (False: QTableView's own painting)
    sortRequested = Signal(list)  # [(column key, ascending), ...] primary first
    rowsSelected = Signal(object, object)  # (np.ndarray of table rows, current row | None)
    copied = Signal(int)  # rows copied (for the status bar)

    def __init__(self, model: CaseTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.setHorizontalHeader(ColumnHeader(Qt.Orientation.Horizontal, self))
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setAccessibleName("Rows of the dataset")
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        # No row numbers (a row's position says nothing; its year and countries do). Shown,
        # the empty header still asked the model for every visible row's label on a reset.
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.sectionClicked.connect(self._on_header_clicked)
        self._click_modifiers = Qt.KeyboardModifier.NoModifier
        header.viewport().installEventFilter(self)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        model.modelReset.connect(self._after_reset)

    # -- sorting -------------------------------------------------------------------------
    def _on_header_clicked(self, section: int) -> None:
        view = self._model.view
        if view is None:
            return
        spec = view.columns[section]
        shift = bool(self._click_modifiers & Qt.KeyboardModifier.ShiftModifier)
        largest_first = spec.kind in ("count", "rate")
        self.sortRequested.emit(next_sort_keys(view.sort_keys, spec.key,
                                               default_ascending=not largest_first, add=shift))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The header's click signal carries no modifiers: remember those of the click.
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
            self._click_modifiers = event.modifiers()
        return super().eventFilter(watched, event)

    # -- columns -------------------------------------------------------------------------
    def _column_menu(self, pos: QPoint) -> None:
        view = self._model.view
        if view is None:
            return
        menu = QMenu(self)
        menu.addSection("Show columns")
        for i, spec in enumerate(view.columns):
            action = menu.addAction(spec.header)
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(i))
            action.toggled.connect(lambda on, i=i: self.setColumnHidden(i, not on))
        menu.addSeparator()
        menu.addAction("Default columns", self.reset_columns)
        menu.exec(self.horizontalHeader().mapToGlobal(pos))

    def hidden_columns(self) -> list[str]:
        view = self._model.view
        if view is None:
            return []
        return [c.key for i, c in enumerate(view.columns) if self.isColumnHidden(i)]

    def set_hidden_columns(self, keys: list[str] | None) -> None:
        view = self._model.view
        if view is None:
            return
        for i, spec in enumerate(view.columns):
            self.setColumnHidden(i, spec.key in keys if keys is not None else spec.hidden)

    def visible_columns(self) -> list[str]:
        """Keys of the shown columns in screen order (the user may have moved them)."""
        view, header = self._model.view, self.horizontalHeader()
        if view is None:
            return []
        logical = [header.logicalIndex(v) for v in range(header.count())]
        return [view.columns[i].key for i in logical if not self.isColumnHidden(i)]

    def reset_columns(self) -> None:
        self.set_hidden_columns(None)

    def _after_reset(self) -> None:
        # A reset schedules the item layout for later, which repaints the whole table a
        # second time on the next turn of the event loop; done now, both updates merge
        # into one paint (a filter change painted the table twice, ~15 ms each).
        self.executeDelayedItemsLayout()

    def fit_columns(self, sample: int = 30) -> None:
        """Column widths from the header and the first rows' text: a few hundred text
        measurements, where resizeColumnsToContents takes ~0.1 s at a million rows."""
        view, header = self._model.view, self.horizontalHeader()
        if view is None:
            return
        metrics, head_metrics = self.fontMetrics(), header.fontMetrics()
        n = min(sample, len(view))
        for i, spec in enumerate(view.columns):
            if spec.kind == "text":
                header.resizeSection(i, TEXT_COLUMN_WIDTH)
                continue
            texts = view.display_block(0, n, spec.key)  # one gather, not a call per cell
            cells = max((metrics.horizontalAdvance(t) for t in texts), default=0)
            title = head_metrics.horizontalAdvance(spec.header + " ▲")
            header.resizeSection(i, min(max(cells, title) + 16, MAX_COLUMN_WIDTH))

    # -- selection -----------------------------------------------------------------------
    def selected_positions(self) -> np.ndarray:
        """View positions of the selected rows, from selection ranges (never per index)."""
        parts = [np.arange(r.top(), r.bottom() + 1)
                 for r in self.selectionModel().selection()]
        return np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)

    def select_positions(self, positions: np.ndarray, current: int | None) -> None:
        """Select rows (after a filter or sort) without announcing it as a user choice."""
        model, sel = self._model, QItemSelection()
        last_col = model.columnCount() - 1
        if len(positions) and last_col >= 0:
            positions = np.sort(positions)
            breaks = np.flatnonzero(np.diff(positions) != 1) + 1
            for run in np.split(positions, breaks)[:10_000]:
                sel.select(model.index(int(run[0]), 0), model.index(int(run[-1]), last_col))
        sm = self.selectionModel()
        sm.blockSignals(True)
        sm.select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if current is not None:
            sm.setCurrentIndex(model.index(current, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
            self.scrollTo(model.index(current, 0))
        sm.blockSignals(False)
        self.viewport().update()

    def selectionChanged(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        super().selectionChanged(selected, deselected)
        view = self._model.view
        if view is None:
            return
        positions = self.selected_positions()
        current = self.currentIndex()
        cur = current.row() if current.isValid() and current.row() in positions else (
            int(positions[-1]) if len(positions) else None)
        rows = view.rows[positions] if len(positions) else np.zeros(0, dtype=np.int64)
        self.rowsSelected.emit(rows, view.table_row(cur) if cur is not None else None)

    def currentChanged(self, current, previous) -> None:  # noqa: ANN001 - Qt override
        super().currentChanged(current, previous)
        # The current row moved within the selection (a Ctrl+click on a selected row):
        # the detail follows it. A current row outside the selection is the first step
        # of a click, whose selection change follows and reports it; reported here, the
        # old selection (none, after a filter hid it) would show the "select a row"
        # hint for a moment and throw the detail's text away (~3 ms of the click).
        if (current.isValid() and current.row() != previous.row()
                and self.selectionModel().isRowSelected(current.row())):
            self.selectionChanged(QItemSelection(), QItemSelection())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):  # whole rows, not one cell
            self.copy_selection()
            event.accept()
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        rows = self._model.rowCount()
        if self.fast_paint and rows:
            paint_cells(self, self._model, event.rect(), rows)
        else:
            super().paintEvent(event)
        if self._model.view is not None and rows == 0:
            # An empty table says why, instead of looking broken.
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.viewport().rect().adjusted(0, 40, 0, 0),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                             EMPTY_TEXT)
            painter.end()

    # -- copying -------------------------------------------------------------------------
    def copy_selection(self) -> None:
        """Selected rows, visible columns in screen order, as TSV with a header line."""
        view = self._model.view
        positions = self.selected_positions()
        if view is None or not len(positions):
            return
        positions = positions[:COPY_LIMIT]
        keys = self.visible_columns()
        QGuiApplication.clipboard().setText(view.tsv(positions, keys))
        self.copied.emit(len(positions))


def next_sort_keys(keys: list[tuple[str, bool]], key: str, default_ascending: bool = True,
                   add: bool = False) -> list[tuple[str, bool]]:
    """Sort keys after a header click: toggle, replace, or (Shift) add a secondary key."""
    current = dict(keys)
    if add:
        if key in current:
            return [(k, not a if k == key else a) for k, a in keys]
        return [*keys, (key, default_ascending)]
    if len(keys) == 1 and keys[0][0] == key:
        return [(key, not keys[0][1])]
    return [(key, default_ascending)]
