"""Inserting a note in the middle of a brief: the markers in the text fields, the Notes
dock and the Checks dock all come out right, and undo and redo bring each state back.

The sample (``helpers.make_brief(3)``) holds three notes a section, all citing ``wire1``:
two in the event's first paragraph (the second with locator 2) and one in the second
paragraph of the implications. Section s2's notes are 4, 5 and 6 before the insert.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QTextFormat

from brief_editor.model import Cite, Note
from brief_editor.ui.document import Document
from brief_editor.ui.richtext import NOTE_OBJECT, NoteObject, RichTextEdit

from .helpers import make_brief


class DrawnLabels(NoteObject):
    """The markers as the editor paints them: position → label of the last paint."""

    def __init__(self, editor: RichTextEdit) -> None:
        super().__init__(editor)
        self.drawn: dict[int, str] = {}

    def drawObject(self, painter: QPainter, rect: QRectF, doc, pos: int,  # noqa: N802
                   fmt: QTextFormat) -> None:
        self.drawn[pos] = self._editor.note_label(pos)
        super().drawObject(painter, rect, doc, pos, fmt)


def watch(editor: RichTextEdit) -> DrawnLabels:
    handler = DrawnLabels(editor)
    editor._watch = handler  # kept alive as long as the editor
    editor.document().documentLayout().registerHandler(NOTE_OBJECT, handler)
    editor.viewport().update()
    return handler


def drawn(handler: DrawnLabels) -> list[str]:
    return [label for _pos, label in sorted(handler.drawn.items())]


def rows(window) -> list[str]:
    """The Notes dock's rows as its model gives them to the view."""
    model = window.live.notes_panel.model
    return [str(model.index(row).data()) for row in range(model.rowCount())]


def test_inserting_a_note_renumbers_markers_and_dock_and_undo_restores(qtbot, window) -> None:
    window.set_document(Document(make_brief(3), parent=window))
    window.live.refresh_now(wait=True)
    window.outline.select("s2")
    form = window.form
    event, implications = watch(form.event), watch(form.implications)
    qtbot.waitUntil(lambda: drawn(event) == ["4", "5"] and drawn(implications) == ["6"])
    before = rows(window)
    short = "Talks Resume in Geneva, Example Wire."
    assert before[3:6] == ["4. Ibid.", "5. Ibid., 2.", f"6. {short}"]

    # A note citing wire1 at page 9, typed at the start of s2's event (Ctrl+Alt+F's path).
    editor = form.event
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.setPosition(0)
    editor.setTextCursor(cursor)
    event.drawn.clear()
    editor.insert_note(Note((Cite("wire1", "9"),)))
    # The markers after it are renumbered on the next paint, before the live refresh.
    qtbot.waitUntil(lambda: drawn(event) == ["4", "5", "6"] and drawn(implications) == ["7"])
    # The debounce fires by itself; the dock then holds ten notes.
    qtbot.waitUntil(lambda: len(rows(window)) == 10, timeout=3000)
    after = rows(window)
    assert after[:3] == before[:3]
    # Note 5 (no locator) now follows one at page 9: no longer Ibid. but the short form.
    assert after[3:7] == ["4. Ibid., 9.", f"5. {short}", "6. Ibid., 2.", f"7. {short}"]
    assert [line.split(".", 1)[0] for line in after] == [str(n) for n in range(1, 11)]
    assert after[7:] == ["8. " + before[6].split(". ", 1)[1], "9. " + before[7].split(". ", 1)[1],
                         "10. " + before[8].split(". ", 1)[1]]
    qtbot.waitUntil(lambda: window.notes_label.text() == "10 notes")  # the status bar's timer

    event.drawn.clear()
    implications.drawn.clear()
    window.document.undo_stack.undo()
    qtbot.waitUntil(lambda: rows(window) == before, timeout=3000)
    qtbot.waitUntil(lambda: drawn(event) == ["4", "5"] and drawn(implications) == ["6"])
    event.drawn.clear()
    implications.drawn.clear()
    window.document.undo_stack.redo()
    qtbot.waitUntil(lambda: rows(window) == after, timeout=3000)
    qtbot.waitUntil(lambda: drawn(event) == ["4", "5", "6"] and drawn(implications) == ["7"])


def problem_messages(window) -> list[str]:
    """The Checks dock's rows, group by group, as its model gives them to the view."""
    model = window.live.checks_panel.model
    out = []
    for i in range(model.rowCount()):
        group = model.index(i, 0)
        out += [str(model.index(j, 0, group).data()) for j in range(model.rowCount(group))]
    return out


def test_a_note_inserted_earlier_renumbers_the_problems_that_name_notes(qtbot, window) -> None:
    import dataclasses

    brief = make_brief(3)
    s3 = brief.sections[2]
    # Note 9 (s3's last) cites a source the brief does not have: E001 names its number.
    s3 = dataclasses.replace(s3, implications=(
        s3.implications[0], ("Pressure will mount.", Note((Cite("nowhere"),)))))
    window.set_document(Document(dataclasses.replace(
        brief, sections=(*brief.sections[:2], s3, *brief.sections[3:])), parent=window))
    window.live.refresh_now(wait=True)

    def named(number: int) -> bool:
        return f"E001  Note {number} cites “nowhere”" in "\n".join(problem_messages(window))

    assert named(9)
    window.outline.select("s2")
    editor = window.form.event
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.setPosition(0)
    editor.setTextCursor(cursor)
    editor.insert_note(Note((Cite("wire1"),)))
    qtbot.waitUntil(lambda: named(10), timeout=3000)
    assert not named(9) and window.problems_label.text() == "1 problem"
    window.document.undo_stack.undo()
    qtbot.waitUntil(lambda: named(9), timeout=3000)
    window.document.undo_stack.redo()
    qtbot.waitUntil(lambda: named(10), timeout=3000)
