"""The open brief: its current value, its file, and the undo stack of edits.

The model is immutable, so every edit is a command that swaps one Brief value for
another: undo puts the previous value back. Commands that carry the same ``merge_key``
(the same field being typed into) merge while they follow each other quickly, so undo
steps back a phrase at a time rather than a letter at a time.
"""

from __future__ import annotations

import dataclasses
import itertools
import time
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from brief_editor.model import Brief, EventSection, NarrativeSection, Section
from brief_editor.model.comment_anchors import follow_anchors

MERGE_WINDOW_S = 2.0
_command_ids = itertools.count(1000)
_MERGE_ID = 1


class BriefCommand(QUndoCommand):
    """Replace the brief with another value; undo restores the one before."""

    def __init__(self, document: Document, before: Brief, after: Brief, text: str,
                 merge_key: object | None = None) -> None:
        super().__init__(text)
        self._document = document
        self.before = before
        self.after = after
        self.merge_key = merge_key
        self.stamp = time.monotonic()

    def id(self) -> int:  # noqa: A003 - Qt's name
        return _MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt override
        if not isinstance(other, BriefCommand) or other.merge_key != self.merge_key:
            return False
        if other.stamp - self.stamp > MERGE_WINDOW_S:
            return False
        if other.before is not self.after:
            return False
        self.after = other.after
        self.stamp = other.stamp
        return True

    def redo(self) -> None:
        self._document._apply(self.after)

    def undo(self) -> None:
        self._document._apply(self.before)


class Document(QObject):
    """One open brief: the value being edited, where it lives, and its undo stack."""

    changed = Signal(object, object)  # old Brief, new Brief
    path_changed = Signal()
    clean_changed = Signal(bool)

    def __init__(self, brief: Brief | None = None, path: str | Path | None = None,
                 loaded_bytes: bytes | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.brief = brief if brief is not None else Brief()
        self.path: Path | None = Path(path) if path else None
        self.loaded_bytes = loaded_bytes
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self.clean_changed)
        # Set when the brief came from a recovery snapshot: unsaved even with no undo step.
        self._forced_dirty = False

    # ------------------------------------------------------------------ state

    @property
    def is_dirty(self) -> bool:
        return self._forced_dirty or not self.undo_stack.isClean()

    def mark_saved(self, path: Path, data: bytes) -> None:
        """Record that the current brief was written to ``path`` as ``data``."""
        path_moved = path != self.path
        self.path = path
        self.loaded_bytes = data
        self._forced_dirty = False
        self.undo_stack.setClean()
        self.clean_changed.emit(True)
        if path_moved:
            self.path_changed.emit()

    def force_dirty(self) -> None:
        self._forced_dirty = True
        self.clean_changed.emit(False)

    @property
    def display_name(self) -> str:
        return self.path.name if self.path else "Untitled"

    # ------------------------------------------------------------------ edits

    def _apply(self, brief: Brief) -> None:
        old = self.brief
        if old is brief:
            return
        self.brief = brief
        self.changed.emit(old, brief)

    def push(self, after: Brief, text: str, merge_key: object | None = None) -> None:
        """Record an edit that turns the current brief into ``after``."""
        if after == self.brief:
            return
        # Comments ride along with the text they point at, in the same undoable step.
        after = follow_anchors(self.brief, after)
        self.undo_stack.push(BriefCommand(self, self.brief, after, text, merge_key))

    def edit_section(self, section_id: str, text: str, merge_key: object | None = None,
                     **changes: object) -> None:
        """Change fields of one section."""
        index = self.brief.section_index(section_id)
        section = self.brief.sections[index]
        new = dataclasses.replace(section, **changes)
        sections = list(self.brief.sections)
        sections[index] = new
        self.push(dataclasses.replace(self.brief, sections=tuple(sections)), text, merge_key)

    def edit_meta(self, text: str, merge_key: object | None = None, **changes: object) -> None:
        """Change fields of the masthead."""
        meta = dataclasses.replace(self.brief.meta, **changes)
        self.push(dataclasses.replace(self.brief, meta=meta), text, merge_key)

    def set_sections(self, sections: list[Section] | tuple[Section, ...], text: str) -> None:
        self.push(dataclasses.replace(self.brief, sections=tuple(sections)), text)

    def section(self, section_id: str) -> Section | None:
        for section in self.brief.sections:
            if section.id == section_id:
                return section
        return None

    def new_section_id(self, prefix: str = "s") -> str:
        """An id not used by any section or figure of the brief."""
        used = {s.id for s in self.brief.sections}
        used.update(f.id for s in self.brief.sections for f in s.figures)
        for n in itertools.count(len(self.brief.sections) + 1):
            candidate = f"{prefix}{n}"
            if candidate not in used:
                return candidate
        raise AssertionError("unreachable")

    def insert_section(self, section: Section, index: int, text: str) -> None:
        sections = list(self.brief.sections)
        sections.insert(index, section)
        self.set_sections(sections, text)

    def add_event(self, index: int | None = None) -> str:
        """Add an empty event section (after ``index``, or at the end); returns its id."""
        section = EventSection(id=self.new_section_id())
        self.insert_section(section, len(self.brief.sections) if index is None else index,
                            "Add event")
        return section.id

    def add_narrative(self, index: int | None = None) -> str:
        section = NarrativeSection(id=self.new_section_id())
        self.insert_section(section, len(self.brief.sections) if index is None else index,
                            "Add narrative")
        return section.id

    def duplicate_section(self, section_id: str) -> str:
        index = self.brief.section_index(section_id)
        original = self.brief.sections[index]
        new_id = self.new_section_id()
        figures = []
        taken = {new_id}
        for figure in original.figures:
            fid = self.new_figure_id(taken)
            taken.add(fid)
            figures.append(dataclasses.replace(figure, id=fid))
        copy = dataclasses.replace(original, id=new_id, figures=tuple(figures))
        self.insert_section(copy, index + 1, "Duplicate section")
        return new_id

    def new_figure_id(self, taken: set[str] | None = None) -> str:
        used = {s.id for s in self.brief.sections}
        used.update(f.id for s in self.brief.sections for f in s.figures)
        used.update(taken or ())
        for n in itertools.count(1):
            if f"fig{n}" not in used:
                return f"fig{n}"
        raise AssertionError("unreachable")

    def delete_section(self, section_id: str) -> None:
        sections = [s for s in self.brief.sections if s.id != section_id]
        self.set_sections(sections, "Delete section")

    def move_section(self, section_id: str, new_index: int) -> None:
        sections = list(self.brief.sections)
        index = self.brief.section_index(section_id)
        section = sections.pop(index)
        new_index = max(0, min(new_index, len(sections)))
        sections.insert(new_index, section)
        self.set_sections(sections, "Move section")

    def reorder(self, ids: list[str]) -> None:
        """Put the sections in the order of ``ids`` (a permutation of the current ids)."""
        by_id = {s.id: s for s in self.brief.sections}
        if sorted(ids) != sorted(by_id):
            raise ValueError("reorder needs every section id exactly once")
        self.set_sections([by_id[i] for i in ids], "Move section")

