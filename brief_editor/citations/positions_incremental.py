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

The results equal ``compute_positions``'s exactly (a property test holds them to it).
Notes are compared by identity first: the model is immutable, so an unchanged note is the
very same object after an edit.
"""

from __future__ import annotations

from collections.abc import Callable

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


def _subsequent_why(first: int) -> str:
    return f"cited before, first in note {first}, but not just before"


_SUBSEQUENT_WHY = _subsequent_why(0).rsplit(" ", 5)[0]  # "cited before, first in note"


def _renumbered(pc: PositionedCite, first: int) -> PositionedCite:
    """``pc`` naming another first note (its source's first note moved with the numbering).

    Made without the dataclass's ``__init__``: after an inserted note thousands of cites
    are renumbered, and this is several times faster. The other fields are ``pc``'s own.
    """
    why = _subsequent_why(first) if pc.why.startswith(_SUBSEQUENT_WHY) else pc.why
    moved = object.__new__(PositionedCite)
    moved.__dict__.update(pc.__dict__, first_note_number=first, why=why)
    return moved


def _first_numbers(result: list[list[PositionedCite]]) -> dict[str, int]:
    first: dict[str, int] = {}
    for positioned in result:
        for pc in positioned:
            first.setdefault(pc.cite.source, pc.first_note_number)
    return first


def _position(cites: tuple[Cite, ...], index: int, previous: Note | None, number: int,
              first: int | None, last: int | None,
              near_distance: int = NEAR_NOTE_DISTANCE) -> PositionedCite:
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
    if first is None:
        position, why = FIRST, "first time this source is cited"
    elif preceding is not None:
        position, why = _ibid_position(preceding, cite)
    else:
        position, why = SUBSEQUENT, _subsequent_why(first)
    near = last is not None and number - last <= near_distance
    return PositionedCite(cite=cite, position=position,
                          first_note_number=first if first is not None else number,
                          near_note=near, why=why)


class IncrementalPositions:
    """The positions of the notes last asked for, updated from the previous ones."""

    def __init__(self) -> None:
        self._notes: list[Note] = []
        self._result: list[list[PositionedCite]] = []
        self._first: dict[str, int] = {}
        self._near = NEAR_NOTE_DISTANCE  # the style's near-note-distance
        self.last_recomputed = 0  # notes worked out afresh by the last update (for tests)

    def update(self, notes: list[Note],
               near_distance: int = NEAR_NOTE_DISTANCE) -> list[list[PositionedCite]]:
        """Positions for every cite of every note of ``notes``, numbered 1…N in order, for a
        style whose near-note-distance is ``near_distance``."""
        old_notes, old = self._notes, self._result
        if not old_notes or not notes or near_distance != self._near:
            self._near = near_distance
            placed = [PlacedNote(i, note, _NOWHERE) for i, note in enumerate(notes, 1)]
            return self._remember(list(notes), compute_positions(placed, near_distance),
                                  len(notes))
        n_old, n_new = len(old_notes), len(notes)
        limit = min(n_old, n_new)
        p = 0
        while p < limit and (notes[p] is old_notes[p] or notes[p] == old_notes[p]):
            p += 1
        if p == n_old == n_new:
            return old
        s = 0
        while s < limit - p and (notes[n_new - 1 - s] is old_notes[n_old - 1 - s]
                                 or notes[n_new - 1 - s] == old_notes[n_old - 1 - s]):
            s += 1
        delta = n_new - n_old
        mid_end = n_new - s  # the new notes [p, mid_end) replace the old [p, n_old - s)
        changed: set[str] = set()
        for note in old_notes[p:n_old - s]:
            changed.update(c.source for c in note.cites)
        for note in notes[p:mid_end]:
            changed.update(c.source for c in note.cites)

        old_first = self._first
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

        result = old[:p]
        window_end = min(n_new, mid_end + self._near + abs(delta) + 1)
        for j in range(p, window_end):
            result.append(self._fresh(notes, j, first_of, last_of, first, last))

        # After the window: old positions, renumbered, except the changed sources' cites.
        unsettled = set(changed)
        patched: dict[str, int] = {}  # changed sources whose first note is not the old one's
        shift_from = p  # first notes after this number move with the numbering
        for j in range(window_end, n_new):
            old_positioned = old[j - delta]
            note = notes[j]
            for pc in old_positioned:
                source = pc.cite.source
                if (source in unsettled or source in patched
                        or (delta and pc.first_note_number > shift_from)):
                    break
            else:  # nothing in this note depends on the edit
                result.append(old_positioned)
                continue
            number = j + 1
            positioned: list[PositionedCite] = []
            seen_here: set[str] = set()
            for index, pc in enumerate(old_positioned):
                source = pc.cite.source
                if source in unsettled:
                    begun = first_of(source)
                    near_last = number if source in seen_here else last.get(source)
                    fresh = _position(note.cites, index, notes[j - 1], number, begun,
                                      near_last, self._near)
                    positioned.append(fresh)
                    if begun is None:
                        first[source] = number
                    seen_here.add(source)
                    if index == len(old_positioned) - 1 or all(
                            c.source != source for c in note.cites[index + 1:]):
                        unsettled.discard(source)
                        new_first = first[source] if source in first else first_of(source)
                        old_number = old_first.get(source)
                        mapped = None if old_number is None else (
                            old_number if old_number <= p else old_number + delta)
                        if new_first is not None and new_first != mapped:
                            patched[source] = new_first
                    continue
                if source in patched:
                    number_first = patched[source]
                elif pc.first_note_number > shift_from:
                    number_first = pc.first_note_number + delta
                else:
                    positioned.append(pc)
                    continue
                if number_first == pc.first_note_number:
                    positioned.append(pc)
                    continue
                positioned.append(_renumbered(pc, number_first))
            result.append(positioned)

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
        self._notes, self._result, self._first = notes, result, new_first
        self.last_recomputed = window_end - p
        return result

    def _fresh(self, notes: list[Note], j: int, first_of: Callable[[str], int | None],
               last_of: Callable[[str], int | None], first: dict[str, int],
               last: dict[str, int]) -> list[PositionedCite]:
        note = notes[j]
        number = j + 1
        previous = notes[j - 1] if j > 0 else None
        positioned = []
        for index, cite in enumerate(note.cites):
            source = cite.source
            positioned.append(_position(note.cites, index, previous, number,
                                        first_of(source), last_of(source), self._near))
            first.setdefault(source, positioned[-1].first_note_number)
            last[source] = number
        return positioned

    def _remember(self, notes: list[Note], result: list[list[PositionedCite]],
                  recomputed: int) -> list[list[PositionedCite]]:
        self._notes, self._result, self._first = notes, result, _first_numbers(result)
        self.last_recomputed = recomputed
        return result
