"""Notes worded in an earlier run are reused, and never go stale."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from brief_editor.citations.engine import CiteprocEngine
from brief_editor.citations.notes import NoteRenderer
from brief_editor.storage.files import read_brief
from brief_editor.storage.note_cache import FileClusterStore

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _texts(renderer: NoteRenderer, brief) -> list[str]:
    return [n.text for n in renderer.render(brief)]


def test_a_second_run_reads_the_stored_wording(tmp_path):
    brief = read_brief(FIXTURES / "tiny.brief")
    store = FileClusterStore(tmp_path / "notes")
    cold = _texts(NoteRenderer(store=store), brief)
    engine = CiteprocEngine()
    warm_renderer = NoteRenderer(store=store, engine=engine)
    warm = _texts(warm_renderer, brief)
    assert warm == cold == [
        "Talks Resume in Geneva, Example Wire, March 2024, https://example.org/talks.",
        "Ibid., 2.",
    ]
    # Everything came from the store: the JavaScript engine was never started.
    assert engine.processes_started == 0


def test_an_edited_source_is_worded_again(tmp_path):
    brief = read_brief(FIXTURES / "tiny.brief")
    store = FileClusterStore(tmp_path / "notes")
    _texts(NoteRenderer(store=store), brief)
    source = brief.sources[0]
    edited = dataclasses.replace(
        brief, sources=(dataclasses.replace(source, data={**source.data, "title": "Talks Stall"}),)
    )
    assert _texts(NoteRenderer(store=store), edited)[0].startswith("Talks Stall, Example Wire")


def test_a_damaged_store_is_ignored(tmp_path):
    brief = read_brief(FIXTURES / "tiny.brief")
    folder = tmp_path / "notes"
    store = FileClusterStore(folder)
    _texts(NoteRenderer(store=store), brief)
    for file in folder.iterdir():
        file.write_bytes(b"\x00not json")
    assert _texts(NoteRenderer(store=store), brief)[1] == "Ibid., 2."
