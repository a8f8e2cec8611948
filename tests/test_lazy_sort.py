"""Only the dataset shown first is sorted while loading; the others when first shown.

What a user must not notice: whichever dataset they switch to, it shows in the default
order (year, origin, asylum country), whether sorted right away or in a worker.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt

from asylum_explorer.core.case_view import DEFAULT_SORT, CaseView
from asylum_explorer.core.store import Store
from asylum_explorer.qt.controller import Controller
from asylum_explorer.qt.loader import first_shown, load_store
from asylum_explorer.qt.main_window import MainWindow

pytestmark = pytest.mark.gui


def _default_rows(view: CaseView) -> np.ndarray:
    """The rows in default order, computed independently of the view's own state."""
    fresh = CaseView(view.dataset, view.countries)
    fresh.set_sort(DEFAULT_SORT)
    return fresh.rows


def test_loader_sorts_only_the_dataset_shown_first(small_store_path) -> None:
    data = load_store(Store(small_store_path), "population")
    assert data.views["population"].sort_keys == list(DEFAULT_SORT)
    assert [n for n, v in data.views.items() if not v.sort_keys] == [
        "applications", "decisions"]
    unknown = load_store(Store(small_store_path), "no-such-dataset")
    assert first_shown(unknown.views, "no-such-dataset") == "applications"
    assert unknown.views["applications"].sort_keys == list(DEFAULT_SORT)


@pytest.fixture()
def window_and_controller(qtbot, small_store_path, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 900)
    controller = Controller(window, Store(small_store_path), settings)
    window.show()
    with qtbot.waitSignal(controller.loaded, timeout=20_000):
        controller.reload()
    qtbot.waitUntil(lambda: not controller.jobs.busy, timeout=10_000)
    return window, controller


def _shown_years(window) -> list[int]:
    view = window.table_model.view
    return [view.value(p, "year") for p in range(len(view))]


def test_switching_to_an_unsorted_dataset_shows_the_default_order(
        window_and_controller, qtbot) -> None:
    window, controller = window_and_controller
    population = controller.data.views["population"]
    assert not population.sort_keys  # not sorted at startup
    assert not np.array_equal(population.rows, _default_rows(population)), \
        "the fixture's stored order must differ from the default order for this test"
    with qtbot.waitSignal(controller.chartsUpdated, timeout=10_000):
        window.actions_by_name["dataset_population"].trigger()
    assert window.table_model.view is population
    np.testing.assert_array_equal(population.rows, _default_rows(population))
    assert _shown_years(window) == sorted(_shown_years(window))
    year_header = window.table_model.headerData(0, Qt.Orientation.Horizontal)
    assert year_header.startswith("Year ") and "▲" in year_header


def test_big_unsorted_dataset_is_sorted_in_a_worker(
        window_and_controller, qtbot, monkeypatch) -> None:
    import asylum_explorer.qt.controller as controller_module

    window, controller = window_and_controller
    monkeypatch.setattr(controller_module, "SYNC_SORT_ROWS", 0)
    with qtbot.waitSignal(controller.sorted, timeout=10_000):
        window.actions_by_name["dataset_applications"].trigger()
    view = controller.case_view()
    assert view is controller.data.views["applications"] is window.table_model.view
    assert view.sort_keys == list(DEFAULT_SORT)
    np.testing.assert_array_equal(view.rows, _default_rows(view))
    assert window.statusBar().currentMessage() != "Sorting…"


def test_a_sort_finishing_after_a_switch_sorts_its_own_dataset(
        window_and_controller, qtbot, monkeypatch) -> None:
    import asylum_explorer.qt.controller as controller_module

    window, controller = window_and_controller
    monkeypatch.setattr(controller_module, "SYNC_SORT_ROWS", 0)
    decisions = controller.case_view()
    decisions_rows = decisions.rows.copy()
    with qtbot.waitSignal(controller.sorted, timeout=10_000, raising=False):
        window.actions_by_name["dataset_population"].trigger()
        window.actions_by_name["dataset_decisions"].trigger()  # before the worker ends
    controller.wait_idle()
    qtbot.waitUntil(lambda: not controller.jobs.busy, timeout=10_000)
    population = controller.data.views["population"]
    assert controller.case_view() is decisions is window.table_model.view
    np.testing.assert_array_equal(decisions.rows, decisions_rows)
    assert population.sort_keys == list(DEFAULT_SORT)
    np.testing.assert_array_equal(population.rows, _default_rows(population))


def test_the_remembered_dataset_is_the_one_sorted_while_loading(
        qtbot, small_store_path, tmp_path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("data/dataset", "population")
    window = MainWindow()
    qtbot.addWidget(window)
    controller = Controller(window, Store(small_store_path), settings)
    with qtbot.waitSignal(controller.loaded, timeout=20_000):
        controller.reload()
    qtbot.waitUntil(lambda: not controller.jobs.busy, timeout=10_000)
    views = controller.data.views
    assert controller.case_view() is views["population"] is window.table_model.view
    np.testing.assert_array_equal(views["population"].rows, _default_rows(views["population"]))
    assert not views["decisions"].sort_keys and not views["applications"].sort_keys
