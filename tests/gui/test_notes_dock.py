"""The Notes dock: notes as printed, live; a click goes to the marker; minimal updates."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt

from brief_editor.citations.notes import render_notes
from brief_editor.model import Cite, Note, Style, Styled
from brief_editor.ui.document import Document
from brief_editor.ui.notes_dock import HTML_ROLE, NotesModel
from brief_editor.ui.richtext import OBJECT_CHAR

from .helpers import make_brief


def open_brief(window, brief) -> None:
    window.set_document(Document(brief, parent=window))
    window.live.refresh_now(wait=True)


def test_dock_shows_numbered_notes_with_italics_and_why(qtbot, window) -> None:
    brief = make_brief(2)
    source = dataclasses.replace(brief.sources[0], data={**brief.sources[0].data,
                                                          "type": "book", "publisher": "Press"})
    brief = dataclasses.replace(brief, sources=(source,),
                                style=Style(citation_style="chicago-notes"))
    open_brief(window, brief)
    panel = window.live.notes_panel
    lines = panel.text().splitlines()
    assert [line.split(".", 1)[0] for line in lines] == ["1", "2", "3", "4", "5", "6"]
    assert lines[1] == "2. Ibid., 2."
    assert panel.text() == "".join(f"{n.number}. {n.text}\n" for n in render_notes(brief))
    model = panel.model
    assert "<i>" in model.index(0).data(HTML_ROLE)  # a book's title prints in italics
    assert "Ibid. with locator" in model.index(1).data(Qt.ItemDataRole.ToolTipRole)
    assert panel.status.text().startswith("6 notes")


def test_clicking_a_note_puts_the_cursor_at_its_marker(qtbot, window) -> None:
    open_brief(window, make_brief(3))
    panel = window.live.notes_panel
    # Note 6 is the second note of section 2's event paragraph.
    view = panel.view
    index = panel.model.index(4)
    view.scrollTo(index)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.outline.current_section_id() == "s2"
    editor = window.form.event
    assert editor.hasFocus()
    cursor = editor.textCursor()
    before = editor.toPlainText()[:cursor.position()]
    assert before.endswith(OBJECT_CHAR) and before.count(OBJECT_CHAR) == 2
    assert cursor.blockNumber() == 0


def test_typing_updates_the_dock_live(qtbot, window) -> None:
    open_brief(window, make_brief(1))
    window.outline.select("s1")
    editor = window.form.event
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.setPosition(editor.document().findBlockByNumber(1).position())
    editor.setTextCursor(cursor)
    editor.insert_note(Note((Cite("wire1"),)))
    # The debounce fires by itself.
    qtbot.waitUntil(lambda: len(window.live.notes_panel.model.notes) == 4, timeout=3000)
    lines = window.live.notes_panel.text().splitlines()
    # The new note follows one with a locator, so it is short; the next one becomes Ibid.
    assert lines[2:] == ["3. Talks Resume in Geneva, Example Wire.", "4. Ibid."]
    assert window.notes_label.text() == "4 notes"


def test_model_signals_only_the_rows_that_changed(qtbot) -> None:
    from brief_editor.citations.notes import NoteRenderer

    renderer = NoteRenderer()
    brief = make_brief(4)
    notes = renderer.render(brief)
    model = NotesModel()
    model.set_notes(notes)
    changed: list[tuple[int, int]] = []
    inserted: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, *_: changed.append((a.row(), b.row())))
    model.rowsInserted.connect(lambda _p, a, b: inserted.append((a, b)))
    assert model.set_notes(list(notes)) == 0 and not changed
    # A comment on note 1 changes it, and note 2 is no longer Ibid.: two rows, one signal.
    section = brief.sections[0]
    para = list(section.event[0])
    para[3] = Note(para[3].cites, (Styled("see above", ("italic",)),))
    edited = dataclasses.replace(section, event=(tuple(para), *section.event[1:]))
    brief2 = dataclasses.replace(brief, sections=(edited, *brief.sections[1:]))
    assert model.set_notes(renderer.render(brief2)) == 2
    assert changed == [(0, 1)]
    # A new note in the last section inserts a row and renumbers nothing before it.
    changed.clear()
    last = brief2.sections[-1]
    body = ((*last.body[0], Note((Cite("wire1", "9"),))),)
    brief3 = dataclasses.replace(brief2, sections=(*brief2.sections[:-1],
                                                   dataclasses.replace(last, body=body)))
    model.set_notes(renderer.render(brief3))
    assert inserted == [(12, 12)] and changed == []
    assert len(model.notes) == 13
