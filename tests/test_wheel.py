"""`pip install .` from a clean clone: the wheel carries the code lists and icons, and the
installed `asylum-explorer` command finds them in site-packages, not in a source tree."""

from __future__ import annotations

import json
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from asylum_explorer import __version__

ROOT = Path(__file__).resolve().parents[1]
# What a clean clone holds that the wheel is built from (build/ and egg-info left behind by
# other builds in the checkout must not leak into it).
CLONE = ("pyproject.toml", "README.md", "LICENSE", "src", "data", "resources")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    clone = tmp_path_factory.mktemp("clone")
    for name in CLONE:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, clone / name, ignore=shutil.ignore_patterns(
                "__pycache__", "*.pyc", "*.egg-info"))
        else:
            shutil.copy2(src, clone / name)
    out = tmp_path_factory.mktemp("wheelhouse")
    # No build isolation: setuptools comes from the test extra, so no network is needed.
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--wheel-dir", str(out), str(clone)],
                   check=True, capture_output=True, cwd=clone)
    (path,) = out.glob("asylum_explorer-*.whl")
    return path


def test_wheel_contains_code_lists_icons_licence_and_the_command(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    codes = {Path(n).name for n in names if n.startswith("asylum_explorer/data/codes/")}
    assert {"procedure_type.csv", "dec_level.csv", "app_type.csv", "unit.csv"} <= codes
    assert "asylum_explorer/data/country_aliases.csv" in names
    icons = {Path(n).name for n in names if n.startswith("asylum_explorer/resources/icons/")}
    assert "asylum-explorer.svg" in icons
    assert {f"asylum-explorer-{s}.png" for s in (16, 32, 48, 64, 128, 256, 512)} <= icons
    dist_info = f"asylum_explorer-{__version__}.dist-info"
    assert f"{dist_info}/licenses/LICENSE" in names
    entry_points = zipfile.ZipFile(wheel).read(f"{dist_info}/entry_points.txt").decode()
    assert "asylum-explorer = asylum_explorer.cli.main:main" in entry_points
    # No tests, no fixtures and no UNHCR data in what users install.
    assert not [n for n in names if n.startswith("tests/") or n.endswith((".csv.gz", ".zip"))]


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed; its dependencies come from the dev venv."""
    env_dir = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True)
    purelib = next(env_dir.glob("lib/python*/site-packages"))
    # The dev venv's own site dirs (and those its .pth files add) come after the new venv's,
    # so PySide6, pandas ... import from there while asylum_explorer is the installed wheel.
    dev_dirs = [p for p in sys.path if p.endswith("site-packages")]
    dev_dirs += [p for p in site.getsitepackages() if p not in dev_dirs]
    (purelib / "zz_dev_deps.pth").write_text("\n".join(dev_dirs) + "\n", encoding="utf-8")
    # The new venv's python runs pip (importable through that .pth), so the command's
    # shebang and the files land in the new venv.
    subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet",
                    "--no-deps", "--no-index", "--ignore-installed", str(wheel)],
                   check=True, capture_output=True)
    return env_dir


def _run(env_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, cwd=cwd,
                          env={"PATH": f"{env_dir / 'bin'}:/usr/bin:/bin", "HOME": str(cwd),
                               "QT_QPA_PLATFORM": "offscreen"})


def test_installed_command_runs_and_reads_its_data_from_site_packages(
        installed: Path, tmp_path: Path) -> None:
    out = _run(installed, str(installed / "bin" / "asylum-explorer"), "--version", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"asylum-explorer {__version__}"

    python = str(installed / "bin" / "python")
    out = _run(installed, python, "-m", "asylum_explorer", "--version", cwd=tmp_path)
    assert out.stdout.strip() == f"asylum-explorer {__version__}", out.stderr

    probe = ("import json, asylum_explorer\n"
             "from importlib import resources\n"
             "from asylum_explorer.core.codes import code_list\n"
             "from asylum_explorer.qt.app_identity import icon_file\n"
             "print(json.dumps({'package': asylum_explorer.__file__,\n"
             "  'data': str(resources.files('asylum_explorer.data')),\n"
             "  'icon': icon_file(16), 'levels': sorted(code_list('dec_level'))}))")
    out = _run(installed, python, "-c", probe, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)
    site_packages = str(next(installed.glob("lib/python*/site-packages")))
    for key in ("package", "data", "icon"):
        assert found[key].startswith(site_packages), (key, found[key])
        assert not found[key].startswith(str(ROOT))
    assert Path(found["icon"]).is_file()
    assert {"FI", "AR", "NA"} <= set(found["levels"])
