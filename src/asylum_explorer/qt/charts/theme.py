"""How charts look: light background, readable fonts, a colour-blind-safe palette.

Okabe & Ito's palette (2008) keeps series distinguishable for the common forms of colour
blindness; every line also gets its own symbol so charts survive greyscale printing.
Yellow is left out: it vanishes on white paper.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
           "#8C564B")
SYMBOLS = ("o", "s", "t", "d", "star", "t1", "p", "h")


@dataclass(frozen=True)
class Theme:
    background: str = "#ffffff"
    foreground: str = "#222222"  # text, axes
    muted: str = "#666666"  # source line, notes
    grid_alpha: float = 0.15
    highlight: str = "#5a5a5a"  # selected-year bands: neutral, so band colours keep their hue
    highlight_alpha: int = 30
    marker: str = "#444444"  # marked-year line
    hover: str = "#888888"
    font_family: str = ""  # "" = the platform's UI font
    title_pt: float = 12.5
    tick_pt: float = 9.5
    label_pt: float = 10.0
    legend_pt: float = 9.5
    source_pt: float = 8.5
    line_width: float = 2.0
    symbol_size: int = 6

    def font(self, points: float, bold: bool = False) -> QFont:
        font = QFont(self.font_family) if self.font_family else QFont()
        font.setPointSizeF(points)
        font.setBold(bold)
        return font

    def color(self, index: int) -> str:
        return PALETTE[index % len(PALETTE)]

    def symbol(self, index: int) -> str:
        return SYMBOLS[index % len(SYMBOLS)]

    def qcolor(self, hex_color: str, alpha: int = 255) -> QColor:
        c = QColor(hex_color)
        c.setAlpha(alpha)
        return c


LIGHT = Theme()
