"""Edit ▸ Find and Edit ▸ Replace: a bar under the form for words anywhere in the brief.

It searches the summary, headings, event locations and parties, paragraphs, bullets and
captions in reading order (:func:`brief_editor.model.search.find_text`), opens the section
that holds a match and selects the words in their field (a party: its row). Enter or F3
finds the next match, Shift+Enter or Shift+F3 the one before; the search wraps round at
either end and says so. Replace swaps the selected match and moves to the next; Replace
All swaps every one as a single step that Undo takes back. A note inside replaced words is
kept, after the new words.
Escape closes the bar and gives the keyboard back to the text.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from brief_editor.model.search import PLAIN_FIELDS, TextMatch, find_text, replace_matches
from brief_editor.ui.richtext import OBJECT_CHAR

if TYPE_CHECKING:
    from brief_editor.ui.host import FindHost

RECOUNT_MS = 250


class FindBar(QWidget):
    """The find bar of one window (hidden until Edit ▸ Find)."""

    def __init__(self, window: FindHost) -> None:
        super().__init__()
        self.main_window = window
        self.setAccessibleName("Find bar")
        self.field = QLineEdit()
        self.field.setPlaceholderText("Find in the brief")
        self.field.setAccessibleName("Find text")
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(self._text_changed)
        self.field.installEventFilter(self)
        self.match_case = QCheckBox("Match case")
        self.match_case.setAccessibleName("Match case")
        self.match_case.toggled.connect(self._text_changed)
        self.previous_button = self._button("Previous", "Find the match before (Shift+F3)",
                                            self.find_previous)
        self.next_button = self._button("Next", "Find the next match (F3)", self.find_next)
        self.count_label = QLabel("")
        self.count_label.setAccessibleName("Find result")
        self.count_label.setMinimumWidth(90)
        close = self._button("Close", "Close the find bar (Esc)", self.close_bar)
        self.replacement = QLineEdit()
        self.replacement.setPlaceholderText("Replace with")
        self.replacement.setAccessibleName("Replace with")
        self.replacement.installEventFilter(self)
        self.replace_button = self._button("Replace", "Replace the selected match, then find "
                                           "the next", self.replace_current)
        self.replace_all_button = self._button("Replace All", "Replace every match (one step "
                                               "that Undo takes back)", self.replace_all)
        self.replace_label = QLabel("Replace:")
        layout = QGridLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(QLabel("Find:"), 0, 0)
        layout.addWidget(self.field, 0, 1)
        for column, widget in enumerate((self.previous_button, self.next_button,
                                         self.match_case, self.count_label, close), start=2):
            layout.addWidget(widget, 0, column)
        layout.addWidget(self.replace_label, 1, 0)
        layout.addWidget(self.replacement, 1, 1)
        layout.addWidget(self.replace_button, 1, 2)
        layout.addWidget(self.replace_all_button, 1, 3, 1, 2)
        layout.setColumnStretch(1, 1)
        self._replace_row(False)
        self.last: TextMatch | None = None  # the match selected last
        self.hide()
        # The count follows the text as it is edited (and another brief when one is opened),
        # a moment after typing stops: searching a long issue takes tens of milliseconds,
        # too long to do on every keystroke.
        self._recount = QTimer(self)
        self._recount.setSingleShot(True)
        self._recount.setInterval(RECOUNT_MS)
        self._recount.timeout.connect(self._count_again)
        window.document_replaced.connect(self._watch_document)
        self._watch_document()

    def _watch_document(self) -> None:
        document = getattr(self.main_window, "document", None)
        if document is not None:
            document.changed.connect(self._brief_changed)
        self.last = None
        self._count_again()

    def _brief_changed(self, *_args: object) -> None:
        if self.isVisible():
            self._recount.start()

    def _count_again(self) -> None:
        if self.isVisible():
            current = self.last
            found = self.matches()
            self._show_count(found, found.index(current) if current in found else None)

    def _button(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(text)
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------------ opening, closing

    def _replace_row(self, shown: bool) -> None:
        for widget in (self.replace_label, self.replacement, self.replace_button,
                       self.replace_all_button):
            widget.setVisible(shown)

    def open_replace(self) -> None:
        """Show the bar with its Replace row."""
        self._replace_row(True)
        self.open_bar(keep_row=True)
        if self.field.text():
            self.replacement.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.replacement.selectAll()

    def open_bar(self, *, keep_row: bool = False) -> None:
        """Show the bar with the field ready; a word selected in the text is sought."""
        if not keep_row:
            self._replace_row(False)
        editor = self.main_window.focused_rich_edit()
        if editor is not None:
            # A note is an invisible object character in the text: never seek it (it would
            # match every note, and Replace All would write before each of them).
            chosen = editor.textCursor().selectedText().replace(OBJECT_CHAR, "")
            if chosen.strip() and "\u2029" not in chosen and len(chosen) < 200:
                self.field.setText(chosen)
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        self._text_changed()

    def close_bar(self) -> None:
        self.hide()
        if self.main_window.focused_rich_edit() is None:
            self.main_window.focus_form()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched in (self.field, self.replacement) and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if watched is self.replacement:
                    self.replace_current()
                elif event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.find_previous()
                else:
                    self.find_next()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ finding

    def matches(self) -> list[TextMatch]:
        # A pasted note marker is no text to seek either.
        needle = self.field.text().replace(OBJECT_CHAR, "")
        return find_text(self.main_window.document.brief, needle,
                         match_case=self.match_case.isChecked())

    def _text_changed(self, *_args: object) -> None:
        self.last = None
        self._show_count(self.matches(), None)

    def _show_count(self, found: list[TextMatch], current: int | None) -> None:
        if not self.field.text().strip():
            text = ""
        elif not found:
            text = "No matches"
        elif current is None:
            text = f"{len(found)} match" + ("" if len(found) == 1 else "es")
        else:
            text = f"{current + 1} of {len(found)}"
        self.count_label.setText(text)

    def find_next(self) -> bool:
        return self._step(forward=True)

    def find_previous(self) -> bool:
        return self._step(forward=False)

    def _step(self, *, forward: bool) -> bool:
        if self.isHidden():
            self.show()
        found = self.matches()
        if not found:
            self._show_count(found, None)
            return False
        index = self._next_index(found, forward)
        wrapped = self.last is not None and (
            (forward and index == 0) or (not forward and index == len(found) - 1))
        match = found[index]
        self.last = match
        self._show_count(found, index)
        if match.place.field in (*PLAIN_FIELDS, "subheading"):
            self._show_plain(match)
        else:
            live = getattr(self.main_window, "live", None)
            if live is not None:
                live.jump_to(match.place, select=(match.start, match.end))
        # Enter again finds the next (or, in the Replace field, replaces this one). A line
        # field drops its selection when it loses the keyboard, so a match in the location
        # keeps it; F3 goes on from there.
        if match.place.field not in ("location", "subheading"):
            (self.replacement if self.replacement.hasFocus() else self.field).setFocus(
                Qt.FocusReason.OtherFocusReason)
        if wrapped:
            where = "start" if forward else "end"
            self.main_window.statusBar().showMessage(f"Search went on from the {where} of the brief",
                                                 3000)
        return True

    def _show_plain(self, match: TextMatch) -> None:
        """Select a match in the location field, or the party that holds it."""
        window = self.main_window
        window.outline.select(match.place.section)
        form = window.form
        if match.place.field == "location" and hasattr(form, "location"):
            form.location.setFocus(Qt.FocusReason.OtherFocusReason)
            form.location.setSelection(match.start, match.end - match.start)
            form.ensureWidgetVisible(form.location)
        elif match.place.field == "parties" and hasattr(form, "parties"):
            parties = form.parties.list
            parties.setCurrentRow(match.place.index)
            parties.setFocus(Qt.FocusReason.OtherFocusReason)
            form.ensureWidgetVisible(form.parties)
        elif match.place.field == "subheading" and hasattr(form, "subheadings"):
            rows = form.subheadings.rows
            if 0 <= match.place.index < len(rows):
                line = rows[match.place.index].text
                line.setFocus(Qt.FocusReason.OtherFocusReason)
                line.setSelection(match.start, match.end - match.start)
                form.ensureWidgetVisible(line)

    # ------------------------------------------------------------------ replacing

    def replace_current(self) -> bool:
        """Replace the match selected last, then select the next; without one, find it."""
        last = self.last
        if last is None or last not in self.matches():
            return self.find_next()
        document = self.main_window.document
        text = self.replacement.text()
        document.push(replace_matches(document.brief, [last], text),
                      f"Replace “{self.field.text()}”")
        # The search goes on after the new words.
        self.last = dataclasses.replace(last, start=last.start + len(text) - 1)
        if not self.find_next():
            self.last = None
        return True

    def replace_all(self) -> int:
        """Replace every match as one step; return how many."""
        found = self.matches()
        if found:
            document = self.main_window.document
            needle, text = self.field.text(), self.replacement.text()
            document.push(replace_matches(document.brief, found, text),
                          f"Replace All “{needle}” with “{text}”")
        self.last = None
        self._show_count(self.matches(), None)
        count = len(found)
        self.main_window.statusBar().showMessage(
            f"Replaced {count} match" + ("" if count == 1 else "es"), 4000)
        return count

    def _next_index(self, found: list[TextMatch], forward: bool) -> int:
        last = self.last
        if last is None:
            return 0 if forward else len(found) - 1
        here = (last.slot, last.start)
        if forward:
            later = [i for i, m in enumerate(found) if (m.slot, m.start) > here]
            return later[0] if later else 0
        earlier = [i for i, m in enumerate(found) if (m.slot, m.start) < here]
        return earlier[-1] if earlier else len(found) - 1


def install_find(window: FindHost, holder_layout, edit_menu) -> FindBar:
    """Put the find bar under the outline and form, and Find, Find Next, Find Previous in
    the Edit menu."""
    bar = FindBar(window)
    holder_layout.addWidget(bar)
    window.act_find = window._action(edit_menu, "&Find…", bar.open_bar,
                                     QKeySequence.StandardKey.Find,
                                     "Find words anywhere in the brief")
    # F3 and Shift+F3 only: the platforms' other bindings (Ctrl+G, Ctrl+Shift+G) are taken.
    window.act_find_next = window._action(edit_menu, "Find &Next", bar.find_next, "F3")
    window.act_find_previous = window._action(edit_menu, "Find Pre&vious", bar.find_previous,
                                              "Shift+F3")
    window.act_replace = window._action(edit_menu, "R&eplace…", bar.open_replace, "Ctrl+H",
                                        "Replace words anywhere in the brief")
    return bar
