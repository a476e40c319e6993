"""File ▸ Import Review… on a real reviewed export (Word's own markup, Zotero fields in the
notes): accept one change, a selection, all; undo each; a conflict; a note change that sends
the analyst to its source; the reviewer's comment beside its words."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit

from brief_editor.model import inline_text
from brief_editor.ui.document import Document
from brief_editor.ui.review_dock import import_review
from tests.review.review_briefs import export, review_brief
from tests.review.word_markup import WordReview

from .helpers import answer_dialog


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("review")
    exported = export(review_brief(), folder / "issue-7.docx")
    with zipfile.ZipFile(exported) as z:
        assert b"ADDIN ZOTERO_ITEM CSL_CITATION" in z.read("word/endnotes.xml")
    word = WordReview(exported)
    word.replace("nine days of talks", "a week of talks", author="Jo Reviewer")
    word.delete(" Some hauliers expect longer delays.", author="Jo Reviewer")
    word.insert_after("Tourism bookings", " and hotel stays", author="Sam Editor")
    word.edit_note("Ferry Strike Called Off", "Ferry Strike Cancelled", author="Jo Reviewer")
    word.comment("dock workers", "Which union?", author="Sam Editor")
    return word.save(folder / "issue-7-reviewed.docx")


def open_and_import(window, path: Path, brief=None):
    window.set_document(Document(brief or review_brief(), parent=window))
    assert import_review(window, path)
    return window.review_dock.changes


def kinds(panel) -> list[str]:
    return [panel.tree.topLevelItem(i).text(0) for i in range(panel.tree.topLevelItemCount())]


def ids_of(panel, kind: str) -> list[str]:
    return [c.id for c in panel.pending() if c.kind == kind]


def event(brief) -> str:
    return inline_text(brief.sections[0].event[0])


def bullets(brief) -> list[str]:
    return [inline_text(b) for b in brief.sections[0].implications]


def test_the_review_is_listed_and_its_comment_joins_the_brief(window, qtbot, reviewed):
    panel = open_and_import(window, reviewed)
    assert sorted(kinds(panel)) == ["Deleted", "Inserted", "Note changed", "Replaced"]
    assert window.review_dock.changes_dock.isVisible()
    replaced = next(c for c in panel.pending() if c.kind == "replace")
    assert (replaced.author, replaced.before, replaced.after) == (
        "Jo Reviewer", "nine days of talks", "a week of talks")
    # The note's words were read through Zotero's field: one note change, against its source.
    notes = [c for c in panel.pending() if c.kind == "note"]
    assert len(notes) == 1 and notes[0].source_id == "wire"
    # The comment is in the brief, one undo step, and shown beside its words.
    doc = window.document
    assert [c.text for c in doc.brief.comments] == ["Which union?"]
    assert doc.undo_stack.undoText() == "Import review comments"
    assert window.review_dock.comments_dock.isVisible()
    doc.undo_stack.undo()
    assert doc.brief.comments == ()


def test_accept_one_a_selection_and_all_each_one_undo_step(window, qtbot, reviewed):
    panel = open_and_import(window, reviewed)
    doc = window.document
    original = doc.brief

    panel.select_ids(ids_of(panel, "replace"))
    panel.accept_button.click()
    assert event(doc.brief).startswith("The ferry union ended its strike after a week of talks")
    assert "Replaced" not in kinds(panel) and doc.undo_stack.undoText() == "Accept change"
    doc.undo_stack.undo()
    assert doc.brief == original and "Replaced" in kinds(panel)
    doc.undo_stack.redo()
    assert "a week of talks" in event(doc.brief)

    panel.select_ids(ids_of(panel, "delete") + ids_of(panel, "insert"))
    panel.accept_button.click()
    assert bullets(doc.brief)[0] == "Freight queues should clear within a week."
    assert bullets(doc.brief)[2] == "Tourism bookings and hotel stays may recover before the holidays."
    assert doc.undo_stack.undoText() == "Accept 2 changes"
    doc.undo_stack.undo()
    assert "Some hauliers" in bullets(doc.brief)[0] and "hotel" not in bullets(doc.brief)[2]
    assert "a week of talks" in event(doc.brief), "one undo takes back one step"

    panel.accept_all_button.click()
    assert "Some hauliers" not in bullets(doc.brief)[0] and "hotel" in bullets(doc.brief)[2]
    assert kinds(panel) == ["Note changed"], "a note change is never applied as text"
    assert doc.undo_stack.undoText() == "Accept 2 changes"
    panel.reject_all_button.click()
    assert kinds(panel) == []
    for _ in range(3):
        doc.undo_stack.undo()
    assert doc.brief == original and len(kinds(panel)) == 4


def test_a_change_to_words_the_analyst_also_changed_is_a_conflict(window, qtbot, reviewed):
    brief = review_brief()
    section = brief.sections[0]
    first = tuple(s.replace("nine days of talks", "ten days of hard talks")
                  if isinstance(s, str) else s for s in section.event[0])
    brief = dataclasses.replace(brief, sections=(
        dataclasses.replace(section, event=(first, *section.event[1:])), *brief.sections[1:]))
    panel = open_and_import(window, reviewed, brief)
    assert "Conflict" in kinds(panel)
    conflict = next(c for c in panel.pending() if c.conflict)
    panel.select_ids([conflict.id])
    detail = panel.detail.toPlainText()
    assert "ten days of hard talks" in detail and "a week of talks" in detail
    assert not panel.accept_button.isEnabled()
    panel.accept_all_button.click()
    assert "ten days of hard talks" in event(window.document.brief), "never a silent overwrite"
    assert "Conflict" in kinds(panel)


def test_a_note_change_opens_its_source_for_editing(window, qtbot, reviewed):
    panel = open_and_import(window, reviewed)
    panel.select_ids(ids_of(panel, "note"))
    assert panel.source_button.isEnabled()

    def retitle(dialog: QDialog) -> None:
        title = next(e for e in dialog.findChildren(QLineEdit)
                     if e.text() == "Ferry Strike Called Off")
        title.setText("Ferry Strike Cancelled")
        dialog.accept()

    panel.show_button.click()  # the note's marker in the form
    assert window.outline.current_section_id() == "s1"
    assert window.form.event.hasFocus()
    answer_dialog(retitle)
    panel.source_button.click()
    assert window.document.brief.source_by_id()["wire"].title == "Ferry Strike Cancelled"
    assert window.document.undo_stack.undoText() == "Edit source"


def test_a_thread_started_here_comes_back_with_the_reviewers_reply(window, qtbot, tmp_path):
    import docx

    from .test_comments import add_comment

    window.set_document(Document(review_brief(), parent=window))
    window.outline.select("s1")
    editor = window.form.implications
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    mine = add_comment(window, qtbot, editor, "dock workers", "Which union?")
    exported = export(window.document.brief, tmp_path / "round-1.docx")
    word = WordReview(exported)
    word.reply_to_existing("Which union?", "The stevedores.", author="Jo Reviewer")
    word.resolve_existing("Which union?")
    reviewed = word.save(tmp_path / "round-1-word.docx")
    # A second reviewer comments with python-docx 1.2's comment API on the same file.
    document = docx.Document(str(reviewed))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Tourism bookings"))
    document.add_comment(paragraph.runs, text="Source?", author="Py Reviewer", initials="PR")
    document.save(str(tmp_path / "round-1-reviewed.docx"))

    assert import_review(window, tmp_path / "round-1-reviewed.docx")
    threads = {c.id: c for c in window.document.brief.comments}
    assert len(threads) == 2
    thread = threads[mine.id]
    assert thread.resolved and [r.text for r in thread.replies] == ["The stevedores."]
    other = next(c for c in threads.values() if c.id != mine.id)
    assert (other.author, other.text, other.anchor.index) == ("Py Reviewer", "Source?", 2)
    panel = window.comments.panel
    qtbot.waitUntil(lambda: set(panel.card_by_id) == set(threads))
    card = panel.card_by_id[mine.id]
    assert card.resolve_button.text() == "Reopen"
    assert any("The stevedores." in label.text() for label in card.findChildren(QLabel)
               if label.accessibleName() == "Reply")
