"""What a review is made of: its changes, mapped onto the brief, and its comments."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from brief_editor.errors import BriefEditorError
from brief_editor.model import Comment, Inline, Place

CHANGE_KINDS = (
    "insert", "delete", "replace", "move", "format", "paragraph-insert", "paragraph-delete",
    "note", "cite-delete", "cite-move",
)


class ReviewError(BriefEditorError):
    """A DOCX that cannot be read as a review of this brief; the message is one line."""


@dataclass(frozen=True)
class Edit:
    """One text edit of a field of the CURRENT brief (the one ``read_review`` was given).

    ``start``/``end`` are offsets into ``inline_text`` of the Inline at ``place``; ``text``
    replaces that stretch, whose words were ``expect`` when the review was read (an edit
    whose words have changed since is not applied). ``marks`` (a formatting change) is the
    new set of marks of the stretch, whose text stays.
    """

    place: Place
    start: int
    end: int
    text: str
    expect: str = ""
    marks: tuple[str, ...] | None = None
    # The words around the stretch when the review was read: after other changes of the
    # review have been accepted one by one, the stretch is found again by them.
    context: tuple[str, str] = ("", "")


@dataclass(frozen=True)
class ReviewChange:
    """One change of the review, mapped onto a place in the brief.

    ``kind`` is one of ``CHANGE_KINDS``: "insert", "delete", "replace" (text of a field),
    "move" (text moved, possibly to another field), "format" (marks changed),
    "paragraph-insert" / "paragraph-delete" (a paragraph or bullet added or removed),
    "note" (a change inside a computed note: never applied as text, reported against
    ``source_id``), "cite-delete" / "cite-move" (a note marker deleted or moved).

    ``place`` is where it applies in the CURRENT brief (index already shifted for paragraphs
    the analyst added since the export); ``where`` says it in words. ``tracked`` is False
    for a change found by comparing with the export snapshot (the reviewer's tracking was
    off). ``conflict`` is True when the analyst changed the same words since the export:
    ``ours`` is then the analyst's text, and accepting the change is refused.
    """

    id: str
    kind: str
    author: str
    date: str
    place: Place
    where: str
    before: str
    after: str
    tracked: bool = True
    conflict: bool = False
    ours: str = ""
    source_id: str | None = None
    note_number: int | None = None  # for "note", "cite-delete", "cite-move": the note in the export
    # How to apply it (the engine's own data; the editor need not read it).
    edits: tuple[Edit, ...] = field(default=(), repr=False)
    new_paragraph: Inline | None = field(default=None, repr=False)
    detail: dict[str, Any] = field(default_factory=dict, repr=False)

    def as_json(self) -> dict[str, Any]:
        """CLI.md's change object."""
        return {
            "id": self.id, "kind": self.kind, "author": self.author, "date": self.date,
            "where": self.place.as_json(), "place": self.where, "before": self.before,
            "after": self.after, "tracked": self.tracked, "conflict": self.conflict,
            "ours": self.ours, "source": self.source_id,
        }


@dataclass(frozen=True)
class Review:
    """A reviewed export read back: its changes and its comments, mapped onto the brief.

    ``comments`` are model Comments anchored onto the current brief; a thread that came
    from Brief Editor keeps its id, so ``apply_review`` merges replies into it.
    """

    export_id: str
    changes: tuple[ReviewChange, ...]
    comments: tuple[Comment, ...]
    path: str = ""

    @property
    def conflicts(self) -> tuple[ReviewChange, ...]:
        return tuple(c for c in self.changes if c.conflict)

    def change(self, change_id: str) -> ReviewChange:
        for c in self.changes:
            if c.id == change_id:
                return c
        raise KeyError(change_id)
