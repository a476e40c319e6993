"""The Notes dock rewords an earlier note when a later cite makes it ambiguous (issue 12).

Two reports share author and title. While only the 2020 one is cited, Chicago's short
note reads "Example Observatory, Annual Report."; once the 2021 one is cited further on,
citeproc-js (the oracle, fed the document as Zotero feeds it) words the earlier short note
with its year, and the dock must show that without the earlier note being touched.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from support.oracle import citeproc_notes, oracle_unavailable

from brief_editor.citations.note_spans import html_to_spans, spans_text
from brief_editor.model import Cite, Note, Source, Style
from brief_editor.ui.document import Document

from .helpers import make_brief

CHICAGO = (Path(__file__).resolve().parents[3] / "shared" / "csl"
           / "chicago-notes-bibliography-subsequent-ibid.csl")
REPORTS = {
    key: {"id": key, "type": "report", "title": "Annual Report",
          "author": [{"literal": "Example Observatory"}], "issued": {"date-parts": [[year]]}}
    for key, year in (("ar2020", 2020), ("ar2021", 2021))
}


def _oracle(sequence: list[str]) -> list[str]:
    items = {**REPORTS, "wire1": make_brief(1).sources[0].data}
    html = citeproc_notes(CHICAGO.read_text(encoding="utf-8"), items,
                          [[{"id": key}] for key in sequence])
    return [spans_text(html_to_spans(h)) for h in html]


def test_citing_a_same_titled_work_later_rewords_the_earlier_note(qtbot, window) -> None:
    if not CHICAGO.is_file():
        pytest.skip(f"the official CSL styles are not here ({CHICAGO.parent})")
    reason = oracle_unavailable()
    if reason:
        pytest.skip(reason)
    brief = make_brief(1)
    # Notes 1-3 of the sample cite wire1, wire1 p. 2, wire1: make them the 2020 report,
    # and its note 2 another source, so that note 3 is a short note, not "Ibid.".
    section = brief.sections[0]
    event = ((*section.event[0][:3], Note((Cite("ar2020"),)), section.event[0][4],
              Note((Cite("wire1"),))), section.event[1])
    implications = (section.implications[0], (section.implications[1][0],
                                              Note((Cite("ar2020"),))))
    section = dataclasses.replace(section, event=event, implications=implications)
    brief = dataclasses.replace(
        brief, sections=(section, *brief.sections[1:]),
        sources=(*brief.sources, *(Source(dict(item)) for item in REPORTS.values())),
        style=Style(citation_style=str(CHICAGO)))
    window.set_document(Document(brief, parent=window))
    window.live.refresh_now(wait=True)
    panel = window.live.notes_panel
    before = panel.text().splitlines()
    assert before[2] == "3. " + _oracle(["ar2020", "wire1", "ar2020"])[2]  # no year yet
    # Cite the 2021 report in a new note at the end of the implications.
    window.outline.select("s1")
    editor = window.form.implications
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    editor.insert_note(Note((Cite("ar2021"),)))
    qtbot.waitUntil(lambda: len(panel.model.notes) == 4, timeout=20_000)
    window.live.refresh_now(wait=True)
    after = panel.text().splitlines()
    expected = _oracle(["ar2020", "wire1", "ar2020", "ar2021"])
    assert after[2] == "3. " + expected[2]
    assert after[3] == "4. " + expected[3]
    assert after[2] != before[2]
