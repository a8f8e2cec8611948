"""The window on the real UNHCR release answers the questions users bring to it."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QSettings

from asylum_explorer.core.dataset import load_dataset
from asylum_explorer.core.query import Filter, aggregate, row_mask
from asylum_explorer.core.store import Store
from tests.test_gui_window import open_window

pytestmark = [pytest.mark.gui, pytest.mark.realdata]


@pytest.fixture()
def real_app(qtbot, real_store_path, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return open_window(qtbot, real_store_path, settings)


def test_where_syrians_sought_asylum_in_2015_2016(real_app, qtbot, real_store_path) -> None:
    window, controller = real_app
    flt = Filter(origins=frozenset({"SYR"}), year_from=2015, year_to=2016)
    with qtbot.waitSignal(controller.chartsUpdated, timeout=20_000):
        controller.state.set_top_side("asylum")
        controller.state.set_filter(flt)
    qtbot.waitUntil(lambda: not controller.jobs.busy, timeout=20_000)
    top = controller.charts["top"]
    assert top.category_keys[0] == "DEU"
    ds = load_dataset(Store(real_store_path), "decisions")
    mask = row_mask(ds.table, ds.schema, flt)
    assert window.table_model.rowCount() == int(mask.sum())
    assert window.rows_label.text().startswith(f"{int(mask.sum()):,} of")
    years = {window.table_model.view.value(p, "year") for p in range(window.table_model.rowCount())}
    assert years == {2015, 2016}


def test_afghans_in_germany_total_recognition_rate(real_app, qtbot, real_store_path) -> None:
    window, controller = real_app
    flt = Filter(origins=frozenset({"AFG"}), asylums=frozenset({"DEU"}))
    with qtbot.waitSignal(controller.chartsUpdated, timeout=20_000):
        controller.state.set_filter(flt)
    rates = controller.charts["rates"]
    total = next(s for s in rates.series if "Total" in s.name)
    ds = load_dataset(Store(real_store_path), "decisions")
    expected = aggregate(ds.table, ds.schema, row_mask(ds.table, ds.schema, flt), "year")
    by_year = dict(zip(expected.columns["year"].tolist(),
                       expected.columns["total_recognition_rate"].tolist(), strict=True))
    for year in (2015, 2024):
        i = int(np.flatnonzero(np.asarray(total.x) == year)[0])
        assert total.y[i] == pytest.approx(by_year[year])
    with qtbot.waitSignal(controller.detailUpdated, timeout=20_000):
        window.table.selectRow(0)
    assert window.detail_pane.detail.title.startswith("Afghanistan → Germany")
