"""Edit ▸ Find: a bar under the form that finds words anywhere in the brief.

It searches the summary, headings, paragraphs, bullets and captions in reading order
(:func:`brief_editor.model.search.find_text`), opens the section that holds a match and
selects the words in their field. Enter or F3 finds the next match, Shift+Enter or
Shift+F3 the one before; the search wraps round at either end and says so. Escape closes
the bar and gives the keyboard back to the text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from brief_editor.model.search import TextMatch, find_text

if TYPE_CHECKING:
    from brief_editor.ui.mainwindow import MainWindow


class FindBar(QWidget):
    """The find bar of one window (hidden until Edit ▸ Find)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
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
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.field, 1)
        for widget in (self.previous_button, self.next_button, self.match_case,
                       self.count_label, close):
            layout.addWidget(widget)
        self.last: TextMatch | None = None  # the match selected last
        self.hide()

    def _button(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(text)
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------------ opening, closing

    def open_bar(self) -> None:
        """Show the bar with the field ready; a word selected in the text is sought."""
        editor = self.window_.focused_rich_edit()
        if editor is not None:
            chosen = editor.textCursor().selectedText()
            if chosen.strip() and "\u2029" not in chosen and len(chosen) < 200:
                self.field.setText(chosen)
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        self._text_changed()

    def close_bar(self) -> None:
        self.hide()
        if self.window_.focused_rich_edit() is None:
            self.window_.focus_form()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                backwards = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self.find_previous() if backwards else self.find_next()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ finding

    def matches(self) -> list[TextMatch]:
        return find_text(self.window_.document.brief, self.field.text(),
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
        live = getattr(self.window_, "live", None)
        if live is not None:
            live.jump_to(match.place, select=(match.start, match.end))
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)  # Enter again finds the next
        if wrapped:
            where = "start" if forward else "end"
            self.window_.statusBar().showMessage(f"Search went on from the {where} of the brief",
                                                 3000)
        return True

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


def install_find(window: MainWindow, holder_layout, edit_menu) -> FindBar:
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
    return bar
