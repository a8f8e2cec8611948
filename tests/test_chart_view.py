"""ChartView, ChartPanel and render_chart, offscreen: what is drawn, what hover says,
what clicks emit, and that pictures are not blank."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from asylum_explorer.core.chart_build import build_chart, build_charts
from asylum_explorer.core.chart_data import ChartData, Series
from asylum_explorer.core.dataset import country_index, load_all
from asylum_explorer.core.query import Filter
from asylum_explorer.core.store import Store

pytestmark = pytest.mark.gui


@pytest.fixture()
def charts(small_store_path: Path, qapp) -> dict[str, ChartData]:
    store = Store(small_store_path)
    datasets = load_all(store)
    countries = country_index(store, list(datasets.values()))
    out = build_charts(datasets["decisions"], Filter(), countries=countries,
                       compare=("SYR", "AFG"), top_side="asylum", highlight_years=(2016,))
    out["pair"] = build_chart(datasets["decisions"],
                              Filter(origins=frozenset({"SYR"}), asylums=frozenset({"DEU"})),
                              "pair", countries=countries, marked_year=2016)
    out["population"] = build_chart(datasets["population"], Filter(), "trend",
                                     countries=countries)
    return out


@pytest.fixture()
def view(qtbot):
    from asylum_explorer.qt.charts.chart_view import ChartView

    v = ChartView()
    qtbot.addWidget(v)
    v.resize(800, 500)
    return v


def _visible(items) -> list:
    return [i for i in items if i.isVisible()]


def test_trend_stacked_bands_total_line_and_legend(view, charts) -> None:
    view.set_data(charts["trend"])
    assert len(_visible(view.curves)) == 5
    assert view.legend_labels() == ["Otherwise closed", "Rejected", "Complementary protection",
                                    "Recognized (Convention status)",
                                    "Total decisions (reported)"]
    # The top band is filled down to 0 from the cumulative sum of all four outcomes.
    x, y = view.curves[3].getData()
    assert y.tolist() == [155.0, 775.0, 30.0]
    assert view.plot.getAxis("left").labelText == "Persons and cases"
    assert view.plot.getAxis("bottom").labelText == "Year"
    assert "Source: UNHCR Refugee Data Finder" in view.footer_item.text
    assert "Asylum decisions by outcome" in view.title_item.text
    assert len(_visible(view.bands)) == 1 and view.bands[0].region() == (2015.5, 2016.5)


def test_set_data_twice_reuses_items(view, charts) -> None:
    view.set_data(charts["trend"])
    curves, bars = list(view.curves), view.bars
    view.set_data(charts["compare"])
    view.set_data(charts["trend"])
    assert view.curves == curves and view.bars is bars
    assert len(_visible(view.curves)) == 5
    view.set_data(charts["compare"])
    assert len(_visible(view.curves)) == 2  # the others hidden, not deleted
    assert view.legend_labels() == ["Syrian Arab Rep.", "Afghanistan"]


def test_rates_percent_axis_and_hover(view, charts) -> None:
    view.set_data(charts["rates"])
    assert view.left_axis.mode == "percent"
    assert view.left_axis.tickStrings([0.0, 0.5, 1.0], 1, 0.5) == ["0%", "50%", "100%"]
    text = view.hover_text(2016.2)
    assert text.splitlines()[0] == "2016"
    # 2016, all rows: recognized 300+50+40+10 = 400 of 480+160+90+15 = 745 decided
    assert "Refugee recognition rate: 53.7%" in text
    assert "Decisions in the rate (recognized + complementary + rejected): 745" in text
    assert view.hover_text(2030) == ""


def test_hover_shows_no_data_for_gaps(view, charts) -> None:
    view.set_data(charts["compare"])
    text = view.hover_text(2015)
    assert "Syrian Arab Rep.: 155" in text and "Afghanistan: no data" in text


def test_axis_labels_follow_the_kind_of_chart_and_its_unit(view, charts) -> None:
    left, bottom = view.plot.getAxis("left"), view.plot.getAxis("bottom")
    view.set_data(charts["trend"])
    view.set_data(charts["top"])  # bars: values along the bottom, no label on the left
    assert bottom.labelText.startswith("Total decisions") and not left.label.isVisible()
    view.set_data(charts["trend"])
    assert (left.labelText, bottom.labelText) == ("Persons and cases", "Year")
    assert left.label.isVisible() and "Persons and cases" in left.label.toHtml()
    view.set_data(dataclasses.replace(charts["trend"], y_label="Persons"))
    assert (left.labelText, bottom.labelText) == ("Persons", "Year")
    assert "Persons and" not in left.label.toHtml() and "Year" in bottom.label.toHtml()


def test_top_bars_horizontal_with_names_and_click(view, charts, qtbot) -> None:
    view.set_data(charts["top"])
    assert view.bars.isVisible() and not _visible(view.curves)
    assert view.left_axis.mode == "category"
    assert view.plot.getAxis("bottom").labelText.startswith("Total decisions")
    assert not view.legend.isVisible()
    labels = [t.toPlainText() for t in _visible(view.bar_labels)]
    assert labels[0] == "850"  # Germany, all years: 135 + 20 + 500 + 170 + 25
    top = len(charts["top"].categories) - 1  # the largest bar sits on top
    with qtbot.waitSignal(view.categoryClicked) as blocker:
        view.click_at(10, top)
    assert blocker.args == ["DEU"]
    assert view.hover_text(10, top).splitlines()[0] == "Germany"


def test_click_on_year_emits(view, charts, qtbot) -> None:
    view.set_data(charts["trend"])
    with qtbot.waitSignal(view.yearClicked) as blocker:
        view.click_at(2016.3, 100)
    assert blocker.args == [2016]


def test_mouse_click_in_scene_emits_year(view, charts, qtbot) -> None:
    from PySide6.QtCore import QPoint, Qt

    view.show()
    qtbot.waitExposed(view)
    view.set_data(charts["trend"])
    scene_point = view.plot.vb.mapViewToScene(view.plot.vb.mapSceneToView(
        view.plot.vb.sceneBoundingRect().center()))
    year = round(view.plot.vb.mapSceneToView(scene_point).x())
    pos = view.mapFromScene(scene_point)
    with qtbot.waitSignal(view.yearClicked) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(pos.x(),
                                                                                 pos.y()))
    assert blocker.args == [year]


def test_marked_year_and_log_scale(view, charts) -> None:
    view.set_data(charts["pair"])
    assert view.marker.isVisible() and view.marker.value() == 2016
    view.set_log_scale(True)
    # Stacks mislead on a log axis: bands become plain lines of their own values.
    assert view.curves[0].opts["fillLevel"] is None
    assert view.plot.getAxis("left").logMode
    view.set_log_scale(False)
    assert view.curves[0].opts["fillLevel"] == 0.0


def test_empty_chart_says_so(view) -> None:
    empty = ChartData(kind="trend", title="Nothing", x_label="Year", y_label="Persons",
                      series=(Series("a", np.array([2000]), np.array([np.nan])),))
    view.set_data(empty)
    assert view.empty_label.isVisible()
    assert view.empty_label.toPlainText() == "No data for this selection"
    assert not view.legend.isVisible()


def test_render_chart_image_is_not_blank(charts) -> None:
    from asylum_explorer.qt.charts.render import make_chart_view, render_chart

    for kind in ("trend", "rates", "top", "compare", "pair", "population"):
        image = render_chart(charts[kind], 640, 400)
        assert (image.width(), image.height()) == (640, 400)
        colours = {image.pixel(x, y) for x in range(0, 640, 7) for y in range(0, 400, 7)}
        assert len(colours) > 10, kind
    big = render_chart(charts["trend"], 640, 400, scale=2.0)
    assert (big.width(), big.height()) == (1280, 800)
    view = make_chart_view(charts["top"], 500, 300)
    assert (view.width(), view.height()) == (500, 300)


def test_panel_signals_and_tabs(qtbot, charts) -> None:
    from asylum_explorer.qt.charts.chart_panel import ChartPanel

    panel = ChartPanel()
    qtbot.addWidget(panel)
    panel.set_countries([("SYR", "Syrian Arab Rep."), ("AFG", "Afghanistan"),
                         ("DEU", "Germany")])
    panel.set_charts(charts)
    assert panel.current_kind() == "trend" and panel.current_chart() is charts["trend"]
    panel.set_current_kind("top")
    assert panel.current_view().data is charts["top"]
    assert not panel.log_check.isEnabled()

    with qtbot.waitSignal(panel.topSideChanged) as side:
        panel.top_asylum.setChecked(True)
    assert side.args == ["asylum"]
    with qtbot.waitSignal(panel.countryClicked) as clicked:
        panel.current_view().categoryClicked.emit("DEU")
    assert clicked.args == ["asylum", "DEU"]

    panel.set_current_kind("trend")
    with qtbot.waitSignal(panel.logScaleChanged) as log:
        panel.log_check.setChecked(True)
    assert log.args == [True] and panel.current_view().log_scale
    with qtbot.waitSignal(panel.yearClicked) as year:
        panel.current_view().click_at(2016, 10)
    assert year.args == [2016]

    panel.set_current_kind("compare")
    with qtbot.waitSignal(panel.compareChanged) as changed:
        panel.compare_edit.setText("syria")
        panel.compare_edit.returnPressed.emit()
    assert changed.args == [("SYR",)]
    with qtbot.waitSignal(panel.compareChanged) as changed:
        assert panel.add_compare("Afghanistan (AFG)")
    assert changed.args == [("SYR", "AFG")] and panel.chip_isos() == ["SYR", "AFG"]
    assert not panel.add_compare("Atlantis")
    with qtbot.waitSignal(panel.compareChanged) as changed:
        panel.chips.itemAt(0).widget().click()
    assert changed.args == [("AFG",)]
    # The controller sets the compared countries on filter changes: chips follow, the
    # buttons are reused, and a click on a reused chip removes its current country.
    buttons = {panel.chips.itemAt(i).widget() for i in range(panel.chips.count())}
    panel.set_compare(["DEU", "SYR"])
    assert panel.chip_isos() == ["DEU", "SYR"]
    assert "Germany" in panel.chips.itemAt(0).widget().text()
    panel.set_compare(["SYR"])
    assert panel.chip_isos() == ["SYR"]
    with qtbot.waitSignal(panel.compareChanged) as changed:
        panel.chips.itemAt(0).widget().click()
    assert changed.args == [()] and panel.chip_isos() == []
    assert {panel.chips.itemAt(i).widget() for i in range(panel.chips.count())} == buttons


@pytest.mark.realdata
def test_real_charts_render_every_kind(real_store_path: Path, tmp_path: Path, qapp) -> None:
    """The charts a user starts from, drawn from the real release to PNG files."""
    from asylum_explorer.qt.charts.render import render_chart

    store = Store(real_store_path)
    datasets = load_all(store)
    countries = country_index(store, list(datasets.values()))

    def f(**kw: object) -> Filter:
        return Filter(**{k: frozenset(v) if isinstance(v, set) else v for k, v in kw.items()})

    cases = {
        "trend": ("decisions", f(origins={"SYR"}, year_from=2000, year_to=2025), {}),
        "rates": ("decisions", f(origins={"AFG"}, asylums={"DEU"}, year_from=2015,
                                 year_to=2024), {}),
        "top": ("decisions", f(origins={"SYR"}, year_from=2015, year_to=2016),
                {"top_side": "asylum"}),
        "compare": ("decisions", Filter(), {"compare": ("SYR", "AFG", "IRQ")}),
        "population": ("population", f(origins={"SYR"}), {}),
    }
    for name, (dataset, flt, kw) in cases.items():
        kind = "trend" if name == "population" else name
        data = build_chart(datasets[dataset], flt, kind, countries=countries, **kw)
        assert not data.is_empty, name
        assert data.source.endswith("2025.12.1")
        image = render_chart(data, 1000, 620)
        path = tmp_path / f"{name}.png"
        assert image.save(str(path)) and path.stat().st_size > 20_000, name


def test_small_view_wraps_title_and_moves_notes_to_tooltip(view, charts, qtbot) -> None:
    view.show()
    qtbot.waitExposed(view)
    view.set_data(charts["trend"])
    assert "Note:" in view.footer_item.text and view.toolTip() == ""
    view.resize(460, 300)
    assert view.compact()
    assert "<br>" in view.title_item.text  # wrapped to the narrow width
    assert "Note:" not in view.footer_item.text
    assert "Mixes persons and cases" in view.toolTip()
    assert "Source: UNHCR" in view.footer_item.text  # provenance stays in the picture


def test_axis_texts(qapp) -> None:
    from asylum_explorer.qt.charts.axes import FormatAxis, format_count

    count = FormatAxis("left", "count")
    assert count.tickStrings([0, 500000, 1200000], 1, 500000) == ["0", "500,000",
                                                                  "1,200,000"]
    years = FormatAxis("bottom", "year")
    levels = years.tickValues(1999.5, 2025.5, 900)
    assert all(float(v).is_integer() for v in levels[0][1])
    assert years.tickStrings([2000.0, 2005.0], 1, 5) == ["2000", "2005"]
    narrow = years.tickValues(1950.5, 2025.5, 300)[0]
    assert narrow[0] >= 10  # few labels on a narrow axis, none overlapping
    assert format_count(float("nan")) == "no data"


def test_count_ticks_are_pyqtgraphs_major_level(qapp) -> None:
    """The value axis computes only the major level, and gets pyqtgraph's own values."""
    import pyqtgraph as pg

    from asylum_explorer.qt.charts.axes import FormatAxis

    rng = np.random.default_rng(6)
    for mode in ("count", "percent"):
        ours = FormatAxis("left", mode)
        theirs = pg.AxisItem("left")
        for _ in range(300):
            lo = float(rng.choice([0.0, -0.004]) * rng.uniform(1, 10 ** rng.integers(0, 8)))
            hi = float(rng.uniform(0.5, 10 ** rng.integers(0, 8)))
            size = float(rng.uniform(80, 900))
            assert ours.tickValues(lo, hi, size) == theirs.tickValues(lo, hi, size)[:1]
        assert ours.tickValues(5.0, 5.0, 300) == []  # an empty range: no ticks


def test_short_numbers(qapp) -> None:
    from asylum_explorer.qt.charts.axes import FormatAxis, short_count

    assert [short_count(v) for v in (60e6, 250e3, 1500, 0)] == ["60M", "250k", "1.5k", "0"]
    axis = FormatAxis("left", "count")
    axis.short_numbers = True
    assert axis.tickStrings([0, 2e7, 4e7], 1, 2e7) == ["0", "20M", "40M"]


def test_highlight_only_moves_the_bands(view, charts, monkeypatch) -> None:
    view.set_data(charts["trend"])
    x_before, y_before = view.curves[0].getData()
    calls = []
    monkeypatch.setattr(view, "set_data", lambda data: calls.append(data))
    view.set_highlight_years([2015, 2016])
    assert calls == []  # no redraw of the curves, texts or legend
    assert len(_visible(view.bands)) == 1 and view.bands[0].region() == (2014.5, 2016.5)
    assert view.data.highlight_years == (2015, 2016)
    x_after, y_after = view.curves[0].getData()
    assert x_after is x_before and y_after is y_before
    view.set_highlight_years([])
    assert _visible(view.bands) == []


def test_the_windows_chart_moves_the_year_band_over_cached_series_and_axes(qtbot, charts
                                                                          ) -> None:
    """A row selection moves the year band: the window's chart then draws the series and
    axes under it from cached pictures, and looks the same; new data is drawn straight
    again; an export's view never caches."""
    from asylum_explorer.qt.charts.chart_view import ChartView

    view = ChartView(steady=True)
    qtbot.addWidget(view)
    view.resize(800, 500)
    view.show()
    view.set_data(charts["trend"])  # the year 2016 marked
    assert not view.drawn_from_caches()  # new data: drawn straight, no caches to fill
    straight = view.grab().toImage()
    view.set_highlight_years([2017])
    assert view.drawn_from_caches()
    assert view.grab().toImage() != straight  # the band moved
    view.set_highlight_years([2016])
    assert view.grab().toImage() == straight  # back on 2016, over caches: the same
    view.set_data(charts["rates"])
    assert not view.drawn_from_caches()

    export = ChartView()
    qtbot.addWidget(export)
    export.set_data(charts["trend"])
    export.set_highlight_years([2017])
    assert not export.drawn_from_caches()


def test_legend_rebuilt_only_when_series_change(view, charts, monkeypatch) -> None:
    import dataclasses

    view.set_data(charts["trend"])
    added = []
    original = view.legend.addItem
    monkeypatch.setattr(view.legend, "addItem",
                        lambda item, name: (added.append(name), original(item, name)))
    # New values, same series: the legend entries stay as they are.
    doubled = dataclasses.replace(charts["trend"], series=tuple(
        dataclasses.replace(s, y=s.y * 2) for s in charts["trend"].series))
    view.set_data(doubled)
    assert added == []
    assert view.curves[3].getData()[1].tolist() == [310.0, 1550.0, 60.0]
    # Other series: rebuilt, in the new names.
    view.set_data(charts["compare"])
    assert added == ["Syrian Arab Rep.", "Afghanistan"]
    assert view.legend_labels() == ["Syrian Arab Rep.", "Afghanistan"]


def test_panel_draws_hidden_tabs_when_shown(qtbot, charts, monkeypatch) -> None:
    from asylum_explorer.qt.charts.chart_panel import ChartPanel

    panel = ChartPanel()
    qtbot.addWidget(panel)
    drawn = []
    original = panel.view.set_data
    monkeypatch.setattr(panel.view, "set_data", lambda d: (drawn.append(d.kind), original(d)))
    panel.set_charts(charts)
    assert drawn == ["trend"]  # only the visible tab is drawn
    panel.set_highlight_years([2017])
    assert drawn == ["trend"]  # the highlight moves bands, it does not redraw
    assert panel.current_view().bands[0].region() == (2016.5, 2017.5)
    panel.set_current_kind("rates")
    assert drawn == ["trend", "rates"]
    # The hidden tab got the latest chart, highlight included; so does an export.
    assert panel.current_view().data.highlight_years == (2017,)
    assert panel.charts()["compare"].highlight_years == (2017,)
    assert panel.current_view().bands[0].region() == (2016.5, 2017.5)


def test_a_new_year_mark_on_the_same_series_only_moves_the_mark(view, charts,
                                                                monkeypatch) -> None:
    """The detail pane steps through one pair's years: the curves are not set again."""
    import dataclasses

    view.set_data(charts["pair"])
    calls = []
    monkeypatch.setattr(type(view.curves[0]), "setData",
                        lambda self, *a, **k: calls.append(self))
    view.set_data(dataclasses.replace(charts["pair"], marked_year=2017))
    assert view.marker.value() == 2017 and view.marker.isVisible()
    assert calls == []
    # New series (another pair): drawn in full.
    other = dataclasses.replace(charts["pair"], series=tuple(list(charts["pair"].series)))
    view.set_data(other)
    assert calls


def test_one_paint_shows_new_data(view, charts, small_store_path, qtbot) -> None:
    """A filter change: range and layout are applied before the paint, not in it (which
    scheduled a second paint of the whole chart)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication
    from qt_events import EventCounter

    view.show()
    qtbot.waitExposed(view)
    view.set_data(charts["trend"])
    for _ in range(5):
        QApplication.processEvents()
    counter = EventCounter(QEvent.Type.Paint, view.viewport())
    store = Store(small_store_path)
    datasets = load_all(store)
    countries = country_index(store, list(datasets.values()))
    for origin in ("SYR", "AFG", "SYR"):
        counter.clear()
        view.set_data(build_chart(datasets["decisions"], Filter(origins=frozenset({origin})),
                                  "trend", countries=countries))
        for _ in range(5):
            QApplication.processEvents()
        assert counter.total == 1, origin
    counter.remove()


def _line_chart(top: float, years: range = range(2000, 2011)) -> ChartData:
    x = np.array(list(years))
    return ChartData("trend", "Values", "Year", "Persons",
                     (Series("Applied", x, np.linspace(0, top, len(x))),
                      Series("Decided", x, np.linspace(top, 0, len(x)))))


def test_one_paint_when_the_value_labels_need_more_room(view, qtbot) -> None:
    """pyqtgraph measures tick labels while painting, then widens the axis and paints
    the whole chart again (and once more for the plot's new size). The view measures
    them first: "50,000,000" instead of "50" is still a single paint."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication
    from qt_events import EventCounter

    view.show()
    qtbot.waitExposed(view)
    view.set_data(_line_chart(50))
    for _ in range(5):
        QApplication.processEvents()
    narrow = view.left_axis.width()
    counter = EventCounter(QEvent.Type.Paint, view.viewport())
    for top in (50_000_000, 50, 50_000_000):
        counter.clear()
        view.set_data(_line_chart(top))
        for _ in range(5):
            QApplication.processEvents()
        assert counter.total == 1, top
    assert view.left_axis.width() > narrow + 30  # the axis did widen for the long labels
    counter.remove()


def test_an_unchanged_year_axis_is_not_redrawn(view, qtbot) -> None:
    """A filter that keeps the years keeps the year axis's drawn picture; a new year
    range or a resize of the plot (grid lines span it) draws it again."""
    from PySide6.QtWidgets import QApplication

    view.show()
    qtbot.waitExposed(view)
    view.set_data(_line_chart(100))
    QApplication.processEvents()
    picture = view.bottom_axis.picture
    assert picture is not None
    view.set_data(_line_chart(120))
    QApplication.processEvents()
    assert view.bottom_axis.picture is picture
    view.set_data(_line_chart(120, range(1990, 2011)))
    QApplication.processEvents()
    assert view.bottom_axis.picture is not picture
    picture = view.left_axis.picture
    view.resize(900, 500)
    QApplication.processEvents()
    assert view.left_axis.picture is not picture


def test_only_series_longer_than_the_plot_is_wide_are_sampled(view, qtbot) -> None:
    """Thousands of points are drawn as each bucket's low and high (the peaks stay); real
    data (76 years) is drawn as it is."""
    view.show()
    qtbot.waitExposed(view)
    view.set_data(_line_chart(100, range(1951, 2026)))
    assert len(view.curves[0].getData()[0]) == 75
    long = _line_chart(100, range(1, 20_001))
    view.set_data(long)
    x, y = view.curves[0].getData()
    assert len(x) <= 2_000
    values = long.series[0].y
    assert np.nanmax(y) == np.nanmax(values) and np.nanmin(y) == np.nanmin(values)
    view.set_data(_line_chart(100))
    assert len(view.curves[1].getData()[0]) == 11


def test_new_values_recompute_each_curve_once(view, qtbot, monkeypatch) -> None:
    """A new value range must not recompute the curves a second time (pyqtgraph's
    PlotDataItem did, through its dynamic range guard: ~0.2-0.7 ms a curve)."""
    from PySide6.QtWidgets import QApplication

    from asylum_explorer.qt.charts.series_item import SeriesItem

    view.show()
    qtbot.waitExposed(view)
    view.set_data(_line_chart(100))
    calls = []
    original = SeriesItem._rebuild
    monkeypatch.setattr(SeriesItem, "_rebuild",
                        lambda self: (calls.append(self), original(self)))
    view.set_data(_line_chart(5_000))
    for _ in range(3):
        QApplication.processEvents()
    assert len(calls) == 2  # one per curve, from its setData
    assert view.plot.vb.viewRange()[1][1] > 5_000


def test_a_title_that_wraps_moves_the_plot_at_once(view, qtbot) -> None:
    """A new title's size is laid out inside set_data: what an export made right after
    it sees equals what the window later shows."""
    import dataclasses

    from PySide6.QtWidgets import QApplication

    view.resize(600, 420)
    view.show()
    qtbot.waitExposed(view)
    short = _line_chart(100)
    long = dataclasses.replace(short, title="Asylum decisions by outcome — origin: "
                               "Democratic Republic of the Congo — asylum: United Republic "
                               "of Tanzania — 2000–2025 — persons and cases")
    tops = []
    for data in (short, long, short):
        view.set_data(data)
        now = (view.title_item.geometry().height(), view.plot.geometry().top())
        QApplication.processEvents()
        assert now == (view.title_item.geometry().height(), view.plot.geometry().top())
        tops.append(now[1])
    assert tops[1] > tops[0] + 20 and tops[2] == tops[0]


def test_new_values_keep_the_curves_styles(view, monkeypatch) -> None:
    """Same series styles: only the data is set; a new colour restyles that curve."""
    import dataclasses

    from asylum_explorer.qt.charts.series_item import SeriesItem

    view.set_data(_line_chart(100))
    calls = []
    original = SeriesItem.setData
    monkeypatch.setattr(SeriesItem, "setData",
                        lambda self, *a, **k: (calls.append(k), original(self, *a, **k)))
    view.set_data(_line_chart(200))
    assert calls == [{}, {}]
    recoloured = _line_chart(300)
    first = dataclasses.replace(recoloured.series[0], color="#aa0000")
    view.set_data(dataclasses.replace(recoloured, series=(first, recoloured.series[1])))
    assert calls[2]["pen"].color().name() == "#aa0000" and calls[3] == {}
    assert view.curves[0].opts["pen"].color().name() == "#aa0000"


def test_the_legend_is_repainted_only_for_new_entries_or_styles(view, qtbot,
                                                                monkeypatch) -> None:
    """New values leave the legend as it is painted; a new colour repaints its swatch."""
    import dataclasses

    from PySide6.QtWidgets import QApplication

    from asylum_explorer.qt.charts import chart_view

    painted = []
    original = chart_view.LegendSample.paint
    monkeypatch.setattr(chart_view.LegendSample, "paint",
                        lambda self, *a: (painted.append(self), original(self, *a)))
    view.show()
    qtbot.waitExposed(view)

    def update(data: ChartData) -> int:
        painted.clear()
        view.set_data(data)
        for _ in range(3):
            QApplication.processEvents()
        return len(painted)

    update(_line_chart(100))  # the legend is made and placed
    update(_line_chart(110))
    assert update(_line_chart(120)) == 0 and update(_line_chart(130)) == 0
    data = _line_chart(200)
    red = dataclasses.replace(data.series[0], color="#aa0000")
    assert update(dataclasses.replace(data, series=(red, data.series[1]))) >= 1
    assert painted[0].item.opts["pen"].color().name() == "#aa0000"


def test_the_first_marked_year_is_labelled(view, charts) -> None:
    """The marker line was hidden when its first year was set, and pyqtgraph's line then
    left its label empty."""
    view.set_data(charts["pair"])
    assert view.marker.text() == "2016"


def test_the_marked_year_is_drawn_from_bottom_to_top_with_its_label(view, charts) -> None:
    import dataclasses

    from PySide6.QtCore import QPointF

    def picture(data):  # noqa: ANN001, ANN202
        view.set_data(data)
        view.show()
        return view.grab().toImage()

    marked = picture(charts["pair"])
    plain = picture(dataclasses.replace(charts["pair"], marked_year=None))
    assert not view.marker.isVisible()
    vb = view.plot.vb
    top, bottom = (view.mapFromScene(vb.mapViewToScene(QPointF(2016, y)))
                   for y in (vb.viewRange()[1][1], vb.viewRange()[1][0]))
    changed = [(x, y) for y in range(marked.height()) for x in range(marked.width())
               if marked.pixel(x, y) != plain.pixel(x, y)]
    on_line = [(x, y) for x, y in changed if abs(x - top.x()) <= 1]
    ys = {y for _, y in on_line}
    assert min(ys) <= top.y() + 10 and max(ys) >= bottom.y() - 10  # bottom to top,
    assert len(ys) > 0.5 * (bottom.y() - top.y())  # dashed
    label = [(x, y) for x, y in changed if x > top.x() + 3 and y < top.y() + 40]
    assert len(label) > 30  # "2016" near the top, right of the line


def _spec_values(specs) -> tuple:  # noqa: ANN001
    """Draw specs as plain values: pens by colour (with alpha), points by coordinates."""
    if specs is None:
        return None
    axis_spec, ticks, texts = specs
    pen, a, b = axis_spec
    return ((pen.color().name(), a.x(), a.y(), b.x(), b.y()),
            [(p.color().rgba(), a.x(), a.y(), b.x(), b.y()) for p, a, b in ticks],
            [(r.x(), r.y(), r.width(), r.height(), int(f), t) for r, f, t in texts])


def test_axis_draw_specs_are_pyqtgraphs(view, qtbot, charts) -> None:
    """The lean draw specs of the axes equal pyqtgraph's own, for years, counts,
    percentages and bar names, over random value ranges and view sizes."""
    import dataclasses

    import pyqtgraph as pg
    from PySide6.QtGui import QPainter, QPicture
    from PySide6.QtWidgets import QApplication

    from asylum_explorer.qt.charts.axes import _NOT_LEAN, _lean_specs

    def compare(axis) -> None:  # noqa: ANN001
        picture = QPicture()
        painter = QPainter(picture)
        try:
            axis._drawing_rect = axis.boundingRect()
            theirs = pg.AxisItem.generateDrawSpecs(axis, painter)
            ours = _lean_specs(axis, painter)
            axis._drawing_rect = None
        finally:
            painter.end()
        assert ours is not _NOT_LEAN
        assert _spec_values(ours) == _spec_values(theirs)

    view.show()
    qtbot.waitExposed(view)
    rng = np.random.default_rng(7)
    compared = 0
    for data in (charts["trend"], charts["rates"], charts["top"], charts["pair"]):
        for _ in range(25):
            view.resize(int(rng.integers(300, 1100)), int(rng.integers(220, 700)))
            if data.kind != "top" and data.y_format != "percent":
                scale = float(10 ** rng.integers(0, 8) * rng.uniform(0.5, 5))
                series = tuple(dataclasses.replace(s, y=s.y * scale) for s in data.series)
                view.set_data(dataclasses.replace(data, series=series))
            else:
                view.set_data(data)
            QApplication.processEvents()
            for axis in (view.left_axis, view.bottom_axis):
                compare(axis)
                compared += 1
    assert compared == 200


def test_a_line_chart_after_a_bar_chart_gives_its_value_axis_back(view, charts) -> None:
    """The bar chart fixes the left axis to its country names' width; the next line
    chart's numbers must not inherit it (the plot was squeezed by ~200 px)."""
    view.set_data(charts["trend"])
    narrow = view.left_axis.width()
    view.set_data(charts["top"])
    assert view.left_axis.width() > narrow  # room for the names
    view.set_data(charts["trend"])
    assert view.left_axis.width() == narrow


def test_a_steady_view_does_not_move_its_plot_when_labels_or_notes_shrink(qtbot) -> None:
    """The window's chart keeps the room its value labels, title and notes took: the
    plot stays put while the user clicks through filters. An export (a fresh view) takes
    exactly the room its texts need."""
    import dataclasses

    from PySide6.QtWidgets import QApplication

    from asylum_explorer.qt.charts.chart_view import ChartView

    big = dataclasses.replace(_line_chart(4_000_000), notes=("A first note.", "A second."))
    small = dataclasses.replace(_line_chart(40), notes=("A first note.",))
    steady, fresh = ChartView(steady=True), ChartView()
    for v in (steady, fresh):
        qtbot.addWidget(v)
        v.resize(800, 500)
        v.show()
    qtbot.waitExposed(steady)

    def plot_rect(v: ChartView, data: ChartData) -> tuple:
        v.set_data(data)
        QApplication.processEvents()
        return v.plot.vb.sceneBoundingRect().getRect()

    first = plot_rect(steady, big)
    assert plot_rect(steady, small) == first
    assert plot_rect(steady, big) == first
    assert "A first note." in steady.footer_item.text
    assert plot_rect(fresh, small) != plot_rect(fresh, big)  # exports fit their texts
    # Another kind of chart fits its labels anew.
    assert plot_rect(steady, dataclasses.replace(small, kind="compare"))[0] < first[0]


def test_year_band_spans_the_plot_on_screen_and_in_exports(view) -> None:
    """The selected years' band covers its years over the plot's whole height, and the
    PNG and SVG exports show it; without selected years there is none."""
    from asylum_explorer.qt.export.chart_export import ExportSize, render_image, svg_bytes

    x = np.arange(2000, 2021)
    data = ChartData(kind="trend", title="T", x_label="Year", y_label="Persons",
                     series=(Series("A", x, np.linspace(10, 50, len(x))),),
                     highlight_years=(2010, 2011))
    view.set_data(data)
    (band,) = _visible(view.bands)
    assert band.region() == (2009.5, 2011.5)
    plot_rect = view.plot.vb.viewRect()
    assert band.rect().top() == plot_rect.top() and band.rect().bottom() == plot_rect.bottom()
    size = ExportSize.pixels(800, 500)
    image = render_image(view, size)
    grey = view.theme.highlight.lower()
    assert grey in svg_bytes(view, size).decode().lower()
    view.set_highlight_years([])
    assert _visible(view.bands) == []
    assert grey not in svg_bytes(view, size).decode().lower()
    plain = render_image(view, size)
    # The band shades ~65 × 380 px of the 800 × 500 image, white without it.
    assert _non_white(image) - _non_white(plain) > 10_000


def _non_white(image) -> int:  # noqa: ANN001 - a QImage
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), dtype=np.uint32,
                           count=image.width() * image.height())
    return int(np.count_nonzero((pixels & 0xFFFFFF) != 0xFFFFFF))
