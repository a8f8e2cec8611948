"""The chart export dialog as a user drives it: size, title, preview, folder memory."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage

from asylum_explorer.core.chart_data import ChartData, Series
from asylum_explorer.qt.export import settings
from asylum_explorer.qt.export.export_dialog import ExportChartDialog, file_name_for

pytestmark = pytest.mark.gui

DATA = ChartData("trend", "Asylum decisions — origin: Syria — 2015–2017", "Year",
                 "Decisions (persons)",
                 (Series("Recognized", np.array([2015, 2016, 2017]),
                         np.array([100.0, 200.0, 150.0])),),
                 source="Source: UNHCR Refugee Data Finder, CC BY 4.0 — release test")


def simple_view(data: ChartData, width: int, height: int) -> pg.GraphicsLayoutWidget:
    """A stand-in chart view: title, one plot, source line (enough to test the dialog)."""
    w = pg.GraphicsLayoutWidget()
    w.setBackground("w")
    w.addLabel(data.title, row=0, col=0, color="k")
    plot = w.addPlot(row=1, col=0)
    for s in data.series:
        plot.plot(s.x, s.y, pen="b", symbol="o", name=s.name)
    w.addLabel(data.source, row=2, col=0, color="k")
    w.resize(width, height)
    return w


@pytest.fixture(autouse=True)
def temp_settings(tmp_path: Path):
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "settings"))
    settings.settings().clear()
    yield
    settings.settings().clear()


def test_dialog_saves_at_the_chosen_size_with_the_edited_title(qtbot, tmp_path: Path) -> None:
    dialog = ExportChartDialog(DATA, view_factory=simple_view)
    qtbot.addWidget(dialog)
    assert dialog.title_edit.text() == DATA.title
    assert dialog.preview.pixmap() is not None and not dialog.preview.pixmap().isNull()
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("png"))
    dialog.pixels_radio.setChecked(True)
    dialog.width_px.setValue(800)
    dialog.height_px.setValue(500)
    dialog.title_edit.setText("My title")
    out = tmp_path / "out"
    out.mkdir()
    dialog.ask_path = lambda: out / "chart.png"
    dialog.save_button.click()
    assert dialog.saved_path == out / "chart.png"
    image = QImage(str(dialog.saved_path))
    assert (image.width(), image.height()) == (800, 500)
    assert dialog.chart_data().title == "My title" and DATA.title != "My title"
    assert settings.last_folder() == out  # remembered for next time


def test_print_size_and_remembered_choices(qtbot, tmp_path: Path) -> None:
    dialog = ExportChartDialog(DATA, view_factory=simple_view)
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("pdf"))
    dialog.print_radio.setChecked(True)
    dialog.width_mm.setValue(120)
    dialog.height_mm.setValue(80)
    dialog.dpi_box.setValue(600)
    size = dialog.export_size()
    assert size.dpi == 600 and size.width == round(120 / 25.4 * 600)
    path = dialog.save_to(tmp_path / "c")  # no extension: the chosen format's
    assert path.suffix == ".pdf" and path.read_bytes().startswith(b"%PDF")
    again = ExportChartDialog(DATA, view_factory=simple_view)
    qtbot.addWidget(again)
    assert again.fmt == "pdf" and again.print_radio.isChecked()
    assert again.dpi_box.value() == 600 and again.width_mm.value() == 120


def test_preview_follows_the_aspect_ratio(qtbot) -> None:
    dialog = ExportChartDialog(DATA, view_factory=simple_view)
    qtbot.addWidget(dialog)
    dialog.pixels_radio.setChecked(True)
    dialog.width_px.setValue(1000)
    dialog.height_px.setValue(1000)
    dialog.update_preview()
    pix = dialog.preview.pixmap()
    assert abs(pix.width() - pix.height()) <= 2


def test_file_name_from_title() -> None:
    assert file_name_for(DATA.title, "svg") == "asylum-decisions.svg"
    assert file_name_for("", "png") == "chart.png"
