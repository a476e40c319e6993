"""Issue 12, item 3: distinct editions are kept; a skipped near-duplicate's key still cites.

Expectations set by hand: a 2009 and a 2021 edition of one handbook are two works, and so
are a workshop's 2012 and 2015 proceedings; two entries with one DOI are one work, and the
second key cites the first source without E001.
"""

from __future__ import annotations

import json
from pathlib import Path

from brief_editor.citations.checks import run_checks
from brief_editor.citations.library import import_library_into
from brief_editor.citations.notes import NoteRenderer
from brief_editor.model import Brief, Cite, NarrativeSection, Note, Source, Style, loads
from brief_editor.storage.files import read_brief, save_brief

ENTRIES = [
    {"id": "hb2009", "type": "chapter", "title": "Ceasefire Monitoring",
     "container-title": "Handbook of Mediation", "issued": {"date-parts": [[2009]]},
     "edition": "1"},
    {"id": "hb2021", "type": "chapter", "title": "Ceasefire Monitoring",
     "container-title": "Handbook of Mediation", "issued": {"date-parts": [[2021]]},
     "edition": "2"},
    {"id": "ws2012", "type": "paper-conference", "title": "Proceedings of the Workshop",
     "container-title": "Workshop on Border Data", "issued": {"date-parts": [[2012]]}},
    {"id": "ws2015", "type": "paper-conference", "title": "Proceedings of the Workshop",
     "container-title": "Workshop on Border Data", "issued": {"date-parts": [[2015]]}},
    {"id": "art", "type": "article-journal", "title": "On Rivers", "DOI": "10.1000/river",
     "container-title": "Journal of Water", "issued": {"date-parts": [[2020]]}},
    {"id": "art-copy", "type": "article-journal", "title": "On rivers",
     "DOI": "https://doi.org/10.1000/RIVER", "container-title": "J. Water",
     "issued": {"date-parts": [[2020]]}},
]


def _imported(tmp_path: Path) -> Brief:
    library = tmp_path / "lib.json"
    library.write_text(json.dumps(ENTRIES), encoding="utf-8")
    return import_library_into(Brief(), library).brief


def test_editions_are_distinct_works_and_one_doi_is_one_work(tmp_path: Path) -> None:
    brief = _imported(tmp_path)
    assert [s.id for s in brief.sources] == ["hb2009", "hb2021", "ws2012", "ws2015", "art"]
    assert brief.sources[-1].aliases == ("art-copy",)
    # Check W104 agrees: two editions are not "the same work".
    assert [p for p in run_checks(brief) if p.id == "W104"] == []


def test_every_key_of_the_library_can_be_cited_and_survives_a_save(tmp_path: Path) -> None:
    imported = _imported(tmp_path)
    notes = tuple(("Text.", Note(cites=(Cite(source=e["id"]),))) for e in ENTRIES)
    brief = Brief(
        style=Style(citation_style="chicago-notes"),
        sections=(NarrativeSection(id="s1", heading=("H",), body=notes),),
        sources=imported.sources,
    )
    path = tmp_path / "issue.brief"
    save_brief(path, brief)
    reread = read_brief(path)
    assert loads(path.read_text(encoding="utf-8")).sources[-1].aliases == ("art-copy",)
    problems = [p for p in run_checks(reread) if p.id in ("E001", "W103")]
    assert problems == []
    rendered = NoteRenderer().render(reread)
    # The alias prints the kept source, not a "missing source" note.
    assert "On Rivers" in rendered[-1].text
    assert "Journal of Water" in rendered[-2].text


def test_an_alias_never_shadows_a_real_id() -> None:
    kept = Source(data={"id": "a", "type": "book", "title": "A", "custom": {"aliases": ["b"]}})
    other = Source(data={"id": "b", "type": "book", "title": "B"})
    assert Brief(sources=(kept, other)).source_by_id()["b"] is other
