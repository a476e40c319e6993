"""A prefix that opens a note is capitalised, as a copy editor sets it; inside, it is not."""

from __future__ import annotations

import json
from pathlib import Path

from brief_editor.citations.notes import NoteRenderer
from brief_editor.model import parse

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_see_opens_a_note_with_a_capital_but_not_mid_note():
    raw = json.loads((FIXTURES / "tiny.brief").read_text(encoding="utf-8"))
    raw["sources"].append({"id": "rep", "type": "report", "title": "Water Sharing Options",
                           "publisher": "Lake Commission", "issued": {"date-parts": [[2023]]}})
    raw["sections"][0]["implications"][0].append(
        {"note": {"cites": [{"source": "rep", "prefix": "see"},
                            {"source": "wire1", "prefix": "cf."}]}}
    )
    notes = NoteRenderer().render(parse(raw))
    assert notes[2].text == (
        "See Water Sharing Options, Lake Commission, 2023; "
        "cf. Talks Resume in Geneva, Example Wire."
    )
