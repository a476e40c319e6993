"""One V8 isolate for the program, in a process of its own whose one thread owns it; shut
down on purpose, restarted when it dies (issue 15, item 1)."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from py_mini_racer._context import context_count

from brief_editor.citations.engine import (
    CiteprocEngine,
    EngineRestarted,
    close_shared_engine,
    shared_engine,
)
from brief_editor.citations.errors import CitationError
from brief_editor.citations.notes import NoteRenderer
from brief_editor.model import Cite, Note
from brief_editor.storage.files import read_brief

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "sample-issue.brief"


def many_notes(count: int = 200):
    """The sample with ``count`` more notes, each with its own locator (nothing cached)."""
    brief = read_brief(SAMPLE)
    source = brief.sources[0].id
    first = brief.sections[0]
    extra = tuple((f"Line {n}.", Note((Cite(source, str(n + 1)),))) for n in range(count))
    section = dataclasses.replace(first, event=(*first.event, *extra))
    return dataclasses.replace(brief, sections=(section, *brief.sections[1:]))


def test_renderers_on_many_threads_share_one_isolate_on_one_thread():
    close_shared_engine()
    started = shared_engine().processes_started
    brief = read_brief(SAMPLE)
    errors: list[BaseException] = []
    texts: list[list[str]] = []
    renderers = [NoteRenderer() for _ in range(4)]  # as the GUI, wording, preview and export

    def word(renderer: NoteRenderer) -> None:
        try:
            texts.append([n.text for n in renderer.render(brief)])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=word, args=(r,)) for r in renderers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(texts) == 4 and all(t == texts[0] for t in texts)
    # Four renderers on four threads: no isolate in this process, one engine process.
    assert context_count() == 0
    engine = shared_engine()
    assert engine.pid is not None and engine.processes_started == started + 1


def test_closing_the_engine_frees_the_isolate_and_a_later_request_starts_anew():
    renderer = NoteRenderer()
    renderer.render(read_brief(SAMPLE))
    engine = shared_engine()
    pid = engine.pid
    assert pid is not None
    close_shared_engine()
    assert engine.pid is None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # ended and reaped, not left behind
    assert NoteRenderer().render(read_brief(SAMPLE))[0].text.startswith("Velmora Shuts")


def test_a_runaway_request_restarts_the_engine_and_the_next_one_works():
    engine = CiteprocEngine(timeout_s=60)
    heard: list[str] = []
    engine.add_listener(heard.append)
    brief = many_notes()
    NoteRenderer(engine=engine).render(read_brief(SAMPLE))  # the isolate is up
    engine.timeout_s = 0.0001  # no wording of 200 notes ends this soon
    with pytest.raises(EngineRestarted, match="took too long"):
        NoteRenderer(engine=engine).render(brief)
    assert engine.restarts == 1 and heard == ["it took too long"]
    engine.timeout_s = 60
    notes = NoteRenderer(engine=engine).render(brief)
    assert len(notes) > 200 and sum(n.text.startswith("Ibid., ") for n in notes) >= 199
    engine.close()


def test_an_engine_killed_between_requests_is_restarted_and_the_notes_come(tmp_path):
    engine = CiteprocEngine()
    heard: list[str] = []
    engine.add_listener(heard.append)
    brief = read_brief(SAMPLE)
    first = [n.text for n in NoteRenderer(engine=engine).render(brief)]
    os.kill(engine.pid, signal.SIGKILL)  # as a crash in V8 would end it
    again = [n.text for n in NoteRenderer(engine=engine).render(brief)]
    assert again == first
    assert engine.restarts == 1 and engine.processes_started == 2
    assert heard == ["it crashed"]  # SIGKILL, as a segmentation fault ends it by a signal
    engine.close()


def test_the_command_line_exits_promptly_after_wording_notes(tmp_path):
    # The isolate is freed at exit by the owner thread, not left to interpreter teardown.
    for _ in range(3):
        done = subprocess.run([sys.executable, "-m", "brief_editor", "notes", str(SAMPLE)],
                              capture_output=True, text=True, timeout=60, cwd=ROOT,
                              env={"BRIEF_EDITOR_HOME": str(tmp_path), "PATH": "/usr/bin:/bin",
                                   "BRIEF_EDITOR_NO_CACHE": "1"})
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("1. ")


def test_a_bad_language_tag_is_a_citation_error_naming_meta_language():
    brief = read_brief(SAMPLE)
    for bad in ("en\u0001US", "__proto__", "x" * 100_000):
        odd = dataclasses.replace(brief, meta=dataclasses.replace(brief.meta, language=bad))
        with pytest.raises(CitationError, match="meta.language") as info:
            NoteRenderer().render(odd)
        assert len(str(info.value)) < 200
