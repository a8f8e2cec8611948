"""Shown at start when `check_store` finds damage: says what is wrong and lets the user
choose what happens next. It only returns the choice; the window acts on it.

    health = check_store(store)
    if not health.ok:
        choice = DamagedStoreDialog(health, window).choice()
        if choice is StoreChoice.REIMPORT: ...   # open "Import files…"
        elif choice is StoreChoice.REDOWNLOAD: ...
        elif choice is StoreChoice.CONTINUE: ...  # load only health.intact
        else: ...                                 # StoreChoice.QUIT
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from asylum_explorer.core.store_health import StoreHealth


class StoreChoice(Enum):
    REIMPORT = "reimport"
    REDOWNLOAD = "redownload"
    CONTINUE = "continue"
    QUIT = "quit"


class DamagedStoreDialog(QDialog):
    def __init__(self, health: StoreHealth, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Asylum Explorer — damaged data store")
        self.setObjectName("damagedStoreDialog")
        self.health = health
        # Esc or the window's close button: carry on with what is intact, if anything is.
        self._choice = StoreChoice.CONTINUE if health.can_continue else StoreChoice.QUIT

        # Here, not at the top: the controller imports this module at every start, and the
        # first use of QStyle makes PySide6 create its ~20 enums (~10 ms).
        from PySide6.QtWidgets import QStyle

        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
                       .pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.summary_label = QLabel(self._headline())
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label.setMinimumWidth(440)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addWidget(self.summary_label, 1)

        self.problems_view = QPlainTextEdit("\n".join(health.lines()))
        self.problems_view.setReadOnly(True)
        self.problems_view.setMaximumHeight(120)

        self.buttons = QDialogButtonBox()
        self._button("Re-import files…", StoreChoice.REIMPORT,
                     "Choose the UNHCR files again; the damaged datasets are replaced")
        self._button("Re-download", StoreChoice.REDOWNLOAD,
                     "Download the data again from UNHCR (needs the internet)")
        if health.can_continue:
            default = self._button("Continue with the intact datasets", StoreChoice.CONTINUE,
                                   "Open " + ", ".join(health.intact) + "; repair the rest "
                                   "later from the File menu")
        else:
            default = self._button("Quit", StoreChoice.QUIT, "Close Asylum Explorer")
        default.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.problems_view)
        layout.addWidget(self.buttons)

    def _headline(self) -> str:
        text = self.health.summary()
        if self.health.can_continue:
            text += f" Intact: {', '.join(self.health.intact)}."
        return text + " Nothing has been changed or deleted."

    def _button(self, text: str, choice: StoreChoice, tip: str) -> QPushButton:
        button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.setObjectName(f"choice_{choice.value}")
        button.setToolTip(tip)
        button.clicked.connect(lambda: self._choose(choice))
        return button

    def _choose(self, choice: StoreChoice) -> None:
        self._choice = choice
        self.accept()

    def button(self, choice: StoreChoice) -> QPushButton | None:
        return self.findChild(QPushButton, f"choice_{choice.value}")

    @property
    def chosen(self) -> StoreChoice:
        return self._choice

    def choice(self) -> StoreChoice:
        """Show the dialog modally and return what the user chose."""
        self.exec()
        return self._choice
