"""The table's rows without Qt: filter, stable multi-key sort, cell text, TSV, detail."""

from __future__ import annotations

import numpy as np
import pytest

from asylum_explorer.core.case_view import CaseView
from asylum_explorer.core.dataset import country_index, load_dataset
from asylum_explorer.core.detail import record_detail
from asylum_explorer.core.query import Filter
from asylum_explorer.core.store import Store


@pytest.fixture()
def decisions(small_store_path):
    store = Store(small_store_path)
    ds = load_dataset(store, "decisions")
    return ds, country_index(store, [ds])


def test_filter_keeps_matching_rows_in_order(decisions) -> None:
    ds, countries = decisions
    view = CaseView(ds, countries)
    view.set_filter(Filter(origins=frozenset({"SYR"})))
    assert len(view) == int(ds.table.coded("coo_iso").isin(["SYR"]).sum())
    assert {view.value(p, "coo_iso") for p in range(len(view))} == {"SYR"}
    assert list(view.rows) == sorted(view.rows)  # no sort: the stored order


def test_secondary_sort_key_orders_ties_and_is_stable(decisions) -> None:
    ds, countries = decisions
    view = CaseView(ds, countries)
    view.set_sort([("coo_name", True), ("year", False)])
    pairs = [(view.value(p, "coo_name"), view.value(p, "year")) for p in range(len(view))]
    assert pairs == sorted(pairs, key=lambda t: (t[0], -t[1]))
    # Ties on both keys keep the stored order (stable sort).
    for a, b in zip(view.rows, view.rows[1:], strict=False):
        if pairs[list(view.rows).index(a)] == pairs[list(view.rows).index(b)]:
            assert a < b


def test_sort_survives_a_filter_change(decisions) -> None:
    ds, countries = decisions
    view = CaseView(ds, countries)
    view.set_sort([("dec_total", False)])
    view.set_filter(Filter(asylums=frozenset({"DEU"})))
    totals = [view.value(p, "dec_total") for p in range(len(view))]
    assert totals == sorted(totals, reverse=True)


def test_cells_read_like_a_person_writes_them(decisions) -> None:
    ds, countries = decisions
    view = CaseView(ds, countries)
    view.set_filter(Filter(origins=frozenset({"SYR"}), year_from=2016, year_to=2016,
                           levels=frozenset({"FI"})))
    assert view.display(0, "dec_level") == "First instance"
    assert "FI" in view.tooltip(0, "dec_level")
    assert view.display(0, "dec_total") == "500"
    assert view.display(0, "total_recognition_rate") == f"{450 / 480 * 100:.1f} %"


def test_tsv_has_header_and_display_text(decisions) -> None:
    ds, countries = decisions
    view = CaseView(ds, countries)
    view.set_filter(Filter(origins=frozenset({"SYR"}), year_from=2016, year_to=2016))
    text = view.tsv([0], ["year", "coo_name", "dec_level", "dec_total"])
    assert text.splitlines() == ["Year\tOrigin\tDecision level\tTotal decisions",
                                 "2016\tSyrian Arab Rep.\tFirst instance\t500"]


def test_positions_of_finds_visible_rows_only(decisions) -> None:
    ds, countries = decisions
    view = CaseView(ds, countries)
    view.set_filter(Filter(origins=frozenset({"AFG"})))
    afg = np.flatnonzero(ds.table.coded("coo_iso").isin(["AFG"]))
    syr = np.flatnonzero(ds.table.coded("coo_iso").isin(["SYR"]))
    assert len(view.positions_of(np.concatenate([afg, syr]))) == len(afg)


def test_record_detail_has_labels_rates_context_and_provenance(decisions) -> None:
    ds, countries = decisions
    view = CaseView(ds, countries)
    view.set_filter(Filter(origins=frozenset({"SYR"}), year_from=2016, year_to=2016))
    detail = record_detail(ds, view.table_row(0), countries)
    fields = {f.label: f for f in detail.fields}
    assert fields["Decision level"].value == "First instance"
    assert "first instance" in fields["Decision level"].meaning.lower()
    assert {r.label for r in detail.rates} == {"Refugee recognition rate",
                                              "Total recognition rate"}
    assert any("Rank 1 of" in line for line in detail.context)
    assert "total decisions in" in detail.context[0]
    assert detail.provenance[0].startswith("Source: UNHCR")
    assert 2015 in detail.history_years and 2016 in detail.history_years


@pytest.mark.parametrize("keys", [
    [("year", False), ("coo_name", True)],
    [("coa_name", False), ("dec_level", True), ("year", True)],
    [("dec_level", True), ("dec_total", False)],  # a number: the lexsort path
])
def test_sort_order_matches_a_plain_stable_sort(decisions, keys) -> None:
    ds, countries = decisions
    view = CaseView(ds, countries)
    view.set_sort(keys)

    def key_of(row: int) -> tuple:
        out = []
        for k, ascending in keys:
            v = view.raw(k)
            value = (v.codes[row] if hasattr(v, "codes") else v[row])
            missing = value < 0 if hasattr(v, "codes") else np.isnan(value)
            out += [bool(missing), 0 if missing else (value if ascending else -value)]
        return tuple(out)

    expected = sorted(range(view.total), key=key_of)  # Python's sort is stable
    assert list(view.rows) == expected


def test_record_detail_history_and_share_match_plain_sums(decisions) -> None:
    """The detail reads only the asylum country's rows: same figures as summing over all."""
    ds, countries = decisions
    t = ds.table
    coo, coa = t.coded("coo_iso").values(), t.coded("coa_iso").values()
    units, years = t.coded("dec_pc").values(), t.numbers("year")
    total = t.numbers("dec_total")
    for row in range(0, len(t), max(1, len(t) // 25)):
        detail = record_detail(ds, row, countries)
        pair = (coo == coo[row]) & (coa == coa[row]) & (units == units[row])
        expected_years = np.unique(years[pair]).astype(int)
        assert detail.history_years.tolist() == expected_years.tolist()
        assert detail.history_values.tolist() == [
            float(np.nansum(total[pair & (years == y)])) for y in expected_years]
        year_rows = (coa == coa[row]) & (units == units[row]) & (years == years[row])
        own = np.nansum(total[year_rows & (coo == coo[row])])
        all_origins = np.nansum(total[year_rows])
        if all_origins > 0:
            assert f"{own:,.0f} of {all_origins:,.0f}" in detail.context[0]


def test_block_text_is_the_cell_text_for_every_column(decisions) -> None:
    """The table formats a block of rows at once: it must read exactly like one cell."""
    ds, countries = decisions
    view = CaseView(ds, countries)
    view.set_sort([("dec_total", False)])
    view.set_filter(Filter(year_from=2015))
    n = len(view)
    for spec in view.columns:
        cells = [view.display(p, spec.key) for p in range(n)]
        assert view.display_block(0, n, spec.key) == cells, spec.key
        assert view.display_block(3, 7, spec.key) == cells[3:7], spec.key


def test_context_keeps_acronyms_of_measure_labels() -> None:
    from asylum_explorer.core.schema import in_sentence

    assert in_sentence("Refugees under UNHCR's mandate") == "refugees under UNHCR's mandate"
    assert in_sentence("IDPs of concern to UNHCR") == "IDPs of concern to UNHCR"
    assert in_sentence("Total decisions") == "total decisions"


def test_decision_level_na_explains_decisions_not_applications() -> None:
    """dec_level exists only in decisions: its NA rows count decisions on new
    applications, and the pane and tooltips must not call them applications lodged."""
    from asylum_explorer.core import codes

    text = codes.describe("dec_level", "NA")
    assert text.startswith("NA — New applications: Decisions on new applications")
    assert "lodged" not in text
