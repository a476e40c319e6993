"""Narratives like the reference explainer: figures between paragraphs, subheadings, and a
section's own byline, "Source:" line and credits (format version 2)."""

from __future__ import annotations

import base64
import json

import pytest

from brief_editor.model import BriefFormatError, NarrativeSection, dumps, loads, numbered_notes
from brief_editor.model.narrative import narrative_flow, reanchor
from brief_editor.model.search import find_text, replace_matches

# A 1×1 PNG.
PIXEL = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)).decode()


def _note(source: str) -> dict:
    return {"note": {"cites": [{"source": source}]}}


def _raw(**narrative: object) -> dict:
    section = {"id": "n1", "kind": "narrative", "heading": ["Racing to Negotiate"],
               "body": [["First part opens.", _note("a")], ["First part closes.", _note("b")],
                        ["Second part opens.", _note("c")]]}
    section.update(narrative)
    return {"format": "brief-editor", "version": 2,
            "meta": {"publication": "P", "title": "T", "issue": 1, "week_of": None,
                     "authors": [], "team": "", "organization": ""},
            "sections": [section],
            "sources": [{"id": s, "type": "webpage", "title": s.upper()} for s in "abcd"]}


def _figure(after: int | None = None, caption: list | None = None) -> dict:
    figure = {"id": "f1", "media_type": "image/png", "data": PIXEL,
              "caption": caption or ["Delegates pose for a photo.", _note("d")],
              "credit": "Ada Lindqvist / Northwire", "alt": "Delegates"}
    if after is not None:
        figure["after"] = after
    return figure


def test_a_figure_between_paragraphs_takes_its_note_number_in_print_order():
    brief = loads(json.dumps(_raw(figures=[_figure(after=2)])))
    sources = [(n.number, n.note.cites[0].source) for n in numbered_notes(brief)]
    # Paragraphs 1 and 2 (a, b), then the figure's caption (d), then paragraph 3 (c).
    assert sources == [(1, "a"), (2, "b"), (3, "d"), (4, "c")]


def test_a_figure_without_after_still_follows_the_text():
    brief = loads(json.dumps(_raw(figures=[_figure()])))
    assert [n.note.cites[0].source for n in numbered_notes(brief)] == ["a", "b", "c", "d"]


def test_subheadings_and_figures_interleave_in_print_order():
    raw = _raw(figures=[_figure(after=2)],
               subheadings=[{"before": 2, "text": ["Part two"]},
                            {"before": 0, "text": ["Part one"]}])
    section = loads(json.dumps(raw)).sections[0]
    flow = [(item.kind, item.index) for item in narrative_flow(section)]
    assert flow == [("subheading", 1), ("paragraph", 0), ("paragraph", 1), ("figure", 0),
                    ("subheading", 0), ("paragraph", 2)]


def test_the_new_keys_round_trip_and_make_the_file_version_2():
    subheadings = [{"before": 2, "text": [{"text": "Part two", "marks": ["italic"]}]}]
    raw = _raw(byline="Mira Tessaly", source_line="Northwire", subheadings=subheadings,
               figures=[_figure(after=1)], credits=["Translated by Hilah Ostrava Kohn"])
    text = dumps(loads(json.dumps(raw)))
    again = json.loads(text)
    assert again["version"] == 2
    section = again["sections"][0]
    assert section["byline"] == "Mira Tessaly"
    assert section["source_line"] == "Northwire"
    assert section["subheadings"] == subheadings
    assert section["figures"][0]["after"] == 1
    assert section["credits"] == ["Translated by Hilah Ostrava Kohn"]
    assert dumps(loads(text)) == text
    brief = loads(text)
    assert isinstance(brief.sections[0], NarrativeSection)
    assert brief.sections[0].credits == ("Translated by Hilah Ostrava Kohn",)


def test_a_narrative_without_the_new_keys_is_still_written_as_version_1():
    text = dumps(loads(json.dumps(_raw(figures=[_figure()]))))
    assert json.loads(text)["version"] == 1
    assert "subheadings" not in text and '"after"' not in text and "byline" not in text


@pytest.mark.parametrize("key", ["subheadings", "byline", "source_line", "credits", "after"])
def test_each_new_feature_alone_needs_version_2(key):
    extra = {"subheadings": {"subheadings": [{"before": 1, "text": ["S"]}]},
             "byline": {"byline": "B"}, "source_line": {"source_line": "S"},
             "credits": {"credits": ["C"]}, "after": {"figures": [_figure(after=0)]}}[key]
    assert json.loads(dumps(loads(json.dumps(_raw(**extra)))))["version"] == 2


@pytest.mark.parametrize(("change", "path", "words"), [
    ({"subheadings": [{"before": 1, "text": ["S", _note("a")]}]},
     "sections[0].subheadings[0].text[1]", "holds no notes"),
    ({"subheadings": [{"text": ["S"]}]}, "sections[0].subheadings[0].before", "before"),
    ({"subheadings": [{"before": -1, "text": ["S"]}]}, "sections[0].subheadings[0].before",
     "whole number"),
    ({"figures": [_figure(after="two")]}, "sections[0].figures[0].after", "whole number"),
    ({"credits": "Translated by X"}, "sections[0].credits", "array"),
])
def test_bad_values_are_refused_with_their_place(change, path, words):
    with pytest.raises(BriefFormatError) as caught:
        loads(json.dumps(_raw(**change)))
    assert path in str(caught.value)
    assert words in str(caught.value)


def test_an_event_figure_cannot_sit_between_paragraphs():
    raw = _raw()
    raw["sections"] = [{"id": "e1", "kind": "event", "heading": ["H"], "event": [["x"]],
                        "figures": [_figure(after=0)]}]
    with pytest.raises(BriefFormatError, match=r"sections\[0\]\.figures\[0\]\.after"):
        loads(json.dumps(raw))


def test_splitting_a_paragraph_keeps_subheadings_and_figures_beside_their_paragraphs():
    raw = _raw(figures=[_figure(after=2)], subheadings=[{"before": 2, "text": ["Part two"]},
                                                      {"before": 1, "text": ["Mid"]}])
    section = loads(json.dumps(raw)).sections[0]
    body = section.body
    # Enter in the middle of the first paragraph: one paragraph becomes two.
    new_body = (("First part",), (" opens.",), *body[1:])
    changes = reanchor(section, new_body)
    assert changes["subheadings"][0].before == 3  # still before "Second part opens."
    assert changes["subheadings"][1].before == 2  # still before "First part closes."
    assert changes["figures"][0].after == 3
    # Deleting the middle paragraph pulls them back.
    changes = reanchor(section, (body[0], body[2]))
    assert changes["subheadings"][0].before == 1
    assert changes["figures"][0].after == 1


def test_find_and_replace_reaches_subheadings():
    brief = loads(json.dumps(_raw(subheadings=[{"before": 1, "text": ["Moscow talks"]}])))
    matches = find_text(brief, "Moscow")
    assert [m.place.field for m in matches] == ["subheading"]
    replaced = replace_matches(brief, matches, "Doha")
    assert "".join(replaced.sections[0].subheadings[0].text) == "Doha talks"
