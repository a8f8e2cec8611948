"""The filter panel's country tree: check boxes, regions and what `checked()` reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from asylum_explorer.core.dataset import country_index, load_all
from asylum_explorer.core.store import Store
from asylum_explorer.qt.models.country_tree_model import CountryTreeModel

pytestmark = pytest.mark.gui
C = Qt.CheckState


@pytest.fixture()
def model(small_store_path: Path, qapp) -> CountryTreeModel:
    store = Store(small_store_path)
    datasets = load_all(store)
    countries = country_index(store, list(datasets.values()))
    m = CountryTreeModel()
    table = datasets["decisions"].table
    m.set_countries(countries, set(map(str, table.coded("coo_iso").categories)))
    return m


def _region_of(model: CountryTreeModel, iso: str):
    return model._items[iso].parent()  # noqa: SLF001


def test_set_checked_touches_only_what_changes(model, qtmodeltester) -> None:
    isos = sorted(model._items)  # noqa: SLF001
    changed = []
    model.dataChanged.connect(lambda a, b, roles: changed.append(a))
    model.set_checked({isos[0]}, notify=False)
    assert model.checked() == {isos[0]}
    first = len(changed)
    assert 1 <= first <= 2  # the country, and its region if that changed
    model.set_checked({isos[0]}, notify=False)
    assert len(changed) == first  # nothing new: nothing touched
    model.set_checked(set(), notify=False)
    assert model.checked() == frozenset()
    assert _region_of(model, isos[0]).checkState() == C.Unchecked
    qtmodeltester.check(model)


def test_clicks_on_regions_and_countries_keep_checked_in_step(model) -> None:
    iso = sorted(model._items)[0]  # noqa: SLF001
    region = _region_of(model, iso)
    fired = []
    model.checkedChanged.connect(lambda: fired.append(True))
    region.setCheckState(C.Checked)  # as a click on the region's box does
    members = {region.child(r).data(Qt.ItemDataRole.UserRole + 1)
               for r in range(region.rowCount())}
    assert model.checked() == members and fired
    model._items[iso].setCheckState(C.Unchecked)  # noqa: SLF001
    assert model.checked() == members - {iso}
    assert region.checkState() == (C.PartiallyChecked if len(members) > 1 else C.Unchecked)


def test_unknown_countries_are_ignored(model) -> None:
    model.set_checked({"XXX"}, notify=False)
    assert model.checked() == frozenset()
