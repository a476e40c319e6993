"""Lock files: beside the brief, naming the holder, stale when the holder died here."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

from brief_editor.storage import lock


def test_acquire_and_release(tmp_path) -> None:
    brief = tmp_path / "issue.brief"
    brief.write_text("{}", encoding="utf-8")
    assert lock.acquire(brief) is None
    file = lock.lock_path(brief)
    assert file.name == ".~lock.issue.brief#"
    raw = json.loads(file.read_text(encoding="utf-8"))
    assert raw["pid"] == os.getpid() and raw["host"] == socket.gethostname()
    assert lock.read_lock(brief).is_ours
    lock.release(brief)
    assert not file.exists()


def test_someone_elses_lock_is_reported_and_kept(tmp_path) -> None:
    brief = tmp_path / "issue.brief"
    other = {"user": "colleague", "host": "elsewhere", "pid": 1, "since": "09:00"}
    lock.lock_path(brief).write_text(json.dumps(other), encoding="utf-8")
    holder = lock.acquire(brief)
    assert holder is not None and holder.user == "colleague"
    assert "colleague on elsewhere" in holder.describe()
    lock.release(brief)
    assert lock.lock_path(brief).exists()


def test_a_crashed_editors_lock_on_this_host_is_stale(tmp_path) -> None:
    brief = tmp_path / "issue.brief"
    pid = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                             capture_output=True, text=True, check=True).stdout)
    stale = {"user": "me", "host": socket.gethostname(), "pid": pid, "since": "09:00"}
    lock.lock_path(brief).write_text(json.dumps(stale), encoding="utf-8")
    assert lock.read_lock(brief) is None
    assert lock.acquire(brief) is None
    assert lock.read_lock(brief).is_ours


def test_unreadable_lock_is_ignored(tmp_path) -> None:
    brief = tmp_path / "issue.brief"
    lock.lock_path(brief).write_text("garbage", encoding="utf-8")
    assert lock.read_lock(brief) is None
