"""Citing by keyboard: Ctrl+Alt+F, type part of a title, Enter; the notes follow every edit."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from brief_editor.model import (
    Brief,
    Cite,
    EventSection,
    Meta,
    NarrativeSection,
    Note,
    Source,
    notes_in,
)
from brief_editor.storage.files import loads_file, save_brief
from brief_editor.ui.citation_picker import CitationPicker, fold, search_sources
from brief_editor.ui.richtext import OBJECT_CHAR, RichTextEdit

from .helpers import answer_dialog as _answer_dialog

_failures: list[BaseException] = []


def answer_dialog(drive, seen: list[str] | None = None) -> None:
    """Answer the next modal dialog; a failed assertion closes it and fails the test."""

    def guarded(dialog) -> None:
        try:
            # Keys reach a dialog's shortcuts once it is the active window.
            qtbot = _qtbot[0]
            qtbot.waitUntil(dialog.isActiveWindow)
            drive(dialog)
        except BaseException as exc:  # noqa: BLE001 - re-raised by check_answered
            _failures.append(exc)
            dialog.reject()

    _answer_dialog(guarded, seen)


_qtbot: list = []


@pytest.fixture(autouse=True)
def check_answered(qtbot):
    _failures.clear()
    _qtbot[:] = [qtbot]
    yield
    if _failures:
        raise _failures[0]

SOURCES = (
    Source({"id": "wire1", "type": "article-newspaper", "title": "Talks Resume in Geneva",
            "container-title": "Example Wire", "issued": {"date-parts": [[2024, 3]]},
            "URL": "https://example.org/talks"}),
    Source({"id": "port1", "type": "webpage", "title": "Port Reopens After Blockade",
            "container-title": "Harbour Monitor", "issued": {"date-parts": [[2024, 2, 27]]},
            "URL": "https://example.org/port"}),
    Source({"id": "rep1", "type": "report", "title": "Annual Security Review",
            "author": [{"family": "Østergård", "given": "Åse"}], "publisher": "Example Institute",
            "issued": {"date-parts": [[2023]]}}),
)


def plain_brief() -> Brief:
    """Two sections of text with no notes yet, and three sources to cite."""
    return Brief(
        meta=Meta(publication="Security Brief", title="Desk", issue=4,
                  week_of=dt.date(2024, 3, 4), authors=("A. Analyst",), team="Team",
                  organization="Group"),
        sections=(
            EventSection(id="s1", heading=("Talks resume",), date=dt.date(2024, 3, 4),
                         location="Geneva", event=(("The delegations met again.",),
                                                   ("A spokesperson called them useful.",)),
                         implications=(("More rounds are likely.",),)),
            NarrativeSection(id="n1", heading=("Outlook",), body=(("Quiet week ahead.",),)),
        ),
        sources=SOURCES,
    )


@pytest.fixture
def cited_window(qtbot, window, tmp_path: Path):
    path = tmp_path / "issue.brief"
    save_brief(path, plain_brief())
    assert window.open_path(path, ask_to_save=False)
    return window


def editor_at_end(qtbot, window, section_id: str, field: str, block: int) -> RichTextEdit:
    """Focus a text field of a section with the cursor at the end of one paragraph."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.outline.select(section_id)
    editor = getattr(window.form, field)
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    cursor = editor.textCursor()
    cursor.setPosition(editor.document().findBlockByNumber(block).position())
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)
    return editor


def cite_by_keyboard(qtbot, editor: RichTextEdit, typed: str, locator: str | None = None) -> None:
    """Ctrl+Alt+F, type part of a title, (Alt+L, Tab, a locator,) Enter."""
    seen: list[str] = []

    def drive(dialog) -> None:
        assert isinstance(dialog, CitationPicker)
        qtbot.waitUntil(dialog.search.hasFocus)
        qtbot.keyClicks(dialog.search, typed)
        if locator is not None:
            qtbot.keyClick(dialog.search, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
            assert dialog.label.hasFocus()
            qtbot.keyClick(dialog.label, Qt.Key.Key_Tab)
            assert dialog.locator.hasFocus()
            qtbot.keyClicks(dialog.locator, locator)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    answer_dialog(drive, seen)
    qtbot.keyClick(editor, Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert seen == ["Insert citation"]


def dock_lines(window) -> list[str]:
    window.live.refresh_now(wait=True)
    return window.live.notes_panel.text().splitlines()


def cli_notes(path: Path) -> str:
    env = dict(os.environ, BRIEF_EDITOR_NO_CACHE="1")
    result = subprocess.run([sys.executable, "-m", "brief_editor", "notes", str(path)],
                            capture_output=True, text=True, env=env, timeout=120, check=True)
    return result.stdout


def test_search_is_tokenised_and_blind_to_case_and_accents() -> None:
    assert [s.id for s in search_sources(SOURCES, "ostergard 2023")] == ["rep1"]
    assert [s.id for s in search_sources(SOURCES, "REOPENS port")] == ["port1"]
    assert [s.id for s in search_sources(SOURCES, "example.org/talks")] == ["wire1"]
    assert [s.id for s in search_sources(SOURCES, "harbour")] == ["port1"]
    assert search_sources(SOURCES, "nothing like it") == []
    # With no query, the recently cited come first.
    assert [s.id for s in search_sources(SOURCES, "", ["rep1"])][0] == "rep1"
    assert fold("Østergård Åse Łódź") == "ostergard ase lodz"


def test_keyboard_citations_give_ibid_where_it_belongs(qtbot, cited_window) -> None:
    window = cited_window
    cite_by_keyboard(qtbot, editor_at_end(qtbot, window, "s1", "event", 0), "talks")
    cite_by_keyboard(qtbot, editor_at_end(qtbot, window, "s1", "event", 1), "talks res")
    cite_by_keyboard(qtbot, editor_at_end(qtbot, window, "s1", "implications", 0), "port re")
    cite_by_keyboard(qtbot, editor_at_end(qtbot, window, "s1", "implications", 0), "geneva",
                     locator="4")
    cite_by_keyboard(qtbot, editor_at_end(qtbot, window, "n1", "body", 0), "talks", locator="4")
    # Enter on an empty search cites the source cited just before the cursor.
    cite_by_keyboard(qtbot, editor_at_end(qtbot, window, "n1", "heading", 0), "")

    brief = window.document.brief
    event = brief.sections[0].event
    assert [n.cites[0].source for n in notes_in(event[0]) + notes_in(event[1])] == ["wire1",
                                                                                  "wire1"]
    lines = dock_lines(window)
    assert len(lines) == 6
    # Reading order: s1 event (1, 2), implications (3, 4); n1 heading (5), body (6).
    assert lines[0].startswith("1. Talks Resume in Geneva, Example Wire")
    assert lines[1] == "2. Ibid."
    assert lines[2].startswith("3. Port Reopens After Blockade")
    assert lines[3].startswith("4. ") and "Ibid" not in lines[3] and "4" in lines[3][3:]
    # Note 5 (the heading, wire1 without a locator) follows wire1 at 4: an "Ibid." would
    # wrongly carry the 4, so it is short; note 6 (wire1 at 4) then is "Ibid., 4.".
    assert lines[4] == "5. Talks Resume in Geneva, Example Wire."
    assert lines[5] == "6. Ibid., 4."
    model = window.live.notes_panel.model
    from brief_editor.ui.notes_dock import WHY_ROLE

    assert "wrongly carry the old one" in model.index(4).data(WHY_ROLE)
    assert model.index(1).data(WHY_ROLE).startswith("Ibid. (wire1): same source")
    assert window.save()
    assert window.live.notes_panel.text() == cli_notes(window.document.path)


def test_moving_a_section_renumbers_and_moves_ibid(qtbot, cited_window) -> None:
    window = cited_window
    cite_by_keyboard(qtbot, editor_at_end(qtbot, window, "s1", "event", 0), "talks")
    cite_by_keyboard(qtbot, editor_at_end(qtbot, window, "s1", "event", 1), "talks")
    cite_by_keyboard(qtbot, editor_at_end(qtbot, window, "n1", "body", 0), "port")
    before = dock_lines(window)
    assert before[1] == "2. Ibid." and before[2].startswith("3. Port Reopens")
    # Move the narrative to the top (Ctrl+Shift+Up from the outline).
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.outline.select("n1")
    window.outline.setFocus()
    qtbot.keyClick(window.outline, Qt.Key.Key_Up,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [s.id for s in window.document.brief.sections] == ["n1", "s1"]
    after = dock_lines(window)
    assert after[0].startswith("1. Port Reopens")
    assert after[1].startswith("2. Talks Resume in Geneva")
    assert after[2] == "3. Ibid."
    # Moving a paragraph: the second event paragraph (with the Ibid.) goes first.
    window.outline.select("s1")
    editor = window.form.event
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.setPosition(editor.document().findBlockByNumber(1).position())
    editor.setTextCursor(cursor)
    editor.move_block(1, 0)
    lines = dock_lines(window)
    assert lines[1].startswith("2. Talks Resume in Geneva") and lines[2] == "3. Ibid."
    assert window.save()
    assert window.live.notes_panel.text() == cli_notes(window.document.path)


def test_several_sources_prefix_and_comment_in_one_note(qtbot, cited_window) -> None:
    window = cited_window
    editor_at_end(qtbot, window, "s1", "event", 0)

    def drive(dialog) -> None:
        qtbot.keyClicks(dialog.search, "port")
        qtbot.keyClick(dialog.search, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
        qtbot.keyClicks(dialog.prefix, "see")
        qtbot.keyClick(dialog.prefix, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert dialog.search.hasFocus() and dialog.search.text() == ""
        qtbot.keyClicks(dialog.search, "annual")
        qtbot.keyClick(dialog.search, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
        qtbot.keyClicks(dialog.comment, "Both describe the same week")
        qtbot.keyClick(dialog.comment, Qt.Key.Key_Return)

    answer_dialog(drive)
    window.act_insert_citation.trigger()
    note = notes_in(window.document.brief.sections[0].event[0])[0]
    assert note == Note((Cite("port1", prefix="see"), Cite("rep1")),
                        ("Both describe the same week",))
    lines = dock_lines(window)
    assert lines[0].startswith("1. See Port Reopens") and "; Østergård, Å." in lines[0]
    assert lines[0].endswith("Both describe the same week.")


def test_new_source_without_leaving_the_picker(qtbot, cited_window) -> None:
    window = cited_window
    editor = editor_at_end(qtbot, window, "s1", "event", 0)

    def drive(dialog) -> None:
        qtbot.keyClicks(dialog.search, "Ceasefire Holds")
        assert dialog.results.count() == 0
        qtbot.keyClick(dialog.search, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(dialog.new_title.hasFocus)  # a button's mnemonic clicks a moment later
        assert dialog.new_title.text() == "Ceasefire Holds"
        qtbot.keyClick(dialog.new_title, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
        qtbot.keyClicks(dialog.new_container, "Daily Record")
        qtbot.keyClick(dialog.new_container, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
        qtbot.keyClicks(dialog.new_date, "2024-03-02")
        qtbot.keyClick(dialog.new_date, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
        qtbot.keyClicks(dialog.new_url, "https://example.org/ceasefire")
        qtbot.keyClick(dialog.new_url, Qt.Key.Key_Return)  # adds the source, stays open
        assert dialog.isVisible() and not dialog.new_box.isVisible()
        assert dialog.rows[0].source == "ceasefire2024"
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)

    answer_dialog(drive)
    qtbot.keyClick(editor, Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    brief = window.document.brief
    added = brief.sources[-1]
    assert added.id == "ceasefire2024"
    assert added.data["container-title"] == "Daily Record"
    assert added.data["issued"] == {"date-parts": [[2024, 3, 2]]}
    assert notes_in(brief.sections[0].event[0])[0].cites[0].source == "ceasefire2024"
    assert dock_lines(window)[0].startswith("1. Ceasefire Holds, Daily Record")


def _marker_point(editor: RichTextEdit, ordinal: int = 0) -> QPoint:
    text = editor.toPlainText()
    pos = [i for i, ch in enumerate(text) if ch == OBJECT_CHAR][ordinal]
    cursor = QTextCursor(editor.document())
    cursor.setPosition(pos)
    rect = editor.cursorRect(cursor)
    return QPoint(rect.right() + 3, rect.center().y())


def test_double_clicking_a_marker_edits_its_locator(qtbot, cited_window) -> None:
    window = cited_window
    cite_by_keyboard(qtbot, editor_at_end(qtbot, window, "s1", "event", 0), "talks",
                     locator="12")
    editor = window.form.event
    seen: list[str] = []

    def drive(dialog) -> None:
        assert isinstance(dialog, CitationPicker)
        assert dialog.rows[0].source == "wire1" and dialog.locator.text() == "12"
        qtbot.keyClick(dialog.search, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
        qtbot.keyClick(dialog.label, Qt.Key.Key_Tab)
        dialog.locator.selectAll()
        qtbot.keyClicks(dialog.locator, "14")
        qtbot.keyClick(dialog.locator, Qt.Key.Key_Return)

    answer_dialog(drive, seen)
    qtbot.mouseDClick(editor.viewport(), Qt.MouseButton.LeftButton, pos=_marker_point(editor))
    assert seen == ["Edit note 1"]
    note = notes_in(window.document.brief.sections[0].event[0])[0]
    assert note.cites == (Cite("wire1", "14"),)
    assert ", 14, https:" in dock_lines(window)[0]


def test_hovering_a_marker_shows_the_printed_note(qtbot, cited_window) -> None:
    window = cited_window
    cite_by_keyboard(qtbot, editor_at_end(qtbot, window, "s1", "event", 0), "talks")
    cite_by_keyboard(qtbot, editor_at_end(qtbot, window, "s1", "event", 1), "talks")
    editor = window.form.event
    window.live.refresh_now(wait=True)
    text = window.live.note_tooltip(editor, editor.toPlainText().rindex(OBJECT_CHAR))
    assert text is not None and "<b>2.</b> Ibid." in text
    assert "same source as the cite just before" in text


def test_commentary_note_stays_one_keystroke_away(qtbot, cited_window) -> None:
    window = cited_window
    editor = editor_at_end(qtbot, window, "s1", "event", 0)

    def drive(dialog) -> None:
        qtbot.keyClicks(dialog.text, "Our own reading of the talks ")
        dialog.accept()

    answer_dialog(drive)
    qtbot.keyClick(editor, Qt.Key.Key_N,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert dock_lines(window) == ["1. Our own reading of the talks."]


def test_saved_file_round_trips_the_inserted_notes(qtbot, cited_window) -> None:
    window = cited_window
    cite_by_keyboard(qtbot, editor_at_end(qtbot, window, "s1", "event", 0), "annual",
                     locator="7")
    assert window.save()
    brief, _ = loads_file(window.document.path)
    assert notes_in(brief.sections[0].event[0]) == [Note((Cite("rep1", "7"),))]
