"""Insert ▸ Commentary Note…: a note in the analyst's own words, formatted as in the form.

A commentary note cites no source; it is numbered with the other notes and prints in
their list. Its text is an Inline like any paragraph, so it can carry bold, italic,
underline and links, with the same keys as the main editor.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from brief_editor.model import Inline, Styled, inline_text
from brief_editor.ui.richtext import BRIEF_TEXT, RichTextEdit


def trimmed(inline: Inline) -> Inline:
    """``inline`` without the spaces typed before its first word and after its last."""
    spans = list(inline)
    for index, strip in ((0, str.lstrip), (-1, str.rstrip)):
        if not spans:
            break
        span = spans[index]
        if isinstance(span, str):
            spans[index] = strip(span)
        elif isinstance(span, Styled):
            spans[index] = Styled(strip(span.text), span.marks)
    return tuple(s for s in spans if not (isinstance(s, str) and not s))


class CommentaryNoteDialog(QDialog):
    """Write (or rewrite) the text of a commentary note."""

    def __init__(self, parent: QWidget | None = None, *, comment: Inline = (),
                 edit_link: Callable[[], object] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Commentary Note")
        self.setAccessibleName("Commentary note")
        intro = QLabel("A note in your own words, citing no source. It is numbered and "
                       "printed with the other notes.")
        intro.setWordWrap(True)
        self.text = RichTextEdit("Note text", single_block=True, min_lines=6)
        # The note prints in the brief: quotes, dashes and spelling as in the forms' fields.
        self.text.setProperty(BRIEF_TEXT, True)
        self.text.set_inline(comment)
        tools = QToolBar("Formatting", self)
        tools.setAccessibleName("Formatting")
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        marks = (("&Bold", "bold", QKeySequence.StandardKey.Bold),
                 ("&Italic", "italic", QKeySequence.StandardKey.Italic),
                 ("&Underline", "underline", QKeySequence.StandardKey.Underline))
        for text, mark, keys in marks:
            self._add_tool(tools, text, keys, lambda m=mark: self.text.toggle_mark(m))
        if edit_link is not None:
            self._add_tool(tools, "&Link…", QKeySequence("Ctrl+K"), self._link(edit_link))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Insert")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.accept)
        hint = QLabel("Ctrl+B bold · Ctrl+I italic · Ctrl+K link · Ctrl+Enter inserts")
        hint.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(tools)
        layout.addWidget(self.text, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(560, max(320, self.sizeHint().height()))
        self.text.setFocus()

    def _add_tool(self, tools: QToolBar, text: str, keys, slot: Callable[[], object]) -> None:
        action = QAction(text, self)
        bindings = (QKeySequence.keyBindings(keys) if isinstance(keys, QKeySequence.StandardKey)
                    else [keys])
        action.setShortcuts(bindings)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shown = bindings[0].toString(QKeySequence.SequenceFormat.NativeText) if bindings else ""
        action.setToolTip(f"{text.replace('&', '')} ({shown})")
        action.triggered.connect(lambda _checked=False: slot())
        tools.addAction(action)
        self.addAction(action)

    def _link(self, edit_link: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            self.text.setFocus()
            edit_link()

        return run

    def comment(self) -> Inline:
        """The note's text as typed, without spaces at its ends."""
        return trimmed(self.text.inline())

    def accept(self) -> None:
        if not inline_text(self.comment()).strip():
            self.text.setFocus()
            return
        super().accept()
