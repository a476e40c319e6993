"""Review comments in the .brief file (format version 2), and the version a file is written in."""

from __future__ import annotations

import json

import pytest

from brief_editor.model import BriefFormatError, dumps, loads
from brief_editor.model.comments import Comment, CommentAnchor, CommentReply


def _raw(**extra):
    raw = {
        "format": "brief-editor", "version": 1,
        "meta": {"publication": "P", "title": "T", "issue": 1, "week_of": None,
                 "authors": [], "team": "", "organization": ""},
        "sections": [{"id": "s1", "kind": "event", "heading": ["Talks"], "date": None,
                      "location": "", "parties": [],
                      "event": [["Both delegations met again in Geneva."]],
                      "implications": []}],
        "sources": [],
    }
    raw.update(extra)
    return raw


THREAD = {
    "id": "c1", "author": "J. Editor", "date": "2026-11-27T09:30:00Z",
    "text": "Which delegations?",
    "anchor": {"section": "s1", "field": "event", "index": 0, "start": 5, "end": 16,
               "quote": "delegations"},
    "replies": [{"id": "c1r1", "author": "A. Analyst", "date": "2026-11-27T10:02:00Z",
                 "text": "Named in the next paragraph."}],
    "resolved": True,
}


def test_a_brief_without_comments_is_still_written_as_version_1():
    text = dumps(loads(json.dumps(_raw())))
    assert json.loads(text)["version"] == 1
    assert "comments" not in json.loads(text)


def test_comments_round_trip_and_make_the_file_version_2():
    brief = loads(json.dumps(_raw(version=2, comments=[THREAD])))
    assert brief.comments == (
        Comment(
            id="c1", author="J. Editor", date="2026-11-27T09:30:00Z",
            text="Which delegations?",
            anchor=CommentAnchor("s1", "event", 0, 5, 16, "delegations"),
            replies=(CommentReply("c1r1", "A. Analyst", "2026-11-27T10:02:00Z",
                                  "Named in the next paragraph."),),
            resolved=True,
        ),
    )
    text = dumps(brief)
    raw = json.loads(text)
    assert raw["version"] == 2
    assert raw["comments"] == [THREAD]
    assert dumps(loads(text)) == text


def test_a_version_1_file_with_comments_added_is_upgraded():
    # A version 1 file never had comments; one written by hand is read all the same.
    brief = loads(json.dumps(_raw(comments=[THREAD])))
    assert json.loads(dumps(brief))["version"] == 2


def test_a_newer_version_is_refused():
    with pytest.raises(BriefFormatError, match="version 3"):
        loads(json.dumps(_raw(version=3)))


@pytest.mark.parametrize(("change", "path"), [
    ({"anchor": None}, "comments[0].anchor"),
    ({"id": ""}, "comments[0].id"),
    ({"date": "last Tuesday"}, "comments[0].date"),
    ({"resolved": "yes"}, "comments[0].resolved"),
    ({"anchor": {**THREAD["anchor"], "end": 2}}, "comments[0].anchor.end"),
    ({"replies": [{"text": "no id"}]}, "comments[0].replies[0].id"),
])
def test_a_broken_comment_is_refused_with_its_place(change, path):
    with pytest.raises(BriefFormatError) as raised:
        loads(json.dumps(_raw(version=2, comments=[{**THREAD, **change}])))
    assert raised.value.path == path
