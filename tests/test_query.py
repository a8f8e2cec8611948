"""Filters, aggregations, rates and country resolution on the hand-made small store."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from asylum_explorer.core.dataset import country_index, load_dataset
from asylum_explorer.core.errors import UserError
from asylum_explorer.core.query import Filter, aggregate, row_mask, units_present
from asylum_explorer.core.store import Store


@pytest.fixture()
def decisions(small_store_path: Path):
    store = Store(small_store_path)
    ds = load_dataset(store, "decisions")
    return ds, country_index(store, [ds])


def _run(ds, countries, flt: Filter, by="year"):
    mask = row_mask(ds.table, ds.schema, flt, countries)
    return aggregate(ds.table, ds.schema, mask, by, countries).records()


def test_decisions_by_year_for_germany(decisions) -> None:
    ds, countries = decisions
    rows = _run(ds, countries, Filter(asylums=frozenset({"DEU"})))
    assert [r["year"] for r in rows] == [2015, 2016, 2017]
    r2015 = rows[0]
    assert r2015["dec_recognized"] == 105 and r2015["dec_rejected"] == 25
    # rates from summed counts: 105 / (105 + 20 + 25), otherwise closed excluded
    assert r2015["refugee_recognition_rate"] == pytest.approx(105 / 150)
    assert r2015["total_recognition_rate"] == pytest.approx(125 / 150)
    # 2017: only otherwise-closed decisions -> the rate is empty, not 0
    assert rows[2]["refugee_recognition_rate"] is None


def test_group_by_asylum_country_with_names(decisions) -> None:
    ds, countries = decisions
    rows = _run(ds, countries, Filter(origins=frozenset({"AFG"})), by="asylum")
    assert [(r["coa_iso"], r["coa_name"], r["dec_total"]) for r in rows] == [
        ("AUT", "Austria", 90), ("DEU", "Germany", 195)]


def test_code_and_year_filters(decisions) -> None:
    ds, countries = decisions
    rows = _run(ds, countries, Filter(levels=frozenset({"FI"}), year_from=2016, year_to=2016,
                                      unit="P"), by=None)
    assert rows == [{"dec_recognized": 390, "dec_other": 190, "dec_rejected": 150,
                     "dec_closed": 30, "dec_total": 760,
                     "refugee_recognition_rate": pytest.approx(390 / 730),
                     "total_recognition_rate": pytest.approx(580 / 730)}]


def test_region_and_text_filters(decisions) -> None:
    ds, countries = decisions
    europe = _run(ds, countries, Filter(asylum_regions=frozenset({"Europe"})), by="asylum")
    assert {r["coa_iso"] for r in europe} == {"AUT", "DEU", "TUR"}
    hong_kong = _run(ds, countries, Filter(text="hong kong"), by="origin")
    assert [r["coo_iso"] for r in hong_kong] == ["HKG"]


def test_mixed_units_are_detected(decisions) -> None:
    ds, countries = decisions
    everything = np.ones(len(ds), dtype=bool)
    assert units_present(ds.table, ds.schema, everything) == {"P", "C"}
    germany = row_mask(ds.table, ds.schema, Filter(asylums=frozenset({"DEU"})), countries)
    assert units_present(ds.table, ds.schema, germany) == {"P"}


def test_empty_selection_gives_no_rows(decisions) -> None:
    ds, countries = decisions
    assert _run(ds, countries, Filter(year_from=1990, year_to=1991)) == []


@pytest.mark.parametrize(("text", "iso"), [
    ("DEU", "DEU"), ("deu", "DEU"), ("GFR", "DEU"), ("germany", "DEU"),
    ("AUS", "AUS"),  # ISO first: Australia, although UNHCR's AUS is Austria
    ("Austria", "AUT"), ("syria", "SYR"), ("Iran", "IRN"), ("Turkey", "TUR"),
    ("  côte d'ivoire ", "CIV"),
])
def test_country_resolution(decisions, text: str, iso: str) -> None:
    _, countries = decisions
    assert countries.resolve(text) == iso


def test_unknown_country_suggests_close_names(decisions) -> None:
    _, countries = decisions
    with pytest.raises(UserError, match=r"unknown country 'Germny'; did you mean Germany"):
        countries.resolve("Germny")


def test_population_missing_values_stay_missing(small_store_path: Path) -> None:
    store = Store(small_store_path)
    ds = load_dataset(store, "population")
    result = aggregate(ds.table, ds.schema, np.ones(len(ds), dtype=bool), "year")
    oip = result.columns["oip"]
    assert all(math.isnan(v) for v in oip)  # never reported: empty, not 0
    assert result.columns["refugees"].tolist() == [115604, 395122, 60000]


@pytest.mark.parametrize("flt", [
    Filter(), Filter(origins=frozenset({"SYR"})), Filter(asylums=frozenset({"DEU"})),
    Filter(origins=frozenset({"SYR", "AFG"}), asylums=frozenset({"DEU"}), unit="P"),
    Filter(origins=frozenset({"SYR"}), year_from=2016, year_to=2016, levels=frozenset({"FI"})),
    Filter(asylums=frozenset({"DEU", "SWE", "AUT"}), text="syr"),
    Filter(origins=frozenset({"XXX"})), Filter(year_from=2016),
])
def test_row_index_keeps_the_rows_every_condition_keeps(decisions, flt) -> None:
    from asylum_explorer.core.query import row_index

    ds, countries = decisions
    t, schema = ds.table, ds.schema
    # The plain definition: every condition over every row, and-ed.
    expected = np.ones(len(t), dtype=bool)
    years = t.numbers("year")
    if flt.year_from is not None:
        expected &= years >= flt.year_from
    if flt.year_to is not None:
        expected &= years <= flt.year_to
    if flt.origins:
        expected &= t.coded("coo_iso").isin(flt.origins)
    if flt.asylums:
        expected &= t.coded("coa_iso").isin(flt.asylums)
    for role, column in schema.roles.items():
        if flt.codes_for(role):
            expected &= t.coded(column).isin(flt.codes_for(role))
    if flt.text:
        names = t.coded("coo_name").values().astype(str)
        expected &= np.char.find(np.char.lower(names), flt.text) >= 0
    assert np.array_equal(row_index(t, schema, flt, countries), np.flatnonzero(expected))
    assert np.array_equal(row_mask(t, schema, flt, countries), expected)
