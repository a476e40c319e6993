"""Dialogs a new user met (issue 14, item 7): they fit a 1366×768 laptop, the quick source
form takes authors, the commentary note is a real editor, the recovery dialog shows all it
says, and Discard has a key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from brief_editor.model import Link, Note, Styled, notes_in
from brief_editor.storage.autosave import Snapshot
from brief_editor.ui.citation_picker import CitationPicker
from brief_editor.ui.forms import EventForm

from .helpers import answer_dialog as _answer_dialog
from .helpers import make_brief

_failures: list[BaseException] = []


def answer_dialog(drive) -> None:
    """Answer the next modal dialog; a failure closes it, and the test fails afterwards."""

    def guarded(dialog) -> None:
        try:
            drive(dialog)
        except BaseException as exc:  # noqa: BLE001 - raised again by the fixture below
            _failures.append(exc)
            dialog.reject()

    _answer_dialog(guarded)


@pytest.fixture(autouse=True)
def _raise_failures_in_dialogs():
    _failures.clear()
    yield
    if _failures:
        raise _failures[0]

# What a 1366×768 screen leaves a dialog once a panel or taskbar (about 40 px) and the
# dialog's own title bar (about 30 px) have their share.
LAPTOP_HEIGHT = 768 - 40 - 30


def test_citation_picker_with_new_source_fits_a_laptop(qtbot, window) -> None:
    picker = CitationPicker(make_brief(), parent=window)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    picker.new_button.setChecked(True)
    qtbot.wait(20)
    assert picker.new_box.isVisible()
    assert picker.minimumSizeHint().height() <= LAPTOP_HEIGHT
    assert picker.height() <= LAPTOP_HEIGHT
    assert picker.width() <= 1366
    # The list of matches keeps room for a few sources.
    assert picker.results.height() >= 3 * picker.results.sizeHintForRow(0)


def test_quick_source_form_takes_authors(qtbot, window) -> None:
    picker = CitationPicker(make_brief(), parent=window)
    qtbot.addWidget(picker)
    picker.show()
    picker.new_button.setChecked(True)
    qtbot.keyClicks(picker.new_title, "Border Security in Practice")
    picker.new_type.setCurrentIndex(picker.new_type.findData("book"))
    # QTest types ASCII only; the accented name goes in as a paste would.
    picker.new_authors.insert("Kovač, Ana; ")
    qtbot.keyClicks(picker.new_authors, "Ellery, Jon;  Example Institute")
    qtbot.keyClicks(picker.new_container, "Example Press")
    qtbot.keyClicks(picker.new_date, "2023")
    qtbot.keyClick(picker.new_title, Qt.Key.Key_Return)
    (source,) = picker.new_sources
    assert source.data["author"] == [{"family": "Kovač", "given": "Ana"},
                                     {"family": "Ellery", "given": "Jon"},
                                     {"literal": "Example Institute"}]
    assert source.data["publisher"] == "Example Press"


def _focus_event_text(qtbot, window, tmp_path: Path):
    from brief_editor.storage.files import save_brief

    path = tmp_path / "b.brief"
    save_brief(path, make_brief())
    assert window.open_path(path, ask_to_save=False)
    window.outline.select("s1")
    assert isinstance(window.form, EventForm)
    editor = window.form.event
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    return editor


def _event_notes(window) -> list[Note]:
    return [n for p in window.document.brief.sections[0].event for n in notes_in(p)]


def test_commentary_note_is_a_sized_editor_with_formatting(qtbot, window, tmp_path) -> None:
    editor = _focus_event_text(qtbot, window, tmp_path)
    before = len(_event_notes(window))
    seen = {}

    def drive(dialog) -> None:
        qtbot.waitUntil(dialog.isActiveWindow)
        seen["size"] = (dialog.width(), dialog.height())
        text = dialog.text
        text.setFocus()
        qtbot.keyClicks(text, "Our reading: ")
        qtbot.keyClick(text, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(text, "likely")
        qtbot.keyClick(text, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(text, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(text, " soon")
        qtbot.keyClick(text, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(text, ", see the report")
        # Select "the report" and make it a link, as in the main editor.
        for _ in range(len("the report")):
            qtbot.keyClick(text, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
        answer_dialog(lambda box: (box.setTextValue("https://example.org/report"),
                                   box.accept()))
        qtbot.keyClick(text, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
        # Offscreen there is no window manager to give the keyboard back to the dialog
        # once the link question closes; do what it would.
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        qtbot.keyClick(text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)

    answer_dialog(drive)
    qtbot.keyClick(editor, Qt.Key.Key_N,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    width, height = seen["size"]
    assert 480 <= width <= 1366 and 280 <= height <= LAPTOP_HEIGHT
    notes = _event_notes(window)
    assert len(notes) == before + 1
    comment = next(n for n in notes if not n.cites).comment
    assert comment == ("Our reading: ", Styled("likely", ("bold",)),
                       Styled(" soon", ("italic",)), ", see ",
                       Link("https://example.org/report", "the report"))


def test_commentary_note_can_be_cancelled(qtbot, window, tmp_path) -> None:
    editor = _focus_event_text(qtbot, window, tmp_path)
    before = window.document.brief

    def drive(dialog) -> None:
        qtbot.keyClicks(dialog.text, "Never mind")
        dialog.reject()

    answer_dialog(drive)
    qtbot.keyClick(editor, Qt.Key.Key_N,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert window.document.brief == before


def test_recovery_dialog_shows_its_whole_label_and_item(qtbot, window) -> None:
    from brief_editor.ui.mainwindow import RecoveryDialog

    snapshot = Snapshot(Path("/tmp/none"), "/home/analyst/briefs/security-brief-issue-17.brief",
                        dt.datetime(2026, 3, 4, 9, 30, tzinfo=dt.UTC), 1, "host", make_brief())
    dialog = RecoveryDialog([snapshot], window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    label = dialog.text
    assert label.height() >= label.heightForWidth(label.width())
    item = dialog.list.item(0).text()
    assert dialog.list.fontMetrics().horizontalAdvance(item) < dialog.list.viewport().width()
    assert dialog.height() <= LAPTOP_HEIGHT and dialog.width() <= 1366


def test_discard_has_a_key(qtbot, window) -> None:
    window.act_add_event.trigger()
    assert window.document.is_dirty
    seen = {}

    def press_alt_d(box) -> None:
        assert isinstance(box, QMessageBox)
        seen["text"] = box.button(QMessageBox.StandardButton.Discard).text()
        qtbot.waitUntil(box.isActiveWindow)  # mnemonics work in the active window
        qtbot.keyClick(box, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
        # A mnemonic clicks its button a moment later.
        qtbot.waitUntil(lambda: not box.isVisible(), timeout=2000)

    answer_dialog(press_alt_d)
    window.new_file()
    assert "&D" in seen["text"]
    assert not window.document.is_dirty
    assert window.document.brief.sections == ()
