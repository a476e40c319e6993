"""Rich text fields whose content maps one to one onto the Inline spans of FORMAT.md.

Each block of the QTextDocument is one Inline (a paragraph, a bullet, a heading). A
fragment's format gives its marks (italic, bold, underline, superscript, subscript) or
makes it a link; a note is a single object character (U+FFFC) drawn as its superscript
number, so it can be neither half-deleted nor typed into. Paste keeps only what a span
can say: our own clipboard format keeps marks and notes, anything else becomes plain text
cleaned of control characters.
"""

from __future__ import annotations

import itertools
import json
import logging
import unicodedata
from collections.abc import Callable

from PySide6.QtCore import QEvent, QMimeData, QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDrag,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QPyTextObject,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextListFormat,
)
from PySide6.QtWidgets import QApplication, QFrame, QSizePolicy, QTextEdit, QToolTip, QWidget

from brief_editor.model import (
    FORMAT_NAME,
    FORMAT_VERSION,
    BriefFormatError,
    Inline,
    Link,
    NarrativeSection,
    Note,
    Span,
    Styled,
    inline_raw,
    inline_text,
    parse,
)
from brief_editor.model.inline import MARKS, merge_spans
from brief_editor.ui.widgets import is_undo_shortcut_override

log = logging.getLogger(__name__)

NOTE_OBJECT = QTextFormat.ObjectTypes.UserObject + 1
NOTE_KEY = QTextFormat.Property.UserProperty + 1
OBJECT_CHAR = "\ufffc"
LINE_SEPARATOR = "\u2028"
MIME_INLINES = "application/x-brief-editor-inlines"
MIME_BULLET = "application/x-brief-editor-bullet"
_note_keys = itertools.count(1)
_DROPPED = (OBJECT_CHAR, "\u2029", "\u200b", "\ufeff")
_DROPPED_CATEGORIES = ("Cc", "Cs", "Co", "Cn")


def clean_text(text: str, *, single_line: bool) -> str:
    """Text as a user may paste it: no control characters, no object characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    out = []
    for ch in text:
        if ch == "\n":
            out.append(" " if single_line else "\n")
        elif ch not in _DROPPED and unicodedata.category(ch) not in _DROPPED_CATEGORIES:
            out.append(ch)
    return "".join(out)


def canonical(inline: Inline) -> Inline:
    """The form the editor would produce for ``inline`` (marks ordered, empty text dropped)."""
    spans: list[Span] = []
    for span in inline:
        if isinstance(span, str):
            if span:
                spans.append(span)
        elif isinstance(span, Styled):
            if span.text:
                marks = tuple(m for m in MARKS if m in span.marks)
                spans.append(Styled(span.text, marks) if marks else span.text)
        elif isinstance(span, Link):
            if span.text:
                spans.append(span)
        else:
            spans.append(span)
    return merge_spans(spans)


def inlines_from_raw(raw: object) -> tuple[Inline, ...]:
    """Paragraphs from our clipboard JSON, validated by the same code that reads files."""
    wrapper = {
        "format": FORMAT_NAME, "version": FORMAT_VERSION,
        "meta": {"publication": "", "title": "", "issue": None, "week_of": None,
                 "authors": [], "team": "", "organization": ""},
        "sections": [{"id": "clip", "kind": "narrative", "heading": [], "body": raw}],
        "sources": [],
    }
    section = parse(wrapper).sections[0]
    assert isinstance(section, NarrativeSection)
    return section.body


class NoteObject(QPyTextObject):
    """Draws a note's object character as its superscript number."""

    def __init__(self, editor: RichTextEdit) -> None:
        super().__init__(editor)
        self._editor = editor

    def _font(self, fmt: QTextFormat) -> QFont:
        font = QFont(fmt.toCharFormat().font())
        size = font.pointSizeF()
        if size > 0:
            font.setPointSizeF(size * 0.72)
        font.setBold(True)
        return font

    def intrinsicSize(self, doc: QTextDocument, pos: int, fmt: QTextFormat) -> QSizeF:  # noqa: N802
        label = self._editor.note_label(pos)
        base = QFontMetricsF(QFont(fmt.toCharFormat().font()))
        metrics = QFontMetricsF(self._font(fmt))
        return QSizeF(metrics.horizontalAdvance(label) + 4, base.ascent())

    def drawObject(self, painter: QPainter, rect: QRectF, doc: QTextDocument, pos: int,  # noqa: N802
                   fmt: QTextFormat) -> None:
        label = self._editor.note_label(pos)
        palette = self._editor.palette()
        painter.save()
        highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
        highlight.setAlpha(40)
        metrics = QFontMetricsF(self._font(fmt))
        box = QRectF(rect.left() + 0.5, rect.top(), rect.width() - 1, metrics.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(highlight)
        painter.drawRoundedRect(box, 2, 2)
        painter.setFont(self._font(fmt))
        painter.setPen(palette.color(QPalette.ColorRole.Link))
        painter.drawText(QPointF(rect.left() + 2, rect.top() + metrics.ascent()), label)
        painter.restore()


# A Qt property for a field outside the forms whose text is the brief's own (a dialog's):
# the writing tools (ui/spelling.py) give it smart punctuation, smart paste and spelling.
BRIEF_TEXT = "brief_text"

class RichTextEdit(QTextEdit):
    """An editor for one Inline (single block) or a list of them (one per block)."""

    edited = Signal()
    note_activated = Signal(int)  # document position of the note's character

    def __init__(self, accessible_name: str, *, single_block: bool = False,
                 bullets: bool = False, min_lines: int = 1,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.single_block = single_block
        self.bullets = bullets
        self._min_lines = min_lines
        self._loading = False
        self._notes: dict[int, Note] = {}
        self._note_base: Callable[[int], int] | None = None
        self._value: tuple[Inline, ...] = ()
        self._drag_row: int | None = None
        self._drag_start = QPointF()
        # Applied to plain text pasted from elsewhere (ui/spelling.py: smart quotes).
        self.paste_text_filter: Callable[[str], str] | None = None
        self.setUndoRedoEnabled(False)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().setDocumentMargin(4)
        self.document().setIndentWidth(self.fontMetrics().horizontalAdvance("M") * 1.2)
        self._handler = NoteObject(self)
        self.document().documentLayout().registerHandler(NOTE_OBJECT, self._handler)
        self.document().contentsChanged.connect(self._on_contents_changed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit_height)
        self.cursorPositionChanged.connect(self._leave_objects_and_links)
        self._fit_height()

    # ---------------------------------------------------------------- value

    def value(self) -> tuple[Inline, ...]:
        """The Inlines shown, one per block (an empty field is no Inline at all)."""
        return self._value

    def inline(self) -> Inline:
        """The single Inline of a one-block field."""
        return self._value[0] if self._value else ()

    def set_value(self, inlines: tuple[Inline, ...] | list[Inline]) -> None:
        """Show ``inlines`` without recording an edit."""
        inlines = tuple(inlines)
        if inlines == self._value:
            return
        position = self.textCursor().position()
        had_focus = self.hasFocus()
        self._loading = True
        try:
            self._notes.clear()
            doc = self.document()
            doc.clear()
            cursor = QTextCursor(doc)
            cursor.beginEditBlock()
            if not self.single_block:
                cursor.setBlockFormat(self._block_format())
            for i, inline in enumerate(inlines or ((),)):
                if i:
                    cursor.insertBlock()
                if i == 0 and self.bullets:
                    cursor.createList(self._list_format())
                for span in inline:
                    self._insert_span(cursor, span)
            cursor.endEditBlock()
            self._value = inlines
        finally:
            self._loading = False
        if had_focus:
            cursor = self.textCursor()
            cursor.setPosition(min(position, self.document().characterCount() - 1))
            self.setTextCursor(cursor)
        self._fit_height()

    def set_inline(self, inline: Inline | None) -> None:
        self.set_value((inline,) if inline else ())

    def set_note_numbering(self, base: Callable[[int], int] | None) -> None:
        """Give the number of the first note of each block, for drawing note markers."""
        self._note_base = base
        self.refresh_notes()

    def refresh_notes(self) -> None:
        # Numbers are drawn from the model; a relayout picks up new widths too.
        if any(True for _ in self._notes):
            self.document().markContentsDirty(0, self.document().characterCount())
        self.viewport().update()

    def note_label(self, pos: int) -> str:
        """The number shown for the note at document position ``pos``."""
        block = self.document().findBlock(pos)
        text = block.text()
        ordinal = text[: pos - block.position()].count(OBJECT_CHAR)
        if self._note_base is None:
            return "*"
        return str(self._note_base(block.blockNumber()) + ordinal)

    def note_at(self, pos: int) -> Note | None:
        fmt = self._char_format_at(pos)
        if fmt is None or fmt.objectType() != NOTE_OBJECT:
            return None
        return self._notes.get(int(fmt.property(NOTE_KEY) or 0))

    def insert_note(self, note: Note) -> None:
        """Insert a note marker at the cursor (replacing any selection)."""
        cursor = self.textCursor()
        cursor.insertText(OBJECT_CHAR, self._note_format(note, cursor.charFormat()))
        self.setTextCursor(cursor)

    def replace_note(self, pos: int, note: Note) -> None:
        """Replace the note whose marker sits at ``pos``."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(pos)
        cursor.setPosition(pos + 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(OBJECT_CHAR, self._note_format(note, cursor.charFormat()))

    # ---------------------------------------------------------------- formats

    def _block_format(self) -> QTextBlockFormat:
        # Paragraphs and bullets are separate units: a little space shows where each ends.
        fmt = QTextBlockFormat()
        fmt.setBottomMargin(self.fontMetrics().height() * (0.25 if self.bullets else 0.45))
        return fmt

    def _list_format(self) -> QTextListFormat:
        fmt = QTextListFormat()
        fmt.setStyle(QTextListFormat.Style.ListDisc)
        fmt.setIndent(1)
        return fmt

    def _plain_format(self) -> QTextCharFormat:
        return QTextCharFormat()

    def _note_format(self, note: Note, base: QTextCharFormat) -> QTextCharFormat:
        key = next(_note_keys)
        self._notes[key] = note
        fmt = QTextCharFormat()
        fmt.setObjectType(NOTE_OBJECT)
        fmt.setProperty(NOTE_KEY, key)
        fmt.setToolTip(describe_note(note))
        return fmt

    def _insert_span(self, cursor: QTextCursor, span: Span) -> None:
        if isinstance(span, Note):
            cursor.insertText(OBJECT_CHAR, self._note_format(span, QTextCharFormat()))
            return
        fmt = QTextCharFormat()
        if isinstance(span, str):
            text = span
        elif isinstance(span, Styled):
            text = span.text
            apply_marks(fmt, span.marks)
        else:
            text = span.text
            self._link_format(fmt, span.url)
        cursor.insertText(text.replace("\n", LINE_SEPARATOR), fmt)

    def _link_format(self, fmt: QTextCharFormat, url: str) -> None:
        fmt.setAnchor(True)
        fmt.setAnchorHref(url)
        fmt.setForeground(self.palette().color(QPalette.ColorRole.Link))
        fmt.setFontUnderline(True)

    def _char_format_at(self, pos: int) -> QTextCharFormat | None:
        """The format of the character at ``pos`` (not the one before it)."""
        if pos < 0 or pos >= self.document().characterCount() - 1:
            return None
        cursor = QTextCursor(self.document())
        cursor.setPosition(pos + 1)
        if cursor.block().position() > pos:
            return None
        return cursor.charFormat()

    # ---------------------------------------------------------------- reading the document

    def block_inline(self, block: QTextBlock, start: int | None = None,
                     end: int | None = None) -> Inline:
        """The Inline of one block, optionally only between two document positions."""
        spans: list[Span] = []
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            it += 1
            if not frag.isValid():
                continue
            text = frag.text()
            pos = frag.position()
            lo = 0 if start is None else max(0, start - pos)
            hi = len(text) if end is None else min(len(text), end - pos)
            if lo >= hi:
                continue
            text = text[lo:hi]
            fmt = frag.charFormat()
            if fmt.objectType() == NOTE_OBJECT:
                note = self._notes.get(int(fmt.property(NOTE_KEY) or 0))
                if note is not None:
                    spans.extend(note for ch in text if ch == OBJECT_CHAR)
                continue
            text = text.replace(OBJECT_CHAR, "").replace(LINE_SEPARATOR, "\n")
            if not text:
                continue
            if fmt.isAnchor() and fmt.anchorHref():
                spans.append(Link(fmt.anchorHref(), text))
                continue
            marks = marks_of(fmt)
            spans.append(Styled(text, marks) if marks else text)
        return merge_spans(spans)

    def _read_document(self) -> tuple[Inline, ...]:
        doc = self.document()
        inlines: list[Inline] = []
        block = doc.begin()
        while block.isValid():
            inlines.append(self.block_inline(block))
            block = block.next()
        if len(inlines) == 1 and not inlines[0]:
            return ()
        # Keep the very objects of paragraphs the edit did not change, so that spans the
        # editor would write differently ("a", "b" → "ab") stay as the file had them.
        old = self._value
        for i, inline in enumerate(inlines):
            if i < len(old) and canonical(old[i]) == inline:
                inlines[i] = old[i]
        return tuple(inlines)

    # ---------------------------------------------------------------- reacting to edits

    def _on_contents_changed(self) -> None:
        if self._loading:
            return
        self._loading = True
        try:
            self._repair()
        finally:
            self._loading = False
        value = self._read_document()
        if value != self._value:
            self._value = value
            self.edited.emit()

    def _repair(self) -> None:
        """Undo what typing can do to objects: stray U+FFFC, text carrying a note format."""
        doc = self.document()
        block = doc.begin()
        fixes: list[tuple[int, int, str]] = []
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                it += 1
                fmt = frag.charFormat()
                is_note = fmt.objectType() == NOTE_OBJECT
                for offset, ch in enumerate(frag.text()):
                    if is_note and ch != OBJECT_CHAR:
                        fixes.append((frag.position() + offset, 1, "format"))
                    elif not is_note and ch == OBJECT_CHAR:
                        fixes.append((frag.position() + offset, 1, "delete"))
            if self.bullets and block.textList() is None:
                fixes.append((block.position(), 0, "list"))
            block = block.next()
        if not fixes:
            return
        cursor = QTextCursor(doc)
        cursor.joinPreviousEditBlock()
        for pos, length, what in reversed(fixes):
            cursor.setPosition(pos)
            if what == "list":
                first = doc.begin().textList()
                if first is not None:
                    first.add(cursor.block())
                else:
                    cursor.createList(self._list_format())
                continue
            cursor.setPosition(pos + length, QTextCursor.MoveMode.KeepAnchor)
            if what == "delete":
                cursor.removeSelectedText()
            else:
                cursor.setCharFormat(self._plain_format())
        cursor.endEditBlock()

    def _leave_objects_and_links(self) -> None:
        # Typing next to a note must not create another note, and typing just after a
        # link must not lengthen it: the cursor takes a plain format there.
        cursor = self.textCursor()
        if cursor.hasSelection():
            return
        fmt = cursor.charFormat()
        if fmt.objectType() == NOTE_OBJECT:
            clean = QTextCharFormat(fmt)
            clean.clearProperty(QTextFormat.Property.ObjectType)
            clean.clearProperty(NOTE_KEY)
            clean.clearProperty(QTextFormat.Property.TextToolTip)
            self.setCurrentCharFormat(clean)
        elif fmt.isAnchor():
            after = self._char_format_at(cursor.position())
            if after is None or not after.isAnchor() or after.anchorHref() != fmt.anchorHref():
                self.setCurrentCharFormat(QTextCharFormat())

    def _fit_height(self, *_: object) -> None:
        doc_height = self.document().size().height()
        line = self.fontMetrics().lineSpacing()
        minimum = line * self._min_lines + 2 * self.document().documentMargin()
        frame = 2 * self.frameWidth()
        height = int(max(doc_height, minimum) + frame + 1)
        if self.height() != height or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_height()

    # ---------------------------------------------------------------- keys and mouse

    def event(self, event) -> bool:  # noqa: D102 - Qt override
        # Undo and redo belong to the document's undo stack, not to this field.
        if is_undo_shortcut_override(event):
            event.ignore()
            return False
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = event.key()
        mods = event.modifiers()
        cursor = self.textCursor()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.single_block:
            event.ignore()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and mods & Qt.KeyboardModifier.ShiftModifier:
            # A soft line break inside a paragraph is not a span; treat it as a new block.
            cursor.insertBlock()
            return
        if key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete) and not cursor.hasSelection():
            pos = cursor.position()
            target = pos - 1 if key == Qt.Key.Key_Backspace else pos
            if target >= 0 and self.note_at(target) is not None:
                # The first press selects the note, the second deletes it: no accident.
                cursor.setPosition(target)
                cursor.setPosition(target + 1, QTextCursor.MoveMode.KeepAnchor)
                self.setTextCursor(cursor)
                return
            if key == Qt.Key.Key_Backspace and cursor.atBlockStart() and cursor.block().previous().isValid():
                # Join with the previous block (Qt would first take the bullet off).
                cursor.deletePreviousChar()
                self.setTextCursor(cursor)
                return
        if self.bullets and mods & Qt.KeyboardModifier.AltModifier and key in (
            Qt.Key.Key_Up, Qt.Key.Key_Down
        ):
            row = cursor.blockNumber()
            self.move_block(row, row - 1 if key == Qt.Key.Key_Up else row + 1)
            return
        super().keyPressEvent(event)

    # ---------------------------------------------------------------- dragging bullets

    def _bullet_row_at(self, pos: QPointF) -> int | None:
        """The bullet whose dot (left of its text) is under ``pos``, if any."""
        if not self.bullets:
            return None
        cursor = self.cursorForPosition(pos.toPoint())
        block = cursor.block()
        start = QTextCursor(block)
        text_left = self.cursorRect(start).left()
        if pos.x() < text_left - 1:
            return block.blockNumber()
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        row = self._bullet_row_at(event.position())
        if row is not None and event.button() == Qt.MouseButton.LeftButton:
            self._drag_row = row
            self._drag_start = event.position()
            return
        self._drag_row = None
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        row = self._drag_row
        if row is None:
            super().mouseMoveEvent(event)
            return
        distance = (event.position() - self._drag_start).manhattanLength()
        if distance < QApplication.startDragDistance():
            return
        self._drag_row = None
        drag = QDrag(self)
        drag.setMimeData(self.bullet_mime(row))
        drag.exec(Qt.DropAction.MoveAction)

    def bullet_mime(self, row: int) -> QMimeData:
        """What dragging the bullet at ``row`` carries."""
        mime = QMimeData()
        mime.setData(MIME_BULLET, f"{id(self)}:{row}".encode())
        return mime

    def _dragged_row(self, mime: QMimeData) -> int | None:
        if not mime.hasFormat(MIME_BULLET):
            return None
        owner, _, row = bytes(mime.data(MIME_BULLET)).decode().partition(":")
        if owner != str(id(self)) or not row.isdigit():
            return None
        return int(row)

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._dragged_row(event.mimeData()) is not None:
            event.acceptProposedAction()
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._dragged_row(event.mimeData()) is not None:
            event.acceptProposedAction()
            return
        super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt override
        row = self._dragged_row(event.mimeData())
        if row is None:
            super().dropEvent(event)
            return
        cursor = self.cursorForPosition(event.position().toPoint())
        target = cursor.block().blockNumber()
        rect = self.document().documentLayout().blockBoundingRect(cursor.block())
        lower_half = event.position().y() + self.verticalScrollBar().value() > rect.center().y()
        if lower_half and target < row:
            target += 1
        elif not lower_half and target > row:
            target -= 1
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self.move_block(row, target)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        pos = self.document().documentLayout().hitTest(
            event.position() + QPointF(self.horizontalScrollBar().value(),
                                       self.verticalScrollBar().value()),
            Qt.HitTestAccuracy.ExactHit,
        )
        if pos >= 0 and self.note_at(pos) is not None:
            self.note_activated.emit(pos)
            # The window reopens the citation picker on the note (ui/live.py).
            activate = getattr(self.window(), "activate_note", None)
            if callable(activate):
                activate(self, pos)
            return
        super().mouseDoubleClickEvent(event)

    def viewportEvent(self, event) -> bool:  # noqa: N802 - Qt override
        # Hovering a note marker shows the note as it will print (ui/live.py).
        if event.type() == QEvent.Type.ToolTip:
            pos = self.document().documentLayout().hitTest(
                QPointF(event.pos()) + QPointF(self.horizontalScrollBar().value(),
                                               self.verticalScrollBar().value()),
                Qt.HitTestAccuracy.ExactHit,
            )
            describe = getattr(self.window(), "note_tooltip", None)
            if pos >= 0 and self.note_at(pos) is not None and callable(describe):
                text = describe(self, pos)
                if text:
                    QToolTip.showText(event.globalPos(), text, self.viewport())
                    return True
        return super().viewportEvent(event)

    def move_block(self, row: int, new_row: int) -> None:
        """Move the block (bullet, paragraph) at ``row`` to ``new_row``, keeping its spans."""
        value = list(self._value)
        if not (0 <= row < len(value) and 0 <= new_row < len(value)) or row == new_row:
            return
        value.insert(new_row, value.pop(row))
        self._value = ()
        notes = dict(self._notes)
        self.set_value(tuple(value))
        self._notes.update(notes)
        cursor = self.textCursor()
        cursor.setPosition(self.document().findBlockByNumber(new_row).position())
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        self.setTextCursor(cursor)
        self.edited.emit()

    # ---------------------------------------------------------------- clipboard

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802 - Qt override
        cursor = self.textCursor()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        doc = self.document()
        block = doc.findBlock(start)
        inlines: list[Inline] = []
        while block.isValid() and block.position() <= end:
            inlines.append(self.block_inline(block, start, end))
            block = block.next()
        mime = QMimeData()
        mime.setText("\n".join(inline_text(i) for i in inlines))
        mime.setData(MIME_INLINES, json.dumps([inline_raw(i) for i in inlines]).encode())
        return mime

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802 - Qt override
        return source.hasFormat(MIME_INLINES) or source.hasText()

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 - Qt override
        cursor = self.textCursor()
        if source.hasFormat(MIME_INLINES):
            try:
                inlines = inlines_from_raw(json.loads(bytes(source.data(MIME_INLINES)).decode()))
            except (ValueError, BriefFormatError) as exc:
                log.warning("ignoring unreadable clipboard content: %s", exc)
                inlines = None
            if inlines is not None:
                cursor.beginEditBlock()
                for i, inline in enumerate(inlines):
                    if i:
                        if self.single_block:
                            cursor.insertText(" ", QTextCharFormat())
                        else:
                            cursor.insertBlock()
                    for span in inline:
                        self._insert_span(cursor, span)
                cursor.endEditBlock()
                self.setTextCursor(cursor)
                return
        text = clean_text(source.text(), single_line=self.single_block)
        if self.paste_text_filter is not None:
            text = self.paste_text_filter(text)
        cursor.insertText(text, QTextCharFormat())
        self.setTextCursor(cursor)

    # ---------------------------------------------------------------- formatting commands

    def toggle_mark(self, mark: str) -> None:
        """Turn a mark on or off for the selection (or for what is typed next)."""
        cursor = self.textCursor()
        current = marks_of(cursor.charFormat())
        fmt = QTextCharFormat()
        on = mark not in current
        if mark == "italic":
            fmt.setFontItalic(on)
        elif mark == "bold":
            fmt.setFontWeight(QFont.Weight.Bold if on else QFont.Weight.Normal)
        elif mark == "underline":
            fmt.setFontUnderline(on)
        elif mark in ("superscript", "subscript"):
            align = (QTextCharFormat.VerticalAlignment.AlignSuperScript if mark == "superscript"
                     else QTextCharFormat.VerticalAlignment.AlignSubScript)
            fmt.setVerticalAlignment(align if on else QTextCharFormat.VerticalAlignment.AlignNormal)
        self.mergeCurrentCharFormat(fmt)

    def clear_formatting(self) -> None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            self.setCurrentCharFormat(QTextCharFormat())
            return
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        # Clear run by run so that note markers keep their object format.
        work = QTextCursor(self.document())
        work.beginEditBlock()
        pos = start
        while pos < end:
            fmt = self._char_format_at(pos)
            if fmt is not None and fmt.objectType() != NOTE_OBJECT:
                work.setPosition(pos)
                work.setPosition(pos + 1, QTextCursor.MoveMode.KeepAnchor)
                work.setCharFormat(QTextCharFormat())
            pos += 1
        work.endEditBlock()

    def set_link(self, url: str | None) -> None:
        """Make the selection a link to ``url`` (None removes the link)."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            cursor.select(QTextCursor.SelectionType.WordUnderCursor)
        fmt = QTextCharFormat()
        if url:
            self._link_format(fmt, url)
        else:
            fmt.setAnchor(False)
            fmt.setAnchorHref("")
            fmt.clearForeground()
            fmt.setFontUnderline(False)
        cursor.mergeCharFormat(fmt)

    def selected_link(self) -> str:
        fmt = self.textCursor().charFormat()
        return fmt.anchorHref() if fmt.isAnchor() else ""


def apply_marks(fmt: QTextCharFormat, marks: tuple[str, ...]) -> None:
    if "italic" in marks:
        fmt.setFontItalic(True)
    if "bold" in marks:
        fmt.setFontWeight(QFont.Weight.Bold)
    if "underline" in marks:
        fmt.setFontUnderline(True)
    if "superscript" in marks:
        fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSuperScript)
    elif "subscript" in marks:
        fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSubScript)


def marks_of(fmt: QTextCharFormat) -> tuple[str, ...]:
    marks = []
    if fmt.fontItalic():
        marks.append("italic")
    if fmt.fontWeight() >= QFont.Weight.DemiBold:
        marks.append("bold")
    if fmt.fontUnderline() and not fmt.isAnchor():
        marks.append("underline")
    align = fmt.verticalAlignment()
    if align == QTextCharFormat.VerticalAlignment.AlignSuperScript:
        marks.append("superscript")
    elif align == QTextCharFormat.VerticalAlignment.AlignSubScript:
        marks.append("subscript")
    return tuple(marks)


def describe_note(note: Note) -> str:
    """A one-line description of a note for tooltips (the printed form comes from issue 6)."""
    parts = []
    for cite in note.cites:
        text = cite.source
        if cite.locator:
            text += f", {cite.locator}"
        parts.append(text)
    if note.comment:
        parts.append(inline_text(note.comment))
    return "; ".join(parts) or "(empty note)"
