"""Library files in the editor: import with a report, export and re-import, a watched link."""

from __future__ import annotations

import json
from pathlib import Path

from brief_editor.model import Brief
from brief_editor.storage.atomic import atomic_write
from brief_editor.storage.files import save_brief
from brief_editor.ui.document import Document
from brief_editor.ui.library_actions import LINK_KEY

from .helpers import choose_file, make_brief

MALFORMED_BIB = """\
@article{good1,
  title = {The {Caf\\'e} Talks},
  journal = {Example Wire},
  year = {2024},
  author = {Smith, John and {United Nations}},
}

@article{broken,
  title = {Missing brace,
  year = 2023

@book{good2,
  title = {A Book},
  publisher = {Press},
  year = {2020},
}

@misc{wire1,
  title = {Talks Resume in Geneva},
  url = {https://example.org/talks},
}
"""


def ids(window) -> list[str]:
    return [s.id for s in window.document.brief.sources]


def test_import_a_malformed_bib_reports_the_bad_entry_and_keeps_the_good(
        qtbot, window, monkeypatch, tmp_path: Path) -> None:
    window.set_document(Document(make_brief(), parent=window))
    library = tmp_path / "library.bib"
    library.write_text(MALFORMED_BIB, encoding="utf-8")
    choose_file(monkeypatch, library)
    window.library.act_import.trigger()

    assert ids(window) == ["wire1", "good1", "good2"]
    good1 = window.document.brief.source_by_id()["good1"]
    assert good1.title == "The Café Talks"  # accents and braces decoded
    assert good1.data["author"] == [{"family": "Smith", "given": "John"},
                                    {"literal": "United Nations"}]
    report = window.library.last_report
    assert report is not None and report.isVisible()
    text = report.text()
    assert "Added 2 sources from library.bib; skipped 2 entries." in text
    lines = text.splitlines()
    assert "Added: good1" in lines and "Added: good2" in lines
    assert any(line.startswith("Skipped: broken (line 8): malformed") for line in lines)
    assert any(line.startswith("Skipped: wire1 (line 18): duplicate of source 'wire1'")
               for line in lines)
    assert "Gespräche" not in text
    assert {"The Café Talks", "A Book"} <= {
        window.sources_panel.proxy.index(r, 0).data()
        for r in range(window.sources_panel.proxy.rowCount())}
    # One undo step takes the whole import back.
    window.document.undo_stack.undo()
    assert ids(window) == ["wire1"]


def test_export_bibtex_and_csl_json_then_import_them_again(
        qtbot, window, monkeypatch, tmp_path: Path) -> None:
    window.set_document(Document(make_brief(), parent=window))
    library = tmp_path / "library.bib"
    library.write_text(MALFORMED_BIB, encoding="utf-8")
    window.library.import_file(library)
    original = {s.id: s for s in window.document.brief.sources}

    exported = tmp_path / "out" / "sources"  # no extension typed: one is added
    exported.parent.mkdir()
    choose_file(monkeypatch, exported, save=True)
    window.library.act_export_bib.trigger()
    bib = exported.with_suffix(".bib")
    assert "@book{good2," in bib.read_text(encoding="utf-8")
    choose_file(monkeypatch, exported.with_suffix(".json"), save=True)
    window.library.act_export_json.trigger()
    items = json.loads(exported.with_suffix(".json").read_text(encoding="utf-8"))
    assert [i["id"] for i in items] == ["wire1", "good1", "good2"]

    for path in (bib, exported.with_suffix(".json")):
        window.set_document(Document(Brief(), parent=window))
        choose_file(monkeypatch, path)
        window.library.act_import.trigger()
        again = {s.id: s for s in window.document.brief.sources}
        assert list(again) == list(original)
        for key, source in original.items():
            for field in ("title", "author", "container-title", "publisher", "URL", "issued"):
                assert again[key].data.get(field) == source.data.get(field), (path, key, field)


def test_a_linked_library_is_watched_and_merged(qtbot, window, monkeypatch,
                                                tmp_path: Path) -> None:
    brief_path = tmp_path / "issue.brief"
    save_brief(brief_path, make_brief())
    window.open_path(brief_path)
    zotero = tmp_path / "zotero" / "export.json"
    zotero.parent.mkdir()
    entries = [{"id": "z1", "type": "webpage", "title": "First Page",
                "URL": "https://z.example/1"}]
    atomic_write(zotero, json.dumps(entries).encode())

    choose_file(monkeypatch, zotero)
    window.library.act_link.trigger()
    brief = window.document.brief
    assert brief.extra[LINK_KEY] == zotero.absolute().as_posix()
    assert ids(window) == ["wire1", "z1"]
    assert window.document.undo_stack.count() == 1

    # Better BibTeX rewrites the file (write to a temporary file, then rename over it).
    entries[0]["title"] = "First Page, Revised"
    entries.append({"id": "z2", "type": "report", "title": "Second", "publisher": "Inst"})
    atomic_write(zotero, json.dumps(entries).encode())
    qtbot.waitUntil(lambda: ids(window) == ["wire1", "z1", "z2"], timeout=10000)
    assert window.document.brief.source_by_id()["z1"].title == "First Page, Revised"
    assert window.document.undo_stack.count() == 2  # one step for the whole update

    # A half-written file changes nothing and says so; the next good write is read.
    before = window.document.brief
    zotero.write_text('[{"id": "z3", "type": "webpage", "tit', encoding="utf-8")
    qtbot.waitUntil(lambda: "not re-read" in window.library.last_message, timeout=10000)
    assert window.document.brief is before
    entries.append({"id": "z3", "type": "webpage", "title": "Third", "URL": "https://z/3"})
    atomic_write(zotero, json.dumps(entries).encode())
    qtbot.waitUntil(lambda: "z3" in ids(window), timeout=10000)

    # The link is saved with the brief; reopening reads what changed meanwhile, and watches.
    assert window.save()
    assert json.loads(brief_path.read_text(encoding="utf-8"))[LINK_KEY] == "zotero/export.json"
    window.set_document(Document(Brief(), parent=window))
    assert window.library.path is None
    entries.append({"id": "z4", "type": "webpage", "title": "Fourth", "URL": "https://z/4"})
    atomic_write(zotero, json.dumps(entries).encode())
    window.open_path(brief_path, ask_to_save=False)
    assert window.library.path == zotero.absolute()
    qtbot.waitUntil(lambda: "z4" in ids(window), timeout=10000)
    entries.append({"id": "z5", "type": "webpage", "title": "Fifth", "URL": "https://z/5"})
    atomic_write(zotero, json.dumps(entries).encode())
    qtbot.waitUntil(lambda: "z5" in ids(window), timeout=10000)

    # Saved into another folder, the file names the same library from there, and the copy
    # opens watching it.
    elsewhere = tmp_path / "archive" / "2024" / "issue.brief"
    elsewhere.parent.mkdir(parents=True)
    assert window.save_to(elsewhere, save_as=True)
    on_disk = json.loads(elsewhere.read_text(encoding="utf-8"))[LINK_KEY]
    assert on_disk == "../../zotero/export.json"
    assert window.library.path == zotero.absolute()
    window.set_document(Document(Brief(), parent=window))
    window.open_path(elsewhere, ask_to_save=False)
    assert window.library.path == zotero.absolute()
    entries.append({"id": "z6", "type": "webpage", "title": "Sixth", "URL": "https://z/6"})
    atomic_write(zotero, json.dumps(entries).encode())
    qtbot.waitUntil(lambda: "z6" in ids(window), timeout=10000)

    # Unlinking stops the watch; the sources stay.
    window.library.unlink()
    assert LINK_KEY not in window.document.brief.extra
    assert window.library.path is None and not window.library.watcher.files()
    assert "z5" in ids(window)


def test_a_linked_library_that_is_a_fifo_is_refused_and_does_not_hold_up_quitting(
        qtbot, window, tmp_path: Path) -> None:
    import contextlib
    import dataclasses
    import os

    from PySide6.QtCore import QThreadPool

    fifo = tmp_path / "library.bib"
    os.mkfifo(fifo)
    brief = make_brief()
    brief = dataclasses.replace(brief, extra={**brief.extra, LINK_KEY: fifo.as_posix()})
    brief_path = tmp_path / "issue.brief"
    save_brief(brief_path, brief)
    try:
        window.open_path(brief_path)
        qtbot.waitUntil(lambda: "not a regular file" in (window.library.last_message or ""),
                        timeout=10000)
        assert "the sources are unchanged" in window.library.last_message
        # Nothing is left reading: the program can quit at once.
        assert QThreadPool.globalInstance().waitForDone(5000)
    finally:
        # Were a reader stuck opening the FIFO, a writer's open and close would free it.
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
