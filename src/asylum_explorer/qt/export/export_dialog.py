"""The chart export dialog: format, size in pixels or print size, title, live preview.

    path = export_chart_interactive(window, chart_data)   # Path of the file, or None

The preview is the exported chart itself, drawn small from the same offscreen view the
file is written from, so what the user sees is what the file holds (text size included).
The dialog remembers the last folder and the size choices (qt/export/settings.py).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from asylum_explorer.core.chart_data import ChartData
from asylum_explorer.core.errors import UserError
from asylum_explorer.core.table_export import chart_sheet, write_sheet
from asylum_explorer.qt.export import settings
from asylum_explorer.qt.export.chart_export import (
    MAX_SIDE,
    ExportSize,
    copy_view,
    lay_out,
    render_image,
    save_png,
    write_view,
)
from asylum_explorer.qt.workers import Worker

ViewFactory = Callable[[ChartData, int, int], QGraphicsView]
FORMATS = (("PNG image", "png"), ("SVG vector image", "svg"), ("PDF document", "pdf"),
           ("Chart numbers, CSV", "csv"), ("Chart numbers, Excel workbook", "xlsx"))
DATA_FORMATS = ("csv", "xlsx")
PREVIEW = (520, 320)
MIN_LAYOUT = (320, 200)  # smaller layouts squeeze the chart's text and legend


def _default_factory(data: ChartData, width: int, height: int) -> QGraphicsView:
    from asylum_explorer.qt.charts.render import make_chart_view

    return make_chart_view(data, width, height)


def file_name_for(title: str, fmt: str) -> str:
    """A short, safe file name from the chart title."""
    stem = re.sub(r"[^\w]+", "-", title.split("—")[0].split(" - ")[0]).strip("-").lower()
    return f"{stem[:60] or 'chart'}.{fmt}"


class ExportChartDialog(QDialog):
    """Choose how to export one chart; `saved_path` is set after a successful save."""

    def __init__(self, data: ChartData, parent: QWidget | None = None,
                 view_factory: ViewFactory | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export chart")
        self._data = data
        self._factory = view_factory or _default_factory
        self._view: QGraphicsView | None = None
        self._view_title: str | None = None
        self.saved_path: Path | None = None
        self._worker: Worker | None = None
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.update_preview)
        self._build()
        self._restore()
        self._connect()
        self._sync_mode()
        self.update_preview()

    # -- widgets -----------------------------------------------------------------------
    def _build(self) -> None:
        self.format_box = QComboBox()
        for label, fmt in FORMATS:
            self.format_box.addItem(label, fmt)
        self.title_edit = QLineEdit(self._data.title)
        self.title_edit.setToolTip("The title printed on the exported chart")
        self.title_edit.setMinimumWidth(320)
        self.pixels_radio = QRadioButton("Pixels")
        self.print_radio = QRadioButton("Print size")
        mode = QHBoxLayout()
        mode.addWidget(self.pixels_radio)
        mode.addWidget(self.print_radio)
        mode.addStretch()

        self.width_px = self._spin(16, MAX_SIDE, " px")
        self.height_px = self._spin(16, MAX_SIDE, " px")
        self.scale_box = QDoubleSpinBox(minimum=0.0, maximum=8.0, singleStep=0.25,
                                        decimals=2, suffix=" ×")
        self.scale_box.setSpecialValueText("Auto")
        self.scale_box.setToolTip("How much bigger text and lines are drawn; Auto grows "
                                  "them with the image so that large images stay legible")
        pixels = QWidget()
        pform = QFormLayout(pixels)
        pform.setContentsMargins(0, 0, 0, 0)
        pform.addRow("Width:", self.width_px)
        pform.addRow("Height:", self.height_px)
        pform.addRow("Text scale:", self.scale_box)

        self.width_mm = self._dspin(10, 2000, " mm")
        self.height_mm = self._dspin(10, 2000, " mm")
        self.dpi_box = self._spin(30, 2400, " DPI")
        printed = QWidget()
        mform = QFormLayout(printed)
        mform.setContentsMargins(0, 0, 0, 0)
        mform.addRow("Width:", self.width_mm)
        mform.addRow("Height:", self.height_mm)
        mform.addRow("Resolution:", self.dpi_box)

        self.size_stack = QStackedWidget()
        self.size_stack.addWidget(pixels)
        self.size_stack.addWidget(printed)
        self.info_label = QLabel()
        self.info_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.preview = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(*PREVIEW)
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding,
                                   QSizePolicy.Policy.Expanding)
        self.preview.setStyleSheet("QLabel { background: palette(mid); }")
        self.preview.setAccessibleName("Preview of the exported chart")

        form = QFormLayout()
        form.addRow("Format:", self.format_box)
        form.addRow("Title:", self.title_edit)
        form.addRow("Size:", mode)
        form.addRow("", self.size_stack)
        form.addRow("", self.info_label)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = QPushButton("Save…")
        self.save_button.setDefault(True)
        self.copy_button = QPushButton("Copy to clipboard")
        self.copy_button.setToolTip("Copy the chart as an image at the chosen size")
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addLayout(form)
        top.addWidget(self.preview, 1)
        layout.addLayout(top)
        layout.addWidget(self.buttons)

    @staticmethod
    def _spin(low: int, high: int, suffix: str) -> QSpinBox:
        box = QSpinBox(minimum=low, maximum=high, suffix=suffix)
        box.setGroupSeparatorShown(True)
        box.setKeyboardTracking(False)
        return box

    @staticmethod
    def _dspin(low: float, high: float, suffix: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox(minimum=low, maximum=high, decimals=1, suffix=suffix)
        box.setKeyboardTracking(False)
        return box

    def _connect(self) -> None:
        for box in (self.width_px, self.height_px, self.scale_box, self.width_mm,
                    self.height_mm, self.dpi_box):
            box.valueChanged.connect(self._changed)
        self.title_edit.textChanged.connect(self._changed)
        self.pixels_radio.toggled.connect(self._sync_mode)
        self.format_box.currentIndexChanged.connect(self._changed)
        self.save_button.clicked.connect(self._save_clicked)
        self.copy_button.clicked.connect(self._copy_clicked)
        self.buttons.rejected.connect(self.reject)

    def _restore(self) -> None:
        fmt = settings.value("chart_format", "png")
        self.format_box.setCurrentIndex(max(0, self.format_box.findData(fmt)))
        self.width_px.setValue(settings.value("width_px", 1200))
        self.height_px.setValue(settings.value("height_px", 700))
        self.scale_box.setValue(settings.value("scale", 0.0))
        self.width_mm.setValue(settings.value("width_mm", 160.0))
        self.height_mm.setValue(settings.value("height_mm", 100.0))
        self.dpi_box.setValue(settings.value("dpi", 300))
        printed = settings.value("print_mode", False)
        (self.print_radio if printed else self.pixels_radio).setChecked(True)

    def _remember(self) -> None:
        for key, val in (("chart_format", self.fmt), ("width_px", self.width_px.value()),
                         ("height_px", self.height_px.value()),
                         ("scale", self.scale_box.value()),
                         ("width_mm", self.width_mm.value()),
                         ("height_mm", self.height_mm.value()),
                         ("dpi", self.dpi_box.value()),
                         ("print_mode", self.print_radio.isChecked())):
            settings.set_value(key, val)

    # -- state -------------------------------------------------------------------------
    @property
    def fmt(self) -> str:
        return str(self.format_box.currentData())

    @property
    def title(self) -> str:
        return self.title_edit.text().strip() or self._data.title

    def export_size(self) -> ExportSize:
        """The size the controls describe; raises UserError if it cannot be made."""
        if self.print_radio.isChecked():
            return ExportSize.physical(self.width_mm.value(), self.height_mm.value(),
                                       self.dpi_box.value())
        scale = self.scale_box.value() or None
        return ExportSize.pixels(self.width_px.value(), self.height_px.value(), scale)

    def chart_data(self) -> ChartData:
        return dataclasses.replace(self._data, title=self.title)

    def _sync_mode(self) -> None:
        self.size_stack.setCurrentIndex(1 if self.print_radio.isChecked() else 0)
        self._changed()

    def _changed(self) -> None:
        is_picture = self.fmt not in DATA_FORMATS
        for widget in (self.size_stack, self.pixels_radio, self.print_radio):
            widget.setEnabled(is_picture)
        self._timer.start()

    def _describe(self, size: ExportSize) -> str:
        if self.fmt in DATA_FORMATS:
            return ("The numbers drawn in the chart: one column per series, one row per "
                    "year or country")
        lw, lh = size.layout
        text = f"{size.width:,} × {size.height:,} px"
        if size.dpi:
            text += f" at {size.dpi:g} DPI"
        if self.fmt != "png":
            text += " (vector: sharp at any size)"
        if lw < MIN_LAYOUT[0] or lh < MIN_LAYOUT[1]:
            text += "\nText is large for this size: lower the scale or raise the size"
        return text

    # -- preview -----------------------------------------------------------------------
    def _chart_view(self, size: ExportSize) -> QGraphicsView:
        """The offscreen chart, rebuilt when the title changes, re-laid-out otherwise."""
        if self._view is not None and self._view_title != self.title \
                and hasattr(self._view, "set_data"):
            self._view.set_data(self.chart_data())  # a ChartView updates in place
            self._view_title = self.title
        if self._view is None or self._view_title != self.title:
            if self._view is not None:
                self._view.hide()
                self._view.deleteLater()
            self._view = self._factory(self.chart_data(), *size.layout)
            self._view_title = self.title
        lay_out(self._view, *size.layout)
        return self._view

    def update_preview(self) -> None:
        try:
            size = self.export_size()
        except UserError as exc:
            self.info_label.setText(str(exc))
            self.save_button.setEnabled(False)
            return
        self.save_button.setEnabled(True)
        self.info_label.setText(self._describe(size))
        lw, lh = size.layout
        dpr = self.preview.devicePixelRatioF()  # crisp on a HiDPI screen
        f = min(self.preview.width() / lw, self.preview.height() / lh)
        f = max(0.1, min(f, 2.0)) * dpr
        small = ExportSize(max(16, round(lw * f)), max(16, round(lh * f)), f)
        pixmap = QPixmap.fromImage(render_image(self._chart_view(size), small))
        pixmap.setDevicePixelRatio(dpr)
        self.preview.setPixmap(pixmap)

    # -- actions -----------------------------------------------------------------------
    def save_to(self, path: Path) -> Path:
        """Write the chart with the current settings; remembers the folder."""
        size = self.export_size()
        fmt = path.suffix.lower().lstrip(".") or self.fmt
        if not path.suffix:
            path = path.with_suffix(f".{fmt}")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if fmt in DATA_FORMATS:
                write_sheet(chart_sheet(self.chart_data()), path, fmt)
            else:
                write_view(self._chart_view(size), path, size, self.title, fmt)
        finally:
            QApplication.restoreOverrideCursor()
        settings.remember_folder(path)
        self._remember()
        self.saved_path = path
        return path

    def ask_path(self) -> Path | None:
        """The file the user picks (a method, so tests can answer it)."""
        label = dict((f, lbl) for lbl, f in FORMATS)[self.fmt]
        suggested = settings.last_folder() / file_name_for(self.title, self.fmt)
        name, _ = QFileDialog.getSaveFileName(self, "Export chart", str(suggested),
                                              f"{label} (*.{self.fmt})")
        return Path(name) if name else None

    def save_in_background(self, path: Path) -> Worker | None:
        """Save like `save_to`, but encode a PNG in a Worker (big PNGs take seconds).

        Painting the scene must stay on the GUI thread; compressing the pixels need not.
        Returns the worker, or None when the file was written at once (SVG, PDF, data).
        """
        if (path.suffix.lower().lstrip(".") or self.fmt) != "png":
            self.save_to(path)
            self.accept()
            return None
        path = path if path.suffix else path.with_suffix(".png")
        size = self.export_size()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            image = render_image(self._chart_view(size), size)
        finally:
            QApplication.restoreOverrideCursor()
        worker = Worker(save_png, image, path)
        self._worker = worker  # keep it (and its signals) alive while it runs
        for widget in (self.save_button, self.copy_button):
            widget.setEnabled(False)
        self.info_label.setText(f"Saving {path.name}…")

        def finished(_result: object) -> None:
            settings.remember_folder(path)
            self._remember()
            self.saved_path = path
            self.accept()

        def failed(message: str, _details: str) -> None:
            for widget in (self.save_button, self.copy_button):
                widget.setEnabled(True)
            self.info_label.setText(self._describe(size))
            QMessageBox.warning(self, "Export chart", message)

        worker.signals.finished.connect(finished)
        worker.signals.failed.connect(failed)
        QThreadPool.globalInstance().start(worker)
        return worker

    def _save_clicked(self) -> None:
        path = self.ask_path()
        if path is None:
            return
        try:
            self.save_in_background(path)
        except UserError as exc:
            QMessageBox.warning(self, "Export chart", str(exc))

    def _copy_clicked(self) -> None:
        try:
            size = self.export_size()
            copy_view(self._chart_view(size), size, self.title)
        except UserError as exc:
            QMessageBox.warning(self, "Copy chart", str(exc))
            return
        self._remember()
        self.info_label.setText(self._describe(size) + "\nCopied to the clipboard")

    def done(self, result: int) -> None:
        if self._view is not None:
            self._view.hide()
            self._view.deleteLater()
            self._view = None
        super().done(result)


def export_chart_interactive(parent: QWidget | None, data: ChartData,
                             view_factory: ViewFactory | None = None) -> Path | None:
    """Show the export dialog; the written file's path, or None if cancelled."""
    dialog = ExportChartDialog(data, parent, view_factory)
    try:
        dialog.exec()
        return dialog.saved_path
    finally:
        dialog.deleteLater()
