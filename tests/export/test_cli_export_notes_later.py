"""The command line walks the text into the plan while citeproc-js words the notes, and puts
the notes in after (issue 16, a cold PDF export): the file is the one the library writes in
one go, and a notes engine that dies on every try still ends the export with one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from test_pdf_export import brief_dict, note

from brief_editor.citations.notes import render_notes
from brief_editor.cli import main as cli_main
from brief_editor.export.pdf_writer import write_pdf
from brief_editor.export.plan import blank_notes, build_plan, with_notes
from brief_editor.model import loads
from brief_editor.storage.files import read_brief

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "sample-issue.brief"


def _with_control_characters() -> dict:
    """``brief_dict`` with characters a document cannot hold in the text and in a note's
    comment, so that both kinds of warning are made, in order."""
    raw = brief_dict()
    event = raw["sections"][0]["event"]
    event[0] = ["Before\x01after, ", note("s1", "4"), "."]
    commented = note("s1", "9")
    commented["note"]["comment"] = ["see also\x02 the annex"]
    event.append(["More text.", commented])
    return raw


def test_notes_put_in_later_make_the_plan_build_plan_makes() -> None:
    dirty = loads(json.dumps(_with_control_characters()))
    for brief in (read_brief(SAMPLE), dirty):
        whole = build_plan(brief, brief_dir=SAMPLE.parent)
        text_first = build_plan(brief, brief_dir=SAMPLE.parent, rendered_notes=blank_notes(brief))
        assert len(text_first.notes) == len(whole.notes) > 0
        assert all(n.text == "" and n.spans == () for n in text_first.notes)
        later = with_notes(text_first, render_notes(brief, brief_dir=SAMPLE.parent))
        assert later == whole
        assert later.warnings == whole.warnings
    # The text's warning first, then the note's, as build_plan gives them.
    assert [w.split(":")[0][:4] for w in whole.warnings] == ["the ", "note", "note"]


def test_the_command_line_writes_the_pdf_the_library_writes(tmp_path: Path) -> None:
    for notes in ("endnotes", "footnotes"):
        path = tmp_path / f"{notes}.brief"
        path.write_text(json.dumps(brief_dict(notes)), encoding="utf-8")
        out = tmp_path / f"cli-{notes}.pdf"
        assert cli_main(["export", str(path), "-o", str(out)]) == 0
        direct = tmp_path / f"lib-{notes}.pdf"
        write_pdf(build_plan(read_brief(path), brief_dir=tmp_path), direct)
        assert out.read_bytes() == direct.read_bytes(), notes


# Loaded by every interpreter the export starts (the forked notes engine and each fresh
# one after a crash): wording any note kills the engine's process, as a crash in V8 would.
CRASHING_ENGINE = """
import os, signal
from brief_editor.citations import citeproc

def _crash(self, *args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

citeproc.CiteprocRuntime.render = _crash
"""


def test_an_engine_that_always_crashes_ends_the_export_with_one_line(tmp_path: Path) -> None:
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(textwrap.dedent(CRASHING_ENGINE), encoding="utf-8")
    out = tmp_path / "out.pdf"
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(hooks), str(ROOT)]),
           "BRIEF_EDITOR_HOME": str(tmp_path / "home"), "BRIEF_EDITOR_NO_CACHE": "1",
           "TMPDIR": str(scratch)}
    done = subprocess.run([sys.executable, "-m", "brief_editor", "export", str(SAMPLE), "-o",
                           str(out), "--force"], capture_output=True, text=True, timeout=240,
                          env=env, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    errors = done.stderr.splitlines()
    assert len(errors) == 1 and errors[0].startswith("brief-editor:"), done.stderr
    assert "notes engine" in errors[0] and str(SAMPLE) in errors[0], errors[0]
    assert "Traceback" not in done.stderr
    assert not out.exists()
    assert list(tmp_path.glob("out*")) == []  # no temporary file left beside it either


def test_the_serialised_text_follows_the_plan_it_is_given() -> None:
    from brief_editor.export.pdf_writer import plan_to_json

    first = build_plan(loads(json.dumps(brief_dict())))
    other = build_plan(loads(json.dumps(brief_dict(paper="a4"))))
    edited = brief_dict()
    edited["sections"][0]["heading"] = ["A heading edited since"]
    changed = build_plan(loads(json.dumps(edited)))

    def blocks(plan, breaks=frozenset()) -> list:
        return json.loads(plan_to_json(plan, ["Carlito"], footnote_breaks=breaks)[0])["blocks"]

    once = blocks(first)
    assert blocks(changed) != once
    assert "A heading edited since" in json.dumps(blocks(changed))
    assert blocks(first) == once
    assert blocks(other) == once  # the same text on other paper: the same blocks
    numbers = [n.number for n in first.notes]
    broken = blocks(first, frozenset(numbers))
    assert any(b.get("break") for b in broken) and not any(b.get("break") for b in once)
    assert blocks(first) == once
    # The notes put in later keep the text's very blocks, and a whole document still results.
    later = with_notes(build_plan(loads(json.dumps(brief_dict())),
                                  rendered_notes=blank_notes(loads(json.dumps(brief_dict())))),
                       render_notes(loads(json.dumps(brief_dict()))))
    assert json.loads(plan_to_json(later, ["Carlito"])[0]) == \
        json.loads(plan_to_json(first, ["Carlito"])[0])
