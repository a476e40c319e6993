"""The Sources dock: filter and sort, add and edit through the form, delete, merge."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from brief_editor.citations.positions import FIRST, IBID, compute_positions
from brief_editor.model import Brief, Cite, NarrativeSection, Note, Source, numbered_notes
from brief_editor.ui.document import Document
from brief_editor.ui.source_form import SourceDialog
from brief_editor.ui.sources_dock import COL_TITLE, COL_USES, SourcesPanel

from .helpers import answer_dialog, make_brief


def news(ident: str, title: str, site: str, year: int, url: str, **extra: object) -> Source:
    return Source({"id": ident, "type": "article-newspaper", "title": title,
                   "container-title": site, "issued": {"date-parts": [[year, 3]]}, "URL": url,
                   **extra})


def library_brief() -> Brief:
    """Three sources cited 3, 1 and 0 times (make_brief cites wire1 three times per section)."""
    brief = make_brief(sections=1)
    body = (("Analysts agreed.", Note((Cite("think"), Cite("wire1", "4")))),)
    sources = brief.sources + (
        Source({"id": "think", "type": "report", "title": "Outlook for the Talks",
                "publisher": "Example Institute", "author": [{"literal": "Example Institute"}],
                "issued": {"date-parts": [[2023]]}, "URL": "https://think.example/outlook",
                "custom": {"reliability": "B", "credibility": "2"}}),
        news("zeit", "Gespräche in Genf", "Zeitung", 2022, "https://zeitung.example/genf",
             author=[{"family": "Müller", "given": "Anna"}]),
    )
    sections = brief.sections + (NarrativeSection(id="n2", heading=("More",), body=body),)
    return dataclasses.replace(brief, sections=sections, sources=sources)


def open_brief(window, brief: Brief) -> SourcesPanel:
    window.set_document(Document(brief, parent=window))
    return window.sources_panel


def shown(panel: SourcesPanel, column: int = COL_TITLE) -> list[str]:
    proxy = panel.proxy
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


def test_table_filters_on_every_column_and_sorts(qtbot, window) -> None:
    panel = open_brief(window, library_brief())
    assert panel.count_label.text() == "3 sources"
    by_title = dict(zip(shown(panel), shown(panel, COL_USES), strict=True))
    assert by_title == {"Talks Resume in Geneva": "4", "Outlook for the Talks": "1",
                        "Gespräche in Genf": "0"}
    row = shown(panel).index("Outlook for the Talks")
    assert [panel.proxy.index(row, c).data() for c in range(1, 5)] == [
        "Example Institute", "2023", "Report", "B2"]

    qtbot.keyClicks(panel.filter_edit, "anna")  # an author's name, not a column
    assert shown(panel) == ["Gespräche in Genf"]
    assert panel.count_label.text() == "1 of 3 sources"
    panel.filter_edit.clear()
    qtbot.keyClicks(panel.filter_edit, "GESPRACHE")  # without case or accents
    assert shown(panel) == ["Gespräche in Genf"]
    panel.filter_edit.clear()
    qtbot.keyClicks(panel.filter_edit, "think.example")  # the URL
    assert shown(panel) == ["Outlook for the Talks"]
    panel.filter_edit.clear()
    qtbot.keyClicks(panel.filter_edit, "2024 wire")  # every word must match somewhere
    assert shown(panel) == ["Talks Resume in Geneva"]
    panel.filter_edit.clear()

    header = panel.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.rect().topLeft() + _section_centre(header, COL_USES))
    order = shown(panel, COL_USES)
    assert order in (["0", "1", "4"], ["4", "1", "0"])
    panel.table.sortByColumn(COL_USES, Qt.SortOrder.DescendingOrder)
    assert shown(panel) == ["Talks Resume in Geneva", "Outlook for the Talks",
                            "Gespräche in Genf"]


def _section_centre(header, column: int):
    from PySide6.QtCore import QPoint

    return QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2,
                  header.height() // 2)


def test_uses_follow_the_text_after_a_pause(qtbot, window) -> None:
    panel = open_brief(window, library_brief())
    doc = window.document
    section = doc.section("n2")
    body = (section.body[0] + (Note((Cite("zeit"),)),),)
    doc.edit_section("n2", "Add note", body=body)
    qtbot.waitUntil(lambda: dict(zip(shown(panel), shown(panel, COL_USES), strict=True))[
        "Gespräche in Genf"] == "1")


def test_add_a_source_by_typing_in_the_form(qtbot, window) -> None:
    panel = open_brief(window, library_brief())
    before = window.document.brief

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, SourceDialog)
        dialog.type_box.setCurrentIndex(dialog.type_box.findData("webpage"))
        assert not dialog.fields["publisher"].isVisibleTo(dialog)  # not a web page's field
        assert dialog.labels["container-title"].text() == "Website"
        qtbot.keyClicks(dialog.fields["title"], "Ceasefire Monitor")
        qtbot.keyClicks(dialog.fields["container-title"], "Monitor Online")
        qtbot.mouseClick(dialog.fields["author"].add_button, Qt.MouseButton.LeftButton)
        row = dialog.fields["author"].rows[0]
        qtbot.keyClicks(row.family, "Okafor")
        qtbot.keyClicks(row.given, "Ada")
        date = dialog.fields["issued"]
        for spin, text in ((date.year, "2024"), (date.month, "3"), (date.day, "5")):
            spin.lineEdit().selectAll()
            qtbot.keyClicks(spin, text)
        qtbot.keyClicks(dialog.fields["URL"], "https://monitor.example/ceasefire")
        assert dialog.id_edit.text() == "okafor2024"  # made up from author and year
        dialog.reliability.setCurrentIndex(dialog.reliability.findData("C"))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    answer_dialog(fill)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    added = window.document.brief.source_by_id()["okafor2024"]
    assert added.data == {
        "type": "webpage", "id": "okafor2024", "title": "Ceasefire Monitor",
        "container-title": "Monitor Online", "author": [{"family": "Okafor", "given": "Ada"}],
        "issued": {"date-parts": [[2024, 3, 5]]}, "URL": "https://monitor.example/ceasefire",
        "custom": {"reliability": "C"},
    }
    assert "Ceasefire Monitor" in shown(panel)
    assert panel.selected_ids() == ["okafor2024"]
    window.document.undo_stack.undo()
    assert window.document.brief == before


def test_the_form_refuses_an_id_already_taken(qtbot, window) -> None:
    brief = library_brief()
    dialog = SourceDialog(brief, None, window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.fields["title"], "Another")
    dialog.id_edit.clear()
    qtbot.keyClicks(dialog.id_edit, "think")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "already has the id" in dialog.error.text()
    # Editing a source may keep its own id.
    edit = SourceDialog(brief, brief.sources[1], window)
    qtbot.addWidget(edit)
    assert edit.problem() is None


def test_edit_a_grade_is_one_undoable_step(qtbot, window) -> None:
    panel = open_brief(window, library_brief())
    panel.select_ids(["zeit"])

    def grade(dialog: QDialog) -> None:
        assert isinstance(dialog, SourceDialog)
        assert dialog.fields["author"].rows[0].family.text() == "Müller"
        dialog.reliability.setCurrentIndex(dialog.reliability.findData("B"))
        dialog.credibility.setCurrentIndex(dialog.credibility.findData("3"))
        qtbot.keyClicks(dialog.grade_note, "German daily of record")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    answer_dialog(grade)
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    source = window.document.brief.source_by_id()["zeit"]
    assert source.custom == {"reliability": "B", "credibility": "3",
                             "note": "German daily of record"}
    # Nothing else of the item changed.
    assert {k: v for k, v in source.data.items() if k != "custom"} == \
        library_brief().source_by_id()["zeit"].data
    row = shown(panel).index("Gespräche in Genf")
    assert panel.proxy.index(row, 4).data() == "B3"
    window.document.undo_stack.undo()
    assert window.document.brief.source_by_id()["zeit"].custom == {}


def test_changing_an_id_takes_the_cites_along(qtbot, window) -> None:
    panel = open_brief(window, library_brief())
    panel.select_ids(["think"])

    def rename(dialog: QDialog) -> None:
        dialog.id_edit.selectAll()
        qtbot.keyClicks(dialog.id_edit, "institute2023")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    answer_dialog(rename)
    panel.edit_selected()
    cited = [c.source for p in numbered_notes(window.document.brief) for c in p.note.cites]
    assert "think" not in cited and cited.count("institute2023") == 1


def test_deleting_a_cited_source_is_refused_or_removes_its_cites(qtbot, window) -> None:
    brief = library_brief()
    # A note that cites wire1 and has a comment keeps its comment when the cite goes.
    extra = NarrativeSection(id="n3", heading=("Aside",), body=(
        ("Aside.", Note((Cite("wire1"),), ("Reported widely.",))),))
    brief = dataclasses.replace(brief, sections=brief.sections + (extra,))
    panel = open_brief(window, brief)
    panel.select_ids(["wire1"])
    seen: list[str] = []
    answer_dialog("Cancel", seen)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert seen == ["Source is cited"]
    assert window.document.brief == brief

    answer_dialog("Remove Cites and Delete")
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    after = window.document.brief
    assert "wire1" not in after.source_by_id()
    notes = [p.note for p in numbered_notes(after)]
    assert notes == [Note((Cite("think"),)), Note((), ("Reported widely.",))]
    # The paragraph's text closed up where the notes were.
    assert after.sections[0].event[0] == (
        "Both delegations met again in ", brief.sections[0].event[0][1],
        ". A spokesperson called the talks useful.")
    window.document.undo_stack.undo()
    assert window.document.brief == brief

    # An uncited source goes without a question.
    panel.select_ids(["zeit"])
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert "zeit" not in window.document.brief.source_by_id()


def test_merge_duplicates_repoints_every_cite(qtbot, window) -> None:
    first = news("wire1", "Talks Resume in Geneva", "Example Wire", 2024,
                 "https://example.org/talks")
    second = news("wire-copy", "Talks resume in Geneva", "Example Wire", 2024,
                  "http://EXAMPLE.org/talks/", DOI="10.1/x",
                  custom={"reliability": "A", "credibility": "1"})
    body = (("One.", Note((Cite("wire1"),)), " Two.", Note((Cite("wire-copy"),)),
             " Three.", Note((Cite("wire1"),))),)
    brief = Brief(sections=(NarrativeSection(id="n1", heading=("H",), body=body),),
                  sources=(first, second, news("other", "Other", "Elsewhere", 2020,
                                               "https://elsewhere.example")))
    panel = open_brief(window, brief)
    positions = [c.position for note in compute_positions(numbered_notes(brief)) for c in note]
    assert positions == [FIRST, FIRST, "subsequent"]

    def merge(dialog: QDialog) -> None:
        assert dialog.list.count() == 1
        assert "same URL" in dialog.list.item(0).text()
        assert "2 cites" in dialog.keep_first.text()
        dialog.keep_second.setChecked(True)
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)

    answer_dialog(merge)
    qtbot.mouseClick(panel.duplicates_button, Qt.MouseButton.LeftButton)
    after = window.document.brief
    assert [s.id for s in after.sources] == ["wire-copy", "other"]
    cites = [c.source for p in numbered_notes(after) for c in p.note.cites]
    assert cites == ["wire-copy"] * 3
    positions = [c.position for note in compute_positions(numbered_notes(after)) for c in note]
    assert positions == [FIRST, IBID, IBID]
    assert shown(panel, COL_USES)[shown(panel).index("Talks resume in Geneva")] == "3"
    window.document.undo_stack.undo()
    assert window.document.brief == brief


def test_use_counts_kept_section_by_section_equal_a_full_count() -> None:
    from brief_editor.citations.source_edits import UsesCounter, count_uses
    from brief_editor.model import Meta

    counter = UsesCounter()
    brief = library_brief()
    steps = [brief]
    brief = dataclasses.replace(brief, meta=Meta(summary=("S", Note((Cite("zeit"),)))))
    steps.append(brief)
    section = brief.sections[0]
    steps.append(dataclasses.replace(brief, sections=(
        dataclasses.replace(section, event=section.event[:1]),) + brief.sections[1:]))
    steps.append(dataclasses.replace(steps[-1], sections=steps[-1].sections[1:]))
    steps.append(dataclasses.replace(steps[-1], sections=steps[-1].sections * 2))
    steps.append(library_brief())
    for step in steps:
        assert counter.update(step) == count_uses(step)


def test_filter_narrows_and_widens_again_as_the_user_types_and_deletes(qtbot, window) -> None:
    # The model searches only the last matches while the words grow; deleting a letter
    # must bring back what the longer words hid, in the table's sort order.
    panel = open_brief(window, library_brief())
    qtbot.keyClicks(panel.filter_edit, "talks")
    assert sorted(shown(panel)) == ["Outlook for the Talks", "Talks Resume in Geneva"]
    qtbot.keyClicks(panel.filter_edit, " res")
    assert shown(panel) == ["Talks Resume in Geneva"]
    for _ in range(4):
        qtbot.keyClick(panel.filter_edit, Qt.Key.Key_Backspace)
    assert sorted(shown(panel)) == ["Outlook for the Talks", "Talks Resume in Geneva"]
    panel.filter_edit.clear()
    assert len(shown(panel)) == 3 and panel.count_label.text() == "3 sources"


def test_a_large_library_is_shown_and_filtered(qtbot, window) -> None:
    # 5,000 sources: every one is in the table, rows are built only as drawn, and a
    # filter finds the one source whose URL holds the words.
    brief = library_brief()
    many = tuple(news(f"n{i}", f"Report number {i}", "Wire", 2020 + i % 5,
                      f"https://wire.example/{i}") for i in range(5000))
    panel = open_brief(window, dataclasses.replace(brief, sources=brief.sources + many))
    assert panel.model.rowCount() == 5003
    assert len(panel.model._cache) < 200
    qtbot.keyClicks(panel.filter_edit, "wire.example/4321")
    assert shown(panel) == ["Report number 4321"]
    assert panel.count_label.text() == "1 of 5,003 sources"
