"""Hypothesis strategies for briefs: any valid brief, and briefs whose notes all resolve.

``briefs()`` explores the whole file format (unicode, marks, links, notes with cites and
comments, figures with tiny images) for round-trip tests. ``cited_briefs()`` keeps every
cite pointing at a real source, with few sources and many repeats, so that the notes engine
meets every position (first, subsequent, ibid, ibid-with-locator) often.
"""

from __future__ import annotations

import base64
import datetime as dt

from hypothesis import strategies as st

from brief_editor.model import (
    Brief,
    Cite,
    EventSection,
    Figure,
    Link,
    Meta,
    NarrativeSection,
    Note,
    Source,
    Style,
    Styled,
)
from brief_editor.model.inline import MARKS

# Any Unicode scalar value except surrogates (which UTF-8 cannot hold).
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=20)
SHORT_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=8)
WORDS = st.text("abcdefghijklmnopqrstuvwxyz äöüéçł–’", min_size=1, max_size=12).map(str.strip).filter(bool)
LABELS = ("page", "section", "paragraph", "line", "chapter")
SOURCE_TYPES = (
    "article-newspaper", "article-magazine", "webpage", "post", "book", "chapter", "report",
    "legal_case", "interview", "broadcast",
)
DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))

styled = st.builds(
    Styled,
    text=TEXT,
    marks=st.lists(st.sampled_from(MARKS), unique=True, max_size=3).map(tuple),
)
links = st.builds(
    Link,
    url=st.tuples(st.sampled_from(("http://", "https://", "mailto:")), SHORT_TEXT).map("".join),
    text=TEXT,
)
plain_spans = st.one_of(TEXT, styled, links)
comments = st.lists(plain_spans, max_size=3).map(tuple)


def cites(source_ids: st.SearchStrategy[str]) -> st.SearchStrategy[Cite]:
    """A cite of one of ``source_ids``, with or without locator, label and affixes."""
    return st.builds(
        Cite,
        source=source_ids,
        locator=st.none() | st.sampled_from(("1", "2", "45", "12–14", "iv")),
        label=st.none() | st.sampled_from(LABELS),
        prefix=st.none() | st.sampled_from(("see", "cf.")),
        suffix=st.none() | st.sampled_from(("emphasis added",)),
    )


def notes(source_ids: st.SearchStrategy[str], *, allow_empty: bool = True) -> st.SearchStrategy[Note]:
    """A note: cites, a comment, or both (or, for the file format, neither)."""
    note = st.builds(
        Note,
        cites=st.lists(cites(source_ids), max_size=3).map(tuple),
        comment=st.none() | comments,
    )
    if not allow_empty:
        note = note.filter(lambda n: n.cites or n.has_comment)
    return note


def inlines(note_strategy: st.SearchStrategy[Note], max_size: int = 5) -> st.SearchStrategy[tuple]:
    """An Inline: text, formatted text, links and notes in any order."""
    return st.lists(st.one_of(plain_spans, note_strategy), max_size=max_size).map(tuple)


tiny_images = st.binary(min_size=1, max_size=24).map(lambda b: base64.b64encode(b).decode("ascii"))


def figures(inline_strategy: st.SearchStrategy[tuple], figure_id: str) -> st.SearchStrategy[Figure]:
    return st.builds(
        Figure,
        id=st.just(figure_id),
        media_type=st.sampled_from(("image/png", "image/jpeg")),
        data=tiny_images,
        caption=inline_strategy,
        credit=TEXT,
        alt=TEXT,
    )


@st.composite
def sections(draw: st.DrawFn, section_id: str, inline_strategy: st.SearchStrategy[tuple]):
    """An event or a narrative section with the given id."""
    paragraphs = st.lists(inline_strategy, max_size=3).map(tuple)
    figure_count = draw(st.integers(0, 2))
    section_figures = tuple(
        draw(figures(inline_strategy, f"{section_id}-f{i}")) for i in range(figure_count)
    )
    if draw(st.booleans()):
        return EventSection(
            id=section_id,
            heading=draw(inline_strategy),
            date=draw(st.none() | DATES),
            location=draw(TEXT),
            parties=tuple(draw(st.lists(TEXT, max_size=3))),
            event=draw(paragraphs),
            implications=draw(paragraphs),
            figures=section_figures,
        )
    return NarrativeSection(
        id=section_id, heading=draw(inline_strategy), body=draw(paragraphs), figures=section_figures
    )


@st.composite
def source_items(draw: st.DrawFn, source_id: str) -> Source:
    """A CSL-JSON item of a type analysts cite, with the usual keys."""
    data: dict = {"id": source_id, "type": draw(st.sampled_from(SOURCE_TYPES)), "title": draw(WORDS)}
    if draw(st.booleans()):
        data["title-short"] = draw(WORDS)
    if draw(st.booleans()):
        data["container-title"] = draw(WORDS)
    if draw(st.booleans()):
        data["author"] = draw(
            st.lists(
                st.one_of(
                    st.fixed_dictionaries({"family": WORDS, "given": WORDS}),
                    st.fixed_dictionaries({"literal": WORDS}),
                ),
                min_size=1,
                max_size=3,
            )
        )
    if draw(st.booleans()):
        day = draw(DATES)
        data["issued"] = {"date-parts": [[day.year, day.month, day.day][: draw(st.integers(1, 3))]]}
    if draw(st.booleans()):
        data["URL"] = "https://example.org/" + draw(st.text("abcxyz0123456789", min_size=1, max_size=8))
    if draw(st.booleans()):
        data["custom"] = {"reliability": draw(st.sampled_from("ABCDEF")), "note": draw(TEXT)}
    return Source(data=data)


@st.composite
def _briefs(draw: st.DrawFn, *, resolvable: bool, max_sections: int) -> Brief:
    source_count = draw(st.integers(1 if resolvable else 0, 4))
    source_ids = [f"src{i}" for i in range(source_count)]
    if resolvable:
        id_strategy = st.sampled_from(source_ids)
        note_strategy = notes(id_strategy, allow_empty=False)
    else:
        id_strategy = st.sampled_from(source_ids) if source_ids else WORDS
        note_strategy = notes(id_strategy | WORDS)
    inline_strategy = inlines(note_strategy)
    section_count = draw(st.integers(0, max_sections))
    meta = Meta(
        publication=draw(TEXT),
        title=draw(TEXT),
        issue=draw(st.none() | st.integers(1, 10_000)),
        week_of=draw(st.none() | DATES),
        authors=tuple(draw(st.lists(TEXT, max_size=2))),
        team=draw(TEXT),
        organization=draw(TEXT),
        summary=draw(st.none() | inline_strategy),
        credits=draw(st.none() | st.lists(TEXT, max_size=2).map(tuple)),
        language=draw(st.none() | st.just("en-US")),
        marking=draw(st.none() | TEXT),
    )
    style = Style(
        citation_style=draw(st.none() | st.sampled_from(("brief", "chicago-notes"))),
        notes=draw(st.none() | st.sampled_from(("endnotes", "footnotes"))),
        ibid=draw(st.none() | st.booleans()),
        paper=draw(st.none() | st.sampled_from(("letter", "a4"))),
    )
    return Brief(
        meta=meta,
        style=style,
        sections=tuple(draw(sections(f"s{i}", inline_strategy)) for i in range(section_count)),
        sources=tuple(draw(source_items(sid)) for sid in source_ids),
    )


def briefs(max_sections: int = 4) -> st.SearchStrategy[Brief]:
    """Any valid brief; cites may name sources that do not exist (a check, not a format error)."""
    return _briefs(resolvable=False, max_sections=max_sections)


def cited_briefs(max_sections: int = 5) -> st.SearchStrategy[Brief]:
    """Briefs whose every cite names one of a few sources, so positions repeat often."""
    return _briefs(resolvable=True, max_sections=max_sections)
