"""Merging issues by structure: sections, fields, sources and comments, never by lines."""

from __future__ import annotations

import dataclasses
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brief_editor.model import dumps, loads
from brief_editor.workspace.merge import merge_brief, merge_word_list
from tests.support.strategies import briefs


def _b(brief) -> bytes:
    return dumps(brief).encode("utf-8")


def _raw(data: bytes) -> dict:
    return json.loads(data)


EDITS = st.sampled_from(["heading", "location", "drop", "add", "source", "title", "none"])


def _edit(brief, edit: str, who: str):
    sections = list(brief.sections)
    if edit == "heading" and sections:
        sections[0] = dataclasses.replace(sections[0], heading=(f"{who} heading",))
    elif edit == "location" and sections and hasattr(sections[-1], "location"):
        sections[-1] = dataclasses.replace(sections[-1], location=f"{who} place")
    elif edit == "drop" and sections:
        sections.pop()
    elif edit == "add":
        from brief_editor.model import NarrativeSection

        sections.insert(0, NarrativeSection(id=f"new-{who}", body=((f"{who} wrote this.",),)))
    elif edit == "source":
        from brief_editor.model import Source

        return dataclasses.replace(brief, sources=(*brief.sources, Source(
            {"id": f"src-{who}", "type": "webpage", "title": f"{who}'s find"})))
    elif edit == "title":
        return dataclasses.replace(brief, meta=dataclasses.replace(brief.meta, title=who))
    return dataclasses.replace(brief, sections=tuple(sections))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(briefs(max_sections=4), EDITS, EDITS)
def test_a_merge_is_always_a_valid_brief_holding_both_sides(base, ours_edit, theirs_edit):
    ours, theirs = _edit(base, ours_edit, "ann"), _edit(base, theirs_edit, "bob")
    result = merge_brief(_b(base), _b(ours), _b(theirs))
    merged = loads(result.data.decode("utf-8"))  # never an invalid brief
    ids = [s.id for s in merged.sections]
    assert len(ids) == len(set(ids))
    if ours_edit == "add":
        assert "new-ann" in ids
    if theirs_edit == "add":
        assert "new-bob" in ids
    if theirs_edit == "source":
        assert "src-bob" in [s.id for s in merged.sources]
    if theirs_edit == "title" and ours_edit != "title":
        # What one side changed and the other did not touch arrives.
        assert merged.meta.title == "bob"
    for conflict in result.conflicts:
        assert conflict.ours != conflict.theirs


SAMPLE = {
    "format": "brief-editor", "version": 1,
    "meta": {"publication": "P", "title": "T", "issue": 3, "week_of": None, "authors": [],
             "team": "", "organization": ""},
    "sections": [
        {"id": "s1", "kind": "event", "heading": ["One"], "date": None, "location": "Here",
         "parties": [], "event": [["First paragraph."], ["Second paragraph."]],
         "implications": [["A bullet."]]},
        {"id": "s2", "kind": "narrative", "heading": ["Two"], "body": [["Prose."]]},
    ],
    "sources": [],
}


def _with(change) -> bytes:
    raw = json.loads(json.dumps(SAMPLE))
    change(raw)
    return json.dumps(raw).encode()


def test_different_paragraphs_of_one_field_merge_and_the_same_one_conflicts():
    base = _with(lambda r: None)
    ours = _with(lambda r: r["sections"][0]["event"].__setitem__(0, ["Ann's first."]))
    theirs = _with(lambda r: r["sections"][0]["event"].__setitem__(1, ["Bob's second."]))
    result = merge_brief(base, ours, theirs)
    assert result.conflicts == []
    assert _raw(result.data)["sections"][0]["event"] == [["Ann's first."], ["Bob's second."]]

    theirs = _with(lambda r: r["sections"][0]["event"].__setitem__(0, ["Bob's first."]))
    result = merge_brief(base, ours, theirs)
    (conflict,) = result.conflicts
    assert conflict.path == "sections[id=s1].event[0]" and conflict.section == "s1"
    assert (conflict.ours, conflict.theirs) == (["Ann's first."], ["Bob's first."])
    assert _raw(result.data)["sections"][0]["event"][0] == ["Ann's first."]


def test_a_section_moved_on_one_side_and_edited_on_the_other():
    base = _with(lambda r: None)
    ours = _with(lambda r: r["sections"].reverse())
    theirs = _with(lambda r: r["sections"][0].update(location="There"))
    merged = _raw(merge_brief(base, ours, theirs).data)
    assert [s["id"] for s in merged["sections"]] == ["s2", "s1"]
    assert merged["sections"][1]["location"] == "There"


def test_a_section_deleted_here_but_edited_there_is_a_conflict_not_a_loss():
    base = _with(lambda r: None)
    ours = _with(lambda r: r["sections"].pop(1))
    theirs = _with(lambda r: r["sections"][1].update(heading=["Two, revised"]))
    result = merge_brief(base, ours, theirs)
    (conflict,) = result.conflicts
    assert conflict.ours is None and conflict.theirs["heading"] == ["Two, revised"]


def test_unmergeable_input_keeps_ours_whole():
    base = _with(lambda r: None)
    result = merge_brief(base, base, b"{not json")
    assert result.data == base and result.conflicts[0].field.startswith("the whole file")


def test_the_team_dictionary_keeps_words_added_anywhere():
    merged = merge_word_list(b"Velmora\nSorvik\n", b"Velmora\nSorvik\nKoszar\n",
                             b"Velmora\nLemmet\n")
    assert merged.data.decode().split() == ["Velmora", "Koszar", "Lemmet"]
