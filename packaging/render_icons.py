"""Render resources/icons/asylum-explorer*.svg to the PNG sizes desktops and bundles need.

    .venv/bin/python packaging/render_icons.py

The PNGs are committed (the app and the bundle never need to render SVG at start-up); run
this again after editing the SVG. tests/test_packaging.py checks that they are up to date
in size and presence.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "asylum-explorer.svg"
# Below 24 px the full drawing turns to mush: a simpler, pixel-aligned variant is used.
SMALL_SVG = ICONS / "asylum-explorer-small.svg"
SMALL_BELOW = 24
SIZES = (16, 32, 48, 64, 128, 256, 512)


def png_path(size: int) -> Path:
    return ICONS / f"asylum-explorer-{size}.png"


def render(size: int) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    svg = SMALL_SVG if size < SMALL_BELOW else SVG
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    # ARGB32 (not premultiplied) writes a plain RGBA PNG every viewer reads the same way.
    if not image.convertToFormat(QImage.Format.Format_ARGB32).save(str(png_path(size))):
        raise SystemExit(f"could not write {png_path(size)}")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for size in SIZES:
        render(size)
        print(png_path(size).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
