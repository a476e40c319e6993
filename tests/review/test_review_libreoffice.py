"""Reviews made in a real LibreOffice, driven through python3-uno, read back into the brief.

LibreOffice opens our export, records changes as a reviewer's Writer would (Edit > Track
Changes > Record), comments and saves as DOCX, rewriting the whole package. One soffice runs
for the whole module (``lo_review.py`` applies every job in one start), so this stays quick.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from brief_editor.model import Comment, CommentAnchor, CommentReply, inline_text, notes_in
from brief_editor.review import apply_review, read_review
from tests.review.review_briefs import export, review_brief

HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = "/usr/bin/python3"


def _have_uno() -> bool:
    if not Path(SYSTEM_PYTHON).exists() or shutil.which("soffice") is None:
        return False
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True)
    return probe.returncode == 0


pytestmark = pytest.mark.skipif(not _have_uno(), reason="LibreOffice with python3-uno is needed")

THREAD = Comment("c1", CommentAnchor("s1", "implications", 1, 4, 8, "deal"), "A. Analyst",
                 "2026-11-29T08:00:00Z", "Is the deal signed?",
                 (CommentReply("c1r1", "B. Desk", "2026-11-29T09:00:00Z", "Checking."),))

JOBS = {
    "plain": (False, []),
    "replace": (True, [{"op": "replace", "find": "nine days of talks",
                        "with": "a week of talks"}]),
    "bullet-sentence": (True, [{"op": "delete", "find": " Some hauliers expect longer delays."}]),
    "insert": (True, [{"op": "insert_after", "find": "Calm", "text": " and dry"}]),
    "bullets": (True, [{"op": "paragraph_after", "find": "pattern for the dock",
                        "text": "Insurers will raise premiums."},
                       {"op": "delete_paragraph", "find": "Tourism bookings"}]),
    "comment": (True, [{"op": "comment", "find": "talks with the port board.",
                        "text": "Which board members?"}]),
    "note-text": (True, [{"op": "note_replace", "note": 1, "find": "Board Promises New Crews",
                          "with": "Board Promises New Ferry Crews"}]),
    "note-marker": (True, [{"op": "delete_note", "note": 1}]),
    "untracked": (False, [{"op": "replace", "find": "forty more", "with": "forty new"}]),
}


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("lo-review")
    source = export(review_brief(), folder / "issue-7.docx")
    with_thread = dataclasses.replace(review_brief(), comments=(THREAD,))
    second = export(with_thread, folder / "issue-7-round-2.docx")
    jobs = []
    out: dict[str, Path] = {}
    for name, (record, ops) in JOBS.items():
        copy = folder / f"in-{name}.docx"  # each job its own input: no lock files shared
        shutil.copy(source, copy)
        out[name] = folder / f"{name}.docx"
        jobs.append({"in": str(copy), "out": str(out[name]), "record": record,
                     "author": "Lo Reviewer", "ops": ops})
    out["round-2"] = folder / "round-2.docx"
    jobs.append({"in": str(second), "out": str(out["round-2"]), "record": True,
                 "author": "Lo Reviewer", "ops": [
                     {"op": "comment", "find": "Tourism bookings", "text": "Which season?"},
                     {"op": "resolve", "to": "Is the deal signed?"},
                     {"op": "replace", "find": "forty", "with": "fifty"}]})
    job_file = folder / "jobs.json"
    job_file.write_text(json.dumps(jobs))
    result = subprocess.run([SYSTEM_PYTHON, str(HERE / "lo_review.py"), str(job_file)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    out["brief-round-2"] = second
    out["source"] = source
    return out


def _one(path: Path, current=None):
    current = current or review_brief()
    return current, read_review(current, path)


def test_a_plain_libreoffice_save_keeps_the_map_and_changes_nothing(reviewed):
    import zipfile

    import docx

    # LibreOffice rewrites the whole package, yet keeps the custom XML part, the custom
    # property and the hidden bookmarks — and shows the same words.
    with zipfile.ZipFile(reviewed["plain"]) as z:
        items = [z.read(n) for n in z.namelist() if n.startswith("customXml/item")
                 and "Props" not in n]
        assert any(b"urn:brief-editor:review-map:1" in item for item in items)
        assert b"BriefEditorExportId" in z.read("docProps/custom.xml")
        assert b'w:name="_BE0"' in z.read("word/document.xml")
    before = [p.text for p in docx.Document(str(reviewed["source"])).paragraphs]
    after = [p.text for p in docx.Document(str(reviewed["plain"])).paragraphs]
    assert after == before
    _current, review = _one(reviewed["plain"])
    assert review.changes == () and review.comments == ()


def test_a_phrase_replaced_in_an_event_paragraph(reviewed):
    current, review = _one(reviewed["replace"])
    [change] = review.changes
    assert (change.kind, change.author, change.before, change.after) == (
        "replace", "Lo Reviewer", "nine days of talks", "a week of talks")
    assert change.tracked and change.date.startswith("20")
    merged = apply_review(current, review, [change.id])
    assert inline_text(merged.sections[0].event[0]).startswith(
        "The ferry union ended its strike after a week of talks with the port board.")
    assert notes_in(merged.sections[0].event[0]) == notes_in(current.sections[0].event[0])


def test_a_sentence_deleted_from_a_bullet(reviewed):
    current, review = _one(reviewed["bullet-sentence"])
    [change] = review.changes
    assert change.kind == "delete" and change.place.field == "implications"
    merged = apply_review(current, review, [change.id])
    assert inline_text(merged.sections[0].implications[0]) == \
        "Freight queues should clear within a week."


def test_a_word_inserted(reviewed):
    current, review = _one(reviewed["insert"])
    [change] = review.changes
    assert (change.kind, change.after) == ("insert", " and dry")
    merged = apply_review(current, review, [change.id])
    assert inline_text(merged.sections[1].body[0]) == \
        "Calm and dry weather is forecast for the strait, and traffic should stay heavy."


def test_a_bullet_added_and_one_deleted(reviewed):
    current, review = _one(reviewed["bullets"])
    assert sorted(c.kind for c in review.changes) == ["paragraph-delete", "paragraph-insert"]
    merged = apply_review(current, review, [c.id for c in review.changes])
    assert [inline_text(b) for b in merged.sections[0].implications] == [
        "Freight queues should clear within a week. Some hauliers expect longer delays.",
        "The deal sets a pattern for the dock workers' talks in January.",
        "Insurers will raise premiums.",
    ]


def test_a_comment_on_text_that_has_a_note_in_it(reviewed):
    current, review = _one(reviewed["comment"])
    assert review.changes == ()
    [thread] = review.comments
    assert (thread.author, thread.text) == ("Lo Reviewer", "Which board members?")
    a = thread.anchor
    assert (a.section, a.field, a.index) == ("s1", "event", 0)
    assert a.quote == "talks with the port board."
    assert inline_text(current.sections[0].event[0])[a.start:a.end] == a.quote


def test_a_change_inside_a_note_is_reported_against_its_source(reviewed):
    current, review = _one(reviewed["note-text"])
    [change] = review.changes
    assert (change.kind, change.source_id, change.note_number) == ("note", "gazette", 2)
    assert "Board Promises New Ferry Crews" in change.after
    assert apply_review(current, review, [change.id]) == current


def test_a_deleted_note_marker_deletes_the_cite(reviewed):
    current, review = _one(reviewed["note-marker"])
    [change] = review.changes
    assert (change.kind, change.source_id, change.author) == ("cite-delete", "gazette",
                                                              "Lo Reviewer")
    merged = apply_review(current, review, [change.id])
    assert notes_in(merged.sections[0].event[1]) == []
    assert inline_text(merged.sections[0].event[1]) == inline_text(current.sections[0].event[1])


def test_a_reviewer_who_forgot_to_turn_on_tracking(reviewed):
    current, review = _one(reviewed["untracked"])
    [change] = review.changes
    assert not change.tracked and (change.before, change.after) == ("more", "new")
    merged = apply_review(current, review, [change.id])
    assert inline_text(merged.sections[0].event[1]) == \
        "The board agreed to hire forty new deckhands by spring."


def test_the_analyst_kept_writing_merged_and_conflicting(reviewed):
    base = review_brief()
    s1 = base.sections[0]
    later = dataclasses.replace(base, sections=(dataclasses.replace(s1, event=(
        ("The ferry union ended its strike after nine days of talks with the port board.",
         s1.event[0][1], " Crossings resumed on Tuesday at dawn."), s1.event[1])),
        base.sections[1]))
    _, review = _one(reviewed["replace"], later)
    [change] = review.changes
    assert not change.conflict
    merged = apply_review(later, review, [change.id])
    assert inline_text(merged.sections[0].event[0]) == (
        "The ferry union ended its strike after a week of talks with the port board. "
        "Crossings resumed on Tuesday at dawn.")
    clash = dataclasses.replace(base, sections=(dataclasses.replace(s1, event=(
        ("The ferry union ended its strike after ten days of talks with the port board.",
         s1.event[0][1], s1.event[0][2]), s1.event[1])), base.sections[1]))
    _, review = _one(reviewed["replace"], clash)
    [change] = review.changes
    assert change.conflict and "ten" in change.ours
    assert apply_review(clash, review, [change.id]).sections == clash.sections


def test_a_second_round_keeps_the_thread_and_adds_the_new_one(reviewed):
    # Round 2: the brief's thread went out as a Word comment, LibreOffice rewrote the file
    # with a new comment and an edit; the old thread comes back as itself, not as a copy.
    current = dataclasses.replace(review_brief(), comments=(THREAD,))
    _, review = _one(reviewed["round-2"], current)
    assert [c.kind for c in review.changes] == ["replace"]
    threads = {c.text: c for c in review.comments}
    assert threads["Is the deal signed?"].id == "c1"
    assert threads["Is the deal signed?"].anchor == THREAD.anchor
    # LibreOffice writes the reply back linked to its thread (LibreOffice 25 in
    # commentsExtended.xml): still one reply, not a thread; the reviewer resolved it.
    assert threads["Is the deal signed?"].replies == THREAD.replies
    assert "Checking." not in threads
    assert threads["Is the deal signed?"].resolved
    assert threads["Which season?"].anchor.quote == "Tourism bookings"
    merged = apply_review(current, review, [c.id for c in review.changes])
    assert [c.text for c in merged.comments] == ["Is the deal signed?", "Which season?"]
    assert inline_text(merged.sections[0].event[1]).startswith("The board agreed to hire fifty")
