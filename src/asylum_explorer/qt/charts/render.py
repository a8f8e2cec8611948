"""Offscreen chart pictures: the same ChartView the window shows, never shown on screen.

Used by the exporters (PNG/SVG/PDF) and the CLI `chart` command. A QApplication must
exist (`ensure_app()` makes one for scripts; the CLI runs with QT_QPA_PLATFORM=offscreen
when there is no display).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from asylum_explorer.core.chart_data import ChartData
from asylum_explorer.qt.charts.chart_view import ChartView
from asylum_explorer.qt.charts.theme import LIGHT, Theme


def ensure_app() -> QApplication:
    """The running QApplication, or a new one (for scripts and the CLI)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication([])
    return app  # type: ignore[return-value]


def make_chart_view(data: ChartData, width: int, height: int,
                    theme: Theme = LIGHT) -> ChartView:
    """A ChartView of exactly width × height logical pixels showing `data`, laid out and
    ready to render into any QPainter (image, SVG generator, PDF writer)."""
    ensure_app()
    view = ChartView(theme=theme)
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.resize(int(width), int(height))
    view.set_data(data)
    _settle(view)
    return view


def render_chart(data: ChartData, width: int, height: int, *, scale: float = 1.0,
                 theme: Theme = LIGHT) -> QImage:
    """The chart as an image of (width × scale) × (height × scale) pixels.

    `scale` renders at a higher resolution with the same layout (2.0 for print / HiDPI).
    """
    view = make_chart_view(data, width, height, theme)
    try:
        return render_view(view, scale=scale)
    finally:
        dispose_view(view)


def dispose_view(view: ChartView) -> None:
    """Close and delete an offscreen view now (not at interpreter exit, where the order
    in which Python and Qt free objects is not ours to choose)."""
    view.close()
    view.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def render_view(view: ChartView, *, scale: float = 1.0) -> QImage:
    """Paint a laid-out view's scene into a new image (background included)."""
    width, height = view.width(), view.height()
    image = QImage(round(width * scale), round(height * scale),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(1.0)
    image.fill(view.theme.qcolor(view.theme.background))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        view.scene().render(painter, QRectF(0, 0, image.width(), image.height()),
                            QRectF(0, 0, width, height))
    finally:
        painter.end()
    return image


def _settle(view: ChartView) -> None:
    """Let the layout place items at the final size (no window is ever shown)."""
    app = QApplication.instance()
    view.show()  # with WA_DontShowOnScreen: lays out, paints nothing on screen
    for _ in range(3):
        app.processEvents()
        view.ci.layout.activate()
    view.set_data(view.data)  # re-wrap title and re-place labels at the settled size
    app.processEvents()
