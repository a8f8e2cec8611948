"""Write a chart as PNG, SVG or PDF, or copy it to the clipboard.

The low-level functions take any pyqtgraph GraphicsView (a ChartView, a
GraphicsLayoutWidget) and draw its whole scene — title, axes, legend and source line are
items in that scene, so every file carries them. `export_chart` builds a fresh, light
chart from a `ChartData` at the asked size, so an export never depends on the size,
theme or screen of the window the user looks at.

Sizes: an `ExportSize` is the output in pixels plus a `scale` — how many output pixels
one layout pixel becomes. A 3000 px wide PNG at scale 3 is the 1000 px chart drawn three
times finer (text stays readable), not a 3000 px layout with tiny text. With a `dpi`, the
size comes from a physical size (`ExportSize.physical`) and the PNG records that DPI.
The image is made at exactly width × height pixels whatever the screen's
devicePixelRatio: we paint into our own QImage, never grab the screen.
"""

from __future__ import annotations

import dataclasses
import html
import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QMarginsF, QMimeData, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtWidgets import QApplication, QGraphicsView

from asylum_explorer.core.chart_data import ChartData
from asylum_explorer.core.errors import UserError
from asylum_explorer.qt.export import svg_fix

FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
BACKGROUND = QColor("white")
SCREEN_DPI = 96.0  # CSS pixel: what "px" means in SVG and how PDF pages are sized
MAX_SIDE = 20_000  # pixels; beyond this QImage allocation fails or takes gigabytes
MM_PER_INCH = 25.4
# PNG "quality" in Qt is zlib's level backwards: 70 → level 2. A chart is flat colours, so
# level 2 is within ~15% of the smallest file and encodes twice as fast as the default.
PNG_QUALITY = 70


@dataclass(frozen=True)
class ExportSize:
    """Output size in pixels; `scale` output pixels per layout pixel; optional DPI."""

    width: int
    height: int
    scale: float = 1.0
    dpi: float | None = None

    def __post_init__(self) -> None:
        if not (16 <= self.width <= MAX_SIDE and 16 <= self.height <= MAX_SIDE):
            raise UserError(f"chart size {self.width} × {self.height} px is out of range "
                            f"(16–{MAX_SIDE:,} px per side)")
        if not 0.1 <= self.scale <= 20:
            raise UserError(f"scale {self.scale} is out of range (0.1–20)")

    @property
    def layout(self) -> tuple[int, int]:
        """The size the chart is laid out at, in layout pixels."""
        return max(1, round(self.width / self.scale)), max(1, round(self.height / self.scale))

    @classmethod
    def pixels(cls, width: int, height: int, scale: float | None = None) -> ExportSize:
        """A pixel size; without a scale, big images get a proportionally bigger text."""
        return cls(width, height, auto_scale(width, height) if scale is None else scale)

    @classmethod
    def physical(cls, width_mm: float, height_mm: float, dpi: float) -> ExportSize:
        """A printed size at a resolution: text keeps its point size on paper."""
        if not 30 <= dpi <= 2400:
            raise UserError(f"{dpi:g} DPI is out of range (30–2400)")
        w = round(width_mm / MM_PER_INCH * dpi)
        h = round(height_mm / MM_PER_INCH * dpi)
        return cls(w, h, dpi / SCREEN_DPI, dpi)


def auto_scale(width: int, height: int) -> float:
    """Lay big images out at about 1000 px wide (600 high) so the text stays legible."""
    return max(1.0, round(min(width / 1000, height / 600), 2))


def format_of(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise UserError(f"{path}: unknown chart file type {suffix or '(none)'}; use "
                        f"{', '.join(FORMATS)}")
    return FORMATS[suffix]


# -- preparing a view ------------------------------------------------------------------
def lay_out(view: QGraphicsView, width: int, height: int) -> None:
    """Give an offscreen view its export size and let its layouts settle."""
    view.resize(width, height)
    if not view.isVisible():
        view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        view.show()
    for _ in range(3):  # layouts of nested graphics widgets settle over a few passes
        QApplication.sendPostedEvents()
        QApplication.processEvents()
    # A view whose resize re-wraps its texts (ChartView) got its central geometry from
    # the old, wider minimum sizes: set it again now that the texts fit the new width.
    central = getattr(view, "centralWidget", None)
    if central is not None and central.geometry().size() != QSizeF(width, height):
        central.setGeometry(QRectF(0, 0, width, height))
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def _source_rect(view: QGraphicsView) -> QRectF:
    return view.mapToScene(view.viewport().rect()).boundingRect()


class _ExportMode:
    """pyqtgraph items draw for export (vector symbols, no pixmap caches) inside `with`."""

    def __init__(self, view: QGraphicsView, painter: QPainter, scale: float) -> None:
        self._items = [i for i in view.scene().items() if hasattr(i, "setExportMode")]
        self._opts = {"antialias": True, "background": BACKGROUND, "painter": painter,
                      "resolutionScale": scale}

    def __enter__(self) -> None:
        for item in self._items:
            item.setExportMode(True, self._opts)

    def __exit__(self, *exc: object) -> None:
        for item in self._items:
            item.setExportMode(False)


class _ScaledPenPainter(QPainter):
    """A painter that widens cosmetic pens by `factor`.

    Cosmetic pens (pyqtgraph's default: "1 px whatever the zoom") ignore every transform,
    the image's devicePixelRatio included, so a 3000 px image drawn at scale 3 would get
    lines a third as thick as on screen. pyqtgraph items call setPen from Python, so this
    override sees their pens; Qt's own C++ items keep theirs (text has no pen width).
    """

    def __init__(self, device: QImage, factor: float) -> None:
        super().__init__(device)
        self._factor = factor

    def setPen(self, pen: object) -> None:  # noqa: N802 (Qt name)
        if isinstance(pen, QPen) and pen.isCosmetic() and pen.style() != Qt.PenStyle.NoPen:
            pen = QPen(pen)
            pen.setWidthF(max(pen.widthF(), 1.0) * self._factor)
        super().setPen(pen)


def _paint(view: QGraphicsView, painter: QPainter, target: QRectF, scale: float) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.fillRect(target, BACKGROUND)
    with _ExportMode(view, painter, scale):
        view.scene().render(painter, target, _source_rect(view))


# -- formats ---------------------------------------------------------------------------
def render_image(view: QGraphicsView, size: ExportSize) -> QImage:
    """The chart as an image of exactly size.width × size.height pixels.

    The scale goes into the image's devicePixelRatio, below the painter's world
    transform, so items that ignore transformations (the legend) and cosmetic pens grow
    with everything else, exactly as on a HiDPI screen.
    """
    lay_out(view, *size.layout)
    # Opaque RGB: the background is painted anyway, and an RGB PNG (no alpha channel)
    # encodes faster and smaller than an ARGB one.
    image = QImage(size.width, size.height, QImage.Format.Format_RGB32)
    if image.isNull():
        raise UserError(f"not enough memory for a {size.width} × {size.height} px image")
    image.fill(BACKGROUND)
    image.setDevicePixelRatio(size.scale)
    painter = _ScaledPenPainter(image, size.scale) if size.scale != 1 else QPainter(image)
    try:
        target = QRectF(0, 0, size.width / size.scale, size.height / size.scale)
        _paint(view, painter, target, 1.0)
    finally:
        painter.end()
    image.setDevicePixelRatio(1.0)  # a file or the clipboard gets plain pixels
    if size.dpi:
        per_metre = round(size.dpi / 0.0254)
        image.setDotsPerMeterX(per_metre)
        image.setDotsPerMeterY(per_metre)
    return image


def write_png(view: QGraphicsView, path: Path, size: ExportSize) -> None:
    save_png(render_image(view, size), path)


def save_png(image: QImage, path: Path, **_worker: object) -> Path:
    """Encode and write a rendered image (thread-safe: a Worker may run it)."""
    if BACKGROUND.alpha() == 255 and image.hasAlphaChannel():
        # Opaque: an RGB PNG. Saving premultiplied ARGB makes Qt unpremultiply every
        # pixel and zlib squeeze an alpha channel; at 3000 px that is ~30 % of the export.
        image = image.convertToFormat(QImage.Format.Format_RGB32)
    _atomic(path, lambda tmp: image.save(str(tmp), "PNG", PNG_QUALITY))
    return path


def svg_bytes(view: QGraphicsView, size: ExportSize, title: str = "") -> bytes:
    """Vector SVG through pyqtgraph's exporter (which adds the clipping Qt's lacks)."""
    from pyqtgraph.exporters import SVGExporter

    svg_fix.install()
    width, height = size.layout
    lay_out(view, width, height)
    exporter = SVGExporter(view.scene())
    exporter.params["background"] = BACKGROUND
    exporter.params.param("width").setValue(width, blockSignal=exporter.widthChanged)
    exporter.params.param("height").setValue(height, blockSignal=exporter.heightChanged)
    text = exporter.export(toBytes=True).decode("utf-8")
    # Give the file its size (the exporter writes only a viewBox) and the chart's title.
    text = re.sub(r"<svg ([^>]*?)viewBox ?=", lambda m: f'<svg {m.group(1)}width="'
                  f'{size.width}" height="{size.height}" viewBox=', text, count=1)
    text = text.replace("<title>pyqtgraph SVG export</title>",
                        f"<title>{html.escape(title or 'Chart')}</title>", 1)
    # A clip path's outline is geometry only; viewers without clipPath support (Qt's own
    # QSvgRenderer, so KDE and Qt apps) would otherwise stroke it as a black frame.
    text = re.sub(r"(<clipPath[^>]*>\s*<path )", r'\1stroke="none" ', text)
    text = text.replace("<desc>Generated with Qt and pyqtgraph</desc>",
                        "<desc>Asylum Explorer chart (Qt, pyqtgraph)</desc>", 1)
    return text.encode("utf-8")


def write_svg(view: QGraphicsView, path: Path, size: ExportSize, title: str = "") -> None:
    data = svg_bytes(view, size, title)
    _atomic(path, lambda tmp: tmp.write_bytes(data) > 0)


def write_pdf(view: QGraphicsView, path: Path, size: ExportSize, title: str = "") -> None:
    """A one-page vector PDF the size of the chart (size in px at the DPI, else 96 DPI)."""
    width, height = size.layout
    lay_out(view, width, height)
    dpi = size.dpi or SCREEN_DPI * size.scale
    page = QSizeF(size.width / dpi * 72, size.height / dpi * 72)  # points

    def write(tmp: Path) -> bool:
        pdf = QPdfWriter(str(tmp))
        pdf.setTitle(title)
        pdf.setCreator("Asylum Explorer")
        pdf.setResolution(int(SCREEN_DPI))
        pdf.setPageSize(QPageSize(page, QPageSize.Unit.Point, "chart",
                                  QPageSize.SizeMatchPolicy.ExactMatch))
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0))
        painter = QPainter()
        if not painter.begin(pdf):
            return False
        try:
            # Page in device units (1/96 in) vs the layout: one uniform scale.
            k = (page.width() / 72 * SCREEN_DPI) / width
            painter.scale(k, k)
            _paint(view, painter, QRectF(0, 0, width, height), 1.0)
        finally:
            painter.end()
        return True

    _atomic(path, write)


def write_view(view: QGraphicsView, path: str | Path, size: ExportSize, title: str = "",
               fmt: str | None = None) -> Path:
    """Write the view's chart in the format of `fmt` or the file's extension."""
    path = Path(path)
    fmt = fmt or format_of(path)
    if fmt == "png":
        write_png(view, path, size)
    elif fmt == "svg":
        write_svg(view, path, size, title)
    elif fmt == "pdf":
        write_pdf(view, path, size, title)
    else:
        raise UserError(f"unknown chart format {fmt!r}; use png, svg or pdf")
    return path


def copy_view(view: QGraphicsView, size: ExportSize, title: str = "") -> None:
    """Put the chart on the clipboard as an image (and as SVG for apps that take it)."""
    image = render_image(view, size)
    mime = QMimeData()
    mime.setImageData(image)
    mime.setData("image/svg+xml", QByteArray(svg_bytes(view, size, title)))
    QGuiApplication.clipboard().setMimeData(mime)


# -- from ChartData ----------------------------------------------------------------------
def chart_view(data: ChartData, size: ExportSize) -> QGraphicsView:
    """A fresh, light, offscreen chart for the data, laid out at the export size."""
    from asylum_explorer.qt.charts.render import make_chart_view

    width, height = size.layout
    view = make_chart_view(data, width, height)
    lay_out(view, width, height)
    return view


def export_chart(data: ChartData, path: str | Path, size: ExportSize,
                 title: str | None = None, fmt: str | None = None) -> Path:
    """Write a chart file; `title` replaces the chart's title (the dialog's edit)."""
    if title is not None:
        data = dataclasses.replace(data, title=title)
    view = chart_view(data, size)
    try:
        return write_view(view, path, size, data.title, fmt)
    finally:
        view.hide()  # not close(): pyqtgraph clears the scene and can crash
        view.deleteLater()


def copy_chart(data: ChartData, size: ExportSize, title: str | None = None) -> None:
    if title is not None:
        data = dataclasses.replace(data, title=title)
    view = chart_view(data, size)
    try:
        copy_view(view, size, data.title)
    finally:
        view.hide()  # not close(): pyqtgraph clears the scene and can crash
        view.deleteLater()


def _atomic(path: Path, write: object) -> None:
    import os
    import uuid

    tmp = path.with_name(f".{path.stem}.{uuid.uuid4().hex[:8]}{path.suffix}")
    try:
        if not write(tmp):  # type: ignore[operator]
            raise OSError(f"cannot write {tmp.name}")
        os.replace(tmp, path)
    except OSError as exc:
        raise UserError(f"cannot write {path} ({getattr(exc, 'strerror', None) or exc})") \
            from None
    finally:
        tmp.unlink(missing_ok=True)
