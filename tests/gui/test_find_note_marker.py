"""Find and Replace opened with a note marker selected (issue 14, item 5).

A note is one invisible object character in the text field. Opening Find or Replace with
only that marker selected must not seek the invisible character: it found every note, and
Replace All then typed the replacement in front of each of them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtGui import QTextCursor

from brief_editor.model import numbered_notes
from brief_editor.ui.forms import EventForm

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample-issue.brief"


def _select_first_marker(window) -> None:
    for row in range(window.outline.count()):
        window.outline.setCurrentRow(row)
        if isinstance(window.form, EventForm) and "\ufffc" in window.form.event.toPlainText():
            break
    editor = window.form.event
    at = editor.toPlainText().index("\ufffc")
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.setPosition(at)
    cursor.setPosition(at + 1, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    assert editor.textCursor().selectedText() == "\ufffc"


def test_replace_with_a_note_selected_seeks_nothing_invisible(qtbot, window, tmp_path) -> None:
    path = Path(shutil.copy(SAMPLE, tmp_path / "sample.brief"))
    assert window.open_path(path, ask_to_save=False)
    before = window.document.brief
    notes = len(numbered_notes(before))
    assert notes >= 2
    _select_first_marker(window)
    window.act_replace.trigger()
    bar = window.find_bar
    assert "\ufffc" not in bar.field.text()
    assert bar.field.text().strip() == ""
    assert "match" not in bar.count_label.text()
    qtbot.keyClicks(bar.replacement, "[X]")
    bar.replace_all()
    assert window.document.brief == before


def test_the_words_around_a_selected_note_are_sought_without_it(qtbot, window, tmp_path) -> None:
    path = Path(shutil.copy(SAMPLE, tmp_path / "sample.brief"))
    assert window.open_path(path, ask_to_save=False)
    _select_first_marker(window)
    editor = window.focused_rich_edit()
    cursor = editor.textCursor()
    start = cursor.selectionStart()
    # Widen the selection to the word before the marker and the marker.
    cursor.setPosition(start)
    cursor.movePosition(QTextCursor.MoveOperation.PreviousWord)
    word_start = cursor.position()
    cursor.setPosition(start + 1, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    window.act_find.trigger()
    text = window.find_bar.field.text()
    assert "\ufffc" not in text
    assert text == editor.toPlainText()[word_start:start]


def test_a_pasted_marker_finds_nothing(qtbot, window, tmp_path) -> None:
    path = Path(shutil.copy(SAMPLE, tmp_path / "sample.brief"))
    assert window.open_path(path, ask_to_save=False)
    before = window.document.brief
    window.act_replace.trigger()
    window.find_bar.field.setText("\ufffc")
    window.find_bar.replacement.setText("[X]")
    assert window.find_bar.replace_all() == 0
    assert window.document.brief == before
