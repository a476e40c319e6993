"""Composing an issue by typing into the real widgets, then undo, redo, save and reopen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt

from brief_editor.model import EventSection, inline_text
from brief_editor.storage.files import loads_file
from brief_editor.ui.forms import EventForm, MastheadForm


def type_masthead(qtbot, window) -> None:
    form = window.form
    assert isinstance(form, MastheadForm)
    form.publication.clear()
    qtbot.keyClicks(form.publication, "Security Brief")
    qtbot.keyClicks(form.title, "Counter Threat Desk")
    form.issue.selectAll()
    qtbot.keyClicks(form.issue, "17")
    qtbot.keyClicks(form.authors.entry, "Dja Camara")
    qtbot.keyClick(form.authors.entry, Qt.Key.Key_Return)
    qtbot.keyClicks(form.team, "CTSC Team")
    qtbot.keyClicks(form.organization, "The Group")


def type_event(qtbot, window, heading: str, place: str, bullets: list[str]) -> None:
    window.act_add_event.trigger()
    form = window.form
    assert isinstance(form, EventForm)
    qtbot.keyClicks(form.heading, heading)
    qtbot.keyClicks(form.location, place)
    qtbot.keyClicks(form.parties.entry, "Party One")
    qtbot.keyClick(form.parties.entry, Qt.Key.Key_Return)
    qtbot.keyClicks(form.parties.entry, "Party Two")
    qtbot.keyClick(form.parties.entry, Qt.Key.Key_Return)
    qtbot.keyClicks(form.event, f"Something happened in {place}.")
    qtbot.keyClick(form.event, Qt.Key.Key_Return)
    qtbot.keyClicks(form.event, "A second paragraph.")
    for i, bullet in enumerate(bullets):
        if i:
            qtbot.keyClick(form.implications, Qt.Key.Key_Return)
        qtbot.keyClicks(form.implications, bullet)


def compose(qtbot, window) -> None:
    type_masthead(qtbot, window)
    type_event(qtbot, window, "Talks resume", "Geneva", ["More talks.", "Less fighting."])
    type_event(qtbot, window, "Port reopens", "Odesa", ["Grain moves."])


def test_compose_an_issue_by_typing(qtbot, window) -> None:
    compose(qtbot, window)
    brief = window.document.brief
    assert brief.meta.publication == "Security Brief"
    assert brief.meta.title == "Counter Threat Desk"
    assert brief.meta.issue == 17
    assert brief.meta.authors == ("Dja Camara",)
    assert brief.meta.team == "CTSC Team"
    assert brief.meta.organization == "The Group"
    assert [inline_text(s.heading) for s in brief.sections] == ["Talks resume", "Port reopens"]
    first, second = brief.sections
    assert isinstance(first, EventSection) and isinstance(second, EventSection)
    assert first.location == "Geneva"
    assert first.parties == ("Party One", "Party Two")
    assert first.event == (("Something happened in Geneva.",), ("A second paragraph.",))
    assert first.implications == (("More talks.",), ("Less fighting.",))
    assert second.implications == (("Grain moves.",),)
    assert window.isWindowModified()
    assert window.outline.count() == 3
    assert window.outline.item(1).text() == "Talks resume"


def test_week_of_snaps_to_monday(qtbot, window) -> None:
    form = window.form
    form.week_of.edit.setText("2024-03-07")
    form.week_of.commit()
    assert window.document.brief.meta.week_of == dt.date(2024, 3, 4)
    assert form.week_of.value() == dt.date(2024, 3, 4)


def test_undo_back_to_empty_then_redo(qtbot, window) -> None:
    empty = window.document.brief
    compose(qtbot, window)
    composed = window.document.brief
    stack = window.document.undo_stack
    steps = 0
    while stack.canUndo():
        window.act_undo.trigger()
        steps += 1
    assert window.document.brief == empty
    assert window.outline.count() == 1
    assert not window.isWindowModified()
    # Typing merged into steps: far fewer than the keystrokes typed.
    assert 10 < steps < 60
    while stack.canRedo():
        window.act_redo.trigger()
    assert window.document.brief == composed
    window.outline.select(None)
    assert window.form.title.text() == "Counter Threat Desk"
    window.outline.select(composed.sections[0].id)
    assert window.form.implications.toPlainText() == "More talks.\nLess fighting."


def test_undo_shows_the_text_in_the_form(qtbot, window) -> None:
    compose(qtbot, window)
    form = window.form
    qtbot.keyClicks(form.heading, " again")
    assert form.heading.toPlainText() == "Port reopens again"
    window.act_undo.trigger()
    assert window.form.heading.toPlainText() == "Port reopens"


def test_reorder_sections_in_the_outline(qtbot, window) -> None:
    compose(qtbot, window)
    ids = [s.id for s in window.document.brief.sections]
    window.outline.select(ids[1])
    window.act_move_up.trigger()
    assert [s.id for s in window.document.brief.sections] == [ids[1], ids[0]]
    assert window.outline.item(1).text() == "Port reopens"
    assert window.outline.current_section_id() == ids[1]
    window.outline.move_requested.emit(ids[1], 1)  # what a drop onto the last row sends
    assert [s.id for s in window.document.brief.sections] == ids
    window.act_undo.trigger()
    assert [s.id for s in window.document.brief.sections] == [ids[1], ids[0]]


def test_add_duplicate_delete_and_undo(qtbot, window) -> None:
    compose(qtbot, window)
    first = window.document.brief.sections[0].id
    window.outline.select(first)
    window.act_duplicate.trigger()
    sections = window.document.brief.sections
    assert len(sections) == 3
    assert inline_text(sections[1].heading) == "Talks resume"
    assert sections[1].id not in (sections[0].id, sections[2].id)
    window.act_delete.trigger()
    assert len(window.document.brief.sections) == 2
    window.act_undo.trigger()
    assert len(window.document.brief.sections) == 3
    window.act_add_narrative.trigger()
    form = window.form
    qtbot.keyClicks(form.heading, "Outlook")
    qtbot.keyClicks(form.body, "Calm.")
    assert window.document.brief.sections[-1].body == (("Calm.",),) or any(
        getattr(s, "body", None) == (("Calm.",),) for s in window.document.brief.sections)


def test_save_reopen_and_compare(qtbot, window, tmp_path: Path) -> None:
    compose(qtbot, window)
    first = tmp_path / "composed.brief"
    assert window.save_to(first)
    assert not window.isWindowModified()
    assert "composed.brief" in window.windowTitle()
    composed = window.document.brief

    window.open_path(first)
    assert window.document.brief == composed
    window.outline.select(composed.sections[0].id)
    qtbot.keyClicks(window.form.heading, "!")
    qtbot.keyClick(window.form.heading, Qt.Key.Key_Backspace)
    second = tmp_path / "again.brief"
    assert window.save_to(second)
    assert second.read_bytes() == first.read_bytes()


def test_open_then_save_leaves_the_file_unchanged(qtbot, window, brief_file: Path) -> None:
    before = brief_file.read_bytes()
    assert window.open_path(brief_file)
    window.act_save.trigger()
    assert brief_file.read_bytes() == before
    # An edit made and taken back by hand (not by undo) still writes the same bytes, even
    # in paragraphs with notes, marks and links.
    window.outline.select("s1")
    form = window.form
    cursor = form.event.textCursor()
    cursor.setPosition(5)
    form.event.setTextCursor(cursor)
    qtbot.keyClicks(form.event, "x")
    qtbot.keyClick(form.event, Qt.Key.Key_Backspace)
    assert window.document.is_dirty
    window.act_save.trigger()
    assert not window.document.is_dirty
    assert brief_file.read_bytes() == before
    assert loads_file(brief_file)[0] == window.document.brief


def test_delete_key_in_the_outline_deletes_the_section(qtbot, window) -> None:
    compose(qtbot, window)
    ids = [s.id for s in window.document.brief.sections]
    window.outline.select(ids[0])
    qtbot.keyClick(window.outline, Qt.Key.Key_Delete)
    assert [s.id for s in window.document.brief.sections] == ids[1:]
    assert window.outline.current_section_id() == ids[1]
    window.act_undo.trigger()
    assert [s.id for s in window.document.brief.sections] == ids
