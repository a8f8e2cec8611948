"""Desktop integration files, icons, licence and the app's identity, checked as a desktop
(and a software centre) would read them."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from asylum_explorer import __version__

ROOT = Path(__file__).resolve().parents[1]
LINUX = ROOT / "packaging" / "linux"
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 32, 48, 64, 128, 256, 512)


def _app_id() -> str:
    from asylum_explorer.qt.app_identity import APP_ID

    return APP_ID


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive in desktop files
    parser.read(LINUX / f"{_app_id()}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_names_the_app_its_command_and_icon() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Asylum Explorer"
    assert entry["Exec"].split()[0] == "asylum-explorer"
    assert entry["Icon"] == _app_id()
    assert entry["Terminal"] == "false"
    categories = entry["Categories"].rstrip(";").split(";")
    assert "Science" in categories and "DataVisualization" in categories
    assert "UNHCR" in entry["Keywords"]
    assert entry["StartupWMClass"] == "Asylum Explorer"  # = applicationName, X11's WM_CLASS


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate not installed (Debian: desktop-file-utils)")
def test_desktop_file_passes_desktop_file_validate() -> None:
    out = subprocess.run(["desktop-file-validate", str(LINUX / f"{_app_id()}.desktop")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "error" not in out.stdout


def test_metainfo_describes_the_same_app_and_this_version() -> None:
    root = ET.parse(LINUX / f"{_app_id()}.metainfo.xml").getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == _app_id()
    assert root.findtext("launchable") == f"{_app_id()}.desktop"
    assert root.findtext("name") == "Asylum Explorer"
    assert root.findtext("project_license") == "MIT"
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("summary")
    assert "CC BY 4.0" in ET.tostring(root.find("description"), encoding="unicode")
    assert root.find("provides/binary").text == "asylum-explorer"
    releases = [r.get("version") for r in root.findall("releases/release")]
    assert releases[0] == __version__, "add a <release> for the new version to the metainfo"


@pytest.mark.skipif(shutil.which("appstreamcli") is None,
                    reason="appstreamcli not installed (Debian: appstream)")
def test_metainfo_passes_appstreamcli_validate() -> None:
    out = subprocess.run(["appstreamcli", "validate", "--no-net",
                          str(LINUX / f"{_app_id()}.metainfo.xml")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_licence_is_mit_everywhere() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta["license"] == "MIT"
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License")
    assert "CC BY 4.0" in licence  # and says the UNHCR data is not under it


def test_icon_pngs_exist_in_every_size_and_match_the_svg(qapp) -> None:  # noqa: ANN001
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    for size in SIZES:
        image = QImage(str(ICONS / f"asylum-explorer-{size}.png"))
        assert (image.width(), image.height()) == (size, size), size
        assert image.hasAlphaChannel()
    # The committed 64 px PNG is what packaging/render_icons.py makes of the SVG today.
    fresh = QImage(64, 64, QImage.Format.Format_ARGB32)
    fresh.fill(Qt.GlobalColor.transparent)
    painter = QPainter(fresh)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(ICONS / "asylum-explorer.svg")).render(painter)
    painter.end()
    committed = QImage(str(ICONS / "asylum-explorer-64.png")).convertToFormat(
        QImage.Format.Format_ARGB32)
    def far(a: int, b: int) -> bool:  # antialiasing may differ a little between Qt versions
        return max(abs((a >> s & 255) - (b >> s & 255)) for s in (0, 8, 16, 24)) > 24

    differing = sum(far(fresh.pixel(x, y), committed.pixel(x, y))
                    for x in range(64) for y in range(64))
    assert differing < 64 * 64 * 0.02, "run packaging/render_icons.py after editing the SVG"


def test_apply_identity_names_the_app_for_the_desktop(qapp) -> None:  # noqa: ANN001
    from asylum_explorer.qt.app_identity import APP_ID, apply_identity

    before = (qapp.applicationName(), qapp.applicationDisplayName(),
              qapp.organizationName(), qapp.desktopFileName(), qapp.windowIcon())
    try:
        apply_identity(qapp)
        assert qapp.applicationName() == "Asylum Explorer"
        assert qapp.applicationDisplayName() == "Asylum Explorer"
        assert qapp.applicationVersion() == __version__
        assert qapp.organizationName() == "asylum-explorer"
        assert qapp.desktopFileName() == APP_ID
        sizes = {s.width() for s in qapp.windowIcon().availableSizes()}
        assert {16, 32, 48, 256} <= sizes  # every size from a drawn PNG, none scaled
        assert not qapp.windowIcon().pixmap(16, 16).toImage().isNull()
    finally:
        qapp.setApplicationName(before[0])
        qapp.setApplicationDisplayName(before[1])
        qapp.setOrganizationName(before[2])
        qapp.setDesktopFileName(before[3])
        qapp.setWindowIcon(before[4])


def test_install_linux_puts_menu_entry_icons_and_metainfo_in_place(tmp_path: Path) -> None:
    prefix = tmp_path / "prefix"
    script = ROOT / "packaging" / "install-linux.sh"
    subprocess.run(["bash", str(script), "--prefix", str(prefix), "--exec", "/bin/true"],
                   check=True, capture_output=True)
    app_id = _app_id()
    desktop = prefix / "share" / "applications" / f"{app_id}.desktop"
    assert 'Exec="/bin/true"' in desktop.read_text(encoding="utf-8")
    assert (prefix / "share" / "metainfo" / f"{app_id}.metainfo.xml").is_file()
    assert (prefix / "share/icons/hicolor/scalable/apps" / f"{app_id}.svg").is_file()
    for size in SIZES:
        assert (prefix / f"share/icons/hicolor/{size}x{size}/apps/{app_id}.png").is_file()
    if shutil.which("desktop-file-validate"):
        out = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True,
                             text=True)
        assert out.returncode == 0, out.stdout
    subprocess.run(["bash", str(script), "--prefix", str(prefix), "--uninstall"],
                   check=True, capture_output=True)
    assert not desktop.exists()
    assert not list(prefix.rglob(f"{app_id}*"))
