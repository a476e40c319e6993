"""Review comments: threads anchored to a stretch of text in one of the brief's fields.

A comment comes from an editor's review in Word or is written in Brief Editor. It is
anchored the way a reader would point at text: the field (section, field name, index),
character offsets into that field's running text (``inline_text``, where a note counts for
nothing), and the quoted words themselves, so that the anchor can be found again after the
analyst has edited the text around it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CommentAnchor:
    """Where a comment points: a field of the brief and a stretch of its running text."""

    section: str | None  # None: the masthead (the summary)
    field: str  # "heading", "event", "implications", "body", "caption", "summary", …
    index: int = 0
    start: int = 0  # offsets into inline_text() of that field's Inline
    end: int = 0
    quote: str = ""  # the anchored text when the comment was made


@dataclass(frozen=True)
class CommentReply:
    """One answer in a comment's thread."""

    id: str
    author: str = ""
    date: str = ""  # ISO 8601, as Word writes it (2026-11-29T10:15:00Z); "" when unknown
    text: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Comment:
    """A comment thread: the first comment, its anchor, its replies and whether it is resolved."""

    id: str
    anchor: CommentAnchor
    author: str = ""
    date: str = ""
    text: str = ""
    replies: tuple[CommentReply, ...] = ()
    resolved: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
