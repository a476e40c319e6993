"""The editor survives its notes engine (issue 15, item 1): random sessions under
faulthandler end cleanly, and an engine that is stopped is restarted and said so."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

from brief_editor.citations.engine import shared_engine
from brief_editor.citations.notes import NoteRenderer
from brief_editor.model import Cite, Note
from brief_editor.storage.files import save_brief

from .helpers import make_brief

DRIVER = Path(__file__).with_name("stress_driver.py")
ROOT = Path(__file__).resolve().parents[2]


def run_sessions(folder: Path, sessions: int, seed: int, preview_every: int) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT),
               BRIEF_EDITOR_HOME=str(folder / "home"))
    done = subprocess.run([sys.executable, str(DRIVER), str(folder), str(sessions), str(seed),
                           "--preview-every", str(preview_every)],
                          capture_output=True, text=True, timeout=600, env=env)
    # A segmentation fault shows as -11 with faulthandler's stacks on standard error.
    assert done.returncode == 0, done.stderr[-4000:]
    assert done.stdout.splitlines()[-1] == f"SESSIONS OK {sessions}"


def test_random_editing_sessions_do_not_crash(tmp_path):
    # The long run is `make stress`; this is its few-seconds sample.
    run_sessions(tmp_path, sessions=3, seed=int(os.environ.get("STRESS_SEED", "7")),
                 preview_every=3)


def test_a_stopped_engine_is_restarted_and_the_status_bar_says_so(qtbot, window, tmp_path):
    brief = make_brief()
    first = brief.sections[0]
    extra = tuple((f"Line {n}.", Note((Cite("wire1", str(n + 10)),))) for n in range(120))
    brief = dataclasses.replace(brief, sections=(
        dataclasses.replace(first, event=(*first.event, *extra)), *brief.sections[1:]))
    path = tmp_path / "many.brief"
    save_brief(path, brief)
    engine = shared_engine()
    NoteRenderer(engine=engine).render(make_brief())  # the engine is up and has answered
    assert window.open_path(path, ask_to_save=False)
    old = engine.timeout_s
    restarts = engine.restarts
    engine.timeout_s = 0.0001  # no engine words 120 notes this fast: it is stopped
    try:
        window.live.refresh_now(wait=True)
        qtbot.waitUntil(lambda: window.live.engine_message is not None, timeout=10_000)
    finally:
        engine.timeout_s = old
    assert engine.restarts == restarts + 1
    assert "took too long" in window.live.engine_message
    assert window.statusBar().currentMessage() == window.live.engine_message
    assert window.document.brief == brief  # nothing lost
    window.live.refresh_now(wait=True)
    assert len(window.live.notes) == len(window.live.analysis.digest.notes) > 120
    assert window.live.notes_error is None


def test_an_engine_that_crashes_is_restarted_and_the_document_kept(qtbot, window, tmp_path):
    import signal

    brief = make_brief()
    first = brief.sections[0]
    extra = tuple((f"Line {n}.", Note((Cite("wire1", str(n + 500)),))) for n in range(10))
    brief = dataclasses.replace(brief, sections=(
        dataclasses.replace(first, event=(*first.event, *extra)), *brief.sections[1:]))
    path = tmp_path / "crash.brief"
    save_brief(path, brief)
    assert window.open_path(path, ask_to_save=False)
    window.live.refresh_now(wait=True)
    before = [n.text for n in window.live.notes]
    engine = shared_engine()
    restarts = engine.restarts
    os.kill(engine.pid, signal.SIGKILL)  # what a segmentation fault in V8 does to it
    # An edit that needs new wording (a note with a new locator), as typing would make.
    edited = window.document.brief
    section = edited.sections[0]
    note = ("One more.", Note((Cite("wire1", "999"),)))
    window.document.push(dataclasses.replace(edited, sections=(
        dataclasses.replace(section, event=(*section.event, note)), *edited.sections[1:])),
        "Add note")
    window.live.refresh_now(wait=True)
    qtbot.waitUntil(lambda: window.live.engine_message is not None, timeout=10_000)
    assert "stopped (it crashed) and was restarted" in window.live.engine_message
    assert "your brief is safe" in window.live.engine_message
    assert engine.restarts == restarts + 1
    assert window.live.notes_error is None
    assert len(window.live.notes) == len(before) + 1
    assert window.document.is_dirty and window.isVisible()
