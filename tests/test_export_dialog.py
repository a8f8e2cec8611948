"""The chart export dialog as a user drives it: size, title, preview, folder memory."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage

from asylum_explorer.core.chart_data import ChartData, Series
from asylum_explorer.core.store import Store
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
    dialog.save_button.click()  # renders, then encodes the PNG in a Worker
    qtbot.waitUntil(lambda: dialog.saved_path is not None, timeout=20_000)
    assert dialog.saved_path == out / "chart.png"
    assert dialog.result() == dialog.DialogCode.Accepted
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


def _big_table(n: int):  # noqa: ANN202
    from asylum_explorer.core.table import CodedColumn, Table

    i = np.arange(n)
    names = np.array(["=cmd()", "Germany", "Sweden"], dtype=object)  # sorted categories
    return Table({"year": i % 26 + 2000,
                  "coa_name": CodedColumn((np.array([1, 0, 2])[i % 3]).astype(np.int32),
                                          names),
                  "dec_level": CodedColumn((1 - i % 2).astype(np.int32),
                                           np.array(["AR", "FI"], dtype=object)),
                  "dec_total": np.where(i % 5 == 0, -5.0, 7.0)})


def test_table_export_runs_in_a_worker_and_reports_the_file(qtbot, tmp_path: Path) -> None:
    from asylum_explorer.qt.export.table_export_dialog import start_table_export

    table = _big_table(30_000)
    rows = np.arange(len(table))[::-1]  # the view's order
    done: list[Path] = []
    worker = start_table_export(None, table, rows, ["year", "coa_name", "dec_level",
                                                    "dec_total"], tmp_path / "rows.csv",
                                notes=["Source: test"], on_done=done.append,
                                in_worker_rows=1000)
    assert worker is not None
    qtbot.waitUntil(lambda: bool(done), timeout=30_000)
    lines = done[0].read_text(encoding="utf-8").splitlines()
    assert lines[0] == "year,coa_name,dec_level,dec_level_label,dec_total"
    assert len(lines) == 30_001
    assert lines[2].split(",")[1] == "'=cmd()"  # row 29998 (29998 % 3 == 1)
    assert lines[1].endswith(",7") and any(line.endswith(",-5") for line in lines[1:7])
    assert settings.last_folder() == tmp_path


def test_small_table_export_is_immediate_and_xlsx(qtbot, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from asylum_explorer.qt.export.table_export_dialog import start_table_export

    table = _big_table(10)
    done: list[Path] = []
    worker = start_table_export(None, table, np.array([1, 0]), ["coa_name", "dec_total"],
                                tmp_path / "rows.xlsx", on_done=done.append)
    assert worker is None and done == [tmp_path / "rows.xlsx"]
    ws = load_workbook(done[0]).active
    assert list(ws.iter_rows(values_only=True)) == [("coa_name", "dec_total"),
                                                     ("'=cmd()", 7), ("Germany", -5)]


def test_too_many_rows_for_excel_offers_csv(qtbot, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from asylum_explorer.qt.export import table_export_dialog as ted

    monkeypatch.setattr(ted, "XLSX_MAX_ROWS", 100)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(tmp_path / "rows.xlsx"), "")))
    asked: list[str] = []

    def question(parent, title, text, buttons):  # noqa: ANN001, ANN202
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    assert ted.choose_table_path(None, 100) == tmp_path / "rows.csv"
    assert "do not fit in an Excel sheet" in asked[0] and "CSV" in asked[0]
    assert ted.choose_table_path(None, 99) == tmp_path / "rows.xlsx"  # fits: no question
    assert len(asked) == 1
    monkeypatch.setattr(ted, "XLSX_MAX_ROWS", 1_048_576)
    monkeypatch.setattr(ted, "SLOW_XLSX_ROWS", 50)
    assert ted.choose_table_path(None, 99) == tmp_path / "rows.csv"  # slow: CSV offered
    assert "takes minutes" in asked[1]


def test_dialog_with_the_real_chart_view_saves_svg_and_the_numbers(
        qtbot, tmp_path: Path, small_store_path: Path) -> None:
    import xml.etree.ElementTree as ET

    from asylum_explorer.core.chart_build import build_chart
    from asylum_explorer.core.dataset import country_index, load_dataset
    from asylum_explorer.core.query import Filter
    from asylum_explorer.core.store import Store

    store = Store(small_store_path)
    ds = load_dataset(store, "decisions")
    data = build_chart(ds, Filter(asylums=frozenset({"DEU"})), "decisions",
                       countries=country_index(store, [ds]))
    dialog = ExportChartDialog(data)  # the default factory: the window's ChartView
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("svg"))
    dialog.title_edit.setText("Edited title")
    dialog.update_preview()
    svg = dialog.save_to(tmp_path / "c.svg")
    text = " ".join(ET.parse(svg).getroot().itertext())
    assert "Edited title" in text and data.title not in text
    assert data.y_label in text and data.x_label in text
    assert "data release test" in text
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("csv"))
    assert not dialog.size_stack.isEnabled()
    numbers = dialog.save_to(tmp_path / "c.csv").read_text(encoding="utf-8").splitlines()
    assert numbers[0].startswith("year,Recognized (Convention status)")
    assert numbers[1].startswith("2015,105,")


def test_shrinking_a_chart_view_keeps_it_inside_the_picture(qtbot,
                                                            small_store_path: Path) -> None:
    """A ChartView re-wraps its texts on resize; the exporter re-lays it out to fit."""
    from asylum_explorer.core.chart_build import build_chart
    from asylum_explorer.core.dataset import country_index, load_dataset
    from asylum_explorer.core.query import Filter
    from asylum_explorer.qt.charts.render import make_chart_view
    from asylum_explorer.qt.export.chart_export import lay_out

    store = Store(small_store_path)
    ds = load_dataset(store, "decisions")
    data = build_chart(ds, Filter(), "rates", countries=country_index(store, [ds]))
    view = make_chart_view(data, 1100, 650)
    qtbot.addWidget(view)
    lay_out(view, 560, 380)
    assert view.ci.geometry().width() == 560  # not the wider width of the old texts
    assert view.plot.sceneBoundingRect().right() <= 560


def test_export_is_light_under_a_dark_desktop_theme(qtbot, tmp_path: Path,
                                                    small_store_path: Path) -> None:
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    from asylum_explorer.core.chart_build import build_chart
    from asylum_explorer.core.dataset import country_index, load_dataset
    from asylum_explorer.core.query import Filter
    from asylum_explorer.qt.export.chart_export import ExportSize, export_chart

    store = Store(small_store_path)
    ds = load_dataset(store, "decisions")
    data = build_chart(ds, Filter(), "trend", countries=country_index(store, [ds]))
    app = QApplication.instance()
    old = app.palette()
    dark = QPalette()
    for role, color in ((QPalette.ColorRole.Window, "#202020"),
                        (QPalette.ColorRole.Base, "#202020"),
                        (QPalette.ColorRole.WindowText, "#f0f0f0"),
                        (QPalette.ColorRole.Text, "#f0f0f0")):
        dark.setColor(role, QColor(color))
    app.setPalette(dark)
    try:
        path = export_chart(data, tmp_path / "c.png", ExportSize(800, 500, 1.0))
    finally:
        app.setPalette(old)
    image = QImage(str(path))
    assert image.pixelColor(2, 2).name() == "#ffffff"
    assert image.pixelColor(799, 499).name() == "#ffffff"
    title_band = [image.pixelColor(x, y).lightness() for x in range(10, 400)
                  for y in range(5, 35)]
    assert min(title_band) < 100  # dark title text on the light background


def test_cancelled_table_export_leaves_no_file(qtbot, tmp_path: Path) -> None:
    from asylum_explorer.qt.export.table_export_dialog import start_table_export

    table = _big_table(200_000)
    done: list[Path] = []
    worker = start_table_export(None, table, np.arange(len(table)), ["year", "coa_name"],
                                tmp_path / "rows.csv", on_done=done.append,
                                in_worker_rows=1)
    with qtbot.waitSignal(worker.signals.cancelled, timeout=30_000):
        worker.cancel()
    assert not done and not list(tmp_path.glob("*rows.csv*"))


def test_failed_background_save_shows_one_message(qtbot, tmp_path: Path,
                                                  monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda parent, title, text: shown.append(text)))
    dialog = ExportChartDialog(DATA, view_factory=simple_view)
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("png"))
    dialog.save_in_background(tmp_path / "no-such-folder" / "c.png")
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert "cannot write" in shown[0] and dialog.saved_path is None
    assert dialog.save_button.isEnabled()
