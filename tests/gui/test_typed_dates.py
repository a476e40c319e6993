"""Dates typed into the event Date and masthead Week of fields (issue 14, item 1).

Every test types with real key clicks, leaves the field the way a user does (Enter or Tab),
saves the brief and reads the file back: what was typed is what was saved, or the field
says plainly that it could not read it and nothing changes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QLineEdit

from brief_editor.storage.files import loads_file
from brief_editor.ui.forms import EventForm, MastheadForm


def _saved(window, tmp_path: Path):
    path = tmp_path / "typed.brief"
    assert window.save_to(path)
    brief, _ = loads_file(path)
    return brief


def _line(field) -> QLineEdit:
    return field.findChild(QLineEdit)


def _type(qtbot, field, text: str, *, leave=Qt.Key.Key_Return) -> None:
    line = _line(field)
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton)
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, leave)


def _event_form(window) -> EventForm:
    window.act_add_event.trigger()
    form = window.form
    assert isinstance(form, EventForm)
    return form


@pytest.mark.parametrize("typed", ["2021-07-19", "July 19, 2021", "19 July 2021", "Jul 19 2021"])
def test_typed_event_date_is_saved_as_typed(qtbot, window, tmp_path, typed) -> None:
    form = _event_form(window)
    _type(qtbot, form.date, typed)
    assert form.date.value() == dt.date(2021, 7, 19)
    assert _saved(window, tmp_path).sections[-1].date == dt.date(2021, 7, 19)


def test_locale_format_is_read(qtbot, window, tmp_path) -> None:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    try:
        form = _event_form(window)
        _type(qtbot, form.date, "19/07/2021")
    finally:
        QLocale.setDefault(before)
    assert _saved(window, tmp_path).sections[-1].date == dt.date(2021, 7, 19)


def test_a_date_that_cannot_be_read_is_refused_visibly(qtbot, window, tmp_path) -> None:
    form = _event_form(window)
    _type(qtbot, form.date, "2021-07-19")
    _type(qtbot, form.date, "next Tuesday", leave=Qt.Key.Key_Tab)
    # The typed text stays for the user to correct, in a red frame that says why.
    assert _line(form.date).text() == "next Tuesday"
    assert form.date.is_refused()
    assert "next Tuesday" in _line(form.date).toolTip()
    assert form.date.value() == dt.date(2021, 7, 19)
    assert _saved(window, tmp_path).sections[-1].date == dt.date(2021, 7, 19)
    # Correcting it clears the red frame.
    _type(qtbot, form.date, "2021-07-20")
    assert not form.date.is_refused()
    assert window.document.brief.sections[-1].date == dt.date(2021, 7, 20)


def test_impossible_date_is_refused_not_rolled_over(qtbot, window, tmp_path) -> None:
    form = _event_form(window)
    _type(qtbot, form.date, "2021-02-30")
    assert form.date.is_refused()
    assert _saved(window, tmp_path).sections[-1].date is None


def test_week_of_reads_a_long_date(qtbot, window, tmp_path) -> None:
    form = window.form
    assert isinstance(form, MastheadForm)
    _type(qtbot, form.week_of, "July 19, 2021")
    assert _saved(window, tmp_path).meta.week_of == dt.date(2021, 7, 19)


def test_week_of_reads_iso_and_ctrl_a_replaces(qtbot, window, tmp_path) -> None:
    form = window.form
    assert isinstance(form, MastheadForm)
    _type(qtbot, form.week_of, "2021-07-19")
    assert window.document.brief.meta.week_of == dt.date(2021, 7, 19)
    # Ctrl+A then typing replaces the whole date.
    _type(qtbot, form.week_of, "2022-01-03")
    assert _saved(window, tmp_path).meta.week_of == dt.date(2022, 1, 3)


def test_week_of_snaps_to_monday_and_says_so(qtbot, window, tmp_path) -> None:
    form = window.form
    assert isinstance(form, MastheadForm)
    _type(qtbot, form.week_of, "Thursday, July 22, 2021")
    assert _saved(window, tmp_path).meta.week_of == dt.date(2021, 7, 19)
    # The field shows the Monday, and a note says it moved.
    assert "19" in _line(form.week_of).text() and "Monday" in _line(form.week_of).text()
    assert "Monday" in form.week_of.notice()
    assert not form.week_of.is_refused()


def test_clearing_a_date_saves_no_date(qtbot, window, tmp_path) -> None:
    form = _event_form(window)
    _type(qtbot, form.date, "2021-07-19")
    _line(form.date).setFocus()
    qtbot.keyClick(_line(form.date), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(_line(form.date), Qt.Key.Key_Delete)
    qtbot.keyClick(_line(form.date), Qt.Key.Key_Return)
    assert _saved(window, tmp_path).sections[-1].date is None


def test_typed_date_is_one_undo_step(qtbot, window) -> None:
    form = _event_form(window)
    _type(qtbot, form.date, "2021-07-19")
    window.act_undo.trigger()
    assert window.document.brief.sections[-1].date is None
    assert _line(form.date).text() == ""
