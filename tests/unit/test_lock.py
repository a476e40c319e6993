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


def test_unreadable_lock_is_ignored_once_it_is_not_being_written(tmp_path) -> None:
    import time

    brief = tmp_path / "issue.brief"
    file = lock.lock_path(brief)
    file.write_text("garbage", encoding="utf-8")
    # Just created: another process may be writing it this very moment.
    assert lock.read_lock(brief) is not None
    old = time.time() - 60
    os.utime(file, (old, old))
    assert lock.read_lock(brief) is None
    assert lock.acquire(brief) is None and lock.read_lock(brief).is_ours


def test_a_lock_whose_pid_overflows_is_damage_not_an_error(tmp_path) -> None:
    import time

    brief = tmp_path / "issue.brief"
    file = lock.lock_path(brief)
    for pid in (10**30, -5, "12abc"):
        file.write_text(json.dumps({"user": "x", "host": socket.gethostname(), "pid": pid}),
                        encoding="utf-8")
        old = time.time() - 60
        os.utime(file, (old, old))
        assert lock.read_lock(brief) is None
        assert lock.acquire(brief) is None and lock.read_lock(brief).is_ours
        lock.release(brief)


_RACER = """
import sys, time
from brief_editor.storage import lock
start = float(sys.argv[2])
while time.time() < start:
    pass
print("held" if lock.acquire(sys.argv[1]) is None else "refused", flush=True)
time.sleep(1.0)
"""


def test_of_processes_taking_the_lock_at_once_exactly_one_holds_it(tmp_path) -> None:
    import time

    brief = tmp_path / "issue.brief"
    brief.write_text("{}", encoding="utf-8")
    for _round in range(2):
        start = time.time() + 1.0
        procs = [subprocess.Popen([sys.executable, "-c", _RACER, str(brief), str(start)],
                                  stdout=subprocess.PIPE, text=True) for _ in range(4)]
        answers = sorted(p.communicate(timeout=60)[0].strip() for p in procs)
        assert answers == ["held", "refused", "refused", "refused"]
        # The holders have exited: their lock is stale and the next round may take it.


def test_a_command_in_the_editors_process_leaves_the_editors_lock_alone(tmp_path) -> None:
    brief = tmp_path / "issue.brief"
    brief.write_text("{}", encoding="utf-8")
    assert lock.acquire(brief) is None  # the editor of this process opened it
    with lock.held(brief):
        assert lock.read_lock(brief).is_ours
    assert lock.read_lock(brief) is not None and lock.read_lock(brief).is_ours
    lock.release(brief)
    with lock.held(brief):  # nobody had it: the command takes it and gives it back
        assert lock.read_lock(brief).by == "command"
    assert lock.read_lock(brief) is None
