"""Date fields that take a typed date as typed, or refuse it where the user can see.

A spin-box date editor (QDateEdit) fills a blank field with this year when a digit is
typed and re-reads section by section, so "2021-07-19" became 2026-07-19 and "July 19,
2021" some day in November. These fields are plain text boxes instead: the text is read
when the user presses Enter or leaves the field (ui/date_text.py), a calendar button picks
a day with the mouse, and text that is not a date keeps a red frame and a message until it
is corrected (Escape puts the saved date back).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from brief_editor.ui.date_text import EXAMPLES, DateTextError, read_date
from brief_editor.ui.widgets import UndoFreeLineEdit, monday_of

REFUSED_STYLE = "QLineEdit { border: 2px solid #c62828; border-radius: 3px; padding: 1px 3px; }"


class _DateLineEdit(UndoFreeLineEdit):
    """The text part: Ctrl+Delete clears, Escape brings back the saved date."""

    def __init__(self, field: DateField) -> None:
        super().__init__(field.accessibleName(), field)
        self._field = field

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        ctrl_or_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        if event.key() == Qt.Key.Key_Delete and event.modifiers() & ctrl_or_shift:
            self.clear()
            self._field.commit()
            return
        if event.key() == Qt.Key.Key_Escape and self._field.is_refused():
            self._field.revert()
            return
        super().keyPressEvent(event)


class DateField(QWidget):
    """An optional date typed as text (ISO, the locale's format, "July 19, 2021") or picked."""

    value_changed = Signal(object)  # dt.date | None
    DISPLAY_FORMAT = "yyyy-MM-dd"
    HELP = f"Type a date ({EXAMPLES}) or pick one with the button; Ctrl+Delete clears it"

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self._value: dt.date | None = None
        self._refused = False
        self.edit = _DateLineEdit(self)
        self.edit.setPlaceholderText("e.g. 2021-07-19 or July 19, 2021")
        self.edit.setToolTip(self.HELP)
        self.edit.editingFinished.connect(self.commit)
        self.edit.textEdited.connect(lambda _text: self._set_notice(""))
        self.setFocusProxy(self.edit)
        self.calendar = QCalendarWidget()
        self.calendar.setAccessibleName(f"{accessible_name}: calendar")
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self._menu = QMenu(self)
        holder = QWidgetAction(self._menu)
        holder.setDefaultWidget(self.calendar)
        self._menu.addAction(holder)
        self._menu.aboutToShow.connect(self._prepare_calendar)
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setAccessibleName(f"Pick {accessible_name.lower()} from a calendar")
        self.button.setToolTip("Pick from a calendar")
        self.button.setMenu(self._menu)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hint = QLabel(self)
        self.hint.setAccessibleName(f"{accessible_name}: message")
        self.hint.setWordWrap(True)
        self.hint.setVisible(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.edit, 2)
        row.addWidget(self.button)
        row.addWidget(self.hint, 3)

    # ------------------------------------------------------------------ value

    def value(self) -> dt.date | None:
        return self._value

    def set_value(self, value: dt.date | None) -> None:
        """Show ``value`` (from the document: undo, reload) in place of whatever is typed."""
        if value == self._value and not self._refused:
            return
        self._value = value
        self._show(value)
        self._set_refused(None)
        self._set_notice("")

    def is_refused(self) -> bool:
        """True while the field holds text it could not read as a date."""
        return self._refused

    def notice(self) -> str:
        """The message shown beside the field (a refusal, or how a date was adjusted)."""
        return self.hint.text() if self.hint.isVisible() else ""

    def format(self, value: dt.date) -> str:
        return QDate(value.year, value.month, value.day).toString(self.DISPLAY_FORMAT)

    # ------------------------------------------------------------------ typing

    def commit(self) -> None:
        """Read the typed text: save the date it names, or refuse it visibly."""
        text = self.edit.text()
        try:
            typed = read_date(text)
        except DateTextError as exc:
            self._set_refused(str(exc))
            return
        self._set_refused(None)
        self._accept(typed)

    def revert(self) -> None:
        self._show(self._value)
        self._set_refused(None)

    def _accept(self, typed: dt.date | None) -> None:
        value = self._adjust(typed)
        self._show(value)
        if value != typed and typed is not None and value is not None:
            self._set_notice(self._adjust_notice(typed, value))
        if value != self._value:
            self._value = value
            self.value_changed.emit(value)

    def _adjust(self, value: dt.date | None) -> dt.date | None:
        return value

    def _adjust_notice(self, typed: dt.date, value: dt.date) -> str:
        return ""

    def _picked(self, date: QDate) -> None:
        self._menu.close()
        self._set_refused(None)
        self._accept(dt.date(date.year(), date.month(), date.day()))

    def _prepare_calendar(self) -> None:
        day = self._value or dt.date.today()
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))

    def _show(self, value: dt.date | None) -> None:
        text = self.format(value) if value else ""
        if self.edit.text() != text:
            self.edit.set_text_quietly(text)

    def _set_refused(self, message: str | None) -> None:
        self._refused = message is not None
        self.edit.setStyleSheet(REFUSED_STYLE if message else "")
        self.edit.setToolTip(f"{message}\n\n{self.HELP}" if message else self.HELP)
        self.edit.setAccessibleDescription(message or "")
        self._set_notice(message or "", error=True)

    def _set_notice(self, text: str, *, error: bool = False) -> None:
        if not text and self._refused:
            return  # a refusal stays until the text is read or reverted
        self.hint.setText(text)
        self.hint.setStyleSheet("color: #c62828;" if error and text else "")
        self.hint.setVisible(bool(text))


class WeekOfField(DateField):
    """The Monday of the week an issue covers: any day typed or picked moves to its Monday."""

    DISPLAY_FORMAT = "dddd, MMMM d, yyyy"
    HELP = (f"Type any day of the week ({EXAMPLES}) or pick one: the field keeps that "
            "week's Monday. Ctrl+Delete clears it")

    def _adjust(self, value: dt.date | None) -> dt.date | None:
        return monday_of(value) if value else None

    def _adjust_notice(self, typed: dt.date, value: dt.date) -> str:
        day = QDate(typed.year, typed.month, typed.day).toString("dddd, MMMM d")
        monday = QDate(value.year, value.month, value.day).toString("MMMM d")
        return f"{day} → the Monday of that week, {monday}"
