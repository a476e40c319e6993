"""`brief-editor new` racing other writers of the same file, in real processes (CLI.md: `new`
exits 0, or 2 when FILE exists): exactly one writer wins, and no brief is lost or truncated."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from brief_editor.storage import lock
from brief_editor.storage.files import read_brief

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "sample-issue.brief"


def start_new(target: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "brief_editor", "new", str(target)],
                            cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def leftovers(folder: Path, target: Path) -> list[str]:
    """Anything beside the brief: a temporary file or a lock nobody removed."""
    return sorted(p.name for p in folder.iterdir() if p != target)


def wait_for_a_reader(file: Path, seen: int, timeout: float = 20.0) -> None:
    """Until someone has read ``file`` (its access time moves on a relatime mount)."""
    deadline = time.monotonic() + timeout
    while os.stat(file).st_atime_ns == seen and time.monotonic() < deadline:
        time.sleep(0.02)


def test_of_several_new_at_once_exactly_one_writes_and_the_others_exit_2(tmp_path):
    for round_ in range(2):
        folder = tmp_path / f"round{round_}"
        folder.mkdir()
        target = folder / "issue-12.brief"
        # Another command holds the file while the four start, so that they all find no
        # file yet and meet at the lock (not one after the other at the first look).
        assert lock.acquire(target, by="command") is None
        try:
            seen = os.stat(lock.lock_path(target)).st_atime_ns
            procs = [start_new(target) for _ in range(4)]
            wait_for_a_reader(lock.lock_path(target), seen)
            time.sleep(1.0)
        finally:
            lock.release(target)
        results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
        winners = [r for r in results if r[0] == 0]
        losers = [r for r in results if r[0] != 0]
        assert len(winners) == 1, results
        assert winners[0][1].strip() == f"Wrote {target}"
        for code, out, err in losers:
            assert code == 2 and out == ""
            assert err.strip() == f"brief-editor: {target}: already exists; choose another name"
        # The winner's brief is whole: it reads back as a brief, nothing beside it.
        assert read_brief(target).meta is not None
        assert leftovers(folder, target) == []


# Another command (a review's --accept-all -o, a copy) is creating the same file: it holds
# the lock, and writes only once `new` is waiting for it — `new` has read the lock file
# (its access time moves, on a relatime mount) — or after 20 s where access times stand still.
_OTHER_WRITER = """
import os, sys, time
from pathlib import Path
from brief_editor.storage import lock
from brief_editor.storage.atomic import atomic_write

target, data = Path(sys.argv[1]), Path(sys.argv[2]).read_bytes()
with lock.held(target):
    seen = os.stat(lock.lock_path(target)).st_atime_ns
    print("ready", flush=True)
    deadline = time.monotonic() + 20
    while os.stat(lock.lock_path(target)).st_atime_ns == seen and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.2)
    atomic_write(target, data)
"""


def test_new_waits_for_a_writer_holding_the_file_and_leaves_its_brief_whole(tmp_path):
    target = tmp_path / "issue-12.brief"
    other = subprocess.Popen([sys.executable, "-c", _OTHER_WRITER, str(target), str(SAMPLE)],
                             cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "ready"
        assert not target.exists()
        new = start_new(target)
        out, err = new.communicate(timeout=120)
        other.communicate(timeout=60)
        assert other.returncode == 0
    finally:
        if other.poll() is None:
            other.kill()
            other.communicate()
    assert new.returncode == 2, (out, err)
    assert err.strip() == f"brief-editor: {target}: already exists; choose another name"
    # The other writer's brief, byte for byte: `new` neither wrote over it nor truncated it.
    assert target.read_bytes() == SAMPLE.read_bytes()
    assert not lock.lock_path(target).exists()
    assert leftovers(tmp_path, target) == []
