"""Help ▸ About: what a user (or a bug report) needs to know about the app and the data."""

from __future__ import annotations

from importlib import metadata

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox

from asylum_explorer import __version__
from asylum_explorer.qt.widgets.about_dialog import AboutDialog


def _all_text(dialog: AboutDialog) -> str:
    return " ".join(label.text() for label in (dialog.title_label, dialog.app_label,
                                               dialog.data_label, dialog.versions_label))


def test_about_shows_app_data_provenance_licences_and_versions(qtbot) -> None:  # noqa: ANN001
    dialog = AboutDialog(data_release="2025.12.1", data_date="2026-11-20")
    qtbot.addWidget(dialog)
    text = _all_text(dialog)
    assert "Asylum Explorer" in text and f"Version {__version__}" in text
    assert "release 2025.12.1" in text and "imported 2026-11-20" in text
    assert "CC BY 4.0" in text and "UNHCR" in text
    assert 'href="https://www.unhcr.org/refugee-statistics/"' in text
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in text
    assert "MIT License" in text
    assert "not affiliated with UNHCR" in text
    for name, version in (("Qt", qVersion()), ("PySide6", pyside_version),
                          ("pyqtgraph", metadata.version("pyqtgraph"))):
        assert f"{name} {version}" in text
    for label in (dialog.app_label, dialog.data_label):
        assert label.openExternalLinks()  # a click opens the browser


def test_about_says_when_there_is_no_data(qtbot) -> None:  # noqa: ANN001
    dialog = AboutDialog(data_release=None, data_date=None)
    qtbot.addWidget(dialog)
    assert "No UNHCR data imported yet." in dialog.data_label.text()
    assert "CC BY 4.0" in dialog.data_label.text()  # the licence holds for what they import


def test_about_release_without_date(qtbot) -> None:  # noqa: ANN001
    dialog = AboutDialog(data_release="2025.12.1", data_date=None)
    qtbot.addWidget(dialog)
    assert "release 2025.12.1" in dialog.data_label.text()
    assert "imported" not in dialog.data_label.text()


def test_copy_version_info_puts_a_bug_report_block_on_the_clipboard(qtbot) -> None:  # noqa: ANN001
    dialog = AboutDialog(data_release="2025.12.1", data_date="2026-11-20")
    qtbot.addWidget(dialog)
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert copied.splitlines()[0] == f"Asylum Explorer {__version__}"
    assert "Data: UNHCR Refugee Data Finder, release 2025.12.1, imported 2026-11-20" in copied
    assert f"Qt {qVersion()}" in copied and "pyarrow " in copied
    assert dialog.copy_button.text() == "Copied"


def test_close_button_closes(qtbot) -> None:  # noqa: ANN001
    dialog = AboutDialog(data_release=None, data_date=None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    box = dialog.findChild(QDialogButtonBox)
    box.button(QDialogButtonBox.StandardButton.Close).click()
    assert not dialog.isVisible()
    assert dialog.result() == AboutDialog.DialogCode.Rejected
