"""The editor's import of a library that gives one key to different works: each comes in
under a key of its own, the report lists every new key with its line, one undo takes the
import back, and importing the file again adds nothing."""

from __future__ import annotations

from pathlib import Path

from brief_editor.ui.document import Document

from .helpers import choose_file, make_brief

# The brief of make_brief already cites "wire1" (a Geneva talks article): the library's
# wire1 is another page, and its two Lee2021 entries are two papers.
LIBRARY = """\
@online{wire1,
  title = {Harbour Reopens After Storm},
  url = {https://example.org/harbour},
}

@article{Lee2021,
  author = {Lee, Min},
  title = {Bit-Flipping for Patterned Media},
  journal = {IEEE Transactions on Magnetics},
  year = {2021},
  doi = {10.1109/TMAG.2021.1},
}

@article{Lee2021,
  author = {Lee, Min},
  title = {Two-Dimensional Equalizers},
  journal = {Applied Sciences},
  year = {2021},
  doi = {10.3390/app2021.2},
}
"""


def test_import_shows_each_new_key_in_the_report_and_undoes_in_one_step(
        qtbot, window, monkeypatch, tmp_path: Path) -> None:
    window.set_document(Document(make_brief(), parent=window))
    library = tmp_path / "scopus-like.bib"
    library.write_text(LIBRARY, encoding="utf-8")
    choose_file(monkeypatch, library)
    window.library.act_import.trigger()

    sources = window.document.brief.source_by_id()
    assert [s.id for s in window.document.brief.sources] == ["wire1", "wire1a", "Lee2021",
                                                             "Lee2021a"]
    assert sources["wire1"].title == "Talks Resume in Geneva"  # the brief's cites unchanged
    assert sources["wire1a"].title == "Harbour Reopens After Storm"
    assert sources["Lee2021a"].title == "Two-Dimensional Equalizers"
    assert sources["Lee2021a"].custom == {"original_key": "Lee2021"}

    report = window.library.last_report
    assert report is not None and report.isVisible()
    assert report.summary.text() == ("Added 3 sources from scopus-like.bib (2 entries under a "
                                     "new key); skipped 0 entries.")
    lines = report.details.toPlainText().splitlines()
    # What needs a look comes first: the keys changed, each with its line.
    assert lines[:2] == [
        "Renamed: wire1 (line 1) → wire1a: the key is taken by source 'wire1', a different work",
        "Renamed: Lee2021 (line 14) → Lee2021a: the key is taken by entry 'Lee2021' at line 6 "
        "of the library, a different work",
    ]
    assert {"Added: wire1a", "Added: Lee2021", "Added: Lee2021a"} <= set(lines)
    shown = {window.sources_panel.proxy.index(r, 0).data()
             for r in range(window.sources_panel.proxy.rowCount())}
    assert {"Harbour Reopens After Storm", "Two-Dimensional Equalizers"} <= shown

    window.document.undo_stack.undo()
    assert [s.id for s in window.document.brief.sources] == ["wire1"]
    window.document.undo_stack.redo()

    # The same file again: nothing new, no further letters, no undo step.
    steps = window.document.undo_stack.count()
    window.library.act_import.trigger()
    again = window.library.last_report
    assert again is not report and again.isVisible()
    assert again.summary.text() == "Added 0 sources from scopus-like.bib; skipped 3 entries."
    assert not [line for line in again.details.toPlainText().splitlines()
                if line.startswith("Renamed:")]
    assert window.document.undo_stack.count() == steps
    assert len(window.document.brief.sources) == 4


def test_a_linked_library_keeps_each_work_under_its_key_as_the_file_changes(
        qtbot, window, monkeypatch, tmp_path: Path) -> None:
    """Linked (watched) rather than imported: the second Lee2021 comes in as Lee2021a, and
    when the export is written again with its entries in another order, no work changes
    key."""
    window.set_document(Document(make_brief(), parent=window))
    library = tmp_path / "scopus-like.bib"
    papers = LIBRARY.split("\n\n", 1)[1]
    library.write_text(papers, encoding="utf-8")
    choose_file(monkeypatch, library)
    window.library.act_link.trigger()

    sources = window.document.brief.source_by_id()
    assert sources["Lee2021"].title == "Bit-Flipping for Patterned Media"
    assert sources["Lee2021a"].title == "Two-Dimensional Equalizers"
    report = window.library.last_report
    assert report is not None and report.summary.text().startswith(
        "Linked to scopus-like.bib: added 2 sources (1 entry under a new key), updated 0")
    assert report.details.toPlainText().splitlines()[0] == (
        "Renamed: Lee2021 (line 9) → Lee2021a: the library gives “Lee2021” to another work too")

    steps = window.document.undo_stack.count()
    window.library.last_message = ""
    first, second = papers.strip().split("\n\n")
    library.write_text(second + "\n\n" + first + "\n", encoding="utf-8")
    qtbot.waitUntil(lambda: window.library.last_message.endswith("no change"), timeout=10000)
    assert window.document.undo_stack.count() == steps
    sources = window.document.brief.source_by_id()
    assert sources["Lee2021"].title == "Bit-Flipping for Patterned Media"
    assert sources["Lee2021a"].title == "Two-Dimensional Equalizers"
