"""Hostile input through the real command line (issue 15): each row is what a user runs,
the exit status it must give, and the one line it must print. A hang fails the row."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "sample-issue.brief"
TIMEOUT_S = 60


def fifo(folder: Path, name: str) -> Path:
    path = folder / name
    os.mkfifo(path)
    return path


def zero(folder: Path, name: str) -> Path:
    path = folder / name
    path.symlink_to("/dev/zero")
    return path


def sample(folder: Path) -> Path:
    path = folder / "issue.brief"
    path.write_bytes(SAMPLE.read_bytes())
    return path


# (id, argv maker, exit status, a regular expression the one line of stderr must match)
ROWS: list[tuple[str, Callable[[Path], list[str]], int, str]] = [
    ("check-fifo", lambda d: ["check", str(fifo(d, "a.brief"))], 2,
     r"a\.brief: is not a regular file"),
    ("notes-fifo", lambda d: ["notes", str(fifo(d, "a.brief"))], 2,
     r"a\.brief: is not a regular file"),
    ("export-fifo", lambda d: ["export", str(fifo(d, "a.brief")), "-o", str(d / "o.pdf")], 2,
     r"a\.brief: is not a regular file"),
    ("check-dev-zero", lambda d: ["check", str(zero(d, "z.brief"))], 2,
     r"z\.brief: is not a regular file"),
    ("import-fifo-library", lambda d: ["sources", "import", str(sample(d)),
                                       str(fifo(d, "lib.bib"))], 2,
     r"lib\.bib: is not a regular file"),
    ("import-dev-zero-library", lambda d: ["sources", "import", str(sample(d)),
                                           str(zero(d, "lib.json"))], 2,
     r"lib\.json: is not a regular file"),
]


@pytest.mark.parametrize(("argv", "status", "message"), [r[1:] for r in ROWS],
                         ids=[r[0] for r in ROWS])
def test_hostile_input(tmp_path, argv, status, message):
    work = tmp_path / "work"
    work.mkdir()
    env = dict(os.environ, BRIEF_EDITOR_HOME=str(tmp_path / "home"), BRIEF_EDITOR_NO_CACHE="1",
               PYTHONPATH=str(ROOT))
    env.pop("BRIEF_EDITOR_DEBUG", None)
    done = subprocess.run([sys.executable, "-m", "brief_editor", *argv(work)], cwd=ROOT,
                          capture_output=True, text=True, timeout=TIMEOUT_S, env=env,
                          stdin=subprocess.DEVNULL)
    lines = done.stderr.splitlines()
    assert done.returncode == status, done.stderr[-2000:]
    if status == 2:
        assert len(lines) == 1, done.stderr[-2000:]
        assert len(lines[0]) < 400
        assert "internal error" not in lines[0]
    assert re.search(message, done.stderr + done.stdout), done.stderr[-2000:]
