"""The editor's notes after an edit are spliced from the notes before it (``notes_rows``).

The oracle is ``NoteRenderer.render`` on the whole brief after each edit: it positions with
``compute_positions`` and looks at every note, while the live notes only ever see the
previous notes and the edit. Notes are inserted, removed and changed at random places of a
brief with Ibid. chains, short forms and first notes, in the bundled style, in a style that
prints the first note's number (OSCOLA: the per-note pass) and in Chicago's.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brief_editor.citations.incremental import LiveAnalysis
from brief_editor.citations.notes import NoteRenderer
from brief_editor.citations.notes_rows import RenderedNotes
from brief_editor.model import Brief, Cite, Meta, NarrativeSection, Note, Source, Style

CSL = Path("/work/shared/csl")
_RENDERER = NoteRenderer()
SOURCES = tuple(
    Source({"id": f"s{i}", "type": ("webpage", "book", "article-newspaper")[i % 3],
            "title": f"Title number {i}", "container-title": "Example Wire",
            "author": [{"family": f"Writer{i}", "given": "Alex"}],
            "issued": {"date-parts": [[2024, 1 + i, 2]]}, "URL": f"https://example.org/{i}"})
    for i in range(5)
)


def _brief(cites: list[tuple[int, str | None]], style: str = "brief") -> Brief:
    """One section a note per sentence, cut into paragraphs of four notes."""
    spans: list[list[object]] = [[]]
    for n, (source, locator) in enumerate(cites):
        if len(spans[-1]) == 8:
            spans.append([])
        spans[-1] += [f"Sentence {n}. ", Note((Cite(f"s{source}", locator),))]
    body = tuple(tuple(p) for p in spans if p)
    return Brief(meta=Meta(title="Rows"), style=Style(citation_style=style),
                 sections=(NarrativeSection(id="n1", heading=("One",), body=body),),
                 sources=SOURCES)


cite = st.tuples(st.integers(0, 4), st.one_of(st.none(), st.sampled_from(("4", "12"))))
edit = st.tuples(st.sampled_from(("insert", "delete", "change")), st.integers(0, 10_000),
                 cite)


def _apply(cites: list[tuple[int, str | None]], step: tuple) -> list[tuple[int, str | None]]:
    kind, at, new = step
    cites = list(cites)
    if kind == "insert":
        cites.insert(at % (len(cites) + 1), new)
    elif cites and kind == "delete":
        del cites[at % len(cites)]
    elif cites:
        cites[at % len(cites)] = new
    return cites


def _styles() -> list[str]:
    names = ["brief"]
    for name in ("oscola.csl", "chicago-notes-bibliography.csl"):
        if (CSL / name).is_file():
            names.append(str(CSL / name))
    return names


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(cite, min_size=1, max_size=30), st.lists(edit, min_size=1, max_size=6),
       st.sampled_from(_styles()))
def test_spliced_notes_equal_a_full_render(start, steps, style) -> None:
    live = LiveAnalysis(_RENDERER)
    cites = start
    brief = _brief(cites, style)
    assert live.analyse(brief).notes == _RENDERER.render(brief)
    for step in steps:
        cites = _apply(cites, step)
        brief = _brief(cites, style)
        assert live.analyse(brief).notes == _RENDERER.render(brief), step


def test_an_inserted_note_makes_again_only_the_rows_near_it() -> None:
    cites = [(i % 5 if i % 4 else (i // 4) % 5, str(i % 7) if i % 3 else None)
             for i in range(400)]
    live = LiveAnalysis(_RENDERER)
    before = live.analyse(_brief(cites)).notes
    edited = _brief(cites[:200] + [(1, "9")] + cites[200:])
    after = live.analyse(edited).notes
    assert isinstance(after, RenderedNotes) and after.previous is before
    splice = after.splice
    assert splice is not None and splice.start == 200
    assert (splice.new_stop - splice.start) + len(splice.changed) < 20
    # Yet every later note has its new number and names its source's new first note.
    assert after == _RENDERER.render(edited)
    assert [n.number for n in after[199:203]] == [200, 201, 202, 203]
    assert after[300].text == before[299].text


def test_moving_text_around_notes_gives_them_their_new_places() -> None:
    cites = [(i % 5, None) for i in range(12)]
    brief = _brief(cites)
    live = LiveAnalysis(_RENDERER)
    live.analyse(brief)
    section = brief.sections[0]
    moved = dataclasses.replace(section, body=(("A new first paragraph.",), *section.body))
    edited = dataclasses.replace(brief, sections=(moved,))
    notes = live.analyse(edited).notes
    assert notes == _RENDERER.render(edited)
    assert notes[0].place.index == 1


def test_a_chain_settling_far_after_the_edit_is_worded_again() -> None:
    # Source 4 is cited first, then twenty notes later: removing its first cite makes the
    # later one its first (worded in full), far past the notes near the edit.
    cites = [(4, None), *[(i % 2, str(i)) for i in range(20)], (4, "7"), (0, None)]
    live = LiveAnalysis(_RENDERER)
    before = live.analyse(_brief(cites)).notes
    edited = _brief(cites[1:])
    after = live.analyse(edited).notes
    assert after == _RENDERER.render(edited)
    assert after[20].cites[0].position == "first" and after[20].text != before[21].text


def test_notes_keep_one_step_back_not_every_version() -> None:
    # Each result names the one it was spliced from; older ones are let go.
    cites = [(i % 5, None) for i in range(30)]
    live = LiveAnalysis(_RENDERER)
    versions = [live.analyse(_brief(cites[:n])).notes for n in (28, 29, 30)]
    assert versions[2].previous is versions[1] and versions[1].previous is None
    assert versions[2].positioned.previous is versions[1].positioned
    assert versions[1].positioned.previous is None
