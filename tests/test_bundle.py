"""The standalone bundle (packaging/build.sh): it builds, starts without Python and a
display, finds its code lists and icons, draws the window, and carries no UNHCR data.

The first build takes about 1–2.5 minutes on 2 cores (PyInstaller's analysis); later
runs reuse the bundle while nothing that goes into it changed (build.sh's input digest).
Deselect with `-m "not bundle"` for a quick run.
"""

from __future__ import annotations

import fnmatch
import os
import subprocess
import sys
from pathlib import Path

import pytest

from asylum_explorer import __version__

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "packaging" / "dist" / "asylum-explorer"
EXE = BUNDLE / "asylum-explorer"
SHARED_DATA = ROOT.parent / "shared" / "data" / "unhcr"
# A regression guard: 336 MB today (Qt, ICU, numpy's OpenBLAS, Arrow and pandas).
MAX_BUNDLE_MB = 420
# Names of UNHCR data files, by pattern and by the real ones beside the checkout.
DATA_PATTERNS = ("*.csv.gz", "asylum_*.csv*", "population.csv*", "solutions.csv*",
                 "query_data*.zip", "SHA256SUMS")

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.skipif(not sys.platform.startswith("linux"),
                       reason="packaging/build.sh and the bundle test are for Linux"),
]


@pytest.fixture(scope="module")
def bundle() -> Path:
    env = dict(os.environ, ASYLUM_EXPLORER_PYTHON=sys.executable)
    out = subprocess.run(["bash", str(ROOT / "packaging" / "build.sh")], env=env,
                         capture_output=True, text=True, timeout=1200, cwd=ROOT)
    assert out.returncode == 0, (out.stdout + out.stderr)[-4000:]
    assert EXE.is_file() and os.access(EXE, os.X_OK)
    return BUNDLE


def _run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """The bundle as a user starts it: no virtualenv, no PYTHONPATH, no display."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8",
           "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, env=env,
                          timeout=180, cwd=home)


def test_bundle_reports_its_version(bundle: Path, tmp_path: Path) -> None:
    out = _run("--version", home=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"asylum-explorer {__version__}"


def test_bundle_lists_a_store(bundle: Path, small_store_path: Path, tmp_path: Path) -> None:
    out = _run("--store", str(small_store_path), "info", home=tmp_path)
    assert out.returncode == 0, out.stderr
    for dataset in ("applications", "decisions", "population"):
        assert dataset in out.stdout


def test_bundle_reads_its_code_lists_when_importing(bundle: Path, tmp_path: Path) -> None:
    """A Refugee Data Finder file spells codes as labels; mapping them back needs the code
    lists that travel inside the bundle as package data."""
    source = tmp_path / "decisions.csv"
    source.write_text(
        "year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,procedure_type,dec_level,dec_pc,"
        "dec_recognized,dec_other,dec_rejected,dec_closed,dec_total\n"
        "2020,Syrian Arab Rep.,SYR,SYR,Germany,GFR,DEU,Government,First instance,Persons,"
        "10,2,3,1,16\n"
        "2020,Syrian Arab Rep.,SYR,SYR,Germany,GFR,DEU,Government,Administrative review,"
        "Persons,1,0,4,0,5\n", encoding="utf-8")
    store = tmp_path / "store"
    out = _run("--store", str(store), "import", str(source), home=tmp_path)
    assert out.returncode == 0, out.stderr
    out = _run("--store", str(store), "query", "decisions", "--by", "level", home=tmp_path)
    assert out.returncode == 0, out.stderr
    levels = {line.split(",")[0] for line in out.stdout.splitlines()[1:]}
    assert levels == {"FI", "AR"}, out.stdout


def test_bundle_draws_the_window_headless(bundle: Path, small_store_path: Path,
                                          tmp_path: Path, qapp) -> None:  # noqa: ANN001
    from PySide6.QtGui import QImage

    png = tmp_path / "window.png"
    out = _run("--store", str(small_store_path), "--screenshot", str(png),
               "--dataset", "decisions", "--origin", "Syria", home=tmp_path)
    assert out.returncode == 0, out.stderr
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1400, 900)
    colours = {image.pixel(x, y) for x in range(0, 1400, 37) for y in range(0, 900, 37)}
    assert len(colours) > 10, "the window rendered blank"


def test_bundle_carries_code_lists_and_icons_but_no_unhcr_data(bundle: Path) -> None:
    files = [p for p in bundle.rglob("*") if p.is_file()]
    relative = {p.relative_to(bundle).as_posix() for p in files}
    package = "_internal/asylum_explorer"
    for name in ("procedure_type", "dec_level", "app_type", "unit"):
        assert f"{package}/data/codes/{name}.csv" in relative
    assert f"{package}/data/country_aliases.csv" in relative
    assert f"{package}/resources/icons/asylum-explorer-256.png" in relative
    real_names = {p.name for p in SHARED_DATA.iterdir()} if SHARED_DATA.is_dir() else set()
    real_names.discard("README.md")
    leaked = [p for p in files
              if p.name in real_names or any(fnmatch.fnmatch(p.name, pat) for pat in DATA_PATTERNS)]
    assert not leaked, f"UNHCR data in the bundle: {leaked}"
    assert not [r for r in relative if "tests/fixtures" in r or "/shared/" in r]


def test_bundle_stays_lean(bundle: Path) -> None:
    # Bytes on disk: PyInstaller links Qt's libraries into _internal/ (symlinks, not copies).
    size_mb = sum(p.stat().st_size for p in bundle.rglob("*")
                  if p.is_file() and not p.is_symlink()) / 2**20
    assert size_mb < MAX_BUNDLE_MB, f"the bundle grew to {size_mb:.0f} MB"
    names = {p.name for p in (bundle / "_internal").iterdir()}
    # Never wanted: test suites, QML, WebEngine, Arrow's Flight and cloud file systems.
    unwanted = ("libQt6Qml", "libQt6Quick", "libQt6WebEngine", "libarrow_flight",
                "libarrow_s3", "pytest", "hypothesis")
    assert not sorted(n for n in names if n.startswith(unwanted))
