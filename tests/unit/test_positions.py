"""Positions of cites (first, subsequent, ibid, ibid-with-locator): every branch of the rules.

The table cases each name a rule of the notes engine; the property tests check what a user
relies on: numbers run 1…N in reading order, moving a section changes only the notes at
the seams of the move, and a brief survives save and load unchanged.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.strategies import briefs, cited_briefs

from brief_editor.citations.notes import render_notes
from brief_editor.citations.positions import (
    FIRST,
    IBID,
    IBID_WITH_LOCATOR,
    SUBSEQUENT,
    compute_positions,
)
from brief_editor.model import (
    Brief,
    Cite,
    Note,
    Place,
    PlacedNote,
    dumps,
    loads,
    numbered_notes,
    to_raw,
)
from brief_editor.storage.files import read_brief, save_brief

F, S, IB, IL = FIRST, SUBSEQUENT, IBID, IBID_WITH_LOCATOR


def c(source: str, locator: str | None = None, label: str | None = None) -> Cite:
    return Cite(source=source, locator=locator, label=label)


def n(*cites: Cite | str, comment: str | None = None) -> Note:
    return Note(
        cites=tuple(x if isinstance(x, Cite) else c(x) for x in cites),
        comment=(comment,) if comment is not None else None,
    )


def positions_of(notes: list[Note]) -> list[list[str]]:
    placed = [PlacedNote(i + 1, note, Place("s1", "body", 0)) for i, note in enumerate(notes)]
    return [[pc.position for pc in row] for row in compute_positions(placed)]


# (rule, notes in order, expected positions per note)
CASES = [
    ("first: no earlier note cites the source", [n("a")], [[F]]),
    ("first: each new source is first, also inside one note", [n("a", "b")], [[F, F]]),
    ("first even right after a note of another source", [n("a"), n("b")], [[F], [F]]),
    # (a) the note just before holds exactly one cite, of the same source, and no comment
    ("a: previous note, single cite, same source, no comment", [n("a"), n("a")], [[F], [IB]]),
    ("a: the chain goes on over several notes", [n("a"), n("a"), n("a")], [[F], [IB], [IB]]),
    ("a: a comment on the note itself does not matter",
     [n("a"), n("a", comment="Quoted in full.")], [[F], [IB]]),
    ("a broken: the previous note has a comment",
     [n("a", comment="Figures disputed."), n("a")], [[F], [S]]),
    ("a broken: a commentary note stands between",
     [n("a"), n(comment="An aside."), n("a")], [[F], [], [S]]),
    ("a broken: the previous note holds two cites",
     [n("b"), n("a", "b"), n("b")], [[F], [F, S], [S]]),
    ("a broken: the previous note holds two cites of the same source",
     [n("a"), n("a", "a"), n("a")], [[F], [IB, IB], [S]]),
    ("a broken: the previous note cites another source",
     [n("a"), n("b"), n("a")], [[F], [F], [S]]),
    ("a applies only to the first cite of a note",
     [n("a"), n("b", "a")], [[F], [F, S]]),
    # (b) the cite just before, in the same note, is of the same source
    ("b: same source twice in one note", [n("a", "a")], [[F, IB]]),
    ("b: same source twice in a later note", [n("a"), n("b", "b")], [[F], [F, IB]]),
    ("b: not when another source stands between", [n("a", "b", "a")], [[F, F, S]]),
    ("b: ibid inside a note after an ibid across notes", [n("a"), n("a", "a")], [[F], [IB, IB]]),
    # Locator combinations, across notes (rule a) …
    ("loc: none → none is ibid", [n("a"), n("a")], [[F], [IB]]),
    ("loc: none → 45 is ibid-with-locator", [n("a"), n(c("a", "45"))], [[F], [IL]]),
    ("loc: 45 → 45 is ibid", [n(c("a", "45")), n(c("a", "45"))], [[F], [IB]]),
    ("loc: 45 → 46 is ibid-with-locator", [n(c("a", "45")), n(c("a", "46"))], [[F], [IL]]),
    ("loc: 45 → none is subsequent (Ibid. would carry page 45)",
     [n(c("a", "45")), n("a")], [[F], [S]]),
    # … and inside one note (rule b).
    ("loc in a note: none → 45", [n("a", c("a", "45"))], [[F, IL]]),
    ("loc in a note: 45 → 45", [n(c("a", "45"), c("a", "45"))], [[F, IB]]),
    ("loc in a note: 45 → 46", [n(c("a", "45"), c("a", "46"))], [[F, IL]]),
    ("loc in a note: 45 → none", [n(c("a", "45"), "a")], [[F, S]]),
    # The locator compared is the one of the cite just before, whatever its own position.
    ("loc chain: 45, 45, none", [n(c("a", "45")), n(c("a", "45")), n("a")], [[F], [IB], [S]]),
    ("loc chain: none, 2, 2, 3", [n("a"), n(c("a", "2")), n(c("a", "2")), n(c("a", "3"))],
     [[F], [IL], [IB], [IL]]),
    # Labels: a locator is its label and its value; the label defaults to page.
    ("label: page 3 → section 3 is ibid-with-locator",
     [n(c("a", "3")), n(c("a", "3", "section"))], [[F], [IL]]),
    ("label: section 3 → section 3 is ibid",
     [n(c("a", "3", "section")), n(c("a", "3", "section"))], [[F], [IB]]),
    ("label: no label means page",
     [n(c("a", "3")), n(c("a", "3", "page"))], [[F], [IB]]),
    ("label: section 3 → paragraph 3 is ibid-with-locator",
     [n(c("a", "3", "section")), n(c("a", "3", "paragraph"))], [[F], [IL]]),
    ("label: section 3 → none is subsequent",
     [n(c("a", "3", "section")), n("a")], [[F], [S]]),
    ("label alone is no locator", [n("a"), n(c("a", None, "section"))], [[F], [IB]]),
    ("empty locator is no locator", [n(c("a", "45")), n(c("a", ""))], [[F], [S]]),
    ("locator white space is ignored", [n(c("a", "45")), n(c("a", " 45 "))], [[F], [IB]]),
    # Subsequent: every other cite of a source cited before.
    ("subsequent: cited two notes earlier", [n("a"), n("b"), n("a")], [[F], [F], [S]]),
    ("subsequent: second source of a multi-cite note cited long before",
     [n("a"), n("b"), n("c"), n("c", "a")], [[F], [F], [F], [IB, S]]),
    ("subsequent: after a commentary note, then ibid again",
     [n("a"), n(comment="Aside."), n("a"), n("a")], [[F], [], [S], [IB]]),
]


@pytest.mark.parametrize(("rule", "notes", "expected"), CASES, ids=[case[0] for case in CASES])
def test_position_rules(rule: str, notes: list[Note], expected: list[list[str]]) -> None:
    assert positions_of(notes) == expected


def test_first_note_number_and_near_note_are_reported() -> None:
    notes = [n("a"), n("b"), n("b"), n("b"), n("b"), n("b"), n("a"), n("c"), n("b"), n("a")]
    placed = [PlacedNote(i + 1, note, Place("s1", "body", 0)) for i, note in enumerate(notes)]
    rows = compute_positions(placed)
    assert [row[0].first_note_number for row in rows] == [1, 2, 2, 2, 2, 2, 1, 8, 2, 1]
    # Near-note: cited within the last five notes (citeproc-js's default distance).
    assert [row[0].near_note for row in rows] == [
        False, False, True, True, True, True, False, False, True, True,
    ]
    assert all(row[0].why for row in rows)


def test_every_cite_says_why() -> None:
    notes = [n("a"), n(c("a", "4")), n("a"), n("b"), n("a"), n("a")]
    rows = compute_positions(
        [PlacedNote(i + 1, note, Place("s1", "body", 0)) for i, note in enumerate(notes)]
    )
    whys = [row[0].why for row in rows]
    # first, ibid-with-locator, 4 → none, subsequent and ibid explain themselves differently.
    assert len({whys[0], whys[1], whys[2], whys[4], whys[5]}) == 5
    assert "note 1" in whys[4]


# ----------------------------------------------------------------------------- properties


def _expected_note_order(brief: Brief) -> list[Note]:
    """Notes in reading order, found by walking the saved JSON as the format describes it."""
    raw = json.loads(dumps(brief))
    found: list[Note] = []

    def walk(inline: list) -> None:
        for span in inline:
            if isinstance(span, dict) and "note" in span:
                note = span["note"]
                found.append(
                    Note(
                        cites=tuple(Cite(**cite) for cite in note["cites"]),
                        comment=loads_inline(note.get("comment")),
                    )
                )

    def loads_inline(value: list | None) -> tuple | None:
        if value is None:
            return None
        # Reuse the codec for comments: only the note order is under test here.
        one = {"format": "brief-editor", "version": 1, "meta": {},
               "sections": [{"id": "x", "kind": "narrative", "body": [[{"note": {"cites": [],
                                                                              "comment": value}}]]}],
               "sources": []}
        return numbered_notes(loads(json.dumps(one)))[0].note.comment

    walk(raw["meta"].get("summary") or [])
    for section in raw["sections"]:
        walk(section["heading"])
        if section["kind"] == "event":
            for paragraph in section["event"]:
                walk(paragraph)
            for bullet in section["implications"]:
                walk(bullet)
        else:
            for paragraph in section["body"]:
                walk(paragraph)
        for figure in section.get("figures", []):
            walk(figure["caption"])
    return found


@settings(max_examples=60, deadline=None)
@given(briefs())
def test_numbers_run_one_to_n_in_reading_order(brief: Brief) -> None:
    placed = numbered_notes(brief)
    assert [p.number for p in placed] == list(range(1, len(placed) + 1))
    assert [p.note for p in placed] == _expected_note_order(brief)


@settings(max_examples=60, deadline=None)
@given(briefs())
def test_load_of_save_is_the_same_brief(brief: Brief) -> None:
    text = dumps(brief)
    assert loads(text) == brief
    assert dumps(loads(text)) == text
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "issue.brief"
        save_brief(path, brief)
        assert read_brief(path) == brief
        assert path.read_text(encoding="utf-8") == text


def _note_keys(brief: Brief) -> list[tuple]:
    """A stable identity for each note: its place and its index among the notes there."""
    keys: list[tuple] = []
    seen: dict[Place, int] = {}
    for placed in numbered_notes(brief):
        index = seen.get(placed.place, 0)
        seen[placed.place] = index + 1
        keys.append((placed.place.section, placed.place.field, placed.place.index, index))
    return keys


def _moved(brief: Brief, source: int, target: int) -> Brief:
    sections = list(brief.sections)
    sections.insert(target, sections.pop(source))
    return dataclasses.replace(brief, sections=tuple(sections))


@st.composite
def moves(draw: st.DrawFn) -> tuple[Brief, int, int]:
    brief = draw(cited_briefs(max_sections=5).filter(lambda b: len(b.sections) >= 2))
    source = draw(st.integers(0, len(brief.sections) - 1))
    target = draw(st.integers(0, len(brief.sections) - 1).filter(lambda t: t != source))
    return brief, source, target


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(moves(), st.sampled_from(("brief", "chicago-notes")))
def test_moving_a_section_rewords_only_the_seams(move: tuple[Brief, int, int], style: str) -> None:
    """Moving a section changes a note's wording only where the move touches it.

    Precisely, for every note (identified by its place, not its number):
    - if the note just before it is the same note before and after the move, none of its
      cites changes between the Ibid. forms and the others: the only possible change is
      first ↔ subsequent, for a source whose first mention moved;
    - at most three notes get a new predecessor (the first note of the moved section, and
      the first notes after the gap it left and after the place it landed), so Ibid. can
      appear or disappear only there;
    - a note whose cites all keep their positions reads exactly as before.
    """
    brief, source, target = move
    brief = dataclasses.replace(brief, style=dataclasses.replace(brief.style, citation_style=style))
    after = _moved(brief, source, target)

    def by_key(b: Brief) -> dict[tuple, tuple]:
        rendered = render_notes(b)
        keys = _note_keys(b)
        previous: list[tuple | None] = [None, *keys][: len(keys)]
        return {
            key: (before, [pc.position for pc in note.cites], note.text)
            for key, before, note in zip(keys, previous, rendered, strict=True)
        }

    old, new = by_key(brief), by_key(after)
    assert old.keys() == new.keys()
    new_predecessor = [key for key in old if old[key][0] != new[key][0]]
    assert len(new_predecessor) <= 3
    for key in old:
        (old_prev, old_positions, old_text) = old[key]
        (new_prev, new_positions, new_text) = new[key]
        if old_prev == new_prev:
            for was, now in zip(old_positions, new_positions, strict=True):
                assert was == now or {was, now} == {FIRST, SUBSEQUENT}, key
        if old_positions == new_positions:
            assert old_text == new_text, key


def test_brief_to_raw_keeps_reading_order_keys() -> None:
    """Guard for the property above: the JSON walk uses the documented keys."""
    raw = to_raw(Brief())
    assert list(raw) == ["format", "version", "meta", "sections", "sources"]
