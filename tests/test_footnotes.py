"""Footnotes: the notes a reader must see beside a figure, and only those."""

from __future__ import annotations

import pandas as pd
import pytest

from asylum_explorer.core.footnotes import FootnoteIndex, footnotes_for, parse_years
from asylum_explorer.core.table import Table


@pytest.mark.parametrize(("text", "years"), [
    ("2015 - 2018, 2020", ((2015, 2018), (2020, 2020))),
    ("2019", ((2019, 2019),)),
    ("2015-2016; 2018", ((2015, 2016), (2018, 2018))),
    ("2018 – 2016", ((2016, 2018),)),  # en dash, reversed
    ("2010 and 2012", ((2010, 2010), (2012, 2012))),
    ("since 2021", ((2021, 9999),)),
    (" 2020 ", ((2020, 2020),)),
    ("", None), ("-", None), (None, None),
    ("all years", None),  # unreadable: the note is shown for every year
])
def test_year_field_free_text(text: str | None, years: object) -> None:
    assert parse_years(text) == years


def _table(rows: list[dict]) -> Table:
    frame = pd.DataFrame(rows, columns=["footnote", "year", "coo_iso", "coa_iso",
                                        "population_type"])
    return Table.from_pandas(frame.astype(object).where(frame.notna(), None), frame.columns)


NOTES = _table([
    {"footnote": "Germany: includes temporary protection.", "year": "2015 - 2016, 2018",
     "coo_iso": None, "coa_iso": "DEU", "population_type": "REF"},
    {"footnote": "Syrian asylum-seekers  estimated.", "year": "2016", "coo_iso": "SYR",
     "coa_iso": None, "population_type": "ASY"},
    {"footnote": "Afghans in Iran: government estimate.", "year": "2019 - 2020",
     "coo_iso": "AFG", "coa_iso": "IRN", "population_type": None},
    {"footnote": "A general note.", "year": None, "coo_iso": None, "coa_iso": None,
     "population_type": None},
])


def test_notes_for_a_record_match_year_countries_and_dataset() -> None:
    notes = footnotes_for(NOTES, 2016, "SYR", "DEU", dataset="population")
    assert notes == ["Germany: includes temporary protection.",
                     "Syrian asylum-seekers estimated.", "A general note."]
    # 2017 is not in "2015 - 2016, 2018"
    assert footnotes_for(NOTES, 2017, "SYR", "DEU") == ["A general note."]
    assert "Germany: includes temporary protection." in footnotes_for(NOTES, 2018, "AFG",
                                                                      "DEU")


def test_population_type_limits_the_datasets() -> None:
    # a refugee-population note does not qualify asylum decisions; an ASY one does
    notes = footnotes_for(NOTES, 2016, "SYR", "DEU", dataset="decisions")
    assert notes == ["Syrian asylum-seekers estimated.", "A general note."]
    assert footnotes_for(NOTES, 2016, "SYR", "DEU", dataset="solutions") == [
        "A general note."]


def test_other_countries_get_only_general_notes() -> None:
    assert footnotes_for(NOTES, 2019, "AFG", "PAK") == ["A general note."]
    assert footnotes_for(NOTES, 2019, "AFG", "IRN")[0].startswith("Afghans in Iran")


def test_totals_over_all_origins_get_notes_on_any_origin() -> None:
    index = FootnoteIndex.from_table(NOTES)
    assert len(index) == 4
    notes = index.for_record(2019, None, "IRN")
    assert "Afghans in Iran: government estimate." in notes
    assert index.for_record(None, None, None) == [n.text for n in index.notes]


def test_codes_are_compared_without_case_or_dash() -> None:
    assert "A general note." in footnotes_for(NOTES, 2016, "syr", "-")
    assert footnotes_for(NOTES, 2016, "syr", "-")[0] == "Germany: includes temporary protection."
