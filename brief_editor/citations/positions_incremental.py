"""Positions kept up to date edit by edit: an edit changes positions only until it settles.

``compute_positions`` walks every note. After an edit, though, the notes before the first
changed note keep their positions, and a note after the changed stretch can differ only
where its cites depend on something the edit changed:

* a note within ``NEAR_NOTE_DISTANCE`` (plus the shift in numbering) of the edit, whose
  "near note" or Ibid. chain may reach into it: worked out afresh;
* a cite of a source that the changed notes cite (before or after the edit): worked out
  afresh at its first occurrence after that window, which settles the source's chain; its
  later cites keep their positions, but name the source's new first note;
* every other cite keeps its position; its first note's number moves with the numbering
  when that note comes after the edit.

Numbers are kept out of the per-note results: a note's positions are a row of "cores"
(cite, position, near note, why) that hold no note number, and one map gives each source's
first note. A source's first note is every one of its cites' ``first_note_number``, so
after an inserted note only that map moves with the numbering (a few hundred entries), and
the rows after the settled chains are the very rows of before, reused as a slice: nothing
is written per later note. ``PositionedNotes`` makes ``PositionedCite`` values from a row
when asked, and tells its readers which rows changed (``splice``).

The results equal ``compute_positions``'s exactly (a property test holds them to it).
Notes are compared by identity first: the model is immutable, so an unchanged note is the
very same object after an edit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import compress, count, islice
from operator import is_not
from typing import Any, overload

from brief_editor.citations.positions import (
    FIRST,
    NEAR_NOTE_DISTANCE,
    SUBSEQUENT,
    PositionedCite,
    _ibid_position,
    compute_positions,
)
from brief_editor.model import Cite, Note, Place, PlacedNote

_FAR = -(10**9)  # a last cite too long ago to be near
_NOWHERE = Place(None, "notes", 0)  # positions do not depend on where a note is

# One cite's position without numbers: (cite, position, near note, why); why is None for
# "cited before, first in note N, …", whose N is the source's first note (see the module).
Core = tuple[Cite, str, bool, "str | None"]
Row = tuple[Core, ...]


def _subsequent_why(first: int) -> str:
    return f"cited before, first in note {first}, but not just before"


@dataclass(frozen=True)
class Splice:
    """How a result differs from the one before it: the rows ``[start, new_stop)`` replace
    the old ``[start, old_stop)``; after them the old rows follow, shifted, except the rows
    at ``changed`` (new indexes); every number after ``start`` moves by the shift."""

    start: int
    old_stop: int
    new_stop: int
    changed: tuple[int, ...]


class PositionedNotes(Sequence[list[PositionedCite]]):
    """Each note's positioned cites, made from number-free rows when read."""

    def __init__(self, rows: list[Row], first: dict[str, int],
                 previous: PositionedNotes | None = None, splice: Splice | None = None) -> None:
        self.rows = rows
        self.first = first  # each cited source's first note
        self.previous = previous
        self.splice = splice
        if previous is not None:
            previous.previous = None  # one step back is all a reader splices from

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> list[PositionedCite]: ...

    @overload
    def __getitem__(self, index: slice) -> list[list[PositionedCite]]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self.cites(row) for row in self.rows[index]]
        return self.cites(self.rows[index])

    def cites(self, row: Row) -> list[PositionedCite]:
        """The positioned cites of one row, numbered by this result's first notes."""
        first = self.first
        out = []
        for cite, position, near, why in row:
            number = first[cite.source]
            out.append(PositionedCite(cite=cite, position=position, first_note_number=number,
                                      near_note=near,
                                      why=why if why is not None else _subsequent_why(number)))
        return out

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(other) == len(self) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]


def _same_prefix(new: Sequence[Note], old: Sequence[Note], limit: int) -> int:
    """How many notes at the start of ``new`` equal those of ``old`` (at most ``limit``).

    The notes an edit did not touch are the very same objects: runs of them are skipped in
    C (``map`` of ``is not``), and only a note that is not the same object is compared."""
    p = 0
    while p < limit:
        differs = compress(count(p), map(is_not, islice(new, p, limit), islice(old, p, limit)))
        p = next(differs, limit)
        if p == limit or new[p] != old[p]:
            return p
        p += 1
    return limit


def _same_suffix(new: Sequence[Note], old: Sequence[Note], limit: int) -> int:
    """How many notes at the end of ``new`` equal those of ``old`` (at most ``limit``):
    ``_same_prefix`` of the reversed lists, without copying them."""
    s = 0
    while s < limit:
        differs = compress(count(s), map(is_not, islice(reversed(new), s, limit),
                                         islice(reversed(old), s, limit)))
        s = next(differs, limit)
        if s == limit or new[-1 - s] != old[-1 - s]:
            return s
        s += 1
    return limit


def _core(cites: tuple[Cite, ...], index: int, previous: Note | None, number: int,
          first: int | None, last: int | None,
          near_distance: int = NEAR_NOTE_DISTANCE) -> Core:
    """The position of ``cites[index]`` of note ``number``, as ``compute_positions`` gives
    it, from the source's first and last note before it (None: not cited before)."""
    cite = cites[index]
    source = cite.source
    preceding: Cite | None = None
    if first is not None:
        if index == 0:
            if (previous is not None and len(previous.cites) == 1
                    and not previous.has_comment and previous.cites[0].source == source):
                preceding = previous.cites[0]
        elif cites[index - 1].source == source:
            preceding = cites[index - 1]
    why: str | None
    if first is None:
        position, why = FIRST, "first time this source is cited"
    elif preceding is not None:
        position, why = _ibid_position(preceding, cite)
    else:
        position, why = SUBSEQUENT, None
    near = last is not None and number - last <= near_distance
    return (cite, position, near, why)


def _as_rows(result: list[list[PositionedCite]]) -> tuple[list[Row], dict[str, int]]:
    """``compute_positions``'s result as rows and first notes."""
    first: dict[str, int] = {}
    rows: list[Row] = []
    for positioned in result:
        row = []
        for pc in positioned:
            first.setdefault(pc.cite.source, pc.first_note_number)
            why: str | None = pc.why
            if pc.position == SUBSEQUENT and why == _subsequent_why(pc.first_note_number):
                why = None
            row.append((pc.cite, pc.position, pc.near_note, why))
        rows.append(tuple(row))
    return rows, first


class IncrementalPositions:
    """The positions of the notes last asked for, updated from the previous ones."""

    def __init__(self) -> None:
        self._notes: list[Note] = []
        self._result: PositionedNotes | None = None
        self._near = NEAR_NOTE_DISTANCE  # the style's near-note-distance
        self.last_recomputed = 0  # notes worked out afresh by the last update (for tests)

    def update(self, notes: list[Note],
               near_distance: int = NEAR_NOTE_DISTANCE) -> list[list[PositionedCite]]:
        """Positions for every cite of every note of ``notes``, numbered 1…N in order, for a
        style whose near-note-distance is ``near_distance``."""
        return list(self.update_rows(notes, near_distance))

    def update_rows(self, notes: list[Note],
                    near_distance: int = NEAR_NOTE_DISTANCE) -> PositionedNotes:
        """As ``update``, read lazily (see ``PositionedNotes``)."""
        old_notes, result = self._notes, self._result
        if result is None or not old_notes or not notes or near_distance != self._near:
            self._near = near_distance
            placed = [PlacedNote(i, note, _NOWHERE) for i, note in enumerate(notes, 1)]
            rows, first_notes = _as_rows(compute_positions(placed, near_distance))
            return self._remember(list(notes), PositionedNotes(rows, first_notes), len(notes))
        old = result.rows
        n_old, n_new = len(old_notes), len(notes)
        limit = min(n_old, n_new)
        p = _same_prefix(notes, old_notes, limit)
        if p == n_old == n_new:
            self._notes = notes
            return result
        s = _same_suffix(notes, old_notes, limit - p)
        delta = n_new - n_old
        mid_end = n_new - s  # the new notes [p, mid_end) replace the old [p, n_old - s)
        changed: set[str] = set()
        for note in old_notes[p:n_old - s]:
            changed.update(c.source for c in note.cites)
        for note in notes[p:mid_end]:
            changed.update(c.source for c in note.cites)

        old_first = result.first
        first: dict[str, int] = {}  # sources cited from note p on, in the new numbering
        last: dict[str, int] = {}

        def first_of(source: str) -> int | None:
            found = first.get(source)
            if found is not None:
                return found
            before = old_first.get(source)
            return before if before is not None and before <= p else None

        def last_of(source: str) -> int | None:
            found = last.get(source)
            if found is not None:
                return found
            if first_of(source) is None:
                return None
            for i in range(p - 1, max(-1, p - 1 - self._near), -1):
                if any(c.source == source for c in notes[i].cites):
                    return i + 1
            return _FAR

        rows = old[:p]
        window_end = min(n_new, mid_end + self._near + abs(delta) + 1)
        for j in range(p, window_end):
            rows.append(self._fresh(notes, j, first_of, last_of, first, last))

        # After the window: the old rows, except where a changed source's chain settles (its
        # first cite after the window). Once every changed source has settled, the rest of
        # the old rows follow as they are.
        unsettled = set(changed)
        redone: list[int] = []
        j = window_end
        while unsettled and j < n_new:
            old_row = old[j - delta]
            for core in old_row:
                if core[0].source in unsettled:
                    break
            else:
                rows.append(old_row)
                j += 1
                continue
            note = notes[j]
            number = j + 1
            row: list[Core] = []
            seen_here: set[str] = set()
            for index, core in enumerate(old_row):
                source = core[0].source
                if source not in unsettled:
                    row.append(core)
                    continue
                begun = first_of(source)
                near_last = number if source in seen_here else last.get(source)
                row.append(_core(note.cites, index, notes[j - 1], number, begun, near_last,
                                 self._near))
                if begun is None:
                    first[source] = number
                seen_here.add(source)
                if all(c.source != source for c in note.cites[index + 1:]):
                    unsettled.discard(source)
            rows.append(tuple(row))
            redone.append(j)
            j += 1
        rows += old[j - delta:]

        # The first note of each source, for the next update.
        new_first = {src: (f if f <= p else f + delta) for src, f in old_first.items()
                     if src not in changed}
        new_first.update(first)
        for source in changed:
            if source in new_first:
                continue
            found = first_of(source)
            if found is not None:
                new_first[source] = found
        splice = Splice(p, window_end - delta, window_end, tuple(redone))
        return self._remember(notes, PositionedNotes(rows, new_first, result, splice),
                              window_end - p)

    def _fresh(self, notes: list[Note], j: int, first_of: Callable[[str], int | None],
               last_of: Callable[[str], int | None], first: dict[str, int],
               last: dict[str, int]) -> Row:
        note = notes[j]
        number = j + 1
        previous = notes[j - 1] if j > 0 else None
        row = []
        for index, cite in enumerate(note.cites):
            source = cite.source
            begun = first_of(source)
            row.append(_core(note.cites, index, previous, number, begun, last_of(source),
                             self._near))
            first.setdefault(source, begun if begun is not None else number)
            last[source] = number
        return tuple(row)

    def _remember(self, notes: list[Note], result: PositionedNotes,
                  recomputed: int) -> PositionedNotes:
        self._notes, self._result = notes, result
        self.last_recomputed = recomputed
        return result
