"""Countries grouped by UNHCR region, each with a check box, for the filter panel.

Checking a region checks all its countries; the region shows partly checked when some
are. `checkedChanged` fires once per user action, however many boxes it changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel

from asylum_explorer.core.countries import CountryIndex

ISO_ROLE = Qt.ItemDataRole.UserRole + 1
NO_REGION = "Other / no UNHCR region"
_C = Qt.CheckState


class CountryTreeModel(QStandardItemModel):
    checkedChanged = Signal()

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)
        self._busy = False
        self._items: dict[str, QStandardItem] = {}
        # The checked ISO3 codes, kept in step with the items: asking ~200 items for their
        # state on every filter change cost ~2 ms a time.
        self._checked: set[str] = set()
        self._countries: CountryIndex | None = None
        self.itemChanged.connect(self._on_item_changed)

    def set_countries(self, countries: CountryIndex, isos: Iterable[str]) -> None:
        """Show these countries (ISO3 codes present in the data), grouped by region."""
        isos = set(isos)
        if isos == set(self._items) and countries is self._countries:
            return  # another dataset with the same countries: keep the tree as it is
        self._countries = countries
        keep = self.checked()
        self._busy = True
        self.clear()
        self._items = {}
        self._checked = set()
        groups: dict[str, list[str]] = {}
        for iso in set(isos):
            groups.setdefault(countries.region(iso) or NO_REGION, []).append(iso)
        for region in sorted(groups, key=lambda r: (r == NO_REGION, r)):
            parent = _checkable(region)
            parent.setToolTip(f"UNHCR region: {region}")
            for iso in sorted(groups[region], key=lambda i: countries.name(i).casefold()):
                item = _checkable(f"{countries.name(iso)} ({iso})")
                item.setData(iso, ISO_ROLE)
                parent.appendRow(item)
                self._items[iso] = item
            self.appendRow(parent)
        self._busy = False
        self.set_checked(keep, notify=False)

    def checked(self) -> frozenset[str]:
        return frozenset(self._checked)

    def set_checked(self, isos: Iterable[str], notify: bool = True) -> None:
        """Check exactly these countries. Only boxes that change are touched (and their
        regions updated): the view repaints those rows, not the whole tree."""
        wanted = {iso for iso in isos if iso in self._items}
        changed = wanted ^ self._checked
        self._busy = True
        parents = {}
        for iso in changed:
            item = self._items[iso]
            item.setCheckState(_C.Checked if iso in wanted else _C.Unchecked)
            parent = item.parent()
            if parent is not None:
                parents[id(parent)] = parent
        self._checked = wanted
        for parent in parents.values():
            _sync_parent(parent)
        self._busy = False
        if notify and changed:
            self.checkedChanged.emit()

    def _on_item_changed(self, item: QStandardItem) -> None:
        if self._busy:
            return
        self._busy = True
        if item.hasChildren():  # a region: all its countries follow
            state = item.checkState()
            if state == _C.PartiallyChecked:
                state = _C.Checked
                item.setCheckState(state)
            for r in range(item.rowCount()):
                child = item.child(r)
                child.setCheckState(state)
                self._note(child)
        elif item.parent() is not None:
            self._note(item)
            _sync_parent(item.parent())
        self._busy = False
        self.checkedChanged.emit()

    def _note(self, item: QStandardItem) -> None:
        iso = item.data(ISO_ROLE)
        if item.checkState() == _C.Checked:
            self._checked.add(iso)
        else:
            self._checked.discard(iso)


def _checkable(text: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setCheckable(True)
    item.setCheckState(_C.Unchecked)
    return item


def _sync_parent(parent: QStandardItem) -> None:
    states = {parent.child(r).checkState() for r in range(parent.rowCount())}
    if states == {_C.Checked}:
        parent.setCheckState(_C.Checked)
    elif states <= {_C.Unchecked}:
        parent.setCheckState(_C.Unchecked)
    else:
        parent.setCheckState(_C.PartiallyChecked)
