"""Positions kept up to date edit by edit equal positions computed from scratch.

The oracle is ``compute_positions`` on the whole list of notes after each edit; the
incremental update only ever sees the notes before and after. Notes are drawn from a few
sources with and without locators, comments and commentary notes, so Ibid. chains, short
forms, "near note" distances and first notes all shift under the edits.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brief_editor.citations.positions import compute_positions
from brief_editor.citations.positions_incremental import IncrementalPositions
from brief_editor.model import Cite, Note, Place, PlacedNote

SOURCES = ("a", "b", "c", "d", "e")

cites = st.builds(Cite, source=st.sampled_from(SOURCES),
                  locator=st.one_of(st.none(), st.sampled_from(("4", "12", "45"))))
notes = st.one_of(
    st.builds(Note, cites=st.lists(cites, min_size=1, max_size=3).map(tuple),
              comment=st.one_of(st.none(), st.just(("A remark.",)))),
    st.just(Note(cites=(), comment=("An aside.",))),  # a commentary note
)


def placed(items: list[Note]) -> list[PlacedNote]:
    return [PlacedNote(i + 1, note, Place("s1", "body", 0)) for i, note in enumerate(items)]


edits = st.tuples(
    st.sampled_from(("insert", "delete", "replace", "move", "insert-many", "delete-many")),
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=0, max_value=10_000),
    st.lists(notes, min_size=1, max_size=4),
)


def apply(items: list[Note], edit: tuple) -> list[Note]:
    kind, at, to, new = edit
    items = list(items)
    size = len(items)
    if kind in ("insert", "insert-many"):
        where = at % (size + 1)
        items[where:where] = new if kind == "insert-many" else new[:1]
    elif size and kind == "delete":
        del items[at % size]
    elif size and kind == "delete-many":
        start = at % size
        del items[start:start + 1 + to % 4]
    elif size and kind == "replace":
        items[at % size] = new[0]
    elif size and kind == "move":
        note = items.pop(at % size)
        items.insert(to % (len(items) + 1), note)
    return items


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(notes, max_size=40), st.lists(edits, min_size=1, max_size=8))
def test_incremental_positions_equal_the_full_computation(start, steps) -> None:
    incremental = IncrementalPositions()
    items = start
    assert incremental.update(items) == compute_positions(placed(items))
    for edit in steps:
        items = apply(items, edit)
        assert incremental.update(items) == compute_positions(placed(items)), edit


def test_an_inserted_note_is_worked_out_only_until_its_chain_settles() -> None:
    # A long run of notes, then one more note in the middle: only the notes near it are
    # positioned afresh, yet the result is the full computation's.
    base = [Note((Cite(SOURCES[i % 5], str(i % 7) if i % 3 else None),)) for i in range(2000)]
    incremental = IncrementalPositions()
    incremental.update(base)
    edited = base[:1000] + [Note((Cite("a"),))] + base[1000:]
    assert incremental.update(edited) == compute_positions(placed(edited))
    assert incremental.last_recomputed < 20


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(notes, max_size=40), st.lists(edits, min_size=1, max_size=6),
       st.sampled_from((1, 2, 9)))
def test_a_style_near_note_distance_is_kept_edit_by_edit(start, steps, distance) -> None:
    # A style may set near-note-distance (Chicago's default is 5); the editor's incremental
    # update must give what the full computation gives for that distance.
    incremental = IncrementalPositions()
    items = start
    assert incremental.update(items, distance) == compute_positions(placed(items), distance)
    for edit in steps:
        items = apply(items, edit)
        assert incremental.update(items, distance) == compute_positions(placed(items),
                                                                        distance), edit
