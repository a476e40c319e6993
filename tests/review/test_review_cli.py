"""``brief-editor review``: listing, JSON, --accept-all, refusals, and a kill -9 mid-write."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from brief_editor.cli import main
from brief_editor.model import inline_text
from brief_editor.storage.files import read_brief, save_brief
from tests.review.review_briefs import export, review_brief
from tests.review.word_markup import WordReview


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cli")
    brief = folder / "issue-7.brief"
    save_brief(brief, review_brief())
    docx = export(review_brief(), folder / "issue-7.docx")
    word = WordReview(docx)
    word.replace("forty", "fifty", author="Jo Reviewer")
    word.comment("Calm weather", "Really calm?", author="Jo Reviewer")
    reviewed = word.save(folder / "reviewed.docx")
    # The analyst changed the same word after the export: a conflict.
    later = review_brief()
    s1 = later.sections[0]
    import dataclasses

    later = dataclasses.replace(later, sections=(dataclasses.replace(
        s1, event=(s1.event[0], ("The board agreed to hire sixty more deckhands by spring.",
                                 s1.event[1][1]))), later.sections[1]))
    conflicted = folder / "issue-7-later.brief"
    save_brief(conflicted, later)
    return {"brief": brief, "docx": docx, "reviewed": reviewed, "later": conflicted,
            "folder": folder}


def test_lists_changes_and_comments_as_json(files, capsys):
    assert main(["review", str(files["brief"]), str(files["reviewed"]), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    [change] = data["changes"]
    assert {k: change[k] for k in ("kind", "author", "before", "after")} == {
        "kind": "replace", "author": "Jo Reviewer", "before": "forty", "after": "fifty"}
    assert change["where"] == {"section": "s1", "field": "event", "index": 1}
    assert change["date"] == "2026-11-30T09:00:00Z"
    [comment] = data["comments"]
    assert (comment["author"], comment["text"], comment["anchor"]) == (
        "Jo Reviewer", "Really calm?", "Calm weather")
    assert comment["where"] == {"section": "s2", "field": "body", "index": 0}
    assert comment["replies"] == [] and comment["resolved"] is False


def test_accept_all_writes_the_merged_brief_and_leaves_the_file(files, capsys):
    before = files["brief"].read_bytes()
    out = files["folder"] / "merged.brief"
    assert main(["review", str(files["brief"]), str(files["reviewed"]), "--accept-all",
                 "-o", str(out)]) == 0
    assert files["brief"].read_bytes() == before
    merged = read_brief(out)
    assert inline_text(merged.sections[0].event[1]) == \
        "The board agreed to hire fifty more deckhands by spring."
    assert [c.text for c in merged.comments] == ["Really calm?"]


def test_conflicts_left_exit_1_and_are_listed(files, capsys):
    out = files["folder"] / "merged-later.brief"
    assert main(["review", str(files["later"]), str(files["reviewed"]), "--accept-all",
                 "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "conflict left" in err and "sixty" in err and "fifty" in err
    assert inline_text(read_brief(out).sections[0].event[1]).startswith(
        "The board agreed to hire sixty")


@pytest.mark.parametrize("make, message", [
    (lambda d: d.write_bytes(b"PK\x03\x04 broken"), "not a Word document"),
    (lambda d: d.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512), "encrypted"),
])
def test_bad_files_exit_2_with_one_line_and_write_nothing(files, capsys, make, message):
    bad = files["folder"] / "bad.docx"
    make(bad)
    out = files["folder"] / "never.brief"
    assert main(["review", str(files["brief"]), str(bad), "--accept-all", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not out.exists()


def test_a_review_of_another_issue_exits_2(files, capsys, tmp_path):
    import dataclasses

    other = tmp_path / "issue-8.brief"
    b = review_brief()
    save_brief(other, dataclasses.replace(b, meta=dataclasses.replace(b.meta, issue=8)))
    out = tmp_path / "never.brief"
    assert main(["review", str(other), str(files["reviewed"]), "--accept-all", "-o",
                 str(out)]) == 2
    assert "issue 7" in capsys.readouterr().err
    assert not out.exists()


def test_a_kill_9_while_writing_leaves_the_target_whole(files, tmp_path):
    """OUT is the old brief or the merged one, never a torn file, wherever the kill lands."""
    target = tmp_path / "out.brief"
    argv = [sys.executable, "-m", "brief_editor", "review", str(files["brief"]),
            str(files["reviewed"]), "--accept-all", "-o", str(target)]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    subprocess.run(argv, check=True, env=env, capture_output=True, timeout=120)
    merged = target.read_bytes()
    old = files["brief"].read_bytes()
    outcomes = set()
    for delay in (0.3, 0.6, 0.9, 1.2, 1.5, 2.0):
        target.write_bytes(old)
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        data = target.read_bytes()
        assert data in (old, merged)
        outcomes.add(data == merged)
        assert files["brief"].read_bytes() == old
        leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")]
        for name in leftovers:  # a killed writer may leave its temporary file, never the target
            (tmp_path / name).unlink()
    assert read_brief(target) is not None
