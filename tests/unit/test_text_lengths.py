"""E008 covers every text a user writes, not only paragraphs (issue 15's leftover).

``check`` passing must mean the export works: the export refuses any one text longer than
it can lay out, so check must report each such text as E008, at the place where it is.
The export's own refusal is the oracle here (export/plan.py), for each field in turn.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from brief_editor.citations.checks import run_checks
from brief_editor.citations.incremental import BriefDigest, IncrementalChecks
from brief_editor.citations.input_checks import MAX_TEXT_CHARS
from brief_editor.export.plan import TextTooLong, build_plan
from brief_editor.model import Place, parse

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "sample-issue.brief"
LONG = "Lorem ipsum " * (MAX_TEXT_CHARS // 12 + 1000)  # just over the limit, in words
EVENT, NARRATIVE = 0, 4  # sections of the sample: an event; a narrative with everything


def _section(raw: dict, index: int) -> dict:
    return raw["sections"][index]


def _note_comment(raw: dict) -> None:
    paragraph = _section(raw, EVENT)["event"][0]
    paragraph.append({"note": {"cites": [], "comment": [LONG]}})


def _cite_suffix(raw: dict) -> None:
    paragraph = _section(raw, EVENT)["event"][0]
    paragraph.append({"note": {"cites": [{"source": "courier-sorvik", "suffix": LONG}]}})


def _ids(raw: dict, index: int) -> str:
    return _section(raw, index)["id"]


# (name, change to the raw brief, the place check must name (section index or None))
FIELDS: list[tuple[str, Callable[[dict], object], tuple[int | None, str, int]]] = [
    ("paragraph", lambda r: _section(r, EVENT)["event"].__setitem__(0, [LONG]),
     (EVENT, "event", 0)),
    ("implication", lambda r: _section(r, EVENT)["implications"].__setitem__(0, [LONG]),
     (EVENT, "implications", 0)),
    ("body", lambda r: _section(r, NARRATIVE)["body"].__setitem__(1, [LONG]),
     (NARRATIVE, "body", 1)),
    ("heading", lambda r: _section(r, EVENT).__setitem__("heading", [LONG]),
     (EVENT, "heading", 0)),
    ("subheading", lambda r: _section(r, NARRATIVE)["subheadings"][1].__setitem__(
        "text", [LONG]), (NARRATIVE, "subheading", 1)),
    ("summary", lambda r: r["meta"].__setitem__("summary", [LONG]), (None, "summary", 0)),
    ("caption", lambda r: _section(r, NARRATIVE)["figures"][0].__setitem__(
        "caption", [LONG]), (NARRATIVE, "caption", 0)),
    ("figure credit", lambda r: _section(r, NARRATIVE)["figures"][0].__setitem__(
        "credit", LONG), (NARRATIVE, "caption", 0)),
    ("figure alt text", lambda r: _section(r, NARRATIVE)["figures"][0].__setitem__(
        "alt", LONG), (NARRATIVE, "caption", 0)),
    ("location", lambda r: _section(r, EVENT).__setitem__("location", LONG),
     (EVENT, "location", 0)),
    ("party", lambda r: _section(r, EVENT)["parties"].__setitem__(1, LONG),
     (EVENT, "parties", 1)),
    ("byline", lambda r: _section(r, NARRATIVE).__setitem__("byline", LONG),
     (NARRATIVE, "byline", 0)),
    ("source line", lambda r: _section(r, NARRATIVE).__setitem__("source_line", LONG),
     (NARRATIVE, "source_line", 0)),
    ("section credit", lambda r: _section(r, NARRATIVE)["credits"].__setitem__(0, LONG),
     (NARRATIVE, "credits", 0)),
    ("note comment", _note_comment, (EVENT, "event", 0)),
    ("cite suffix", _cite_suffix, (EVENT, "event", 0)),
    ("masthead title", lambda r: r["meta"].__setitem__("title", LONG), (None, "meta", 0)),
    ("publication", lambda r: r["meta"].__setitem__("publication", LONG), (None, "meta", 0)),
    ("author", lambda r: r["meta"]["authors"].__setitem__(0, LONG), (None, "meta", 0)),
    ("team", lambda r: r["meta"].__setitem__("team", LONG), (None, "meta", 0)),
    ("organization", lambda r: r["meta"].__setitem__("organization", LONG),
     (None, "meta", 0)),
    ("marking", lambda r: r["meta"].__setitem__("marking", LONG), (None, "meta", 0)),
    ("masthead credit", lambda r: r["meta"].__setitem__("credits", [LONG]),
     (None, "meta", 0)),
]


def brief_with(change: Callable[[dict], object]):
    raw = json.loads(SAMPLE.read_text(encoding="utf-8"))
    change(raw)
    return parse(raw), raw


def place_of(raw: dict, where: tuple[int | None, str, int]) -> Place:
    section, field, index = where
    return Place(None if section is None else _ids(raw, section), field, index)


def test_the_sample_itself_has_no_e008():
    brief, _raw = brief_with(lambda r: None)
    assert not [p for p in run_checks(brief) if p.id == "E008"]


@pytest.mark.parametrize(("change", "where"), [f[1:] for f in FIELDS], ids=[f[0] for f in FIELDS])
def test_a_text_too_long_to_export_is_e008_at_its_place(change, where):
    brief, raw = brief_with(change)
    with pytest.raises(TextTooLong):  # the exporter cannot lay it out…
        build_plan(brief)
    found = [p for p in run_checks(brief) if p.id == "E008"]
    assert [(p.place, p.severity) for p in found] == [(place_of(raw, where), "error")]
    # The message gives the length (the byline counts authors and team together).
    length = int(re.search(r"([\d,]+) characters", found[0].message)[1].replace(",", ""))
    assert len(LONG) <= length < len(LONG) + 1000
    # …and the editor's Checks panel (the incremental checker) says the same.
    digest = BriefDigest()
    digest.update(brief)
    live = [p for p in IncrementalChecks().run(brief, digest) if p.id == "E008"]
    assert live == found


def test_a_review_comment_too_long_is_e008_at_its_anchor():
    def comment(raw: dict) -> None:
        raw["comments"] = [{"id": "c1", "author": "Editor", "text": "Shorten this.",
                            "anchor": {"section": _ids(raw, EVENT), "field": "event",
                                       "index": 1},
                            "replies": [{"id": "r1", "author": "Analyst", "text": LONG}]}]

    brief, raw = brief_with(comment)
    found = [p for p in run_checks(brief) if p.id == "E008"]
    assert [p.place for p in found] == [place_of(raw, (EVENT, "event", 1))]
    assert "comment" in found[0].message
