"""``brief_names_of`` (the names the spelling check knows) follows edits section by section:
always the names ``brief_names`` reads from the whole brief, and the very same tuple while
an edit leaves every name as it was."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.strategies import briefs

from brief_editor.citations.spelling import brief_names
from brief_editor.citations.writing import brief_names_of
from brief_editor.model import Brief, Cite, EventSection, Note


def _edit(brief: Brief, pick: int) -> Brief:
    sections = list(brief.sections)
    if not sections:
        return dataclasses.replace(brief, meta=dataclasses.replace(brief.meta, title="Other"))
    i = pick % len(sections)
    section = sections[i]
    kind = pick % 4
    if kind == 0 and isinstance(section, EventSection):  # a new party: a name changes
        section = dataclasses.replace(section, parties=(*section.parties, f"Party{pick}"))
    elif kind == 1:  # a note inserted: no name changes
        section = dataclasses.replace(section, heading=(*section.heading, Note((Cite("a"),))))
    elif kind == 2:
        sections.insert(0, sections.pop(i))
    else:
        section = dataclasses.replace(section, heading=(f"Heading {pick}",))
    sections[i if kind != 2 else 0] = section if kind != 2 else sections[0]
    return dataclasses.replace(brief, sections=tuple(sections))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(briefs(), st.lists(st.integers(0, 1000), min_size=1, max_size=8))
def test_names_follow_every_edit(first: Brief, picks: list[int]) -> None:
    brief = first
    for pick in [None, *picks]:
        if pick is not None:
            brief = _edit(brief, pick)
        # As a set of words (the spelling check's use); each part read alone adds the
        # empty masthead fields of an empty brief, which hold no word.
        assert sorted(filter(None, brief_names_of(brief))) == sorted(
            filter(None, brief_names(brief)))


def test_an_edit_that_keeps_the_names_gives_the_same_tuple() -> None:
    sections = tuple(EventSection(id=f"s{i}", heading=(f"Event {i}",), location="Geneva",
                                  parties=(f"Delegation {i}",)) for i in range(30))
    brief = Brief(sections=sections)
    names = brief_names_of(brief)
    with_note = dataclasses.replace(sections[12], heading=("Event 12", Note((Cite("a"),))))
    edited = dataclasses.replace(brief, sections=(*sections[:12], with_note, *sections[13:]))
    assert brief_names_of(edited) is names
    renamed = dataclasses.replace(sections[12], parties=("Delegation Z",))
    edited = dataclasses.replace(brief, sections=(*sections[:12], renamed, *sections[13:]))
    again = brief_names_of(edited)
    assert "Delegation Z" in again and "Delegation 12" not in again
