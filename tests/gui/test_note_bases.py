"""The form's note numbering (ui/forms.note_bases) agrees with the model's numbering."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from support.strategies import briefs

from brief_editor.model import Brief, numbered_notes


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(briefs())
def test_note_bases_number_each_slot_as_numbered_notes_does(brief: Brief) -> None:
    from brief_editor.ui.forms import note_bases

    first: dict[tuple[str | None, str, int], int] = {}
    for placed in numbered_notes(brief):
        key = (placed.place.section, placed.place.field, placed.place.index)
        first.setdefault(key, placed.number)
    for section_id in [None, *(s.id for s in brief.sections)]:
        bases = note_bases(brief, section_id)
        for (field, index), number in bases.items():
            if (section_id, field, index) in first:
                assert first[(section_id, field, index)] == number
    # After an edit of one section the cached counts of the others still hold.
    if len(brief.sections) > 1:
        edited = dataclasses.replace(brief, sections=(*brief.sections[:-1],
                                                      dataclasses.replace(brief.sections[-1])))
        assert note_bases(edited, edited.sections[-1].id) == note_bases(
            brief, brief.sections[-1].id)
