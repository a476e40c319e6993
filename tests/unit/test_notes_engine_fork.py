"""The command line forks the notes engine (issue 16): still a process of its own, which a
crash ends alone and which ends when the program ends, however it ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "sample-issue.brief"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork: Linux only")


def _run(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=120, cwd=ROOT,
                          env={**os.environ, "BRIEF_EDITOR_HOME": str(tmp_path)})


def test_a_forked_engine_words_notes_and_a_crash_in_it_ends_only_it(tmp_path) -> None:
    done = _run(f"""
        import os, signal
        from brief_editor.citations.engine import shared_engine
        from brief_editor.citations.notes import NoteRenderer
        from brief_editor.storage.files import read_brief

        engine = shared_engine()
        engine.start(fork=True)
        first = engine.pid
        brief = read_brief({str(SAMPLE)!r})
        before = [n.text for n in NoteRenderer().render(brief)]
        os.kill(first, signal.SIGKILL)  # as a crash in V8 would end it
        again = [n.text for n in NoteRenderer().render(brief)]
        assert again == before and before[0].startswith("Velmora Shuts"), before[:1]
        assert engine.restarts == 1 and engine.pid not in (None, first)
        print("ok")
    """, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_a_forked_engine_ends_when_the_program_dies_without_closing_it(tmp_path) -> None:
    # No atexit, no close(): the engine must see its pipe close and end by itself.
    done = _run("""
        import os, sys
        from brief_editor.citations.engine import shared_engine

        engine = shared_engine()
        engine.start(fork=True)
        print(engine.pid, flush=True)
        os._exit(0)
    """, tmp_path)
    assert done.returncode == 0, done.stderr
    pid = int(done.stdout.split()[0])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.kill(pid, signal.SIGKILL)
    pytest.fail("the forked notes engine outlived the program")
