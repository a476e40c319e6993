"""Places in words, as a person would say them (issue 14, item 6).

The expected phrases are written out by hand from the brief below, not produced by the
code under test: the reader should be told "the second event (“Doha, July 19”)", never
"section s2" or an index counted from 0.
"""

from __future__ import annotations

import json

from support.places_brief import brief

from brief_editor.citations.checks import run_checks
from brief_editor.cli import main as cli_main
from brief_editor.model import Place
from brief_editor.model.places import describe_place
from brief_editor.storage.files import save_brief


def test_places_read_as_a_person_would_say_them() -> None:
    b = brief()
    assert describe_place(b, Place("s2", "event", 0)) == (
        "the second event (“Doha, July 19”), paragraph 1")
    assert describe_place(b, Place("s2", "event", 1)) == (
        "the second event (“Doha, July 19”), paragraph 2")
    assert describe_place(b, Place("s2", "implications", 1)) == (
        "the second event (“Doha, July 19”), implication 2")
    assert describe_place(b, Place("s1", "event", 0)) == "the event “Talks resume”, paragraph 1"
    assert describe_place(b, Place("s1", "heading", 0)) == "the event “Talks resume”, heading"
    assert describe_place(b, Place("n1", "body", 0)) == "the narrative “Outlook”, paragraph 1"
    assert describe_place(b, Place("s4", "caption", 0)) == (
        "the third event, caption of figure 1")
    assert describe_place(b, Place("n2", "body", 0)) == "the second narrative, paragraph 1"
    assert describe_place(b, Place(None, "summary", 0)) == "the masthead summary"
    assert describe_place(b, Place(None, "meta", 0)) == "the masthead"
    assert describe_place(b, Place(None, "source", 0)) == "source 1 (“Talks in Doha”)"


def test_checks_never_say_section_ids() -> None:
    b = brief()
    problems = run_checks(b)
    w102 = [p for p in problems if p.id == "W102"]
    assert [p.place.section for p in w102] == ["s2"]
    assert "s2" not in w102[0].message
    assert "Doha, July 19" in w102[0].message


def test_check_text_output_says_places_in_words(tmp_path, capsys) -> None:
    path = tmp_path / "b.brief"
    save_brief(path, brief())
    cli_main(["check", str(path)])
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "W102" in line)
    assert "the second event (“Doha, July 19”), paragraph 1" in line
    assert "s2" not in line and "event 0" not in line
    # --json keeps the shape of CLI.md: ids and indexes counted from 0.
    cli_main(["check", str(path), "--json"])
    (item,) = [p for p in json.loads(capsys.readouterr().out) if p["id"] == "W102"]
    assert item["where"] == {"section": "s2", "field": "event", "index": 0}

