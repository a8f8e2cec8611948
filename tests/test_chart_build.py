"""Chart builders (Qt-free) against independent pandas computations: the small hand-made
store, then the real release."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from asylum_explorer.core.chart_build import build_chart, build_charts, describe_selection
from asylum_explorer.core.dataset import country_index, load_all
from asylum_explorer.core.errors import UserError
from asylum_explorer.core.query import Filter
from asylum_explorer.core.store import Store

SMALL = Path(__file__).resolve().parent / "fixtures" / "small"
OUTCOMES = ["dec_recognized", "dec_other", "dec_rejected", "dec_closed"]


def _f(**kw: object) -> Filter:
    return Filter(**{k: frozenset(v) if isinstance(v, set | list) else v
                     for k, v in kw.items()})


@pytest.fixture()
def small(small_store_path: Path):
    store = Store(small_store_path)
    datasets = load_all(store)
    return datasets, country_index(store, list(datasets.values()))


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(SMALL / f"{name}.csv", keep_default_na=False, na_values=[""])


def _series(chart, name: str):
    return next(s for s in chart.series if s.name == name)


# ---------------------------------------------------------------- small store

def test_trend_decisions_stacks_outcomes_and_reported_total(small) -> None:
    datasets, countries = small
    chart = build_chart(datasets["decisions"], Filter(), "trend", countries=countries)
    ref = _csv("decisions").groupby("year")[[*OUTCOMES, "dec_total"]].sum()
    assert [s.style for s in chart.series] == ["stacked"] * 4 + ["line"]
    for s, col in zip(chart.series, [*OUTCOMES, "dec_total"], strict=True):
        assert s.x.tolist() == ref.index.tolist()
        assert s.y.tolist() == ref[col].astype(float).tolist(), col
    assert chart.x_label == "Year" and chart.y_label == "Persons and cases"
    assert any("persons and cases" in n.lower() for n in chart.notes)
    assert chart.source == "Source: UNHCR Refugee Data Finder, CC BY 4.0 — data release test"


def test_missing_years_are_gaps_not_zeros(small) -> None:
    datasets, countries = small
    # Türkiye has rows only in 2016; Germany 2015-2017: compare leaves Türkiye NaN elsewhere.
    chart = build_chart(datasets["decisions"], Filter(), "compare", countries=countries,
                        compare=("DEU", "TUR"), compare_side="asylum")
    germany, turkey = chart.series
    assert germany.x.tolist() == [2015, 2016, 2017]
    assert germany.y.tolist() == [155.0, 670.0, 25.0]
    assert np.isnan(turkey.y[0]) and np.isnan(turkey.y[2]) and turkey.y[1] == 15.0


def test_rates_from_summed_counts(small) -> None:
    datasets, countries = small
    chart = build_chart(datasets["decisions"], _f(asylums={"DEU"}), "rates",
                        countries=countries)
    assert chart.y_format == "percent" and chart.y_label == "Recognition rate (%)"
    src = _csv("decisions")
    ref = src[src.coa_iso == "DEU"].groupby("year")[OUTCOMES].sum()
    denom = ref.dec_recognized + ref.dec_other + ref.dec_rejected
    refugee = _series(chart, "Refugee recognition rate").y
    total = _series(chart, "Total recognition rate").y
    np.testing.assert_allclose(refugee[:2], (ref.dec_recognized / denom)[:2])
    np.testing.assert_allclose(total[:2], ((ref.dec_recognized + ref.dec_other) / denom)[:2])
    assert np.isnan(refugee[2])  # 2017: only otherwise-closed decisions, no denominator


def test_rates_for_other_datasets_are_empty_with_a_reason(small) -> None:
    datasets, countries = small
    chart = build_chart(datasets["population"], Filter(), "rates", countries=countries)
    assert chart.is_empty and chart.series == ()
    assert "decisions" in chart.notes[0]
    assert "not available" in chart.title


def test_top_asylum_countries_sorted_with_iso_keys(small) -> None:
    datasets, countries = small
    chart = build_chart(datasets["decisions"], Filter(), "top", countries=countries,
                        top_side="asylum", top_n=3)
    ref = _csv("decisions").groupby("coa_iso").dec_total.sum().sort_values(ascending=False)
    assert chart.category_keys == tuple(ref.index[:3])
    assert chart.categories[0] == "Germany"
    assert chart.series[0].style == "bar"
    assert chart.series[0].y.tolist() == ref.iloc[:3].astype(float).tolist()
    assert chart.title.startswith("Top 3 asylum countries by total decisions")
    assert "all asylum countries" not in chart.title


def test_top_applications_ranks_by_applied(small) -> None:
    datasets, countries = small
    chart = build_chart(datasets["applications"], Filter(), "top", countries=countries)
    ref = _csv("applications").groupby("coo_iso").applied.sum().sort_values(ascending=False)
    assert chart.category_keys == tuple(ref.index)
    assert chart.series[0].y.tolist() == ref.astype(float).tolist()


def test_top_population_title_keeps_unhcr_in_capitals(small) -> None:
    """A published title reads "by refugees under UNHCR's mandate", not "unhcr's"."""
    datasets, countries = small
    chart = build_chart(datasets["population"], Filter(), "top", countries=countries)
    assert "by refugees under UNHCR's mandate" in chart.title
    assert "unhcr" not in " ".join((chart.title, *chart.notes))


def test_compare_one_line_per_country(small) -> None:
    datasets, countries = small
    chart = build_chart(datasets["decisions"], Filter(), "compare", countries=countries,
                        compare=("SYR", "AFG", "IRN"))
    assert [s.name for s in chart.series] == ["Syrian Arab Rep.", "Afghanistan",
                                              "Iran (Islamic Rep. of)"]
    src = _csv("decisions")
    for s, iso in zip(chart.series, ("SYR", "AFG", "IRN"), strict=True):
        ref = src[src.coo_iso == iso].groupby("year").dec_total.sum()
        got = dict(zip(s.x.tolist(), s.y.tolist(), strict=True))
        assert {y: got[y] for y in ref.index} == ref.astype(float).to_dict()


def test_compare_without_countries_asks_for_them(small) -> None:
    datasets, countries = small
    chart = build_chart(datasets["decisions"], Filter(), "compare", countries=countries)
    assert chart.is_empty and "Pick countries" in chart.notes[0]


def test_pair_history_ignores_year_range_and_marks_year(small) -> None:
    datasets, countries = small
    flt = _f(origins={"SYR"}, asylums={"DEU"}, year_from=2016, year_to=2016)
    chart = build_chart(datasets["decisions"], flt, "pair", countries=countries,
                        marked_year=2016)
    assert chart.kind == "pair" and chart.marked_year == 2016
    total = _series(chart, "Total decisions (reported)")
    assert total.x.tolist() == [2015, 2016] and total.y.tolist() == [155.0, 500.0]


def test_a_pair_chart_from_the_records_own_rows_is_the_pair_chart(small) -> None:
    """The detail pane hands the rows its record found to the pair chart: for every row
    of every dataset, the chart is the one the filter would build."""
    from asylum_explorer.core.detail import record_detail

    datasets, countries = small
    for ds in datasets.values():
        for row in range(len(ds.table)):
            d = record_detail(ds, row, countries)
            flt = Filter(origins=frozenset({d.origin_iso}),
                         asylums=frozenset({d.asylum_iso}), unit=d.unit)
            found = build_chart(ds, flt, "pair", countries=countries, marked_year=d.year)
            given = build_chart(ds, flt, "pair", countries=countries, marked_year=d.year,
                                rows=d.pair_rows)
            assert _same_chart(found, given), (ds.name, row)
            assert given.marked_year == d.year and given.series


def test_population_trend_lines_and_note(small) -> None:
    datasets, countries = small
    chart = build_chart(datasets["population"], Filter(), "trend", countries=countries)
    names = [s.name for s in chart.series]
    assert names[:2] == ["Refugees under UNHCR's mandate", "Asylum-seekers"]
    ref = _csv("population").groupby("year").refugees.sum()
    assert chart.series[0].y.tolist() == ref.astype(float).tolist()
    assert chart.y_label == "Persons"


def test_empty_selection(small) -> None:
    datasets, countries = small
    chart = build_chart(datasets["decisions"], _f(year_from=1990, year_to=1995), "trend",
                        countries=countries)
    assert chart.is_empty
    assert "1990–1995: no data" in chart.title


def test_describe_selection_names_countries_years_and_units(small) -> None:
    datasets, countries = small
    text = describe_selection(datasets["decisions"], _f(origins={"SYR"}), countries)
    assert text == ("Asylum decisions — origin: Syrian Arab Rep. — all asylum countries — "
                    "2015–2016 — persons")
    many = describe_selection(datasets["decisions"],
                              _f(origins={"SYR", "AFG", "IRN", "HKG", "TUR"},
                                 levels={"FI"}, unit="C"), countries)
    assert "and 2 more" in many and "stage: First instance" in many and "cases" in many


def test_build_charts_gives_every_tab(small) -> None:
    datasets, countries = small
    charts = build_charts(datasets["decisions"], Filter(), countries=countries,
                          compare=("SYR",), top_side="asylum", highlight_years=(2016,))
    assert list(charts) == ["trend", "rates", "top", "compare"]
    assert charts["trend"].highlight_years == (2016,)
    assert charts["top"].x_label == "Country of asylum"


def test_unknown_kind_and_side_are_user_errors(small) -> None:
    datasets, countries = small
    with pytest.raises(UserError, match="unknown chart kind"):
        build_chart(datasets["decisions"], Filter(), "pie", countries=countries)
    with pytest.raises(UserError, match="side"):
        build_chart(datasets["decisions"], Filter(), "top", countries=countries,
                    top_side="left")


# ---------------------------------------------------------------- real data

@pytest.fixture(scope="module")
def real(real_store_path: Path):
    store = Store(real_store_path)
    datasets = load_all(store)
    return datasets, country_index(store, list(datasets.values()))


def _real_src(shared: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(shared / name, keep_default_na=False, na_values=[""],
                       dtype={"dec_level": str, "app_type": str})


@pytest.mark.realdata
def test_real_syria_trend_matches_pandas(real, shared_data: Path) -> None:
    datasets, countries = real
    src = _real_src(shared_data, "asylum_decisions.csv.gz")
    ref = src[src.coo_iso == "SYR"].groupby("year")[[*OUTCOMES, "dec_total"]].sum()
    chart = build_chart(datasets["decisions"], _f(origins={"SYR"}), "trend",
                        countries=countries)
    assert chart.series[0].x.tolist() == ref.index.tolist()
    for s, col in zip(chart.series, [*OUTCOMES, "dec_total"], strict=True):
        assert s.y.tolist() == ref[col].astype(float).tolist(), col
    assert chart.source.endswith("data release 2025.12.1")
    assert "2000–2025" in chart.title


@pytest.mark.realdata
def test_real_rates_afg_deu(real, shared_data: Path) -> None:
    datasets, countries = real
    src = _real_src(shared_data, "asylum_decisions.csv.gz")
    sel = src[(src.coo_iso == "AFG") & (src.coa_iso == "DEU") & src.year.between(2015, 2024)]
    ref = sel.groupby("year")[OUTCOMES].sum()
    denom = ref.dec_recognized + ref.dec_other + ref.dec_rejected
    chart = build_chart(datasets["decisions"],
                        _f(origins={"AFG"}, asylums={"DEU"}, year_from=2015, year_to=2024),
                        "rates", countries=countries)
    np.testing.assert_allclose(_series(chart, "Total recognition rate").y,
                               (ref.dec_recognized + ref.dec_other) / denom)
    np.testing.assert_allclose(_series(chart, "Refugee recognition rate").y,
                               ref.dec_recognized / denom)


@pytest.mark.realdata
def test_real_top_asylum_for_syrians(real, shared_data: Path) -> None:
    datasets, countries = real
    src = _real_src(shared_data, "asylum_decisions.csv.gz")
    sel = src[(src.coo_iso == "SYR") & src.year.between(2015, 2016)]
    ref = sel.groupby("coa_iso").dec_total.sum().sort_values(ascending=False, kind="stable")
    chart = build_chart(datasets["decisions"], _f(origins={"SYR"}, year_from=2015,
                                                  year_to=2016),
                        "top", countries=countries, top_side="asylum")
    assert chart.category_keys[:5] == tuple(ref.index[:5])
    assert chart.category_keys[0] == "DEU"
    assert chart.series[0].y.tolist() == ref.iloc[:15].astype(float).tolist()


@pytest.mark.realdata
def test_real_compare_and_population(real, shared_data: Path) -> None:
    datasets, countries = real
    chart = build_chart(datasets["decisions"], Filter(), "compare", countries=countries,
                        compare=("SYR", "AFG", "IRQ"))
    assert len(chart.series) == 3
    src = _real_src(shared_data, "asylum_decisions.csv.gz")
    ref = src[src.coo_iso == "IRQ"].groupby("year").dec_total.sum()
    assert chart.series[2].y.tolist() == ref.astype(float).tolist()
    pop = _real_src(shared_data, "population.csv.gz")
    ref = pop[pop.coo_iso == "SYR"].groupby("year").refugees.sum()
    trend = build_chart(datasets["population"], _f(origins={"SYR"}), "trend",
                        countries=countries)
    s = trend.series[0]
    got = dict(zip(s.x.tolist(), s.y.tolist(), strict=True))
    assert {y: got[y] for y in ref.index} == ref.astype(float).to_dict()


def test_compare_names_countries_without_data(small) -> None:
    datasets, countries = small
    chart = build_chart(datasets["decisions"], Filter(), "compare", countries=countries,
                        compare=("SYR", "CIV"))
    assert any("No data in this selection for Côte d'Ivoire" in n for n in chart.notes)


def test_rates_carry_their_base_and_top_its_share(small) -> None:
    datasets, countries = small
    rates = build_chart(datasets["decisions"], _f(asylums={"DEU"}), "rates",
                        countries=countries)
    (base,) = rates.extra
    assert base.y.tolist() == [150.0, 640.0, 0.0]  # rec + comp + rej per year, Germany
    top = build_chart(datasets["decisions"], Filter(), "top", countries=countries,
                      top_side="asylum", top_n=1)
    # Germany: 850 of 960 decisions (+ 90 Austria, 15 Türkiye, 5 Côte d'Ivoire) = 88.54%
    total = _csv("decisions").dec_total.sum()
    assert any(f"of all {total:,.0f} total decisions" in n for n in top.notes)
    assert any("It accounts for 88.5% of all 960" in n for n in top.notes)


def _same_chart(a, b) -> bool:
    """Equal ChartData, comparing series values as arrays (NaN equal to NaN)."""
    if (a.title, a.notes, a.categories, a.category_keys, a.highlight_years) != (
            b.title, b.notes, b.categories, b.category_keys, b.highlight_years):
        return False
    pairs = list(zip(a.series + a.extra, b.series + b.extra, strict=True))
    return all(s.name == t.name and s.style == t.style and np.array_equal(s.x, t.x)
               and np.array_equal(s.y, t.y, equal_nan=True) for s, t in pairs)


def default_compare(ds, flt: Filter, countries, side: str) -> tuple[str, ...]:  # noqa: ANN001
    """The plain definition: the filter's own countries on that side (2 to 8 of them),
    else the 5 largest by a top chart of their own."""
    chosen = flt.origins if side == "origin" else flt.asylums
    if 1 < len(chosen) <= 8:
        return tuple(sorted(chosen))
    top = build_chart(ds, flt, "top", countries=countries, top_side=side, top_n=5)
    return tuple(top.category_keys[:5])


@pytest.mark.parametrize(("name", "flt", "side", "compare"), [
    ("decisions", _f(), "origin", ()),
    ("decisions", _f(origins={"SYR"}), "origin", ()),
    ("decisions", _f(origins={"SYR", "AFG"}), "origin", ()),
    ("decisions", _f(asylums={"DEU"}, year_from=2016), "asylum", ()),
    ("decisions", _f(origins={"SYR"}), "asylum", ("DEU", "SWE")),
    ("population", _f(asylums={"DEU", "SWE"}), "asylum", ()),
])
def test_chart_set_matches_choosing_first_then_building(small, name, flt, side,
                                                       compare) -> None:
    from asylum_explorer.core.chart_set import ChartSet

    datasets, countries = small
    ds = datasets[name]
    charts = ChartSet(ds, flt, countries=countries, compare=compare, side=side,
                      highlight_years=(2016,))
    expected_chosen = compare or default_compare(ds, flt, countries, side)
    assert charts.compared == expected_chosen and len(expected_chosen) > 0
    expected = build_charts(ds, flt, countries=countries, compare=expected_chosen,
                            compare_side=side, top_side=side, highlight_years=(2016,))
    assert tuple(charts) == tuple(expected)
    assert [k for k in expected if not _same_chart(charts[k], expected[k])] == []


def test_chart_set_sums_a_chart_when_it_is_first_read(small, monkeypatch) -> None:
    """A filter change pays for the tab on screen; another tab's chart is summed once,
    when it is shown, and a new highlight (a selection) sums nothing again."""
    from asylum_explorer.core import chart_set
    from asylum_explorer.core.chart_set import ChartSet

    datasets, countries = small
    summed = []
    for name in ("_trend", "_rates", "_top", "_compare"):
        real = getattr(chart_set, name)
        monkeypatch.setattr(chart_set, name,
                            lambda *a, _real=real, _name=name, **k: (summed.append(_name),
                                                                    _real(*a, **k))[1])
    charts = ChartSet(datasets["decisions"], _f(origins={"SYR"}), countries=countries)
    trend = charts["trend"]
    assert summed == ["_trend"] and charts.built() == ("trend",)
    assert charts["trend"] is trend  # read again: the same chart, not summed again
    marked = charts.with_highlight((2016,))
    assert marked["trend"].highlight_years == (2016,) and summed == ["_trend"]
    assert marked["trend"].series == trend.series
    assert marked["top"].kind == "top" and summed == ["_trend", "_top"]
    assert charts.built() == ("trend", "top")  # both sets share what was summed
    assert charts["top"].highlight_years == ()
    marked.build_all()
    assert sorted(summed) == ["_compare", "_rates", "_top", "_trend"]
    assert marked.with_highlight((2016,)) is marked


def test_unfiltered_sums_are_remembered_and_stay_right(small) -> None:
    datasets, countries = small
    ds = datasets["decisions"]
    first = build_charts(ds, Filter(), countries=countries)
    first["trend"].series[0].y[:] = -1  # a caller scribbling on its copy
    again = build_charts(ds, Filter(), countries=countries)
    fresh_years = ds.table.numbers("year")
    expected = [float(np.nansum(ds.table.numbers("dec_recognized")[fresh_years == y]))
                for y in again["trend"].series[0].x]
    assert again["trend"].series[0].y.tolist() == expected

