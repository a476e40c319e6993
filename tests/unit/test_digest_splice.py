"""``BriefDigest`` splices an edited section into the lists of the previous update, and the
checks follow it part by part; after any run of edits the digest's notes, places, ordinals
and words are those of the brief as it is, and the problems those of a full ``run_checks``."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.strategies import briefs

from brief_editor.citations.checks import run_checks
from brief_editor.citations.incremental import BriefDigest, IncrementalChecks
from brief_editor.model import (
    Brief,
    Cite,
    EventSection,
    Note,
    inline_text,
    inlines_in_reading_order,
    numbered_notes,
)


def _with_note(section, pick: int):
    """The section with a note inserted in its first text field (at the start or the end)."""
    field = "event" if isinstance(section, EventSection) else "body"
    paragraphs = list(getattr(section, field)) or [()]
    note = Note((Cite(f"src{pick % 3}", str(pick)),))
    paragraphs[0] = (note, *paragraphs[0]) if pick % 2 else (*paragraphs[0], note)
    return dataclasses.replace(section, **{field: tuple(paragraphs)})


def _without_notes(section):
    field = "event" if isinstance(section, EventSection) else "body"
    paragraphs = tuple(tuple(s for s in p if not isinstance(s, Note))
                       for p in getattr(section, field))
    return dataclasses.replace(section, **{field: paragraphs})


def _edit(brief: Brief, other: Brief, pick: int) -> Brief:
    sections = list(brief.sections)
    kind = pick % 6
    if not sections:
        kind = 5
    i = pick % len(sections) if sections else 0
    if kind == 0:
        sections[i] = _with_note(sections[i], pick)
    elif kind == 1:
        sections[i] = _without_notes(sections[i])
    elif kind == 2 and other.sections:
        sections[i] = dataclasses.replace(other.sections[pick % len(other.sections)],
                                          id=sections[i].id)
    elif kind == 3:
        sections.insert(0, sections.pop(i))  # a move: every section before it shifts
    elif kind == 4:  # several sections at once, more than a splice takes
        sections = [_with_note(s, pick + n) for n, s in enumerate(sections)]
    else:
        summary = brief.meta.summary
        summary = () if summary else ("Summary", Note((Cite("src1"),)))
        brief = dataclasses.replace(brief, meta=dataclasses.replace(brief.meta,
                                                                    summary=summary))
    return dataclasses.replace(brief, sections=tuple(sections))


def _expected(brief: Brief) -> tuple[list, list, list[int], int]:
    """Notes, places, ordinals and words read straight from the model."""
    placed = numbered_notes(brief)
    ordinals: list[int] = []
    words = 0
    for slot in inlines_in_reading_order(brief):
        ordinals += range(sum(1 for span in slot.inline if isinstance(span, Note)))
        words += len(inline_text(slot.inline).split())
    return [p.note for p in placed], [p.place for p in placed], ordinals, words


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(briefs(), briefs(), st.lists(st.integers(0, 1000), min_size=1, max_size=8))
def test_spliced_digest_equals_the_brief(first: Brief, other: Brief, picks: list[int]) -> None:
    digest = BriefDigest()
    checks = IncrementalChecks()
    brief = first
    for pick in [None, *picks]:
        if pick is not None:
            brief = _edit(brief, other, pick)
        digest.update(brief)
        notes, places, ordinals, words = _expected(brief)
        assert digest.notes == notes
        assert digest.places == places
        assert digest.ordinals == ordinals
        assert digest.words == words
        # Notes inserted or removed mid-brief move the numbers that later problems name.
        assert checks.run(brief, digest) == run_checks(brief)


def test_a_note_inserted_mid_brief_is_spliced_without_reading_other_sections() -> None:
    sections = tuple(
        EventSection(id=f"s{i}", heading=(f"Event {i}",),
                     event=((f"Text {i} ", Note((Cite("src0"),)), " more words."),))
        for i in range(50))
    brief = Brief(sections=sections)
    digest = BriefDigest()
    digest.update(brief)
    read: list[object] = []
    original = digest._part

    def counting(part, section, fresh):
        read.append(part)
        return original(part, section, fresh)

    digest._part = counting  # type: ignore[method-assign]
    edited = dataclasses.replace(brief, sections=(*sections[:20], _with_note(sections[20], 1),
                                                  *sections[21:]))
    digest.update(edited)
    assert read == [edited.sections[20]]
    notes, places, ordinals, words = _expected(edited)
    assert (digest.notes, digest.places, digest.ordinals, digest.words) == (
        notes, places, ordinals, words)
    assert len(notes) == 51 and notes[20] is edited.sections[20].event[0][0]
