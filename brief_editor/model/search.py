"""Finding words in a brief: every match with its place, in reading order.

Offsets count characters as the editor shows the text: each note marker is one character
(U+FFFC, the object replacement character), so an offset is a cursor position in the text
field that holds the place. A note marker between two words of what is sought is passed
over, as a reader passes over the note number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from brief_editor.model.document import Brief, Place, inlines_in_reading_order
from brief_editor.model.inline import Inline, Link, Note, Styled

NOTE_MARK = "\ufffc"


@dataclass(frozen=True)
class TextMatch:
    """``place`` holds the words from ``start`` to ``end`` (see the module's note on offsets)."""

    place: Place
    start: int
    end: int
    slot: int  # the place's rank in reading order, so matches sort as a reader meets them


def slot_text(inline: Inline) -> str:
    """The text of one Inline as the editor holds it: notes are one marker character each."""
    parts = []
    for span in inline:
        if isinstance(span, Note):
            parts.append(NOTE_MARK)
        elif isinstance(span, (Styled, Link)):
            parts.append(span.text)
        else:
            parts.append(span)
    return "".join(parts)


def find_text(brief: Brief, needle: str, *, match_case: bool = False) -> list[TextMatch]:
    """Every occurrence of ``needle`` in the brief's text, in reading order.

    The text is the summary, the headings, the paragraphs and bullets, and the figure
    captions. Upper and lower case match each other unless ``match_case``; line breaks and
    runs of spaces in the text match a single space in ``needle``.
    """
    words = needle.split()
    if not words:
        return []
    gap = f"[\\s{NOTE_MARK}]*\\s[\\s{NOTE_MARK}]*"  # spaces, perhaps with note markers
    pattern = re.compile(gap.join(re.escape(w) for w in words),
                         0 if match_case else re.IGNORECASE)
    found = []
    for rank, slot in enumerate(inlines_in_reading_order(brief)):
        text = slot_text(slot.inline)
        found += [TextMatch(slot.place, m.start(), m.end(), rank)
                  for m in pattern.finditer(text)]
    return found
