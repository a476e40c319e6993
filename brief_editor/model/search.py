"""Finding words in a brief: every match with its place, in reading order.

Offsets count characters as the editor shows the text: each note marker is one character
(U+FFFC, the object replacement character), so an offset is a cursor position in the text
field that holds the place. A note marker between two words of what is sought is passed
over, as a reader passes over the note number.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from brief_editor.model.document import (
    Brief,
    EventSection,
    Place,
    inlines_in_reading_order,
)
from brief_editor.model.inline import Inline, Link, Note, Span, Styled, span_text

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


# Fields of plain text (no notes, no styles) that Find also searches: an event's location
# and each of its parties, in the order the form shows them, after the heading.
PLAIN_FIELDS = ("location", "parties")


def searched_texts(brief: Brief) -> list[tuple[Place, str]]:
    """Every searched text with its place, in the order the editor shows them."""
    sections = {section.id: section for section in brief.sections}
    out: list[tuple[Place, str]] = []
    for slot in inlines_in_reading_order(brief):
        out.append((slot.place, slot_text(slot.inline)))
        if slot.place.field != "heading":
            continue
        section = sections.get(slot.place.section)
        if isinstance(section, EventSection):
            if section.location:
                out.append((Place(section.id, "location", 0), section.location))
            out += [(Place(section.id, "parties", i), party)
                    for i, party in enumerate(section.parties)]
    return out


def find_text(brief: Brief, needle: str, *, match_case: bool = False) -> list[TextMatch]:
    """Every occurrence of ``needle`` in the brief's text, in reading order.

    The text is the summary, the headings, each event's location and parties, the
    paragraphs and bullets, and the figure captions. Upper and lower case match each other
    unless ``match_case``; line breaks and runs of spaces in the text match a single space
    in ``needle``.
    """
    words = needle.split()
    if not words:
        return []
    gap = f"[\\s{NOTE_MARK}]*\\s[\\s{NOTE_MARK}]*"  # spaces, perhaps with note markers
    pattern = re.compile(gap.join(re.escape(w) for w in words),
                         0 if match_case else re.IGNORECASE)
    found = []
    for rank, (place, text) in enumerate(searched_texts(brief)):
        found += [TextMatch(place, m.start(), m.end(), rank) for m in pattern.finditer(text)]
    return found


# --------------------------------------------------------------------------- replacing


def replace_in_inline(inline: Inline, start: int, end: int, replacement: str) -> Inline:
    """``inline`` with the text from ``start`` to ``end`` (offsets as above) replaced.

    The new words take the style (or link) of the span where the old ones began. Notes
    inside the range are never lost: they follow the new words, in their order, since a
    note is a citation and replacing words must not drop one.
    """
    before: list[Span] = []
    after: list[Span] = []
    kept_notes: list[Span] = []
    styled_like: Span | None = None
    offset = 0
    for span in inline:
        span_start = offset
        if isinstance(span, Note):
            offset += 1
            if start <= span_start < end:
                kept_notes.append(span)
            else:
                (before if span_start < start else after).append(span)
            continue
        text = span_text(span)
        offset += len(text)
        if offset <= start:
            before.append(span)
        elif span_start >= end:
            after.append(span)
        else:  # the span holds part of the range
            if start > span_start:
                before.append(_with_text(span, text[: start - span_start]))
            if styled_like is None:
                styled_like = span
            if end < offset:
                after.append(_with_text(span, text[end - span_start:]))
    middle: list[Span] = []
    if replacement:
        middle.append(_with_text(styled_like, replacement) if styled_like is not None
                      else replacement)
    return tuple(before + middle + kept_notes + after)


def _with_text(span: Span, text: str) -> Span:
    if isinstance(span, Styled):
        return Styled(text, span.marks)
    if isinstance(span, Link):
        return Link(span.url, text)
    return text


def inline_at(brief: Brief, place: Place) -> Inline | None:
    """The Inline at ``place`` (a place :func:`find_text` gives), or None if it is gone."""
    for slot in inlines_in_reading_order(brief):
        if slot.place == place:
            return slot.inline
    return None


def with_inline_at(brief: Brief, place: Place, inline: Inline) -> Brief:
    """``brief`` with the Inline at ``place`` replaced by ``inline``."""
    if place.section is None:
        return dataclasses.replace(brief, meta=dataclasses.replace(brief.meta, summary=inline))
    sections = list(brief.sections)
    for i, section in enumerate(sections):
        if section.id != place.section:
            continue
        if place.field == "heading":
            sections[i] = dataclasses.replace(section, heading=inline)
        elif place.field == "caption":
            figures = list(section.figures)
            figures[place.index] = dataclasses.replace(figures[place.index], caption=inline)
            sections[i] = dataclasses.replace(section, figures=tuple(figures))
        elif place.field == "subheading":
            subs = list(getattr(section, "subheadings", ()))
            subs[place.index] = dataclasses.replace(subs[place.index], text=inline)
            sections[i] = dataclasses.replace(section, subheadings=tuple(subs))
        else:
            paragraphs = list(getattr(section, place.field))
            paragraphs[place.index] = inline
            sections[i] = dataclasses.replace(section, **{place.field: tuple(paragraphs)})
        return dataclasses.replace(brief, sections=tuple(sections))
    raise KeyError(f"no section {place.section!r}")


def replace_matches(brief: Brief, matches: Sequence[TextMatch], replacement: str) -> Brief:
    """``brief`` with every one of ``matches`` replaced by ``replacement``."""
    by_place: dict[Place, list[TextMatch]] = {}
    for match in matches:
        by_place.setdefault(match.place, []).append(match)
    for place, here in by_place.items():
        if place.field in PLAIN_FIELDS:
            brief = _replace_plain(brief, place, here, replacement)
            continue
        inline = inline_at(brief, place)
        if inline is None:
            continue
        # From the last to the first, so the offsets of the ones before stay right.
        for match in sorted(here, key=lambda m: m.start, reverse=True):
            inline = replace_in_inline(inline, match.start, match.end, replacement)
        brief = with_inline_at(brief, place, inline)
    return brief


def _replace_plain(brief: Brief, place: Place, matches: Sequence[TextMatch],
                   replacement: str) -> Brief:
    sections = list(brief.sections)
    for i, section in enumerate(sections):
        if section.id != place.section or not isinstance(section, EventSection):
            continue
        values = [section.location] if place.field == "location" else list(section.parties)
        if not 0 <= place.index < len(values):
            return brief
        text = values[place.index]
        for match in sorted(matches, key=lambda m: m.start, reverse=True):
            text = text[: match.start] + replacement + text[match.end:]
        values[place.index] = text
        if place.field == "location":
            sections[i] = dataclasses.replace(section, location=text)
        else:
            sections[i] = dataclasses.replace(section, parties=tuple(values))
        return dataclasses.replace(brief, sections=tuple(sections))
    return brief
