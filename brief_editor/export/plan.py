"""The export plan: the brief walked once into format-neutral blocks, notes resolved.

Both writers (DOCX and PDF) lay out the same plan, so the two files can never disagree on a
note number or a word. The plan is plain data: text is text, never markup, and every
character that an XML document cannot hold has already been dropped, with a warning.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from brief_editor.citations.note_spans import NoteSpan
from brief_editor.citations.notes import NoteRenderer, RenderedNote, render_notes
from brief_editor.errors import BriefEditorError
from brief_editor.export.link_target import link_target
from brief_editor.model import (
    Brief,
    Cite,
    EventSection,
    Figure,
    Inline,
    Link,
    NarrativeSection,
    Note,
    Place,
    Styled,
)
from brief_editor.model.document import numbered_notes
from brief_editor.model.narrative import narrative_flow
from brief_editor.model.places import describe_place, describe_section

DEFAULT_LABELS = {
    "date": "Date:",
    "location": "Location:",
    "parties": "Parties involved:",
    "event": "The event:",
    "implications": "The implications:",
    "source": "Source:",
}

# Characters XML 1.0 cannot hold: C0 controls but tab, newline and return; surrogates;
# U+FFFE and U+FFFF. Text pasted from PDFs often carries them.
# Longer than any paragraph a brief needs (a long report chapter is 100,000 characters).
MAX_TEXT_CHARS = 200_000
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class NoteRef:
    """The place of note ``number`` in running text."""

    number: int


PlanSpan = str | Styled | Link | NoteRef
PlanInline = tuple[PlanSpan, ...]


@dataclass(frozen=True)
class Masthead:
    """The top of the first page."""

    publication: str
    title: str
    dateline: str  # "Week of Monday, July 19, 2021 | Issue 17"
    byline: str  # "A. Analyst, Example Team"
    summary: PlanInline
    credits: tuple[str, ...]


@dataclass(frozen=True)
class Heading:
    """A section heading (level 1); ``anchor`` is stable for bookmarks and links."""

    spans: PlanInline
    anchor: str
    level: int = 1
    place: Place | None = None  # the brief's field it came from (the review map)


@dataclass(frozen=True)
class LabeledLine:
    """A line such as "Date: July 19, 2021", the label bold."""

    label: str
    spans: PlanInline
    role: str  # "date" | "location" | "parties"
    place: Place | None = None


@dataclass(frozen=True)
class Paragraph:
    """Body text; ``label`` is printed bold before it ("The event:") when set."""

    spans: PlanInline
    label: str = ""
    place: Place | None = None


@dataclass(frozen=True)
class SectionCredit:
    """A narrative's own byline (under its heading) or credit line (at its end)."""

    text: str
    role: str  # "byline" | "credit"


@dataclass(frozen=True)
class ListLabel:
    """The label over a bulleted list ("The implications:")."""

    label: str


@dataclass(frozen=True)
class Bullet:
    """One item of a bulleted list."""

    spans: PlanInline
    place: Place | None = None


@dataclass(frozen=True)
class FigureBlock:
    """An image with its caption (Caption style) and credit."""

    anchor: str
    media_type: str
    data: bytes
    width_px: int
    height_px: int
    caption: PlanInline
    credit: str
    alt: str
    caption_place: Place | None = None


Block = Heading | LabeledLine | Paragraph | ListLabel | Bullet | FigureBlock | SectionCredit


@dataclass(frozen=True)
class PlanNote:
    """A note as printed, with its number."""

    number: int
    spans: tuple[NoteSpan, ...]
    text: str
    place: Place
    cites: tuple[Cite, ...] = ()  # for the DOCX's Zotero citation fields (docx_zotero)
    cite_spans: int = 0  # the first spans print the cites; the rest is the note's comment


@dataclass(frozen=True)
class DocumentInfo:
    """Document properties, taken from the brief and never from the clock."""

    title: str
    authors: tuple[str, ...]
    subject: str
    keywords: tuple[str, ...]
    created: dt.datetime
    language: str


@dataclass(frozen=True)
class Plan:
    """Everything a writer needs, in print order."""

    info: DocumentInfo
    masthead: Masthead
    blocks: tuple[Block, ...]
    notes: tuple[PlanNote, ...]
    notes_mode: str  # "endnotes" | "footnotes"
    paper: str  # "letter" | "a4"
    organization: str
    marking: str
    draft: bool
    warnings: tuple[str, ...] = field(default=())
    # The brief as exported: the DOCX carries a snapshot of it for the review round trip.
    brief: Brief | None = field(default=None, compare=False, repr=False)


Progress = Callable[[int, int], None]


# Our own names, not strftime's: those follow the process locale, which the GUI may change.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def format_long_date(day: dt.date) -> str:
    """"July 19, 2021" (en-US long form)."""
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def week_of_line(day: dt.date) -> str:
    """"Week of Monday, July 19, 2021"; names the weekday so a non-Monday shows plainly."""
    return f"Week of {WEEKDAYS[day.weekday()]}, {format_long_date(day)}"


class TextTooLong(BriefEditorError):
    """A paragraph too long to lay out; the message names its place."""


class _Cleaner:
    """Drops characters XML cannot hold and remembers where it did."""

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def text(self, value: str, where: str | Callable[[], str]) -> str:
        """``value`` without what XML cannot hold. ``where`` names its place for a message,
        or is a function that does: the words are found only when a message needs them
        (finding a section's words reads the whole brief, which for every piece of text of
        a long issue took a good part of each preview)."""
        if len(value) > MAX_TEXT_CHARS:
            # Laying out megabytes of one paragraph takes minutes and gigabytes (issue 15).
            raise TextTooLong(f"{_words(where)}: a text of {len(value):,} characters is longer "
                              f"than the {MAX_TEXT_CHARS:,} one paragraph may have; split it")
        if _NOT_XML.search(value):
            count = len(_NOT_XML.findall(value))
            self.warnings.append(
                f"{_words(where)}: dropped {count} control character(s) that a document "
                "cannot hold"
            )
            return _NOT_XML.sub("", value)
        return value


def _words(where: str | Callable[[], str]) -> str:
    return where if isinstance(where, str) else where()


def _where(brief: Brief, place: Place) -> str:
    return describe_place(brief, place)


def build_plan(
    brief: Brief,
    *,
    brief_dir: Path | None = None,
    renderer: NoteRenderer | None = None,
    rendered_notes: list[RenderedNote] | None = None,
    labels: dict[str, str] | None = None,
    draft: bool = False,
    progress: Progress | None = None,
) -> Plan:
    """Walk the brief once into blocks, with every note numbered and worded."""
    labels = {**DEFAULT_LABELS, **(labels or {})}
    cleaner = _Cleaner()
    notes = rendered_notes if rendered_notes is not None else render_notes(
        brief, brief_dir=brief_dir, renderer=renderer
    )
    counter = iter(range(1, len(notes) + 1))

    def inline(value: Inline, place: Place) -> PlanInline:
        def where() -> str:
            return _where(brief, place)

        out: list[PlanSpan] = []
        for span in value:
            if isinstance(span, str):
                out.append(cleaner.text(span, where))
            elif isinstance(span, Styled):
                out.append(Styled(cleaner.text(span.text, where), span.marks))
            elif isinstance(span, Link):
                out.append(Link(link_target(span.url), cleaner.text(span.text, where)))
            elif isinstance(span, Note):
                out.append(NoteRef(next(counter)))
        return tuple(s for s in out if not (isinstance(s, str) and s == ""))

    meta = brief.meta
    date_bits = []
    if meta.week_of:
        date_bits.append(week_of_line(meta.week_of))
    if meta.issue is not None:
        date_bits.append(f"Issue {meta.issue}")
    byline_bits = [", ".join(meta.authors)] if meta.authors else []
    if meta.team:
        byline_bits.append(meta.team)
    masthead = Masthead(
        publication=cleaner.text(meta.publication, "masthead"),
        title=cleaner.text(meta.title, "masthead"),
        dateline=" | ".join(date_bits),
        byline=cleaner.text(", ".join(byline_bits), "masthead"),
        summary=inline(meta.summary or (), Place(None, "summary", 0)),
        credits=tuple(cleaner.text(c, "masthead credits") for c in meta.credits or ()),
    )

    blocks: list[Block] = []
    total = len(brief.sections)
    for number, section in enumerate(brief.sections, start=1):
        sid = section.id
        blocks.append(Heading(inline(section.heading, Place(sid, "heading", 0)), anchor=f"sec-{number}",
                              place=Place(sid, "heading", 0)))
        if isinstance(section, EventSection):
            if section.date:
                blocks.append(LabeledLine(labels["date"], (format_long_date(section.date),), "date"))
            if section.location:
                blocks.append(LabeledLine(labels["location"],
                                          (cleaner.text(section.location,
                                                        partial(describe_section, brief, sid)),),
                                          "location", place=Place(sid, "location", 0)))
            if section.parties:
                parties = "; ".join(cleaner.text(p, partial(describe_section, brief, sid))
                                    for p in section.parties)
                blocks.append(LabeledLine(labels["parties"], (parties,), "parties",
                                          place=Place(sid, "parties", 0)))
            for i, paragraph in enumerate(section.event):
                blocks.append(Paragraph(inline(paragraph, Place(sid, "event", i)),
                                        label=labels["event"] if i == 0 else "",
                                        place=Place(sid, "event", i)))
            if section.implications:
                blocks.append(ListLabel(labels["implications"]))
                for i, bullet in enumerate(section.implications):
                    blocks.append(Bullet(inline(bullet, Place(sid, "implications", i)),
                                         place=Place(sid, "implications", i)))
            for i, figure in enumerate(section.figures):
                block = _figure_block(figure, inline(figure.caption, Place(sid, "caption", i)),
                                      cleaner, f"fig-{number}-{i + 1}", f"{describe_section(brief, sid)}, figure {i + 1}")
                blocks.append(dataclasses.replace(block, caption_place=Place(sid, "caption", i)))
        else:
            blocks += _narrative_blocks(section, number, inline, cleaner, labels,
                                      describe_section(brief, section.id))
        if progress is not None:
            progress(number, total)

    plan_notes = _plan_notes(notes, cleaner)
    headings = tuple(
        t for t in ("".join(s if isinstance(s, str) else getattr(s, "text", "") for s in b.spans)
                    for b in blocks if isinstance(b, Heading) and b.level == 1) if t
    )
    created = dt.datetime.combine(meta.week_of or dt.date(2000, 1, 3), dt.time(0, 0), dt.UTC)
    title = ": ".join(t for t in (masthead.publication, masthead.title) if t)
    info = DocumentInfo(
        title=title,
        authors=tuple(cleaner.text(a, "masthead") for a in meta.authors),
        subject=masthead.dateline,
        keywords=headings,
        created=created,
        language=meta.effective_language,
    )
    return Plan(
        info=info,
        masthead=masthead,
        blocks=tuple(blocks),
        notes=plan_notes,
        notes_mode=brief.style.effective_notes,
        paper=brief.style.effective_paper,
        organization=cleaner.text(meta.organization, "masthead"),
        marking=cleaner.text(meta.marking or "", "masthead"),
        draft=draft,
        warnings=tuple(cleaner.warnings),
        brief=brief,
    )


def _plan_notes(notes: Sequence[RenderedNote], cleaner: _Cleaner) -> tuple[PlanNote, ...]:
    return tuple(
        PlanNote(
            number=n.number,
            spans=tuple(_clean_note_span(s, cleaner, f"note {n.number}") for s in n.spans),
            text=cleaner.text(n.text, f"note {n.number}"),
            place=n.place,
            cites=tuple(c.cite for c in n.cites),
            cite_spans=n.cite_spans,
        )
        for n in notes
    )


def blank_notes(brief: Brief) -> list[RenderedNote]:
    """The brief's notes numbered and placed but not worded: ``build_plan`` with these lays
    out the text, every marker with its number, before citeproc-js has said a word."""
    return [RenderedNote(p.number, "", (), (), p.place) for p in numbered_notes(brief)]


def with_notes(plan: Plan, notes: Sequence[RenderedNote]) -> Plan:
    """``plan``, built with :func:`blank_notes`, with the worded ``notes`` in it: the plan
    ``build_plan`` makes with them (the command line walks the text while the notes are
    worded, and only puts the notes in once they are)."""
    if len(notes) != len(plan.notes):
        raise ValueError(f"{len(notes)} notes for a plan of {len(plan.notes)}")
    cleaner = _Cleaner()
    plan_notes = _plan_notes(notes, cleaner)
    return dataclasses.replace(plan, notes=plan_notes,
                               warnings=plan.warnings + tuple(cleaner.warnings))


def _narrative_blocks(section: NarrativeSection, number: int,
                      inline: Callable[[Inline, Place], PlanInline], cleaner: _Cleaner,
                      labels: dict[str, str], where: str) -> list[Block]:
    """A narrative in print order: byline and source line, then paragraphs with their
    subheadings and figures where the brief places them, then the credits."""
    sid = section.id
    blocks: list[Block] = []
    if section.byline:
        blocks.append(SectionCredit(cleaner.text(section.byline, where), "byline"))
    if section.source_line:
        blocks.append(LabeledLine(labels["source"],
                                  (cleaner.text(section.source_line, where),), "source"))
    for item in narrative_flow(section):
        if item.kind == "paragraph":
            paragraph = section.body[item.index]
            blocks.append(Paragraph(inline(paragraph, Place(sid, "body", item.index)),
                                    place=Place(sid, "body", item.index)))
        elif item.kind == "subheading":
            text = section.subheadings[item.index].text
            if not "".join(getattr(s, "text", s) for s in text).strip():
                continue  # just added in the editor, nothing typed yet: no empty heading
            blocks.append(Heading(inline(text, Place(sid, "subheading", item.index)),
                                  anchor=f"sec-{number}-{item.index + 1}", level=2,
                                  place=Place(sid, "subheading", item.index)))
        else:
            i = item.index
            figure = section.figures[i]
            block = _figure_block(figure, inline(figure.caption, Place(sid, "caption", i)),
                                  cleaner, f"fig-{number}-{i + 1}", f"{where}, figure {i + 1}")
            blocks.append(dataclasses.replace(block, caption_place=Place(sid, "caption", i)))
    for credit in section.credits:
        blocks.append(SectionCredit(cleaner.text(credit, where), "credit"))
    return blocks


def _clean_note_span(span: NoteSpan, cleaner: _Cleaner, where: str) -> NoteSpan:
    if isinstance(span, str):
        return cleaner.text(span, where)
    if isinstance(span, Link):
        return Link(link_target(span.url), cleaner.text(span.text, where))
    return Styled(cleaner.text(span.text, where), span.marks)


def _figure_block(figure: Figure, caption: PlanInline, cleaner: _Cleaner, anchor: str,
                  where: str) -> FigureBlock:
    from brief_editor.export.images import image_size

    data = figure.image_bytes()
    width, height = image_size(data, figure.media_type, where=where)
    return FigureBlock(
        anchor=anchor,
        media_type=figure.media_type,
        data=data,
        width_px=width,
        height_px=height,
        caption=caption,
        credit=cleaner.text(figure.credit, where),
        alt=cleaner.text(figure.alt, where),
    )


def plan_text(spans: PlanInline) -> str:
    """Running text of plan spans, note references left out."""
    return "".join(s if isinstance(s, str) else getattr(s, "text", "") for s in spans)
