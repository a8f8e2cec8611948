"""What the app imports before its window exists: only what the first paint needs.

Every module imported at start is paid on every start (issue 6: ≤ 1 s to a painted
window). Checked in a fresh interpreter, since the test process has imported everything.
"""

from __future__ import annotations

import subprocess
import sys

import pytest


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", f"{code}\nimport sys\nprint(*sys.modules)"],
                         capture_output=True, text=True, check=True, timeout=120)
    return set(out.stdout.split())


def test_the_command_line_parser_does_not_import_the_downloader_or_pandas() -> None:
    loaded = _modules_after("from asylum_explorer.cli.main import build_parser\n"
                            "build_parser()")
    for heavy in ("http.client", "asylum_explorer.core.download.downloader",
                  "pandas", "PySide6", "pyqtgraph", "asylum_explorer.core.table_export"):
        assert heavy not in loaded, f"{heavy} is imported just to parse the command line"


def test_the_download_package_still_offers_its_names() -> None:
    import asylum_explorer.core.download as download

    for name in download.__all__:
        assert getattr(download, name) is not None
    assert "download" in dir(download)
    with pytest.raises(AttributeError):
        download.no_such_name  # noqa: B018


@pytest.mark.gui
def test_the_window_modules_import_only_what_the_first_paint_needs() -> None:
    loaded = _modules_after("import asylum_explorer.qt.screenshot, asylum_explorer.qt.app\n"
                            "import asylum_explorer.qt.controller")
    for heavy in ("pandas", "http.client", "asylum_explorer.core.download.downloader",
                  "asylum_explorer.core.importer", "superqt", "qtpy"):
        assert heavy not in loaded, f"{heavy} is imported before the window is painted"
