"""Readers: the file variants users bring, read by content, with the traps of real files."""

from __future__ import annotations

import gzip
import io
import json
import math
import zipfile
from pathlib import Path

import pytest

from asylum_explorer.core.errors import InputFileError
from asylum_explorer.core.readers import read_path
from asylum_explorer.core.readers.normalize import to_table
from asylum_explorer.core.readers.sniff import read_bytes

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _one(raws):
    assert len(raws) == 1
    return raws[0], to_table(raws[0])


def test_rdf_file_with_preamble_is_read_from_its_header_row() -> None:
    raw, table = _one(read_path(FIXTURES / "rdf_decisions_preamble.csv"))
    assert raw.kind == "decisions"
    assert len(table) == 3
    rows = [table.row(i) for i in range(3)]
    assert rows[0]["coo_name"] == "Iran (Islamic Rep. of)"
    assert rows[2]["coo_name"] == "China, Hong Kong SAR"
    assert rows[0]["coa_name"] == "Türkiye"
    assert rows[2]["coa_name"] == "Côte d'Ivoire"
    # RDF files carry no UNHCR codes: missing, not invented
    assert rows[0]["coo"] is None
    # "-" is "not applicable": missing, not zero
    assert math.isnan(table["dec_other"][2])
    assert rows[2]["dec_level"] == "NA"
    assert rows[0]["dec_pc"] == "C"


def test_code_na_stays_a_code_and_names_are_stripped() -> None:
    raw, table = _one(read_path(FIXTURES / "api_applications_na.csv"))
    assert raw.kind == "applications"
    rows = [table.row(i) for i in range(len(table))]
    assert [r["dec_level"] for r in rows] == ["NA", "FI", "NA"]
    assert [r["app_type"] for r in rows] == ["N", "NA", "NA"]
    assert rows[0]["coo_name"] == "Somalia"  # trailing space in the file
    assert rows[2]["coo_name"] == "Congo, Dem. Rep. of the"
    assert table["applied"].tolist() == [1200.0, 40.0, 0.0]


def test_dataset_is_recognised_by_columns_not_file_name(tmp_path: Path) -> None:
    misleading = tmp_path / "population.csv"
    misleading.write_bytes((FIXTURES / "small" / "decisions.csv").read_bytes())
    raw, _ = _one(read_path(misleading))
    assert raw.kind == "decisions"


def test_rdf_header_variants_and_labels(tmp_path: Path) -> None:
    text = ("Year ,Country of asylum (ISO),Country of asylum,Country of origin (ISO),"
            "Country of origin,Authority,Application type,Decision level,Cases/ Persons,"
            "Number of applications\n"
            "2019,DEU,Germany,SYR,Syrian Arab Rep.,Government,N,NA,Persons,1000\n")
    path = tmp_path / "x.csv"
    path.write_text(text, encoding="utf-8")
    raw, table = _one(read_path(path))
    assert raw.kind == "applications"
    row = table.row(0)
    assert row["procedure_type"] == "G"  # label mapped back to the code
    assert row["app_pc"] == "P"
    assert row["coa_iso"] == "DEU" and row["coo_name"] == "Syrian Arab Rep."


def test_gzip_zip_and_json_containers(tmp_path: Path) -> None:
    csv_bytes = (FIXTURES / "small" / "decisions.csv").read_bytes()
    assert _one(read_bytes(gzip.compress(csv_bytes), "d.csv.gz"))[0].kind == "decisions"

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("asylum-decisions.csv",
                    (FIXTURES / "rdf_decisions_preamble.csv").read_text(encoding="utf-8"))
        zf.writestr("footnotes.csv", 'Footnote,Year,Country of origin (ISO),Country of '
                    'asylum (ISO),Population type\n"Line one\nline two",2015 - 2018,,DEU,\n')
        zf.writestr("readme.txt", "hello")
    raws = read_bytes(buf.getvalue(), "query_data.zip")
    assert sorted(r.kind for r in raws) == ["decisions", "footnotes"]
    foot = to_table(next(r for r in raws if r.kind == "footnotes"))
    assert foot.row(0)["footnote"] == "Line one\nline two"

    page = {"page": 1, "maxPages": 1, "total": [], "items": [
        {"year": 2024, "coo_id": 185, "coo_name": "Syrian Arab Rep. ", "coo": "SYR",
         "coo_iso": "SYR", "coa_id": 72, "coa_name": "Germany", "coa": "GFR",
         "coa_iso": "DEU", "procedure_type": "G", "dec_level": "FI", "dec_pc": "P",
         "dec_recognized": 6946, "dec_other": "70045", "dec_rejected": 20,
         "dec_closed": "-", "dec_total": 91084}]}
    raw, table = _one(read_bytes(json.dumps(page).encode(), "page.json"))
    row = table.row(0)
    assert raw.kind == "decisions" and row["coo_name"] == "Syrian Arab Rep."
    assert row["dec_other"] == 70045.0 and row["dec_closed"] is None


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty"),
    (b"a,b,c\n1,2,3\n", "no header row"),
    (b"year,coo_iso,coa_iso,foo\n2020,SYR,DEU,1\n", "not a UNHCR dataset"),
    (b"PAR1\x00\x00", "Parquet"),
    (b"\x1f\x8b\x08\x00broken", "gzip"),
    # UTF-8 "Türkiye" beside a Latin-1 "ô": two encodings in one file
    ("year,coo_name,coo_iso,coa_name,coa_iso,refugees\n2020,Türkiye,TUR,X,DEU,5\n".encode()
    + "2021,Côte,CIV,X,DEU,1\n".encode("latin-1"), "not UTF-8"),
])
def test_bad_input_is_a_clear_error(content: bytes, message: str) -> None:
    with pytest.raises(InputFileError, match=message):
        for raw in read_bytes(content, "bad.csv"):
            to_table(raw)


def test_bad_cell_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    lines = (FIXTURES / "small" / "decisions.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",300,", ",three hundred,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputFileError) as info:
        to_table(read_path(path)[0])
    assert info.value.line == 4 and info.value.column == "dec_recognized"
    assert "bad.csv, line 4, column 'dec_recognized'" in str(info.value)


def test_multi_member_gzip_and_windows_1252_names(tmp_path: Path) -> None:
    """`cat a.csv.gz b.csv.gz` is valid gzip; Excel on Windows saves CSV as cp1252."""
    text = (FIXTURES / "small" / "decisions.csv").read_text(encoding="utf-8")
    head, rest = text[:400], text[400:]
    raws = read_bytes(gzip.compress(head.encode()) + gzip.compress(rest.encode()), "two.gz")
    assert len(to_table(raws[0])) == 8
    raw, table = _one(read_bytes(text.encode("cp1252"), "excel.csv"))
    assert "Côte d'Ivoire" in {table.row(i)["coa_name"] for i in range(len(table))}
    assert any("Windows-1252" in n for n in raw.notes)
