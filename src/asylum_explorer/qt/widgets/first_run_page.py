"""What an empty store shows: what the data is, and the two ways to get it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

ABOUT_DATA = (
    "Asylum Explorer shows UNHCR's statistics on asylum applications, asylum decisions "
    "and refugee populations, by country of origin and country of asylum, year by year "
    "since 2000 for asylum and since 1951 for refugees. The data come from the UNHCR "
    "Refugee Data Finder (CC BY 4.0) and are kept in a local store on this computer, so "
    "everything works offline once they are here. Download them from UNHCR, or import "
    "CSV, ZIP or JSON files you exported from the Refugee Data Finder."
)


class FirstRunPage(QWidget):
    downloadRequested = Signal()
    importRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("<h2>No data yet</h2>")
        text = QLabel(ABOUT_DATA, wordWrap=True)
        self.store_label = QLabel(wordWrap=True)
        self.store_label.setStyleSheet("color: gray")
        self.download = QPushButton("Download from UNHCR")
        self.download.setDefault(True)
        self.download.clicked.connect(self.downloadRequested)
        self.import_ = QPushButton("Import files…")
        self.import_.clicked.connect(self.importRequested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.download)
        buttons.addWidget(self.import_)
        buttons.addStretch(1)
        column = QWidget()
        column.setMaximumWidth(560)  # a readable line length, centred below
        inner = QVBoxLayout(column)
        for w in (title, text, self.store_label):
            inner.addWidget(w)
        inner.addLayout(buttons)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(column, 3)
        centred.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(centred)
        layout.addStretch(2)

    def set_store(self, path: str) -> None:
        self.store_label.setText(f"Store: {path}")
