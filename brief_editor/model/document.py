"""The brief as frozen dataclasses: Brief, Meta, Style, sections, figures and sources.

Immutable values make undo a matter of keeping the previous value, make comparisons cheap
(``load(save(b)) == b``), and let a background worker read a brief while the editor goes on.
Keys the program does not know are kept in ``extra`` and written back, so nothing is lost.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from brief_editor.model.comments import Comment
from brief_editor.model.inline import Inline, Note, notes_in

FORMAT_NAME = "brief-editor"
# Version 2 added review comments (``comments``). A brief that uses nothing of version 2 is
# still written as version 1, so that a colleague on an older release can open it.
FORMAT_VERSION = 2

CITATION_STYLE_DEFAULT = "brief"
NOTES_PLACEMENTS = ("endnotes", "footnotes")
PAPER_SIZES = ("letter", "a4")
DEFAULT_LANGUAGE = "en-US"


@dataclass(frozen=True)
class Meta:
    """The masthead of one issue."""

    publication: str = ""
    title: str = ""
    issue: int | None = None
    week_of: dt.date | None = None
    authors: tuple[str, ...] = ()
    team: str = ""
    organization: str = ""
    summary: Inline | None = None
    credits: tuple[str, ...] | None = None
    language: str | None = None
    marking: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=True)

    @property
    def effective_language(self) -> str:
        return self.language or DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Style:
    """How notes and pages look. None means "the default", and is not written."""

    citation_style: str | None = None
    notes: str | None = None
    ibid: bool | None = None
    paper: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def effective_citation_style(self) -> str:
        return self.citation_style or CITATION_STYLE_DEFAULT

    @property
    def effective_notes(self) -> str:
        return self.notes or "endnotes"

    @property
    def effective_ibid(self) -> bool:
        return True if self.ibid is None else self.ibid

    @property
    def effective_paper(self) -> str:
        return self.paper or "letter"

    def is_empty(self) -> bool:
        return (
            self.citation_style is None
            and self.notes is None
            and self.ibid is None
            and self.paper is None
            and not self.extra
        )


@dataclass(frozen=True)
class Figure:
    """An image kept inside the brief, with its caption, credit and alt text."""

    id: str
    media_type: str
    data: str
    caption: Inline = ()
    credit: str = ""
    alt: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    # How many text paragraphs of a narrative come before it; None: after the text.
    after: int | None = None

    def image_bytes(self) -> bytes:
        return base64.b64decode(self.data)


@dataclass(frozen=True)
class EventSection:
    """The reference issue's unit: heading, date, place, parties, event, implications."""

    id: str
    heading: Inline = ()
    date: dt.date | None = None
    location: str = ""
    parties: tuple[str, ...] = ()
    event: tuple[Inline, ...] = ()
    implications: tuple[Inline, ...] = ()
    figures: tuple[Figure, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    kind = "event"


@dataclass(frozen=True)
class Subheading:
    """A subheading inside a narrative, printed before paragraph ``before`` (0-based)."""

    before: int
    text: Inline = ()


@dataclass(frozen=True)
class NarrativeSection:
    """Free prose with optional figures, subheadings, byline, source line and credits.

    The byline and "Source:" line print under the section's heading and the credits
    ("Translated by …") at its end: they belong to this piece, not to the whole issue.
    """

    id: str
    heading: Inline = ()
    body: tuple[Inline, ...] = ()
    figures: tuple[Figure, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    subheadings: tuple[Subheading, ...] = ()
    byline: str = ""
    source_line: str = ""
    credits: tuple[str, ...] = ()

    kind = "narrative"


Section = EventSection | NarrativeSection


@dataclass(frozen=True)
class Source:
    """A CSL-JSON item, kept as the mapping it was read from so every key survives."""

    data: dict[str, Any]

    @property
    def id(self) -> str | None:
        value = self.data.get("id")
        return value if isinstance(value, str) and value else None

    @property
    def type(self) -> str | None:
        value = self.data.get("type")
        return value if isinstance(value, str) and value else None

    @property
    def title(self) -> str:
        value = self.data.get("title")
        return value if isinstance(value, str) else ""

    @property
    def custom(self) -> dict[str, Any]:
        value = self.data.get("custom")
        return value if isinstance(value, dict) else {}

    @property
    def aliases(self) -> tuple[str, ...]:
        """Other keys that cite this source (``custom.aliases``): a library's near-duplicates."""
        value = self.custom.get("aliases")
        if not isinstance(value, list):
            return ()
        return tuple(a for a in value if isinstance(a, str) and a)


@dataclass(frozen=True)
class Brief:
    """One issue of a publication: the single source of truth for every export."""

    meta: Meta = field(default_factory=Meta)
    style: Style = field(default_factory=Style)
    sections: tuple[Section, ...] = ()
    sources: tuple[Source, ...] = ()
    comments: tuple[Comment, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def source_by_id(self) -> dict[str, Source]:
        """Sources by id, then by alias; with duplicate ids (check E004) the first one wins."""
        found: dict[str, Source] = {}
        with_aliases = []
        for source in self.sources:  # a library may hold 100,000: each read once
            data = source.data
            sid = data.get("id")
            if isinstance(sid, str) and sid and sid not in found:
                found[sid] = source
            custom = data.get("custom")
            if isinstance(custom, dict) and "aliases" in custom:  # as Source.aliases reads
                with_aliases.append(source)
        for source in with_aliases:
            for alias in source.aliases:
                found.setdefault(alias, source)
        return found

    def section_index(self, section_id: str) -> int:
        for index, section in enumerate(self.sections):
            if section.id == section_id:
                return index
        raise KeyError(section_id)


@dataclass(frozen=True)
class Place:
    """Where something sits in a brief, as CLI.md's ``where`` object."""

    section: str | None
    field: str
    index: int = 0

    def as_json(self) -> dict[str, Any]:
        return {"section": self.section, "field": self.field, "index": self.index}


@dataclass(frozen=True)
class InlineSlot:
    """One Inline of the brief in reading order, with its place."""

    place: Place
    inline: Inline


def inlines_in_reading_order(brief: Brief) -> list[InlineSlot]:
    """Every Inline that can hold notes, in the order notes are numbered (CITATIONS.md)."""
    slots: list[InlineSlot] = []
    if brief.meta.summary:
        slots.append(InlineSlot(Place(None, "summary", 0), brief.meta.summary))
    for section in brief.sections:
        slots.append(InlineSlot(Place(section.id, "heading", 0), section.heading))
        if isinstance(section, EventSection):
            for i, paragraph in enumerate(section.event):
                slots.append(InlineSlot(Place(section.id, "event", i), paragraph))
            for i, bullet in enumerate(section.implications):
                slots.append(InlineSlot(Place(section.id, "implications", i), bullet))
            for i, figure in enumerate(section.figures):
                slots.append(InlineSlot(Place(section.id, "caption", i), figure.caption))
        else:
            # Figures and subheadings sit between paragraphs; notes follow the print order.
            from brief_editor.model.narrative import narrative_flow

            for item in narrative_flow(section):
                if item.kind == "paragraph":
                    inline = section.body[item.index]
                    slots.append(InlineSlot(Place(section.id, "body", item.index), inline))
                elif item.kind == "figure":
                    inline = section.figures[item.index].caption
                    slots.append(InlineSlot(Place(section.id, "caption", item.index), inline))
                else:
                    inline = section.subheadings[item.index].text
                    slots.append(InlineSlot(Place(section.id, "subheading", item.index),
                                            inline))
    return slots


@dataclass(frozen=True)
class PlacedNote:
    """A note with its number (1…N) and its place."""

    number: int
    note: Note
    place: Place


def numbered_notes(brief: Brief) -> list[PlacedNote]:
    """Every note of the brief, numbered 1…N in reading order."""
    placed: list[PlacedNote] = []
    for slot in inlines_in_reading_order(brief):
        for note in notes_in(slot.inline):
            placed.append(PlacedNote(len(placed) + 1, note, slot.place))
    return placed
