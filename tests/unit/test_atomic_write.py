"""A failed save never leaves a truncated file, and never damages the old one."""

from __future__ import annotations

import os

import pytest

from brief_editor.storage.atomic import WriteError, atomic_write, atomic_writer


def test_replaces_the_file_completely(tmp_path):
    target = tmp_path / "a.brief"
    target.write_text("old content that is longer than the new one")
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"


def test_an_error_mid_write_keeps_the_old_file_and_leaves_no_debris(tmp_path):
    target = tmp_path / "a.brief"
    target.write_bytes(b"precious")
    with pytest.raises(RuntimeError), atomic_writer(target) as handle:
        handle.write(b"half of the new")
        raise RuntimeError("disk pulled out")
    assert target.read_bytes() == b"precious"
    assert os.listdir(tmp_path) == ["a.brief"]


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(WriteError, match="does not exist"):
        atomic_write(tmp_path / "nope" / "a.brief", b"x")


def test_a_folder_as_target_is_refused(tmp_path):
    with pytest.raises(WriteError, match="folder"):
        atomic_write(tmp_path, b"x")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_read_only_folder_is_a_clear_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(WriteError, match="ro"):
            atomic_write(folder / "a.brief", b"x")
    finally:
        folder.chmod(0o700)


def test_keeps_permissions_of_the_replaced_file(tmp_path):
    target = tmp_path / "shared.brief"
    target.write_bytes(b"x")
    target.chmod(0o644)
    atomic_write(target, b"y")
    assert (target.stat().st_mode & 0o777) == 0o644


def _killed_mid_write(target) -> list:
    """Run a writer in a process of its own and kill -9 it half-way: its part file stays."""
    import signal
    import subprocess
    import sys

    code = ("import sys, time\n"
            "from brief_editor.storage.atomic import atomic_writer\n"
            "with atomic_writer(sys.argv[1]) as h:\n"
            "    h.write(b'half'); h.flush(); print('writing', flush=True); time.sleep(60)\n")
    before = set(target.parent.iterdir())
    proc = subprocess.Popen([sys.executable, "-c", code, str(target)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "writing"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    return sorted(p for p in set(target.parent.iterdir()) - before if p.name.endswith(".part"))


def test_part_files_of_a_killed_writer_are_removed_by_the_next_write(tmp_path):
    import time

    target = tmp_path / "issue.pdf"
    [stale] = _killed_mid_write(target)
    assert stale.name.startswith(".issue.pdf.")
    old = time.time() - 11 * 60
    os.utime(stale, (old, old))
    [fresh] = _killed_mid_write(tmp_path / "other.docx")
    someone_elses = tmp_path / ".notes.part"  # not named as ours
    someone_elses.write_bytes(b"x")
    os.utime(someone_elses, (old, old))
    atomic_write(tmp_path / "issue.docx", b"a good export")
    left = sorted(p.name for p in tmp_path.iterdir())
    # The old debris is gone; a part file a few seconds old may be a write in progress.
    assert stale.name not in left
    assert fresh.name in left and ".notes.part" in left


def test_autosave_leaves_no_part_file_in_the_recovery_folder(tmp_path):
    import time

    from brief_editor.model import Brief
    from brief_editor.storage.autosave import RecoveryStore

    folder = tmp_path / "recovery"
    folder.mkdir()
    [stale] = _killed_mid_write(folder / "1234-abcd.recovery.json")
    old = time.time() - 11 * 60
    os.utime(stale, (old, old))
    store = RecoveryStore(folder)
    store.write(Brief(), None)
    assert [p.name for p in folder.iterdir()] == [store.file.name]
