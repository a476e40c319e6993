"""The brief document: the one place that knows FORMAT.md."""

from brief_editor.model.codec import dumps, inline_raw, loads, parse, required_version, to_raw
from brief_editor.model.comments import Comment, CommentAnchor, CommentReply
from brief_editor.model.document import (
    FORMAT_NAME,
    FORMAT_VERSION,
    Brief,
    EventSection,
    Figure,
    InlineSlot,
    Meta,
    NarrativeSection,
    Place,
    PlacedNote,
    Section,
    Source,
    Style,
    Subheading,
    inlines_in_reading_order,
    numbered_notes,
)
from brief_editor.model.errors import BriefFormatError
from brief_editor.model.inline import (
    Cite,
    Inline,
    Link,
    Note,
    Span,
    Styled,
    inline_text,
    notes_in,
    span_text,
)

__all__ = [
    "FORMAT_NAME", "FORMAT_VERSION", "Brief", "BriefFormatError", "Cite", "Comment",
    "CommentAnchor", "CommentReply", "EventSection",
    "Figure", "Inline", "InlineSlot", "Link", "Meta", "NarrativeSection", "Note", "Place",
    "PlacedNote", "Section", "Source", "Span", "Style", "Styled", "Subheading", "dumps",
    "inline_raw",
    "required_version",
    "inline_text", "inlines_in_reading_order", "loads", "notes_in", "numbered_notes", "parse",
    "span_text", "to_raw",
]
