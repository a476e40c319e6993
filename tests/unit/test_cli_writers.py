"""Two writers, one brief (issue 15, item 4): commands take the editor's lock, re-read the
brief under it, and take turns."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from brief_editor.storage import lock
from brief_editor.storage.files import read_brief

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "sample-issue.brief"


def library(path: Path, prefix: str, count: int = 50) -> Path:
    items = [{"id": f"{prefix}{n}", "type": "report", "title": f"{prefix} report {n}",
              "author": [{"family": f"{prefix.title()}{n}", "given": "Ann"}],
              "issued": {"date-parts": [[2020, 1 + n % 12]]}} for n in range(count)]
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def run(*argv: str, home: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, BRIEF_EDITOR_HOME=str(home), PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "brief_editor", *argv], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_imports_at_once_keep_both_libraries(tmp_path):
    brief = tmp_path / "issue.brief"
    for round_ in range(3):
        brief.write_bytes(SAMPLE.read_bytes())
        before = len(read_brief(brief).sources)
        procs = [run("sources", "import", str(brief),
                     str(library(tmp_path / f"{name}.json", name)), home=tmp_path / "home")
                 for name in (f"alpha{round_}x", f"beta{round_}x")]
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
            assert "Added 50 source(s)" in out
        assert len(read_brief(brief).sources) == before + 100
        assert not lock.lock_path(brief).exists()


def test_a_brief_open_in_the_editor_is_not_changed_by_a_command(tmp_path):
    brief = tmp_path / "issue.brief"
    brief.write_bytes(SAMPLE.read_bytes())
    # An editor on this computer (this test process stands in for it) holds the lock.
    editor = {"user": "colleague", "host": socket.gethostname(), "pid": os.getppid(),
              "since": "09:00"}
    lock.lock_path(brief).write_text(json.dumps(editor), encoding="utf-8")
    proc = run("sources", "import", str(brief), str(library(tmp_path / "l.json", "gamma")),
               home=tmp_path / "home")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 2
    assert err.strip().endswith("try again when it is closed")
    assert "open in the editor by colleague" in err and len(err.splitlines()) == 1
    assert brief.read_bytes() == SAMPLE.read_bytes()


def test_a_review_does_not_write_over_a_brief_open_in_the_editor(tmp_path):
    brief = tmp_path / "issue.brief"
    brief.write_bytes(SAMPLE.read_bytes())
    docx = tmp_path / "issue.docx"
    out, err = run("export", str(brief), "-o", str(docx), home=tmp_path / "home").communicate(
        timeout=120)
    assert docx.exists(), err
    target = tmp_path / "merged.brief"
    target.write_bytes(SAMPLE.read_bytes())
    editor = {"user": "colleague", "host": socket.gethostname(), "pid": os.getppid(),
              "since": "09:00"}
    lock.lock_path(target).write_text(json.dumps(editor), encoding="utf-8")
    proc = run("review", str(brief), str(docx), "--accept-all", "-o", str(target),
               home=tmp_path / "home")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 2, err
    assert "open in the editor by colleague" in err and len(err.splitlines()) == 1
    assert target.read_bytes() == SAMPLE.read_bytes()
    lock.lock_path(target).unlink()
    proc = run("review", str(brief), str(docx), "--accept-all", "-o", str(target),
               home=tmp_path / "home")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert not lock.lock_path(target).exists()
