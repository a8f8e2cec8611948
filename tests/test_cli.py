"""The headless CLI as a user runs it: real processes, stdout, stderr and exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def cli(*args: str, store: Path | None = None) -> subprocess.CompletedProcess:
    base = [sys.executable, "-m", "asylum_explorer"]
    if store is not None:
        base += ["--store", str(store)]
    return subprocess.run([*base, *args], capture_output=True, text=True, timeout=120)


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_import_then_info(tmp_path: Path) -> None:
    store = tmp_path / "s"
    out = cli("import", str(FIXTURES / "small"), "--release", "2025.12.1", store=store)
    assert out.returncode == 0, out.stderr
    assert "decisions" in out.stdout and "2015–2017" in out.stdout
    info = cli("info", "--format", "json", store=store)
    data = json.loads(info.stdout)
    by_name = {d["name"]: d for d in data["datasets"]}
    assert by_name["decisions"]["rows"] == 8
    assert by_name["decisions"]["release"] == "2025.12.1"
    text = cli("info", store=store).stdout
    assert "applications" in text and "2025.12.1" in text


def test_query_default_is_by_year_with_api_names(small_store_path: Path) -> None:
    out = cli("query", "decisions", "--asylum", "Germany", "--from", "2015", "--to", "2016",
              store=small_store_path)
    assert out.returncode == 0, out.stderr
    rows = _csv(out.stdout)
    assert list(rows[0]) == ["year", "dec_recognized", "dec_other", "dec_rejected",
                             "dec_closed", "dec_total", "refugee_recognition_rate",
                             "total_recognition_rate"]
    assert rows[0]["year"] == "2015" and rows[0]["dec_recognized"] == "105"
    assert rows[0]["refugee_recognition_rate"] == "0.7"
    assert out.stderr == ""  # persons only: no mixed-units warning


def test_query_by_origin_sorted_top_json(small_store_path: Path) -> None:
    out = cli("query", "applications", "--by", "origin", "--sort", "applied", "--top", "2",
              "--format", "json", store=small_store_path)
    rows = json.loads(out.stdout)
    assert rows == [{"coo_iso": "SYR", "coo_name": "Syrian Arab Rep.", "applied": 680},
                    {"coo_iso": "AFG", "coo_name": "Afghanistan", "applied": 180}]
    assert "mixes persons (P) and cases (C)" in out.stderr


def test_query_to_file(small_store_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    out = cli("query", "decisions", "--level", "fi", "--unit", "persons", "--out",
              str(target), store=small_store_path)
    assert out.returncode == 0 and out.stdout == ""
    assert [r["year"] for r in json.loads(target.read_text())] == [2015, 2016, 2017]


def _one_line_error(out: subprocess.CompletedProcess, text: str) -> None:
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and text in lines[0], out.stderr
    assert "Traceback" not in out.stderr


def test_user_mistakes_are_one_line_and_exit_2(small_store_path: Path, tmp_path: Path) -> None:
    _one_line_error(cli("query", "decisions", "--origin", "Narnia", store=small_store_path),
                    "unknown country 'Narnia'")
    _one_line_error(cli("query", "refugees", store=small_store_path), "unknown dataset")
    _one_line_error(cli("query", "population", "--level", "FI", store=small_store_path),
                    "--level does not apply to population")
    _one_line_error(cli("query", "decisions", store=tmp_path / "empty"), "is empty")
    _one_line_error(cli("info", store=tmp_path / "empty"), "is empty")
    unreadable = tmp_path / "x.csv"
    unreadable.write_bytes(b"\x00\x01binary")
    _one_line_error(cli("import", str(unreadable), store=small_store_path), "x.csv")
    _one_line_error(cli("import", str(tmp_path / "missing.csv"), store=small_store_path),
                    "no such file")
