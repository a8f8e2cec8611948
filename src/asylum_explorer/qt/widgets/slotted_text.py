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

from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QWidget

_PREFIX = "slot"


@dataclass(frozen=True)
class SlottedHtml:
    html: str  # with the slots marked by named anchors
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
        if text != " ".join(text.split()):
            # HTML collapses this white space; the document would not hold the text as
            # written, so it cannot be replaced in place: part of the shape.
            self.raw(escape(text))
            return
        # A named anchor (no href) marks the text in the document and changes nothing
        # in how it looks.
        anchor = f"<a name='{_PREFIX}{len(self._slots)}'>"
        self._html.append(f"{anchor}{escape(text)}</a>")
        self._shape.append(f"{anchor}</a>")
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
        self._slots: tuple[str | None, ...] = ()  # None: not written yet
        self._ranges: list[tuple[int, int, QTextCharFormat]] = []  # start, length, format

    def set_slotted(self, content: SlottedHtml) -> None:
        """Show `content`: its slots' new texts when its shape is the one shown, else the
        whole HTML anew."""
        if content.shape == self._shape and len(self._ranges) == len(content.slots):
            self._replace_slots(content.slots)
            return
        self.set_plain_html(content.html)
        self._ranges = _find_slots(self.document(), content.slots)
        if len(self._ranges) != len(content.slots):
            self.set_plain_html(content.plain)  # not found as written: no slots, no marks
            return
        # The marks split each slot's first character from the rest, which stops kerning
        # there: write every slot once more without them, as each later row will be.
        self._shape, self._slots = content.shape, (None,) * len(content.slots)
        self._replace_slots(content.slots)

    def set_plain_html(self, html: str) -> None:
        """HTML without slots (the next `set_slotted` builds its document anew)."""
        self._shape, self._slots, self._ranges = None, (), []
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
                start, length, fmt = self._ranges[i]
                start += shift
                if new != old:
                    edit.setPosition(start)
                    edit.setPosition(start + length, QTextCursor.MoveMode.KeepAnchor)
                    edit.insertText(new, fmt)
                    new_length = _utf16_length(new)
                    shift += new_length - length
                    length = new_length
                self._ranges[i] = (start, length, fmt)
        except BaseException:
            self._shape = None  # places unknown now: the next text builds anew
            raise
        finally:
            edit.endEditBlock()
        self._slots = slots


def _find_slots(document, slots: tuple[str, ...]  # noqa: ANN001
                ) -> list[tuple[int, int, QTextCharFormat]]:
    """Each slot's place (start, length) and character format, in slot order; fewer than
    there are slots when one was not found as written (the caller then rebuilds every
    time, as plain `setHtml` would).

    Qt keeps an anchor's name on its first character only: the name gives where a slot
    starts, its text how long it is (checked against the document's text)."""
    starts: dict[int, tuple[int, QTextCharFormat]] = {}
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            names = [n for n in fmt.anchorNames() if n.startswith(_PREFIX)]
            if names:
                starts[int(names[0][len(_PREFIX):])] = (fragment.position(), fmt)
            it += 1
        block = block.next()
    found = []
    for i, text in enumerate(slots):
        if i not in starts:
            break
        start, fmt = starts[i]
        block = document.findBlock(start)
        local = start - block.position()  # in UTF-16 code units, as Qt counts
        units = block.text().encode("utf-16-le")[2 * local:]
        if units[:2 * _utf16_length(text)].decode("utf-16-le", "replace") != text:
            break  # not in the document as written
        plain = QTextCharFormat(fmt)  # the slot's look without the marking anchor
        plain.setAnchor(False)
        plain.setAnchorNames([])
        found.append((start, _utf16_length(text), plain))
    return found


def _utf16_length(text: str) -> int:
    """A document counts positions in UTF-16 code units (a non-BMP character is two)."""
    return len(text.encode("utf-16-le")) // 2
