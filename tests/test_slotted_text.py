"""SlottedTextBrowser: a new text of the same layout shows exactly what setHtml shows."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QTextBrowser  # noqa: E402

from asylum_explorer.qt.widgets.slotted_text import (  # noqa: E402
    SlottedHtml,
    SlottedHtmlBuilder,
    SlottedTextBrowser,
)

pytestmark = pytest.mark.gui


def _detail(title: str, fields: list[tuple[str, str, str]], notes: list[str] = ()
            ) -> SlottedHtml:
    """A detail-like text: a title, a table of label / value (+ meaning), notes."""
    out = SlottedHtmlBuilder()
    out.raw("<h3>")
    out.text(title)
    out.raw("</h3><table cellspacing='0' cellpadding='2'>")
    for label, value, meaning in fields:
        out.raw(f"<tr><td valign='top'><b>{label}</b></td><td valign='top'>")
        out.text(value)
        if meaning:
            out.raw("<br><span style='color:gray;font-size:small'>")
            out.text(meaning)
            out.raw("</span>")
        out.raw("</td></tr>")
    out.raw("</table>")
    for note in notes:
        out.raw("<p>")
        out.text(note)
        out.raw("</p>")
    return out.build()


def _syria(rejected: str) -> SlottedHtml:
    return _detail("Syrian Arab Rep. → Türkiye, 2001", [("Year", "2001", ""),
                   ("Origin", "Syrian Arab Rep.", "ISO3 SYR, Middle East and North Africa"),
                   ("Rejected", rejected, "")], ["Rank 1 of 3 origins."])


ROWS = [
    _detail("Afghanistan → Germany, 2016", [("Year", "2016", ""),
            ("Origin", "Afghanistan", "ISO3 AFG, Asia and the Pacific"),
            ("Rejected", "68,245", "")], ["Rank 2 of 117 origins <in Germany> & more."]),
    # Longer and shorter texts everywhere: every later text moves.
    _syria(rejected="5"),
    # The same texts but one: only that one is written.
    _syria(rejected="1,204,337"),
    # Characters outside the BMP count twice in the document's positions.
    _detail("Côte d'Ivoire → 𝔘nknown, 1999", [("Year", "1999", ""),
            ("Origin", "Côte d'Ivoire 𝔘", "ISO3 CIV, 𝔚est and Central Africa"),
            ("Rejected", "0", "")], ["Rank 9 of 9 origins."]),
    # Another shape: a meaning less, a note more.
    _detail("Iraq → Sweden, 2007", [("Year", "2007", ""), ("Origin", "Iraq", ""),
            ("Rejected", "7", "")], ["Rank 1 of 40 origins.", "A footnote."]),
    # White space that HTML collapses: such a text cannot be found as written.
    _detail("Iraq  →  Sweden,\n2008", [("Year", "2008", ""), ("Origin", "Iraq", ""),
            ("Rejected", "9", "")], ["Rank 1 of 41 origins.", "A footnote."]),
    _detail("Iraq → Sweden, 2009", [("Year", "2009", ""), ("Origin", "Iraq", ""),
            ("Rejected", "11", "")], ["Rank 1 of 42 origins.", "A footnote."]),
]


def _browser(cls: type) -> QTextBrowser:
    browser = cls()
    browser.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    browser.resize(320, 400)
    browser.show()
    return browser


def test_each_text_looks_exactly_as_setHtml_of_its_html(qtbot) -> None:
    """Pixel for pixel, and the same text, after every kind of change in a row."""
    ours, reference = _browser(SlottedTextBrowser), _browser(QTextBrowser)
    qtbot.addWidget(ours)
    qtbot.addWidget(reference)
    for content in ROWS:
        ours.set_slotted(content)
        reference.setHtml(content.plain)
        assert ours.toPlainText() == reference.toPlainText()
        assert ours.viewport().grab().toImage() == reference.viewport().grab().toImage()


def test_a_text_of_the_same_shape_replaces_only_its_texts(qtbot) -> None:
    browser = _browser(SlottedTextBrowser)
    qtbot.addWidget(browser)
    browser.set_slotted(ROWS[1])
    changes = []
    browser.document().contentsChange.connect(lambda *c: changes.append(c))
    browser.set_slotted(ROWS[2])  # only "Rejected" changed: "5" -> "1,204,337"
    position = browser.toPlainText().index("1,204,337")
    assert changes == [(position, 1, len("1,204,337"))]
    browser.set_slotted(ROWS[0])
    assert "Afghanistan" in browser.toPlainText()
    assert "Syrian" not in browser.toPlainText()
    assert "Rank 2 of 117 origins <in Germany> & more." in browser.toPlainText()


def test_a_new_text_clears_a_selection_made_in_the_old_one(qtbot) -> None:
    browser = _browser(SlottedTextBrowser)
    qtbot.addWidget(browser)
    browser.set_slotted(ROWS[1])
    browser.selectAll()
    browser.set_slotted(ROWS[2])
    assert not browser.textCursor().hasSelection()


def test_texts_after_characters_outside_the_bmp_are_replaced_in_place(qtbot) -> None:
    """Qt counts such a character as two positions, Python as one: the meaning right after
    the value "Côte d'Ivoire 𝔘" (same cell) is found, and only it is replaced."""
    browser = _browser(SlottedTextBrowser)
    qtbot.addWidget(browser)
    browser.set_slotted(ROWS[3])
    new_meaning = "ISO3 CIV, West and Central Africa"
    after = _detail("Côte d'Ivoire → 𝔘nknown, 1999", [("Year", "1999", ""),
                    ("Origin", "Côte d'Ivoire 𝔘", new_meaning), ("Rejected", "0", "")],
                    ["Rank 9 of 9 origins."])
    changes = []
    browser.document().contentsChange.connect(lambda *c: changes.append(c))
    browser.set_slotted(after)
    text = browser.toPlainText()
    position = len(text[:text.index(new_meaning)].encode("utf-16-le")) // 2
    old_length = len("ISO3 CIV, 𝔚est and Central Africa".encode("utf-16-le")) // 2
    assert changes == [(position, old_length, len(new_meaning))]
    reference = _browser(QTextBrowser)
    qtbot.addWidget(reference)
    reference.setHtml(after.plain)
    assert text == reference.toPlainText()
    assert browser.viewport().grab().toImage() == reference.viewport().grab().toImage()
