"""`chart` and `query --out` as whole processes: files a user can open, clear errors."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from openpyxl import load_workbook

from asylum_explorer.cli.main import main

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def cli(*args: str, store: Path, env: dict[str, str] | None = None,
        ) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "asylum_explorer", "--store", str(store),
                           *args], capture_output=True, text=True, timeout=120, env=env)


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def test_chart_png_svg_pdf_and_data_from_the_small_store(small_store_path: Path,
                                                         tmp_path: Path) -> None:
    # No display and no QT_QPA_PLATFORM: the command must go offscreen by itself.
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    out = cli("chart", "decisions", "--asylum", "DEU", "--kind", "decisions", "--out",
              str(tmp_path / "c.png"), "--width", "900", "--height", "500", "--data",
              str(tmp_path / "c.csv"), store=small_store_path, env=env)
    assert out.returncode == 0, out.stderr
    assert _png_size(tmp_path / "c.png") == (900, 500)
    with (tmp_path / "c.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][0] == "year" and "Rejected" in rows[0]
    assert rows[1][0] == "2015" and rows[1][rows[0].index("Rejected")] == "25"



def test_chart_svg_and_pdf_in_process(small_store_path: Path, tmp_path: Path, qapp) -> None:
    store = ["--store", str(small_store_path)]
    assert main([*store, "chart", "decisions", "--asylum", "DEU", "--kind", "decisions",
                 "--title", "Decisions in Germany", "--out", str(tmp_path / "c.svg")]) == 0
    text = " ".join(ET.parse(tmp_path / "c.svg").getroot().itertext())
    assert "Decisions in Germany" in text
    assert "Recognized (Convention status)" in text and "Rejected" in text
    assert "UNHCR Refugee Data Finder, CC BY 4.0" in text and "data release test" in text

    assert main([*store, "chart", "applications", "--origin", "SYR", "--kind", "top",
                 "--out", str(tmp_path / "c.pdf")]) == 0
    assert (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF")


def test_chart_mistakes_are_one_line(small_store_path: Path, tmp_path: Path, capsys,
                                     qapp) -> None:
    for args, message in (
            (["--out", str(tmp_path / "c.gif")], "unknown chart file type"),
            (["--kind", "compare", "--out", str(tmp_path / "c.png")], "needs --compare"),
            (["--compare", "Narnia", "--out", str(tmp_path / "c.png")], "Narnia"),
            (["--width", "99999", "--out", str(tmp_path / "c.png")], "out of range")):
        code = main(["--store", str(small_store_path), "chart", "decisions", *args])
        err = capsys.readouterr().err
        assert code == 2, err
        assert message in err and len(err.strip().splitlines()) == 1
    assert not list(tmp_path.glob("c.*"))


def test_query_to_xlsx_and_csv_neutralises_hostile_names(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    text = (FIXTURES / "small" / "decisions.csv").read_text(encoding="utf-8")
    (src / "decisions.csv").write_text(text.replace("Afghanistan", "=HYPERLINK(1)"),
                                       encoding="utf-8")
    store = tmp_path / "store"
    assert cli("import", str(src), store=store).returncode == 0
    out = cli("query", "decisions", "--by", "origin", "--out", str(tmp_path / "q.xlsx"),
              store=store)
    assert out.returncode == 0, out.stderr
    wb = load_workbook(tmp_path / "q.xlsx")
    rows = {r[1]: r for r in wb["Result"].iter_rows(values_only=True)}
    assert "'=HYPERLINK(1)" in rows and "=HYPERLINK(1)" not in rows
    header = list(wb["Result"].iter_rows(values_only=True))[0]
    afg = dict(zip(header, rows["'=HYPERLINK(1)"], strict=True))
    assert afg["dec_total"] == 285 and isinstance(afg["dec_total"], int)
    assert "CC BY 4.0" in wb["About"]["A1"].value
    out = cli("query", "decisions", "--by", "origin", "--out", str(tmp_path / "q.csv"),
              store=store)
    assert "'=HYPERLINK(1)" in (tmp_path / "q.csv").read_text(encoding="utf-8")
    out = cli("query", "decisions", "--by", "origin", store=store)
    assert "'=HYPERLINK(1)" in out.stdout


@pytest.mark.realdata
def test_chart_on_the_real_store(real_store_path: Path, tmp_path: Path) -> None:
    out = cli("chart", "decisions", "--origin", "SYR", "--from", "2000", "--to", "2025",
              "--kind", "decisions", "--out", str(tmp_path / "syr.png"), "--width", "1600",
              "--height", "900", store=real_store_path)
    assert out.returncode == 0, out.stderr
    assert _png_size(tmp_path / "syr.png") == (1600, 900)
    out = cli("chart", "decisions", "--origin", "AFG", "--asylum", "DEU", "--kind", "rates",
              "--out", str(tmp_path / "rates.svg"), store=real_store_path)
    assert out.returncode == 0, out.stderr
    text = " ".join(ET.parse(tmp_path / "rates.svg").getroot().itertext())
    assert "Refugee recognition rate" in text and "data release 2025.12.1" in text
