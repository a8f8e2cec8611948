"""A text browser that takes new texts into the document it has, when only texts change.

The detail pane shows every row in the same rich-text layout: a row of the same dataset
has the same labels, table and sections; only the title, values, meanings, context and
provenance lines differ. `setHtml` parses the HTML and builds a new document each time
(about half of the text's cost of a selection). Here the HTML marks its changing texts
as *slots*; when the next HTML has the same *shape* (the HTML without the slots' texts),
only the slots that changed are replaced in the document, in one edit (one layout).
The result is the same document as `setHtml` of the new HTML (a test compares pixels).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

_MARK = "\ue000"  # a private-use character: marks where each slot starts


@dataclass(frozen=True)
class SlottedHtml:
    html: str  # with a mark before each slot (never shown)
    shape: str  # the HTML without the slots' texts: equal shapes, equal layouts
    slots: tuple[str, ...]
    plain: str  # the HTML without the marks: what the document shows


@dataclass
class SlottedHtmlBuilder:
    """Builds a `SlottedHtml`: `raw` for markup, `text` for a changing text."""

    _html: list[str] = field(default_factory=list)
    _shape: list[str] = field(default_factory=list)
    _slots: list[str] = field(default_factory=list)
    _plain: list[str] = field(default_factory=list)

    def raw(self, markup: str) -> None:
        self._html.append(markup)
        self._shape.append(markup)
        self._plain.append(markup)

    def text(self, text: str) -> None:
        if not text:  # an empty text has no place in the document: part of the shape
            self._shape.append("<!--empty-->")
            return
        if text != " ".join(text.split()) or _MARK in text:
            # HTML collapses this white space (or the text holds the mark): the document
            # would not hold it as written, so it cannot be replaced in place.
            self.raw(escape(text))
            return
        self._html.append(_MARK + escape(text))
        self._shape.append(_MARK)
        self._plain.append(escape(text))
        self._slots.append(text)

    def build(self) -> SlottedHtml:
        return SlottedHtml("".join(self._html), "".join(self._shape), tuple(self._slots),
                           "".join(self._plain))


class SlottedTextBrowser(QTextBrowser):
    """A QTextBrowser (selection, copy, links, accessibility as ever) that shows
    `SlottedHtml` and updates a document of the same shape in place."""

    def __init__(self, parent: QWidget | None = None, **kwargs: object) -> None:
        super().__init__(parent, **kwargs)
        self.document().setUndoRedoEnabled(False)  # read-only: edits need no history
        self._shape: str | None = None
        self._slots: tuple[str, ...] = ()
        self._starts: list[int] = []  # where each slot starts (its text gives its length)

    def set_slotted(self, content: SlottedHtml) -> None:
        """Show `content`: its slots' new texts when its shape is the one shown, else the
        whole HTML anew."""
        if content.shape == self._shape and len(self._starts) == len(content.slots):
            self._replace_slots(content.slots)
            return
        # The document shown is `setHtml` of the HTML without marks; the marked HTML goes
        # into a document that is never laid out (~half the cost of setHtml), only to
        # read where the slots start.
        self.set_plain_html(content.plain)
        marked = QTextDocument()
        marked.setHtml(content.html)
        starts = _find_slots(marked.toPlainText(), self.document(), content.slots)
        if len(starts) == len(content.slots):  # else: rebuilt every time, as setHtml
            self._shape, self._slots, self._starts = content.shape, content.slots, starts

    def set_plain_html(self, html: str) -> None:
        """HTML without slots (the next `set_slotted` builds its document anew)."""
        self._shape, self._slots, self._starts = None, (), []
        self.setHtml(html)

    def _replace_slots(self, slots: tuple[str, ...]) -> None:
        # A selection made in the old texts would now cover other words.
        cursor = self.textCursor()
        if cursor.hasSelection():
            cursor.clearSelection()
            self.setTextCursor(cursor)
        edit = QTextCursor(self.document())
        edit.beginEditBlock()
        shift = 0  # how far the texts replaced so far moved the later ones
        try:
            for i, (new, old) in enumerate(zip(slots, self._slots, strict=True)):
                start = self._starts[i] = self._starts[i] + shift
                if new != old:
                    edit.setPosition(start)
                    edit.setPosition(start + _utf16_length(old),
                                     QTextCursor.MoveMode.KeepAnchor)
                    # In the slot's own format: that of its last character (the one
                    # before the cursor).
                    edit.insertText(new)
                    shift += _utf16_length(new) - _utf16_length(old)
        except BaseException:
            self._shape = None  # places unknown now: the next text builds anew
            raise
        finally:
            edit.endEditBlock()
        self._slots = slots


def _find_slots(marked_text: str, shown: QTextDocument, slots: tuple[str, ...]
                ) -> list[int]:
    """Where each slot starts in `shown`, in slot order; fewer than there are slots when
    one was not found as written.

    `marked_text` is the plain text of the same document with a mark before each slot
    (one position per character, as in the document): a slot starts where its mark is,
    less the marks before it. Each slot is checked against the shown document's text."""
    indexes = []
    i = marked_text.find(_MARK)
    while i >= 0:
        indexes.append(i)
        i = marked_text.find(_MARK, i + 1)
    if _utf16_length(marked_text) == len(marked_text):
        starts = [i - n for n, i in enumerate(indexes)]
    else:  # Qt counts a character outside the BMP as two positions
        starts = [_utf16_length(marked_text[:i]) - n for n, i in enumerate(indexes)]
    found = []
    for start, text in zip(starts, slots, strict=False):
        block = shown.findBlock(start)
        local = start - block.position()
        units = block.text().encode("utf-16-le")[2 * local:]
        if units[:2 * _utf16_length(text)].decode("utf-16-le", "replace") != text:
            break  # not in the document as written
        found.append(start)
    return found


def _utf16_length(text: str) -> int:
    """A document counts positions in UTF-16 code units (a non-BMP character is two)."""
    return len(text.encode("utf-16-le")) // 2
