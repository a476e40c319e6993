"""Rich text fields: spans one to one, atomic notes with live numbers, clean paste, bullets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from brief_editor.model import Cite, Link, Note, Styled
from brief_editor.ui.forms import EventForm
from brief_editor.ui.richtext import RichTextEdit, clean_text

NOTE_A = Note((Cite("wire1"),))
NOTE_B = Note((Cite("wire1", "2"),))


@pytest.fixture
def edit(qtbot) -> RichTextEdit:
    editor = RichTextEdit("Test field", min_lines=3)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def put_cursor(editor: RichTextEdit, pos: int) -> None:
    cursor = editor.textCursor()
    cursor.setPosition(pos)
    editor.setTextCursor(cursor)


def test_spans_round_trip(edit: RichTextEdit) -> None:
    value = (("plain ", Styled("it", ("italic",)), Styled("bi", ("italic", "bold")),
              Styled("u", ("underline",)), Styled("2", ("superscript",)),
              Styled("x", ("subscript",)), Link("https://example.org", "a link"), NOTE_A, "."),
             ("second",))
    edit.set_value(value)
    assert edit.value() == value
    assert edit.block_inline(edit.document().begin()) == value[0]


def test_marks_by_keyboard(qtbot, edit: RichTextEdit) -> None:
    qtbot.keyClicks(edit, "a ")
    edit.toggle_mark("italic")
    qtbot.keyClicks(edit, "word")
    edit.toggle_mark("italic")
    qtbot.keyClicks(edit, " b")
    assert edit.value() == (("a ", Styled("word", ("italic",)), " b"),)


def test_a_note_is_one_atomic_object(qtbot, edit: RichTextEdit) -> None:
    edit.set_value((("Talks", NOTE_A, " resumed"),))
    edit.setFocus()
    put_cursor(edit, 6)  # just after the note
    qtbot.keyClicks(edit, "!")
    # Typing next to a note makes plain text, never another note.
    assert edit.value() == (("Talks", NOTE_A, "! resumed"),)
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)  # selects the note
    assert edit.value() == (("Talks", NOTE_A, " resumed"),)
    assert edit.textCursor().selectedText() == "\ufffc"
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)  # deletes it, whole
    assert edit.value() == (("Talks resumed",),)


def test_typing_over_a_stray_object_character_is_repaired(qtbot, edit: RichTextEdit) -> None:
    edit.set_value((("ab",),))
    cursor = edit.textCursor()
    cursor.setPosition(1)
    cursor.insertText("\ufffc")  # as a bad paste or input method could
    assert edit.value() == (("ab",),)


def test_note_numbers_follow_the_model(qtbot, window) -> None:
    window.act_add_event.trigger()
    form = window.form
    assert isinstance(form, EventForm)
    qtbot.keyClicks(form.event, "First")
    form.event.insert_note(NOTE_A)
    qtbot.keyClicks(form.event, " then")
    form.event.insert_note(NOTE_B)
    assert form.event.note_label(5) == "1"
    assert form.event.note_label(11) == "2"
    # A note put in the heading, earlier in reading order, renumbers the event's notes.
    form.heading.setFocus()
    qtbot.keyClicks(form.heading, "Heading")
    form.heading.insert_note(NOTE_A)
    assert form.heading.note_label(7) == "1"
    assert form.event.note_label(5) == "2"
    assert form.event.note_label(11) == "3"
    assert window.outline.item(1).data(Qt.ItemDataRole.UserRole + 1) == 3


def test_paste_is_cleaned(qtbot, edit: RichTextEdit) -> None:
    mime = QMimeData()
    mime.setHtml("<b style='color:red'>Bold</b> text")
    mime.setText("Bold\x07 text\ufffc\u200b\tend")
    edit.insertFromMimeData(mime)
    assert edit.value() == (("Bold text end",),)


def test_copy_and_paste_keep_our_marks_and_notes(qtbot, edit: RichTextEdit) -> None:
    edit.set_value((("A ", Styled("b", ("bold",)), NOTE_A, " c"),))
    edit.selectAll()
    mime = edit.createMimeDataFromSelection()
    other = RichTextEdit("Other")
    qtbot.addWidget(other)
    other.insertFromMimeData(mime)
    assert other.value() == (("A ", Styled("b", ("bold",)), NOTE_A, " c"),)
    assert mime.text() == "A b c"


def test_single_line_fields_refuse_newlines(qtbot) -> None:
    heading = RichTextEdit("Heading", single_block=True)
    qtbot.addWidget(heading)
    qtbot.keyClicks(heading, "One")
    qtbot.keyClick(heading, Qt.Key.Key_Return)
    qtbot.keyClicks(heading, " two")
    mime = QMimeData()
    mime.setText("three\nfour")
    heading.insertFromMimeData(mime)
    assert heading.value() == (("One twothree four",),)
    assert clean_text("a\r\nb", single_line=False) == "a\nb"


def test_bullet_editor_keys(qtbot) -> None:
    bullets = RichTextEdit("The implications", bullets=True)
    qtbot.addWidget(bullets)
    bullets.show()
    qtbot.keyClicks(bullets, "one")
    qtbot.keyClick(bullets, Qt.Key.Key_Return)
    qtbot.keyClicks(bullets, "two")
    qtbot.keyClick(bullets, Qt.Key.Key_Return)
    qtbot.keyClicks(bullets, "three")
    assert bullets.value() == (("one",), ("two",), ("three",))
    assert all(bullets.document().findBlockByNumber(i).textList() is not None for i in range(3))
    # Alt+Up moves the bullet with the cursor.
    qtbot.keyClick(bullets, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert bullets.value() == (("one",), ("three",), ("two",))
    qtbot.keyClick(bullets, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert bullets.value() == (("one",), ("two",), ("three",))
    # Backspace in an empty bullet joins it to the one before.
    bullets.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(bullets, Qt.Key.Key_Return)
    assert bullets.value() == (("one",), ("two",), ("three",), ())
    qtbot.keyClick(bullets, Qt.Key.Key_Backspace)
    assert bullets.value() == (("one",), ("two",), ("three",))
    # Backspace at the start of a full bullet joins the two.
    put_cursor(bullets, bullets.document().findBlockByNumber(2).position())
    qtbot.keyClick(bullets, Qt.Key.Key_Backspace)
    assert bullets.value() == (("one",), ("twothree",))
    bullets.move_block(1, 0)
    assert bullets.value() == (("twothree",), ("one",))


def test_undo_key_goes_to_the_document(qtbot, window) -> None:
    window.act_add_event.trigger()
    form = window.form
    form.activateWindow()
    form.heading.setFocus()
    qtbot.keyClicks(form.heading, "Heading")
    assert QApplication.focusWidget() is form.heading
    qtbot.keyClick(form.heading, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.document.brief.sections[0].heading == ()


def test_a_bullet_can_be_dragged_by_its_dot(qtbot) -> None:
    bullets = RichTextEdit("The implications", bullets=True)
    qtbot.addWidget(bullets)
    bullets.resize(400, 200)
    bullets.show()
    bullets.set_value((("one",), ("two",), ("three",)))
    first = bullets.document().findBlockByNumber(0)
    dot = QPointF(2, bullets.cursorRect(QTextCursor(first)).center().y())
    assert bullets._bullet_row_at(dot) == 0
    text = QPointF(bullets.cursorRect(QTextCursor(first)).left() + 10, dot.y())
    assert bullets._bullet_row_at(text) is None
    # Drop the first bullet onto the lower half of the last one.
    last = bullets.document().findBlockByNumber(2)
    below = QPointF(30, bullets.cursorRect(QTextCursor(last)).bottom() - 1)
    mime = bullets.bullet_mime(0)  # kept alive: the event only points at it
    drop = QDropEvent(below, Qt.DropAction.MoveAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    bullets.dropEvent(drop)
    assert bullets.value() == (("two",), ("three",), ("one",))
