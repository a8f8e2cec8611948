"""Table exports as a spreadsheet user meets them: numbers are numbers, formulas are not."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook

from asylum_explorer.core.chart_data import ChartData, Series
from asylum_explorer.core.dataset import country_index, load_dataset
from asylum_explorer.core.errors import UserError
from asylum_explorer.core.query import Filter, Result, aggregate, row_mask
from asylum_explorer.core.store import Store
from asylum_explorer.core.table import CodedColumn, Table
from asylum_explorer.core.table_export import (
    chart_sheet,
    neutralise,
    result_sheet,
    table_sheet,
    write_sheet,
)

INJECTIONS = ["=1+1", "+SUM()", "-cmd", "@x", "\tx", "\rx"]


def _hostile_table() -> Table:
    names = ["Germany", *INJECTIONS]
    return Table({
        "year": np.arange(2000, 2000 + len(names)),
        "coa_name": CodedColumn.from_values(names),
        "procedure_type": CodedColumn.from_values(["G", "J", "U", "G", "G", "G", "G"]),
        "dec_total": np.array([10.0, -5.0, 3.0, np.nan, 0.0, 1.5, 2.0]),
    })


def _csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_neutralise_follows_owasp_but_keeps_plain_numbers() -> None:
    assert [neutralise(s) for s in INJECTIONS] == ["'" + s for s in INJECTIONS]
    assert neutralise("Côte d'Ivoire") == "Côte d'Ivoire"
    assert neutralise("-5") == "-5" and neutralise("+3.5") == "+3.5"
    assert neutralise("-2+3+cmd|' /C calc'!A0").startswith("'")


def test_injection_is_neutralised_in_csv_and_xlsx(tmp_path: Path) -> None:
    table = _hostile_table()
    sheet = table_sheet(table, np.arange(len(table)), ["year", "coa_name", "dec_total"])
    rows = _csv(write_sheet(sheet, tmp_path / "t.csv"))
    assert rows[0] == ["year", "coa_name", "dec_total"]
    by_year = {r[0]: r for r in rows[1:]}
    texts = {r[1] for r in rows[1:]}
    assert texts == {"Germany", *("'" + s for s in INJECTIONS)}
    assert by_year["2001"][2] == "-5"  # a negative count stays a plain number
    assert by_year["2003"][2] == ""  # missing is empty, not "nan"

    ws = load_workbook(write_sheet(sheet, tmp_path / "t.xlsx")).active
    cells = list(ws.iter_rows(values_only=True))
    assert cells[0] == ("year", "coa_name", "dec_total")
    # Without lxml, openpyxl writes a raw carriage return that XML reading turns into a
    # line feed; the leading quote is what counts.
    names = {c[1].replace("\r", "\n") for c in cells[1:]}
    assert names == {"Germany", *("'" + s.replace("\r", "\n") for s in INJECTIONS)}
    numbers = {c[0]: c[2] for c in cells[1:]}
    assert numbers[2001] == -5 and isinstance(numbers[2001], int)
    assert numbers[2005] == 1.5 and numbers[2003] is None
    assert all(isinstance(c[0], int) for c in cells[1:])


def test_table_rows_follow_the_given_order_and_add_code_labels(tmp_path: Path) -> None:
    table = _hostile_table()
    order = np.array([2, 0])  # e.g. the view's sorted, filtered rows
    sheet = table_sheet(table, order, ["year", "procedure_type", "dec_total"])
    rows = _csv(write_sheet(sheet, tmp_path / "t.csv"))
    assert rows[0] == ["year", "procedure_type", "procedure_type_label", "dec_total"]
    assert [r[0] for r in rows[1:]] == ["2002", "2000"]
    assert rows[1][1] == "U" and rows[1][2] and rows[1][2] != "U"  # the documented label


def test_xlsx_row_limit_is_a_clear_user_error(tmp_path: Path) -> None:
    table = _hostile_table()
    sheet = table_sheet(table, np.arange(len(table)), ["year"])
    with pytest.raises(UserError, match=r"do not fit in an Excel sheet.*CSV"):
        write_sheet(sheet, tmp_path / "t.xlsx", max_rows=len(table))  # header needs 1 more
    assert not list(tmp_path.iterdir())  # nothing half-written
    write_sheet(sheet, tmp_path / "t.xlsx", max_rows=len(table) + 1)  # exactly fits


def test_failed_write_leaves_no_file_and_a_clear_error(tmp_path: Path) -> None:
    sheet = result_sheet(Result(["year"], ["x"], {"year": np.array([1]),
                                                 "x": np.array([1.0])}))
    with pytest.raises(UserError, match="cannot write"):
        write_sheet(sheet, tmp_path / "missing-folder" / "t.csv")
    with pytest.raises(UserError, match="unknown file type"):
        write_sheet(sheet, tmp_path / "t.ods")


def test_query_result_to_xlsx_keeps_counts_and_rates_as_numbers(small_store_path: Path,
                                                                 tmp_path: Path) -> None:
    store = Store(small_store_path)
    ds = load_dataset(store, "decisions")
    countries = country_index(store, [ds])
    mask = row_mask(ds.table, ds.schema, Filter(asylums=frozenset({"DEU"})), countries)
    result = aggregate(ds.table, ds.schema, mask, "year", countries)
    path = write_sheet(result_sheet(result, ["Source: UNHCR"]), tmp_path / "r.xlsx")
    wb = load_workbook(path)
    rows = list(wb["Result"].iter_rows(values_only=True))
    assert rows[0][:2] == ("year", "dec_recognized")
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["year"] == 2015 and first["dec_recognized"] == 105
    assert first["refugee_recognition_rate"] == pytest.approx(0.7)
    assert wb["About"]["A1"].value == "Source: UNHCR"


def test_chart_data_becomes_columns_by_year_and_by_category(tmp_path: Path) -> None:
    trend = ChartData("trend", "Decisions", "Year", "Decisions (persons)", (
        Series("Recognized", np.array([2015, 2016]), np.array([1.0, 2.0]), "stacked"),
        Series("=Rejected", np.array([2016, 2017]), np.array([3.0, np.nan]), "stacked"),
    ))
    rows = _csv(write_sheet(chart_sheet(trend), tmp_path / "c.csv"))
    assert rows == [["year", "Recognized", "'=Rejected"], ["2015", "1", ""],
                    ["2016", "2", "3"], ["2017", "", ""]]
    top = ChartData("top", "Top", "", "Applications", (
        Series("Applications", np.array([0, 1]), np.array([500.0, 20.0]), "bar"),),
        categories=("Germany", "Sweden"), category_keys=("DEU", "SWE"))
    ws = load_workbook(write_sheet(chart_sheet(top), tmp_path / "c.xlsx"))["Chart data"]
    assert list(ws.iter_rows(values_only=True)) == [
        ("category", "iso3", "Applications"), ("Germany", "DEU", 500), ("Sweden", "SWE", 20)]
