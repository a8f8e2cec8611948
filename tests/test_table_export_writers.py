"""The fast CSV and XLSX writers: the same bytes as Python's csv module, real Excel types.

The CSV reference below is the writer these replaced (csv.writer over per-cell values),
so any drift in quoting, number spelling or line ends shows up as a byte difference.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape

from asylum_explorer.core import sheet_xlsx
from asylum_explorer.core.query import Result
from asylum_explorer.core.table import CodedColumn, Table
from asylum_explorer.core.table_export import (
    ExportCancelled,
    csv_text,
    neutralise,
    number_cell,
    result_sheet,
    table_sheet,
    write_sheet,
)

TRICKY = ["Germany", "a,b", 'say "hi"', "two\nlines", "cr\rhere", "crlf\r\nend", "=1+1",
          "+SUM(A1)", "-cmd", "@x", "\ttab", "Côte d'Ivoire", "中文", " padded ", "", "-5",
          "ctrl\x01char", "_x0041_", "<&>"]
NUMBERS = [1.0, -5.0, np.nan, 0.5, -0.0, 1e20, 2.0**53 + 2, 1e-05, 0.1 + 0.2, 123456789.0,
           np.inf, 7.0, -np.inf, 3.0, 1 / 3, np.nan, 42.0, -1.25, 1e16]


def _table() -> Table:
    n = len(TRICKY)
    codes = np.arange(n, dtype=np.int32)
    codes[3] = -1  # a missing name
    return Table({
        "year": np.arange(2000, 2000 + n, dtype=np.int32),
        "name": CodedColumn(codes, tuple(TRICKY)),
        "procedure_type": CodedColumn.from_values(["G", "J", "U"] * (n // 3) + ["G"] * (n % 3)),
        "dec_total": np.array(NUMBERS),
        "refugee_rate": np.array(NUMBERS[::-1]),
    })


def _reference_csv(table: Table, rows: np.ndarray, names: list[str], header: list[str],
                   extra: dict[str, list[str]], terminator: str = "\r\n") -> bytes:
    """What the csv-module writer made: neutralised str, int/float/'' for numbers."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=terminator)
    writer.writerow(header)
    columns = []
    for name in names:
        col = table[name]
        if isinstance(col, CodedColumn):
            cats = [None if c < 0 else col.categories[c] for c in col.codes[rows]]
            columns.append(["" if v is None else neutralise(v) for v in cats])
            if name in extra:
                columns.append(extra[name])
        else:
            values = np.asarray(col, float)[rows]
            if name.endswith("_rate"):  # rates were rounded (numpy) before the cell check
                values = np.round(values, 4)
            cells = [number_cell(v) for v in values.tolist()]
            columns.append(["" if v is None else v for v in cells])
    writer.writerows(zip(*columns, strict=True))
    return buf.getvalue().encode("utf-8")


def test_csv_is_byte_identical_to_the_csv_module(tmp_path: Path) -> None:
    table = _table()
    rows = np.array([5, 0, 3, 18, 2, 2, 7, 1, 4, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17])
    names = ["year", "name", "procedure_type", "dec_total", "refugee_rate"]
    sheet = table_sheet(table, rows, names)
    labels = sheet.cells(sheet.header.index("procedure_type_label"))
    expected = _reference_csv(table, rows, names, sheet.header,
                              {"procedure_type": labels})
    assert write_sheet(sheet, tmp_path / "t.csv").read_bytes() == expected
    assert b'"cr\rhere"' in expected and b"'=1+1" in expected and b",-5," in expected


def test_csv_single_column_and_stdout_text_match_the_csv_module(tmp_path: Path) -> None:
    table = _table()
    rows = np.arange(len(TRICKY))
    sheet = table_sheet(table, rows, ["name"])
    expected = _reference_csv(table, rows, ["name"], ["name"], {})
    assert write_sheet(sheet, tmp_path / "one.csv").read_bytes() == expected
    assert b'\r\n""\r\n' in expected  # an empty lone field is quoted, not a blank line

    result = Result(["origin"], ["applied"], {"origin": np.array(["Syria", "a,b", "=x"]),
                                              "applied": np.array([3.0, np.nan, 0.25])})
    assert csv_text(result_sheet(result)) == 'origin,applied\nSyria,3\n"a,b",\n\'=x,0.25\n'


def test_csv_is_written_in_blocks_with_progress_and_cancel(tmp_path: Path,
                                                           monkeypatch) -> None:
    import asylum_explorer.core.table_export as te

    monkeypatch.setattr(te, "_CHUNK", 7)
    table = _table()
    sheet = table_sheet(table, np.arange(len(TRICKY)), ["year", "name", "dec_total"])
    seen: list[object] = []
    path = write_sheet(sheet, tmp_path / "t.csv", progress=seen.append)
    assert seen[-1] == (len(TRICKY), len(TRICKY)) and len(seen) == 3
    monkeypatch.setattr(te, "_CHUNK", 10_000)
    assert path.read_bytes() == write_sheet(sheet, tmp_path / "u.csv").read_bytes()

    class Cancel:
        def is_set(self) -> bool:
            return True

    for name in ("c.csv", "c.xlsx"):
        with pytest.raises(ExportCancelled):
            write_sheet(sheet, tmp_path / name, cancel=Cancel())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv", "u.csv"]


@pytest.mark.parametrize("road", ["shared strings", "inline strings", "per cell"])
def test_xlsx_keeps_types_text_header_and_about_sheet(tmp_path: Path, monkeypatch,
                                                      road: str) -> None:
    # The roads taken if XlsxWriter's shared-string table or row file ever move.
    if road == "inline strings":
        monkeypatch.setattr(sheet_xlsx, "_shared_strings", lambda wb: None)
    if road == "per cell":
        monkeypatch.setattr(sheet_xlsx, "_has_row_file", lambda ws: False)
    fast = road != "per cell"
    table = _table()
    rows = np.arange(len(TRICKY))
    sheet = table_sheet(table, rows, ["year", "name", "dec_total", "refugee_rate"],
                        notes=["Source: UNHCR Refugee Data Finder, CC BY 4.0", "=HYPERLINK(x)"])
    wb = load_workbook(write_sheet(sheet, tmp_path / "t.xlsx"))
    ws = wb["Data"]
    cells = list(ws.iter_rows(values_only=True))
    assert cells[0] == ("year", "name", "dec_total", "refugee_rate")
    assert all(c.font.b for c in ws[1]) and ws.freeze_panes == "A2"
    assert len(cells) == len(TRICKY) + 1
    years = [r[0] for r in cells[1:]]
    assert years == list(range(2000, 2000 + len(TRICKY)))
    assert all(type(y) is int for y in years)
    names = [None if r[1] is None else unescape(r[1]) for r in cells[1:]]
    expected = [neutralise(s) for s in TRICKY]
    expected[3] = None  # the missing name is an empty cell
    assert [n or None for n in names] == [e or None for e in expected]
    totals = [r[2] for r in cells[1:]]
    want = [number_cell(v) if np.isfinite(v) else None for v in NUMBERS]  # no NaN, no inf
    assert [t is None for t in totals] == [w is None for w in want]
    assert [t for t in totals if t is not None] == pytest.approx([w for w in want if w is not None])
    if fast:  # spelled with repr(): every float reads back exactly
        assert totals == want
    assert type(totals[0]) is int and totals[1] == -5 and totals[2] is None
    assert totals[3] == 0.5 and totals[8] == pytest.approx(0.3) and totals[10] is None
    rates = [r[3] for r in cells[1:]]
    assert rates[-1] == 1 and rates[4] == pytest.approx(0.3333)  # rounded to 4 places
    assert [r[0] for r in wb["About"].iter_rows(values_only=True)] == [
        "Source: UNHCR Refugee Data Finder, CC BY 4.0", "'=HYPERLINK(x)"]
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


def test_xlsx_of_many_rows_reads_back_exactly(tmp_path: Path, monkeypatch) -> None:
    import asylum_explorer.core.table_export as te

    monkeypatch.setattr(te, "_CHUNK", 1_000)  # several blocks
    n = 2_500
    table = Table({"coa_name": CodedColumn((np.arange(n) % 4 - 1).astype(np.int32),
                                           ("=cmd()", "Germany", "Sweden")),
                   "dec_total": np.where(np.arange(n) % 7 == 0, np.nan,
                                         np.arange(n) * 1.5)})
    rows = np.arange(n)[::-1]
    wb = load_workbook(write_sheet(table_sheet(table, rows, ["coa_name", "dec_total"]),
                                   tmp_path / "big.xlsx"), read_only=True)
    got = list(wb.active.iter_rows(values_only=True))[1:]
    lookup = [None, "'=cmd()", "Germany", "Sweden"]
    want = [(lookup[(r % 4)], None if r % 7 == 0 else number_cell(r * 1.5)) for r in rows]
    assert got == want
