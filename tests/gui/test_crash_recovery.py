"""A crash loses nothing: kill -9 the editor after it autosaved, start again, recover."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from brief_editor.storage import lock
from brief_editor.storage.paths import app_paths
from brief_editor.storage.settings import Settings, save_settings
from brief_editor.ui.mainwindow import MainWindow

from .helpers import answer_dialog

DRIVER = Path(__file__).with_name("crash_driver.py")
TYPED = " after the crash"


def wait_for(condition, what: str, limit_s: float = 60.0) -> None:
    # A deadline, not a delay: the loop ends as soon as the condition holds.
    deadline = time.monotonic() + limit_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_kill_minus_nine_then_recover(qtbot, brief_file: Path) -> None:
    paths = app_paths()
    save_settings(Settings(autosave_interval_s=1), paths)
    saved_bytes = brief_file.read_bytes()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(Path.cwd()))
    proc = subprocess.Popen([sys.executable, str(DRIVER), str(brief_file), TYPED], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "typed"
        recovery = paths.recovery

        def snapshot_has_text() -> bool:
            files = list(recovery.glob("*.recovery.json")) if recovery.is_dir() else []
            return any(TYPED in f.read_text(encoding="utf-8") for f in files)

        wait_for(snapshot_has_text, "an autosave snapshot")
        assert lock.lock_path(brief_file).exists()
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        _out, err = proc.communicate()
    assert proc.returncode == -signal.SIGKILL, err
    # Autosave never touches the saved file.
    assert brief_file.read_bytes() == saved_bytes

    window = MainWindow()
    window.show()
    try:
        seen: list[str] = []
        answer_dialog("Recover", seen)
        assert window.check_recovery()
        assert seen == ["Recover unsaved work"]
        assert window.document.brief.meta.title == "Example Desk" + TYPED
        assert window.document.path == brief_file
        assert window.document.is_dirty
        assert window.form.title.text() == "Example Desk" + TYPED
        # The dead editor's lock is stale; this window now holds the lock.
        holder = lock.read_lock(brief_file)
        assert holder is not None and holder.pid == os.getpid()
        # The file did not change since the crash, so saving over it is allowed.
        assert window.save()
        assert b"after the crash" in brief_file.read_bytes()
        assert not list(paths.recovery.glob("*.recovery.json"))
        # Nothing is offered a second time.
        assert not window.check_recovery()
    finally:
        window.document.undo_stack.setClean()
        window.document._forced_dirty = False
        window.close()
        window.deleteLater()
