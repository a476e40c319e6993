"""The subheadings of a narrative ("Part 1: …"): each with the paragraph it opens.

A subheading is kept apart from the body's paragraphs (FORMAT.md, version 2: ``before`` is
how many paragraphs come before it), so this editor lists them under the body, one row
each: the paragraph it comes before, its words, and a Remove button. Every change is one
undoable command on the document.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from brief_editor.model import NarrativeSection, Subheading, inline_text
from brief_editor.ui.widgets import UndoFreeLineEdit

# Replaces the section's subheadings: (new subheadings, undo text, merge key).
Commit = Callable[[tuple[Subheading, ...], str, object], None]


class SubheadingRow(QWidget):
    """One subheading: before which paragraph, and its words."""

    def __init__(self, editor: SubheadingsEditor, index: int) -> None:
        super().__init__()
        self.editor = editor
        self.index = index
        self.setAccessibleName(f"Subheading {index + 1}")
        self.before = QSpinBox()
        self.before.setAccessibleName(f"Paragraph that subheading {index + 1} opens")
        self.before.setPrefix("before ¶ ")
        self.before.setToolTip("The paragraph this subheading opens")
        self.before.setMinimum(1)
        self.before.valueChanged.connect(lambda v: editor.move(self.index, v - 1))
        self.text = UndoFreeLineEdit(f"Subheading {index + 1}")
        self.text.setPlaceholderText("Subheading, e.g. Part 2: Two Navies, One Lane")
        self.text.textEdited.connect(lambda t: editor.retext(self.index, t))
        remove = QPushButton("Remove")
        remove.setAccessibleName(f"Remove subheading {index + 1}")
        remove.clicked.connect(lambda: editor.remove(self.index))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.text, 1)
        row.addWidget(self.before)
        row.addWidget(remove)

    def show_value(self, subheading: Subheading, paragraphs: int) -> None:
        self.before.blockSignals(True)
        self.before.setMaximum(max(1, paragraphs))
        self.before.setValue(min(subheading.before, max(0, paragraphs - 1)) + 1)
        self.before.blockSignals(False)
        text = inline_text(subheading.text)
        if self.text.text() != text:
            self.text.set_text_quietly(text)


class SubheadingsEditor(QWidget):
    """Every subheading of one narrative, and the button that adds one."""

    def __init__(self, commit: Commit) -> None:
        super().__init__()
        self.setAccessibleName("Subheadings")
        self._commit = commit
        self._section: NarrativeSection | None = None
        self.rows: list[SubheadingRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.row_layout = QVBoxLayout()
        self.row_layout.setSpacing(4)
        layout.addLayout(self.row_layout)
        self.add_button = QPushButton("Add subheading")
        self.add_button.setAccessibleName("Add subheading")
        self.add_button.setToolTip("A subheading inside this piece, before one of its paragraphs")
        self.add_button.clicked.connect(self.add)
        self.empty = QLabel("None yet")
        self.empty.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.empty, 1)
        layout.addLayout(buttons)

    def refresh(self, section: NarrativeSection) -> None:
        self._section = section
        count = len(section.subheadings)
        while len(self.rows) > count:
            row = self.rows.pop()
            row.setParent(None)
            row.deleteLater()
        while len(self.rows) < count:
            row = SubheadingRow(self, len(self.rows))
            self.rows.append(row)
            self.row_layout.addWidget(row)
        for row, subheading in zip(self.rows, section.subheadings, strict=True):
            row.show_value(subheading, len(section.body))
        self.empty.setVisible(count == 0)

    def _subheadings(self) -> list[Subheading]:
        return list(self._section.subheadings) if self._section is not None else []

    def add(self) -> None:
        if self._section is None:
            return
        subheadings = self._subheadings()
        before = min(len(self._section.body), subheadings[-1].before + 1) if subheadings else 0
        subheadings.append(Subheading(before=before, text=()))
        self._commit(tuple(subheadings), "Add subheading", None)
        if self.rows:
            self.rows[-1].text.setFocus()

    def retext(self, index: int, text: str) -> None:
        subheadings = self._subheadings()
        if 0 <= index < len(subheadings):
            subheadings[index] = dataclasses.replace(subheadings[index],
                                                     text=(text,) if text else ())
            self._commit(tuple(subheadings), "Type in subheading", ("subheading", index))

    def move(self, index: int, before: int) -> None:
        subheadings = self._subheadings()
        if 0 <= index < len(subheadings) and subheadings[index].before != before:
            subheadings[index] = dataclasses.replace(subheadings[index], before=before)
            self._commit(tuple(subheadings), "Move subheading", ("subheading-move", index))

    def remove(self, index: int) -> None:
        subheadings = self._subheadings()
        if 0 <= index < len(subheadings):
            del subheadings[index]
            self._commit(tuple(subheadings), "Remove subheading", None)
