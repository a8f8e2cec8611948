"""The year range control: what the user types or steps is the range the filter gets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from asylum_explorer.core.query import Filter
from asylum_explorer.qt.widgets.filter_panel import FilterChoices, FilterPanel
from asylum_explorer.qt.widgets.year_range import YearRange

pytestmark = pytest.mark.gui


@pytest.fixture()
def years(qtbot) -> YearRange:
    widget = YearRange()
    qtbot.addWidget(widget)
    widget.setRange(2000, 2025)
    return widget


def test_range_starts_full_and_clamps(years) -> None:
    assert years.value() == (2000, 2025)
    years.setValue((1990, 2030))
    assert years.value() == (2000, 2025)
    years.setValue((2020, 2010))  # reversed ends are put in order
    assert years.value() == (2010, 2020)
    years.setRange(2015, 2018)  # a new dataset: the whole new range
    assert (years.minimum(), years.maximum(), years.value()) == (2015, 2018, (2015, 2018))


def test_one_signal_per_change_and_none_without_change(years, qtbot) -> None:
    seen: list[tuple[int, int]] = []
    years.valueChanged.connect(seen.append)
    years.setValue((2010, 2020))
    years.setValue((2010, 2020))
    assert seen == [(2010, 2020)]


def test_moving_one_end_past_the_other_moves_the_other(years, qtbot) -> None:
    years.setValue((2010, 2012))
    seen: list[tuple[int, int]] = []
    years.valueChanged.connect(seen.append)
    years.first.setValue(2015)
    assert years.value() == (2015, 2015)
    years.last.setValue(2005)
    assert years.value() == (2005, 2005)
    assert seen == [(2015, 2015), (2005, 2005)]


def test_typing_a_year_and_pressing_enter_sets_it_once(years, qtbot) -> None:
    seen: list[tuple[int, int]] = []
    years.valueChanged.connect(seen.append)
    years.first.lineEdit().selectAll()
    qtbot.keyClicks(years.first.lineEdit(), "2016")
    assert seen == []  # no filter for "2", "20", "201"
    qtbot.keyClick(years.first.lineEdit(), Qt.Key.Key_Return)
    assert seen == [(2016, 2025)]
    qtbot.keyClick(years.last, Qt.Key.Key_Down)
    assert years.value() == (2016, 2024)


def test_filter_panel_turns_the_years_into_the_filter(qtbot, small_store_path) -> None:
    from asylum_explorer.core.countries import CountryIndex

    panel = FilterPanel()
    qtbot.addWidget(panel)
    panel.set_choices(FilterChoices(datasets=["decisions"], dataset="decisions",
                                    countries=CountryIndex(()), origins=set(), asylums=set(),
                                    years=(2000, 2025)))
    panel.set_filter(Filter(year_from=2010))
    assert panel.years.value() == (2010, 2025)
    with qtbot.waitSignal(panel.filterEdited, timeout=2_000) as signal:
        panel.years.last.setValue(2020)
    assert (signal.args[0].year_from, signal.args[0].year_to) == (2010, 2020)
    with qtbot.waitSignal(panel.filterEdited, timeout=2_000) as signal:
        panel.years.setValue((2000, 2025))  # the whole range: no year filter at all
    assert (signal.args[0].year_from, signal.args[0].year_to) == (None, None)
