"""CSL positions (first, subsequent, ibid, ibid-with-locator) by the rules of CITATIONS.md.

Our engine, not the CSL processor, decides positions, because only it sees commentary
notes (a note with a comment and no cite breaks an Ibid. chain) and the document order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from brief_editor.model import Cite, PlacedNote

FIRST = "first"
SUBSEQUENT = "subsequent"
IBID = "ibid"
IBID_WITH_LOCATOR = "ibid-with-locator"
POSITIONS = (FIRST, SUBSEQUENT, IBID, IBID_WITH_LOCATOR)

# The CSL default near-note distance; a style may set its own ("near-note-distance").
NEAR_NOTE_DISTANCE = 5
_NEAR_NOTE_ATTRIBUTE = re.compile(r"<citation\b[^>]*\bnear-note-distance=[\"'](\d+)[\"']")


def near_note_distance(style_xml: str) -> int:
    """The style's ``near-note-distance`` (on ``<citation>``), or the CSL default of 5."""
    found = _NEAR_NOTE_ATTRIBUTE.search(style_xml)
    return int(found.group(1)) if found else NEAR_NOTE_DISTANCE


@dataclass(frozen=True)
class PositionedCite:
    """A cite with its computed position and the facts a style may print."""

    cite: Cite
    position: str
    first_note_number: int
    near_note: bool
    why: str


def _locator_key(cite: Cite) -> tuple[str, str] | None:
    if not cite.has_locator:
        return None
    return (cite.effective_label, (cite.locator or "").strip())


def _ibid_position(previous: Cite, current: Cite) -> tuple[str, str]:
    before, now = _locator_key(previous), _locator_key(current)
    if before is None:
        if now is None:
            return IBID, "same source as the cite just before, no locator"
        return IBID_WITH_LOCATOR, "same source as the cite just before, now with a locator"
    if now is None:
        return SUBSEQUENT, (
            "same source as the cite just before, but that one had a locator and this one "
            "has none, so “Ibid.” would wrongly carry the old one"
        )
    if now == before:
        return IBID, "same source and same locator as the cite just before"
    return IBID_WITH_LOCATOR, "same source as the cite just before, another locator"


def compute_positions(
    notes: list[PlacedNote], near_note_distance: int = NEAR_NOTE_DISTANCE
) -> list[list[PositionedCite]]:
    """Positions for every cite of every note, in order; one list per note."""
    first_note: dict[str, int] = {}
    last_note: dict[str, int] = {}
    result: list[list[PositionedCite]] = []
    previous_note: PlacedNote | None = None
    for placed in notes:
        note = placed.note
        positioned: list[PositionedCite] = []
        for index, cite in enumerate(note.cites):
            source = cite.source
            preceding: Cite | None = None
            if source in first_note:
                if index == 0:
                    if (
                        previous_note is not None
                        and len(previous_note.note.cites) == 1
                        and not previous_note.note.has_comment
                        and previous_note.note.cites[0].source == source
                    ):
                        preceding = previous_note.note.cites[0]
                elif note.cites[index - 1].source == source:
                    preceding = note.cites[index - 1]
            if source not in first_note:
                position, why = FIRST, "first time this source is cited"
            elif preceding is not None:
                position, why = _ibid_position(preceding, cite)
            else:
                position = SUBSEQUENT
                why = f"cited before, first in note {first_note[source]}, but not just before"
            near = source in last_note and placed.number - last_note[source] <= near_note_distance
            positioned.append(
                PositionedCite(
                    cite=cite,
                    position=position,
                    first_note_number=first_note.get(source, placed.number),
                    near_note=near,
                    why=why,
                )
            )
            first_note.setdefault(source, placed.number)
            last_note[source] = placed.number
        result.append(positioned)
        previous_note = placed
    return result
