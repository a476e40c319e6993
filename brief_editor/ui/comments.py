"""Comments in the editor: add one on selected text, see it beside its text, reply, resolve.

As in Word, Insert ▸ Comment (Ctrl+Alt+M) puts a comment on the selected words (or on the
word at the cursor) of any text field. The anchored words are highlighted in the form, and
the thread shows in the Comments tab of the Review dock, next to the form, for the section
on screen (or for the whole brief). Clicking a thread selects its words; putting the cursor
in highlighted words selects their thread. Adding, replying, resolving, reopening and
deleting are each one step of the document's undo stack. A comment whose words were
deleted stays, marked as orphaned, with the words it was on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import getpass
import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from brief_editor.model import Brief, Comment, CommentAnchor, CommentReply, Place, inline_text
from brief_editor.model.comment_anchors import MULTI_FIELDS, anchor_text, is_orphaned
from brief_editor.ui.richtext import OBJECT_CHAR, RichTextEdit

if TYPE_CHECKING:
    from brief_editor.ui.document import Document
    from brief_editor.ui.host import CommentsHost

# Marks our extra selections, so that other highlights of a field (spelling, search) stay.
MARK_KEY = QTextCharFormat.Property.UserProperty + 40
COMMENT_COLOUR = QColor(255, 226, 130)
CURRENT_COLOUR = QColor(255, 184, 77)
RESOLVED_COLOUR = QColor(226, 226, 226)
FIELD_ORDER = {"summary": 0, "heading": 1, "event": 2, "implications": 3, "body": 4,
               "subheading": 4, "caption": 5}
FIELD_NAMES = {"summary": "summary", "heading": "heading", "event": "the event",
               "implications": "the implications", "body": "body", "caption": "caption"}


# ------------------------------------------------------------------ positions in a field


def block_number(anchor: CommentAnchor) -> int:
    """The block of the field's editor that holds the anchor (captions have one each)."""
    return anchor.index if anchor.field in MULTI_FIELDS else 0


def text_to_block_offset(block_text: str, offset: int) -> int:
    """The position in a block's text (notes are one character each) of a running-text
    offset (notes count for nothing)."""
    seen = 0
    for i, ch in enumerate(block_text):
        if ch == OBJECT_CHAR:
            continue
        if seen == offset:
            return i
        seen += 1
    return len(block_text)


def block_to_text_offset(block_text: str, position: int) -> int:
    """The running-text offset of a position in a block's text."""
    return sum(1 for ch in block_text[:position] if ch != OBJECT_CHAR)


def editor_field(window: CommentsHost, editor: RichTextEdit) -> tuple[str | None, str, int] | None:
    """(section id, field, figure index) of a text field of the form on screen."""
    form = window.form
    if form is None or not form.isAncestorOf(editor):
        return None
    section = getattr(form, "section_id", None)
    for name in ("summary", "heading", "event", "implications", "body"):
        if getattr(form, name, None) is editor:
            return section, name, 0
    figures = getattr(form, "figures", None)
    for i, box in enumerate(getattr(figures, "boxes", [])):
        if box.caption is editor:
            return section, "caption", i
    return None


def editor_for_anchor(window: CommentsHost, anchor: CommentAnchor) -> RichTextEdit | None:
    """The text field of the form on screen that shows the anchor's field, if any."""
    form = window.form
    if form is None or getattr(form, "section_id", None) != anchor.section:
        return None
    if anchor.field == "caption":
        boxes = getattr(getattr(form, "figures", None), "boxes", [])
        return boxes[anchor.index].caption if 0 <= anchor.index < len(boxes) else None
    editor = getattr(form, anchor.field, None)
    return editor if isinstance(editor, RichTextEdit) else None


def anchor_cursor(editor: RichTextEdit, anchor: CommentAnchor) -> QTextCursor | None:
    """A cursor over the anchor's words in ``editor``; None when the block is gone."""
    block = editor.document().findBlockByNumber(block_number(anchor))
    if not block.isValid():
        return None
    text = block.text()
    start = block.position() + text_to_block_offset(text, anchor.start)
    end = block.position() + text_to_block_offset(text, anchor.end)
    cursor = QTextCursor(editor.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    return cursor


def set_highlights(editor: QTextEdit, selections: list[QTextEdit.ExtraSelection]) -> None:
    """Replace our highlights in ``editor``, keeping everybody else's."""
    others = [s for s in editor.extraSelections() if not s.format.hasProperty(MARK_KEY)]
    editor.setExtraSelections(others + selections)


def highlight(cursor: QTextCursor, colour: QColor) -> QTextEdit.ExtraSelection:
    selection = QTextEdit.ExtraSelection()
    selection.cursor = cursor
    fmt = QTextCharFormat()
    fmt.setBackground(colour)
    fmt.setProperty(MARK_KEY, True)
    selection.format = fmt
    return selection


# ------------------------------------------------------------------ model edits


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_comment_id(brief: Brief) -> str:
    used = {c.id for c in brief.comments} | {r.id for c in brief.comments for r in c.replies}
    for n in itertools.count(len(used) + 1):
        if f"c{n}" not in used:
            return f"c{n}"
    raise AssertionError("unreachable")


def reading_key(brief: Brief, comment: Comment) -> tuple[int, int, int, int]:
    """Sorts comments in the order their text is read."""
    anchor = comment.anchor
    section = -1
    if anchor.section is not None:
        section = next((i for i, s in enumerate(brief.sections) if s.id == anchor.section),
                       len(brief.sections))
    return (section, FIELD_ORDER.get(anchor.field, 9), anchor.index, anchor.start)


def date_label(iso: str) -> str:
    """``2026-11-27T09:30:00Z`` as "27 Nov 2026, 09:30" in local time; "" when unknown."""
    if not iso:
        return ""
    try:
        when = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    if when.tzinfo is not None:
        when = when.astimezone()
    return f"{when.day} {when:%b %Y, %H:%M}"


def where_label(brief: Brief, anchor: CommentAnchor) -> str:
    """Where a comment is, in words: "Talks resume — the implications, bullet 2"."""
    if anchor.section is None:
        return "Masthead — summary"
    section = next((s for s in brief.sections if s.id == anchor.section), None)
    if section is None:
        return "A deleted section"
    heading = inline_text(section.heading).strip() or "Untitled section"
    field = FIELD_NAMES.get(anchor.field, anchor.field)
    if anchor.field == "implications":
        field += f", bullet {anchor.index + 1}"
    elif anchor.field in ("event", "body"):
        field += f", paragraph {anchor.index + 1}"
    elif anchor.field == "caption":
        field = f"figure {anchor.index + 1} caption"
    elif anchor.field == "subheading":
        field = f"subheading {anchor.index + 1}"
    return f"{heading} — {field}"


# ------------------------------------------------------------------ the panel


class CommentCard(QFrame):
    """One thread: who and when, the words it is on, the comment, replies and buttons."""

    selected = Signal(str)

    def __init__(self, panel: CommentsPanel, comment: Comment | None, anchor: CommentAnchor,
                 *, orphaned: bool, where: str, current: bool) -> None:
        super().__init__()
        self.panel = panel
        self.comment = comment
        self.anchor = anchor
        self.comment_id = comment.id if comment else ""
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(f"Comment by {comment.author}" if comment else "New comment")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        colour = "#fff7d6" if not (comment and comment.resolved) else "#f1f1f1"
        border = "#e0a000" if current else "#d7c48a"
        self.setObjectName("commentCard")
        self.setStyleSheet(f"#commentCard {{ background: {colour}; border: 1px solid {border};"
                           " border-radius: 4px; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(3)
        if comment is not None:
            head = QLabel(f"<b>{_html(comment.author or 'Unknown')}</b>"
                          f"&nbsp;&nbsp;<span style='color:#666'>{_html(date_label(comment.date))}"
                          f"{' · resolved' if comment.resolved else ''}</span>")
            head.setAccessibleName("Author and date")
            layout.addWidget(head)
        place = QLabel(_html(where))
        place.setStyleSheet("color:#666; font-size: small")
        place.setWordWrap(True)
        layout.addWidget(place)
        if orphaned:
            quote = QLabel(f"<span style='color:#a00000'>Orphaned: “{_html(anchor.quote)}” is no "
                           "longer in the text</span>")
        elif anchor.quote:
            quote = QLabel(f"<i style='color:#555'>“{_html(_short(anchor.quote))}”</i>")
        else:
            quote = QLabel("")
        quote.setWordWrap(True)
        quote.setAccessibleName("Commented text")
        self.quote_label = quote
        layout.addWidget(quote)
        if comment is not None:
            body = QLabel(_html(comment.text).replace("\n", "<br>"))
            body.setWordWrap(True)
            body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            body.setAccessibleName("Comment text")
            self.body_label = body
            layout.addWidget(body)
            for reply in comment.replies:
                text = QLabel(f"<b>{_html(reply.author or 'Unknown')}</b>&nbsp;&nbsp;"
                              f"<span style='color:#666'>{_html(date_label(reply.date))}</span>"
                              f"<br>{_html(reply.text).replace(chr(10), '<br>')}")
                text.setWordWrap(True)
                text.setContentsMargins(14, 2, 0, 0)
                text.setAccessibleName("Reply")
                layout.addWidget(text)
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("Comment" if comment is None else "Reply")
        self.editor.setPlaceholderText("Write a comment…" if comment is None else "Reply…")
        self.editor.setTabChangesFocus(True)
        self.editor.setFixedHeight(self.editor.fontMetrics().lineSpacing() * 3 + 14)
        self.editor.installEventFilter(self)
        layout.addWidget(self.editor)
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        self.post_button = QPushButton("&Post" if comment is None else "Post &Reply")
        self.post_button.setToolTip("Ctrl+Enter")
        self.post_button.clicked.connect(self.post)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        buttons.addWidget(self.post_button)
        buttons.addWidget(self.cancel_button)
        self.reply_button = QPushButton("Reply")
        self.resolve_button = QPushButton("Reopen" if comment and comment.resolved else "Resolve")
        self.delete_button = QPushButton("Delete")
        if comment is not None:
            self.reply_button.clicked.connect(self.start_reply)
            self.resolve_button.clicked.connect(
                lambda: panel.controller.set_resolved(self.comment_id, not comment.resolved))
            self.delete_button.clicked.connect(
                lambda: panel.controller.delete_comment(self.comment_id))
            for button in (self.reply_button, self.resolve_button, self.delete_button):
                button.setAccessibleName(f"{button.text()} comment")
                buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._show_editor(comment is None)

    def _show_editor(self, on: bool) -> None:
        self.editor.setVisible(on)
        self.post_button.setVisible(on)
        self.cancel_button.setVisible(on)
        for button in (self.reply_button, self.resolve_button, self.delete_button):
            button.setVisible(not on and self.comment is not None)

    def start_reply(self) -> None:
        self._show_editor(True)
        self.editor.setFocus()

    def post(self) -> None:
        text = self.editor.toPlainText().strip()
        if not text:
            self.editor.setFocus()
            return
        if self.comment is None:
            self.panel.controller.add_comment(self.anchor, text)
        else:
            self.editor.clear()
            self._show_editor(False)
            self.panel.controller.reply(self.comment_id, text)

    def cancel(self) -> None:
        if self.comment is None:
            self.panel.cancel_new()
        else:
            self.editor.clear()
            self._show_editor(False)

    def eventFilter(self, watched: QObject, event) -> bool:  # noqa: N802 - Qt override
        if watched is self.editor and event.type() == event.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier
            ):
                self.post()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.cancel()
                return True
        return super().eventFilter(watched, event)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self.comment is not None:
            self.selected.emit(self.comment_id)
        super().mousePressEvent(event)


class CommentsPanel(QWidget):
    """The Comments tab: the threads of the section on screen, or of the whole brief."""

    def __init__(self, controller: CommentController) -> None:
        super().__init__()
        self.controller = controller
        self.setAccessibleName("Comments")
        self.scope = QComboBox()
        self.scope.setAccessibleName("Which comments")
        self.scope.addItems(["This section", "Whole brief"])
        self.scope.currentIndexChanged.connect(lambda _i: self.refresh(force=True))
        self.show_resolved = QCheckBox("Show &resolved")
        self.show_resolved.setChecked(True)
        self.show_resolved.toggled.connect(lambda _on: self.refresh(force=True))
        self.count = QLabel()
        self.count.setAccessibleName("Comment count")
        top = QHBoxLayout()
        top.addWidget(self.scope)
        top.addWidget(self.show_resolved)
        top.addStretch(1)
        top.addWidget(self.count)
        self.cards_holder = QWidget()
        self.cards = QVBoxLayout(self.cards_holder)
        self.cards.setContentsMargins(2, 2, 2, 2)
        self.cards.setSpacing(6)
        self.cards.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.cards_holder)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.empty = QLabel("No comments here. Select words in the form and choose "
                            "Insert ▸ Comment (Ctrl+Alt+M).")
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color:#666")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.scroll, 1)
        self.card_by_id: dict[str, CommentCard] = {}
        self.new_card: CommentCard | None = None
        self._shown: object = None
        self.current_id: str | None = None

    def visible_comments(self) -> list[Comment]:
        brief = self.controller.document.brief
        whole = self.scope.currentIndex() == 1
        section = self.controller.window.outline.current_section_id()
        found = [c for c in brief.comments
                 if (whole or c.anchor.section == section)
                 and (self.show_resolved.isChecked() or not c.resolved)]
        return sorted(found, key=lambda c: reading_key(brief, c))

    def refresh(self, *, force: bool = False) -> None:
        brief = self.controller.document.brief
        comments = self.visible_comments()
        state = (tuple(comments), tuple(is_orphaned(brief, c) for c in comments),
                 self.current_id, self.new_card is not None)
        if state == self._shown and not force:
            return
        self._shown = state
        # A reply being written survives the cards being rebuilt (an undo, an edit elsewhere).
        drafts = {cid: card.editor.toPlainText() for cid, card in self.card_by_id.items()
                  if card.editor.isVisibleTo(card)}
        for card in self.card_by_id.values():
            card.setParent(None)
            card.deleteLater()
        self.card_by_id = {}
        for comment in comments:
            card = CommentCard(self, comment, comment.anchor,
                               orphaned=is_orphaned(brief, comment),
                               where=where_label(brief, comment.anchor),
                               current=comment.id == self.current_id)
            card.selected.connect(self.controller.select_comment)
            self.cards.insertWidget(self.cards.count() - 1, card)
            self.card_by_id[comment.id] = card
            if comment.id in drafts:
                card.editor.setPlainText(drafts[comment.id])
                card.start_reply()
        total = len(brief.comments)
        open_ = sum(1 for c in brief.comments if not c.resolved)
        self.count.setText(f"{open_} open · {total} in all")
        self.empty.setVisible(not comments and self.new_card is None)

    def begin_new(self, anchor: CommentAnchor, where: str) -> CommentCard:
        self.cancel_new()
        card = CommentCard(self, None, anchor, orphaned=False, where=where, current=True)
        self.new_card = card
        self.cards.insertWidget(0, card)
        self.empty.hide()
        self.scroll.ensureWidgetVisible(card)
        card.editor.setFocus()
        return card

    def drop_new_card(self) -> None:
        if self.new_card is not None:
            self.new_card.setParent(None)
            self.new_card.deleteLater()
            self.new_card = None

    def cancel_new(self) -> None:
        if self.new_card is not None:
            self.drop_new_card()
            self.refresh(force=True)

    def show_current(self, comment_id: str | None) -> None:
        if comment_id == self.current_id:
            return
        self.current_id = comment_id
        self.refresh(force=True)
        card = self.card_by_id.get(comment_id or "")
        if card is not None:
            QTimer.singleShot(0, lambda: self.scroll.ensureWidgetVisible(card))


# ------------------------------------------------------------------ the controller


class CommentController(QObject):
    """Keeps the comments panel and the form's highlights in step with the document."""

    def __init__(self, window: CommentsHost) -> None:
        super().__init__(window)
        self.window = window
        self.document: Document = window.document
        self.panel = CommentsPanel(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        # Highlights of a review's changes (ui/review_dock.py) in the section on screen:
        # asked for afresh at each refresh, so that they follow the analyst's typing.
        self.extra_marks: Callable[[str | None], list[tuple[CommentAnchor, QColor]]] = (
            lambda _section: [])

    def attach(self, document: Document) -> None:
        self.document = document
        document.changed.connect(lambda _o, _n: self.schedule())
        self.panel.cancel_new()
        self.panel.current_id = None
        self.schedule()

    def schedule(self) -> None:
        self._timer.start()

    def author(self) -> str:
        """Who writes comments here: the brief's first author, or the login name."""
        authors = self.document.brief.meta.authors
        if authors and authors[0].strip():
            return authors[0].strip()
        try:
            return getpass.getuser()
        except (KeyError, OSError):  # pragma: no cover - no login name
            return "Analyst"

    # -------------------------------------------------------------- showing

    def refresh(self) -> None:
        self.panel.refresh()
        self.highlight_form()

    def highlight_form(self) -> None:
        form = self.window.form
        if form is None:
            return
        brief = self.document.brief
        section = getattr(form, "section_id", None)
        by_editor: dict[int, tuple[RichTextEdit, list[QTextEdit.ExtraSelection]]] = {}
        editors = list(getattr(form, "rich_edits", []))
        editors += [box.caption for box in getattr(getattr(form, "figures", None), "boxes", [])]
        for editor in editors:
            by_editor[id(editor)] = (editor, [])
            self._hook(editor)
        marks: list[tuple[CommentAnchor, QColor]] = list(self.extra_marks(section))
        for comment in brief.comments:
            if comment.anchor.section != section or is_orphaned(brief, comment):
                continue
            colour = (CURRENT_COLOUR if comment.id == self.panel.current_id
                      else RESOLVED_COLOUR if comment.resolved else COMMENT_COLOUR)
            marks.append((comment.anchor, colour))
        for anchor, colour in marks:
            if anchor.section != section:
                continue
            editor = editor_for_anchor(self.window, anchor)
            if editor is None or id(editor) not in by_editor:
                continue
            cursor = anchor_cursor(editor, anchor)
            if cursor is not None:
                by_editor[id(editor)][1].append(highlight(cursor, colour))
        for editor, selections in by_editor.values():
            set_highlights(editor, selections)

    def _hook(self, editor: RichTextEdit) -> None:
        if editor.property("commentsHooked"):
            return
        editor.setProperty("commentsHooked", True)
        editor.cursorPositionChanged.connect(lambda e=editor: self._cursor_moved(e))

    def _cursor_moved(self, editor: RichTextEdit) -> None:
        found = self.comment_at_cursor(editor)
        if found is not None and found != self.panel.current_id:
            self.panel.show_current(found)
            self.highlight_form()

    def comment_at_cursor(self, editor: RichTextEdit) -> str | None:
        """The id of the comment whose words hold the cursor of ``editor``."""
        where = editor_field(self.window, editor)
        if where is None:
            return None
        section, field, figure = where
        cursor = editor.textCursor()
        block = cursor.block()
        offset = block_to_text_offset(block.text(), cursor.position() - block.position())
        index = block.blockNumber() if field in MULTI_FIELDS else figure
        brief = self.document.brief
        for comment in brief.comments:
            a = comment.anchor
            if (a.section, a.field, a.index) == (section, field, index) and (
                a.start <= offset <= a.end and not is_orphaned(brief, comment)
            ):
                return comment.id
        return None

    def select_comment(self, comment_id: str) -> None:
        """Show a thread as the current one and select its words in the form."""
        comment = next((c for c in self.document.brief.comments if c.id == comment_id), None)
        if comment is None:
            return
        self.panel.show_current(comment_id)
        self.reveal(comment.anchor, select=not is_orphaned(self.document.brief, comment))
        self.highlight_form()

    def reveal(self, anchor: CommentAnchor, *, select: bool = True, focus: bool = True) -> bool:
        """Open the form at the anchor's field, with its words selected; without ``focus``
        the keyboard stays where it is (walking a list of changes with the arrow keys)."""
        text = anchor_text(self.document.brief, anchor)
        if text is None:
            self.window.statusBar().showMessage("That text is no longer in the brief", 4000)
            return False
        self.window.outline.select(anchor.section)
        if anchor.field == "subheading":
            rows = getattr(getattr(self.window.form, "subheadings", None), "rows", [])
            if not 0 <= anchor.index < len(rows):
                return False
            line = rows[anchor.index].text
            line.setSelection(anchor.start, max(0, anchor.end - anchor.start))
            if focus:
                line.setFocus()
            return True
        editor = editor_for_anchor(self.window, anchor)
        if editor is None:
            return False
        block = editor.document().findBlockByNumber(block_number(anchor))
        if not block.isValid():
            return False
        start = text_to_block_offset(block.text(), anchor.start)
        end = text_to_block_offset(block.text(), anchor.end if select else anchor.start)
        live = getattr(self.window, "live", None)
        place = Place(anchor.section, anchor.field, anchor.index)
        if live is not None and focus:
            return live.jump_to(place, select=(start, end))
        cursor = editor.textCursor()
        cursor.setPosition(block.position() + start)
        cursor.setPosition(block.position() + end, QTextCursor.MoveMode.KeepAnchor)
        editor.setTextCursor(cursor)
        form = self.window.form
        if form is not None and form.widget() is not None:
            point = editor.viewport().mapTo(form.widget(), editor.cursorRect(cursor).center())
            form.ensureVisible(point.x(), point.y(), 40, 80)
        if focus:
            editor.setFocus()
        return True

    # -------------------------------------------------------------- editing

    def target_editor(self) -> RichTextEdit | None:
        editor = self.window.focused_rich_edit()
        if editor is None:
            live = getattr(self.window, "live", None)
            editor = getattr(live, "_last_editor", None)
        if editor is not None and editor_field(self.window, editor) is not None:
            return editor
        return None

    def anchor_from_selection(self, editor: RichTextEdit) -> CommentAnchor | None:
        """The anchor of the words selected in ``editor`` (or of the word at the cursor)."""
        where = editor_field(self.window, editor)
        if where is None:
            return None
        section, field, figure = where
        cursor = editor.textCursor()
        if not cursor.hasSelection():
            cursor.select(QTextCursor.SelectionType.WordUnderCursor)
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        block = editor.document().findBlock(start)
        block_end = block.position() + block.length() - 1
        end = min(end, block_end)  # a comment is on one paragraph, as its anchor says
        text = block.text()
        offset = block_to_text_offset(text, start - block.position())
        stop = block_to_text_offset(text, end - block.position())
        quote = text[start - block.position():end - block.position()].replace(OBJECT_CHAR, "")
        quote = quote.replace("\u2028", "\n")
        index = block.blockNumber() if field in MULTI_FIELDS else figure
        return CommentAnchor(section, field, index, offset, stop, quote)

    def subheading_anchor(self) -> CommentAnchor | None:
        """The anchor of the words selected in a narrative's subheading line, if focused."""
        line = QApplication.focusWidget()
        row = line.parentWidget() if isinstance(line, QLineEdit) else None
        form = self.window.form
        if row is None or form is None or getattr(row, "text", None) is not line or (
            not form.isAncestorOf(line) or not hasattr(row, "index")
        ):
            return None
        text = line.text()
        start, length = line.selectionStart(), len(line.selectedText())
        if start < 0 or not length:
            start, length = 0, len(text)  # no selection: the whole subheading
        return CommentAnchor(getattr(form, "section_id", None), "subheading", row.index, start,
                             start + length, text[start:start + length])

    def begin_comment(self) -> bool:
        """Insert ▸ Comment: a new thread on the selected words, typed into the panel."""
        anchor = self.subheading_anchor()
        editor = self.target_editor() if anchor is None else None
        if anchor is None and editor is None:
            self.window.statusBar().showMessage(
                "Select words in a text field (a paragraph, bullet, heading, subheading or "
                "caption) first", 4000)
            return False
        if anchor is None and editor is not None:
            anchor = self.anchor_from_selection(editor)
        if anchor is None:
            return False
        dock = getattr(self.window, "review_dock", None)
        if dock is not None:
            dock.show_comments()
        self.panel.begin_new(anchor, where_label(self.document.brief, anchor))
        return True

    def _push(self, comments: list[Comment] | tuple[Comment, ...], text: str) -> None:
        brief = self.document.brief
        self.document.push(dataclasses.replace(brief, comments=tuple(comments)), text)

    def add_comment(self, anchor: CommentAnchor, text: str) -> str:
        brief = self.document.brief
        comment = Comment(id=new_comment_id(brief), anchor=anchor, author=self.author(),
                          date=now_iso(), text=text)
        self.panel.drop_new_card()
        self.panel.current_id = comment.id
        self._push([*brief.comments, comment], "Add comment")
        self.panel.refresh(force=True)
        self.schedule()
        return comment.id

    def _change(self, comment_id: str, text: str, **changes: object) -> None:
        brief = self.document.brief
        comments = [dataclasses.replace(c, **changes) if c.id == comment_id else c
                    for c in brief.comments]
        self._push(comments, text)

    def reply(self, comment_id: str, text: str) -> None:
        comment = next((c for c in self.document.brief.comments if c.id == comment_id), None)
        if comment is None:
            return
        reply = CommentReply(id=new_comment_id(self.document.brief), author=self.author(),
                             date=now_iso(), text=text)
        self._change(comment_id, "Reply to comment", replies=(*comment.replies, reply))

    def set_resolved(self, comment_id: str, resolved: bool) -> None:
        self._change(comment_id, "Resolve comment" if resolved else "Reopen comment",
                     resolved=resolved)

    def delete_comment(self, comment_id: str) -> None:
        brief = self.document.brief
        self._push([c for c in brief.comments if c.id != comment_id], "Delete comment")


def _html(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def install_comments(window: CommentsHost) -> CommentController:
    """Insert ▸ Comment (Ctrl+Alt+M, as in Word) and the comments of the Review dock."""
    controller = CommentController(window)
    window.comments = controller  # type: ignore[attr-defined]
    action = QAction("Co&mment", window)
    action.setShortcut(QKeySequence("Ctrl+Alt+M"))
    action.setStatusTip("Comment on the selected words (Ctrl+Alt+M)")
    action.triggered.connect(lambda _checked=False: controller.begin_comment())
    window.insert_menu.addAction(action)
    window.addAction(action)
    window.act_insert_comment = action  # type: ignore[attr-defined]
    window.document_replaced.connect(lambda: controller.attach(window.document))
    window.outline.section_selected.connect(lambda _sid: controller.schedule())
    controller.attach(window.document)
    return controller
