"""The Review dock's Changes tab: who, when, where and before → after; conflicts shown as
conflicts; a note change sends the analyst to its source; each decision one undo step."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLineEdit

from brief_editor.model import Place
from brief_editor.review import Review, ReviewChange
from brief_editor.ui.comments import MARK_KEY
from brief_editor.ui.document import Document

from .helpers import answer_dialog, make_brief


def changes() -> tuple[ReviewChange, ...]:
    return (
        ReviewChange("r1", "replace", "J. Editor", "2026-11-27T09:30:00Z",
                     Place("s1", "event", 0), "Talks round 1 — the event, paragraph 1",
                     "useful", "constructive"),
        ReviewChange("r2", "delete", "J. Editor", "2026-11-27T09:31:00Z",
                     Place("s1", "implications", 0), "Talks round 1 — the implications, bullet 1",
                     "Further rounds are likely.", "", conflict=True,
                     ours="Further rounds are certain."),
        ReviewChange("r3", "note", "K. Reviewer", "2026-11-27T09:40:00Z",
                     Place("s1", "event", 0), "Talks round 1 — note 1",
                     "Talks Resume in Geneva", "Talks Resumed in Geneva", source_id="wire1",
                     note_number=1),
    )


def open_review(window, qtbot):
    window.set_document(Document(make_brief(), parent=window))
    window.outline.select("s1")
    panel = window.review_dock.changes
    panel.set_review(Review("export-1", changes(), (), path="/tmp/issue-reviewed.docx"))
    window.review_dock.show_changes()
    return panel


def rows(panel) -> list[list[str]]:
    tree = panel.tree
    return [[tree.topLevelItem(i).text(c) for c in range(5)]
            for i in range(tree.topLevelItemCount())]


def test_each_change_is_listed_with_who_when_where_and_before_after(window, qtbot):
    panel = open_review(window, qtbot)
    listed = rows(panel)
    assert [r[0] for r in listed] == ["Replaced", "Conflict", "Note changed"]
    assert listed[0][1] == "J. Editor" and "2026" in listed[0][2]
    assert listed[0][3] == "Talks round 1 — the event, paragraph 1"
    assert listed[0][4] == "useful → constructive"
    assert "3 changes to decide" in panel.summary.text() and "1 conflict" in panel.summary.text()


def test_a_conflict_shows_both_versions_and_cannot_be_accepted(window, qtbot):
    panel = open_review(window, qtbot)
    panel.select_ids(["r2"])
    detail = panel.detail.toPlainText()
    assert "Conflict" in detail
    assert "Yours now: “Further rounds are certain.”" in detail
    assert "At export: “Further rounds are likely.”" in detail
    assert not panel.accept_button.isEnabled() and panel.reject_button.isEnabled()


def test_selecting_a_change_opens_the_form_with_its_words_highlighted(window, qtbot):
    panel = open_review(window, qtbot)
    window.outline.select("n1")
    panel.tree.setFocus()
    qtbot.waitUntil(panel.tree.hasFocus)
    panel.select_ids(["r1"])
    editor = window.form.event
    assert window.outline.current_section_id() == "s1"
    assert editor.textCursor().selectedText() == "useful"
    assert panel.tree.hasFocus(), "the arrow keys still walk the list"
    marked = [s.cursor.selectedText() for s in editor.extraSelections()
              if s.format.hasProperty(MARK_KEY)]
    assert "useful" in marked
    window.outline.select("n1")
    assert panel.show_in_form()
    assert window.form.event.hasFocus() and window.form.event.textCursor().selectedText() == (
        "useful")


def test_reject_one_and_a_selection_each_one_undo_step(window, qtbot):
    panel = open_review(window, qtbot)
    doc = window.document
    brief = doc.brief
    panel.select_ids(["r1"])
    panel.reject_button.click()
    assert [r[0] for r in rows(panel)] == ["Conflict", "Note changed"]
    assert doc.brief is brief and doc.undo_stack.undoText() == "Reject change"
    panel.select_ids(["r2", "r3"])
    panel.reject_button.click()
    assert rows(panel) == [] and doc.undo_stack.undoText() == "Reject 2 changes"
    doc.undo_stack.undo()
    assert [r[0] for r in rows(panel)] == ["Conflict", "Note changed"]
    doc.undo_stack.undo()
    assert len(rows(panel)) == 3
    doc.undo_stack.redo()
    assert len(rows(panel)) == 2


def test_a_note_change_offers_to_edit_its_source(window, qtbot):
    panel = open_review(window, qtbot)
    panel.select_ids(["r3"])
    assert "note 1" in panel.detail.toPlainText() and "source wire1" in panel.detail.toPlainText()
    assert panel.source_button.isVisible() and panel.source_button.isEnabled()
    assert not panel.accept_button.isEnabled()

    def retitle(dialog: QDialog) -> None:
        title = next(e for e in dialog.findChildren(QLineEdit)
                     if e.text() == "Talks Resume in Geneva")
        title.setText("Talks Resumed in Geneva")
        dialog.accept()

    answer_dialog(retitle)
    panel.source_button.click()
    assert window.document.brief.source_by_id()["wire1"].title == "Talks Resumed in Geneva"
    assert window.document.undo_stack.undoText() == "Edit source"


def test_a_file_that_is_not_a_review_is_refused_in_one_line_and_changes_nothing(
        window, qtbot, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from brief_editor.ui.review_dock import import_review

    window.set_document(Document(make_brief(), parent=window))
    before = window.document.brief
    bad = tmp_path / "issue-reviewed.docx"
    bad.write_bytes(b"this is not a Word file")
    messages: list[str] = []

    def read(dialog: QMessageBox) -> None:
        messages.append(dialog.text())
        dialog.accept()

    answer_dialog(read)
    assert not import_review(window, bad)
    assert len(messages) == 1 and "\n" not in messages[0].strip()
    assert "issue-reviewed.docx" in messages[0]
    assert window.document.brief is before and window.document.undo_stack.count() == 0
    assert window.review_dock.changes.review is None


def test_every_control_of_the_review_and_comments_docks_has_a_name(window, qtbot):
    from .test_window import unnamed_controls

    panel = open_review(window, qtbot)
    panel.select_ids(["r3"])
    window.review_dock.show_comments()
    window.comments.panel.begin_new(
        window.comments.anchor_from_selection(window.form.event), "here")
    assert unnamed_controls(window.review_dock.changes_dock) == []
    assert unnamed_controls(window.review_dock.comments_dock) == []


def test_opening_another_brief_closes_the_review(window, qtbot):
    panel = open_review(window, qtbot)
    assert window.review_dock.changes_dock.isVisible()
    window.set_document(Document(make_brief(), parent=window))
    assert panel.review is None and rows(panel) == []
    assert not window.review_dock.changes_dock.isVisible()
