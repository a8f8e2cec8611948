"""`asylum-explorer --screenshot`: a real process writes a 1400×900 picture of the window."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

pytestmark = pytest.mark.gui


def _distinct_colours(image: QImage) -> int:
    step = 37
    return len({image.pixel(x, y) for x in range(0, image.width(), step)
                for y in range(0, image.height(), step)})


def test_screenshot_writes_a_non_blank_png(small_store_path, tmp_path, qapp) -> None:
    out = tmp_path / "window.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-m", "asylum_explorer", "--store", str(small_store_path),
         "--screenshot", str(out), "--dataset", "decisions", "--origin", "Syria",
         "--from", "2015", "--to", "2016", "--select-row", "0"],
        capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1400, 900)
    assert _distinct_colours(image) > 10


def test_screenshot_rejects_an_unknown_country(small_store_path, tmp_path, qapp) -> None:
    from asylum_explorer.cli.main import main

    code = main(["--store", str(small_store_path), "--screenshot", str(tmp_path / "x.png"),
                 "--origin", "Atlantis"])
    assert code == 2
    assert not (tmp_path / "x.png").exists()
