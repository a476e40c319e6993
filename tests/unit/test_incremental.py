"""The editor's incremental notes and checks equal a full run after any sequence of edits."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.strategies import briefs, cited_briefs

from brief_editor.citations.checks import run_checks
from brief_editor.citations.incremental import LiveAnalysis
from brief_editor.citations.notes import NoteRenderer
from brief_editor.model import Brief, Cite, Note, Source, numbered_notes

_RENDERER = NoteRenderer()


def _edits(brief: Brief, other: Brief, picks: list[int]) -> list[Brief]:
    """A few edits a user makes: take a section from another brief, move, drop a source."""
    out = []
    for n, pick in enumerate(picks):
        sections = list(brief.sections)
        kind = pick % 5
        if kind == 0 and sections and other.sections:
            sections[pick % len(sections)] = dataclasses.replace(
                other.sections[pick % len(other.sections)], id=sections[pick % len(sections)].id)
        elif kind == 1 and len(sections) > 1:
            sections.insert(0, sections.pop(pick % len(sections)))
        elif kind == 2 and brief.sources:
            brief = dataclasses.replace(brief, sources=brief.sources[1:])
        elif kind == 3:
            brief = dataclasses.replace(brief, sources=(*brief.sources, Source(
                {"id": f"new{n}", "type": "webpage", "title": "A new page"})))
        elif kind == 4:
            brief = dataclasses.replace(brief, meta=dataclasses.replace(
                brief.meta, summary=("Summary", Note((Cite(f"src{pick % 3}"),)))))
        brief = dataclasses.replace(brief, sections=tuple(sections))
        out.append(brief)
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(briefs(), briefs(), st.lists(st.integers(0, 1000), max_size=6))
def test_incremental_checks_equal_run_checks(first: Brief, other: Brief, picks: list[int]) -> None:
    live = LiveAnalysis(_RENDERER)
    for brief in [first, *_edits(first, other, picks)]:
        live.digest.update(brief)
        assert live.checks.run(brief, live.digest) == run_checks(brief)
        assert live.digest.placed_notes() == numbered_notes(brief)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cited_briefs(), cited_briefs(), st.lists(st.integers(0, 1000), max_size=4))
def test_incremental_notes_equal_a_full_render(first: Brief, other: Brief,
                                               picks: list[int]) -> None:
    live = LiveAnalysis(_RENDERER)
    for brief in [first, *_edits(first, other, picks)]:
        assert live.analyse(brief).notes == _RENDERER.render(brief)


def test_a_raised_severity_applies_to_cached_parts() -> None:
    brief = Brief(sections=(), sources=(Source({"id": "a", "type": "book", "title": "T"}),))
    live = LiveAnalysis(_RENDERER)
    assert [p.severity for p in live.analyse(brief).problems if p.id == "W103"] == ["warning"]
    live.checks.set_severities({"W103": "error"})
    assert [p.severity for p in live.analyse(brief).problems if p.id == "W103"] == ["error"]


_WRITING = None


def _writing_settings():
    global _WRITING
    if _WRITING is None:
        from brief_editor.citations.writing import Limits, WritingSettings

        _WRITING = WritingSettings.build(limits=Limits(event_words=12, implication_bullets=1,
                                                       summary_words=1))
    return _WRITING


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(briefs(), briefs(), st.lists(st.integers(0, 1000), max_size=6))
def test_incremental_writing_checks_equal_run_checks(first: Brief, other: Brief,
                                                     picks: list[int]) -> None:
    writing = _writing_settings()
    live = LiveAnalysis(_RENDERER, writing=writing)
    for brief in [first, *_edits(first, other, picks)]:
        live.digest.update(brief)
        assert live.checks.run(brief, live.digest) == run_checks(brief, writing=writing)


def test_a_new_party_name_clears_its_unknown_word_in_other_sections() -> None:
    from brief_editor.model import EventSection

    writing = _writing_settings()
    live = LiveAnalysis(_RENDERER, writing=writing)
    one = EventSection(id="a", heading=("Talks",), event=(("Zorvath troops moved.",),))
    two = EventSection(id="b", heading=("More",))
    brief = Brief(sections=(one, two))
    live.digest.update(brief)
    assert [p.id for p in live.checks.run(brief, live.digest)].count("W301") == 1
    brief = dataclasses.replace(brief, sections=(one, dataclasses.replace(
        two, parties=("Zorvath Brigade",))))
    live.digest.update(brief)
    assert [p.id for p in live.checks.run(brief, live.digest)].count("W301") == 0


def test_the_checks_of_what_would_fail_come_live_too() -> None:
    # E005–E008 (issue 15) in the editor's Checks panel, the same as `check` prints them.
    import base64

    from brief_editor.model import EventSection, Figure, Meta

    bomb = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + (60000).to_bytes(4, "big") * 2
            + b"\x08\x00\x00\x00\x00")
    figure = Figure(id="map", media_type="image/png", data=base64.b64encode(bomb).decode())
    brief = Brief(meta=Meta(title="T", language="__proto__"),
                  sections=(EventSection(id="s1", heading=("H",), event=(("x" * 200_001,),),
                                         figures=(figure,)),),
                  sources=(Source({"id": "a", "type": "book", "title": "T",
                                   "author": [None]}),))
    live = LiveAnalysis(_RENDERER)
    live.digest.update(brief)
    problems = live.checks.run(brief, live.digest)
    assert problems == run_checks(brief)
    assert {p.id for p in problems} >= {"E005", "E006", "E007", "E008"}
    fixed = dataclasses.replace(brief, meta=dataclasses.replace(brief.meta, language="en-GB"))
    live.digest.update(fixed)
    problems = live.checks.run(fixed, live.digest)
    assert problems == run_checks(fixed) and "E006" not in {p.id for p in problems}
