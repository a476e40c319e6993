"""Comments in the editor: add one on selected words, reply, resolve, delete, each undoable;
the comment follows the text as the analyst types, and is kept when its words are gone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from brief_editor.ui.comments import MARK_KEY

from .helpers import make_brief


def open_event(window, qtbot):
    from brief_editor.ui.document import Document

    window.set_document(Document(make_brief(), parent=window))
    window.outline.select("s1")
    editor = window.form.event
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    return editor


def select_words(editor, words: str) -> None:
    text = editor.document().toPlainText()
    start = text.index(words)
    cursor = editor.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(words), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)


def highlighted(editor) -> list[str]:
    return [s.cursor.selectedText() for s in editor.extraSelections()
            if s.format.hasProperty(MARK_KEY)]


def add_comment(window, qtbot, editor, words: str, text: str):
    select_words(editor, words)
    window.act_insert_comment.trigger()
    panel = window.comments.panel
    card = panel.new_card
    assert card is not None, "Insert > Comment opens a new comment in the panel"
    assert window.review_dock.comments_dock.isVisible()
    qtbot.keyClicks(card.editor, text)
    qtbot.keyClick(card.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert panel.new_card is None and card.parent() is None, "the draft card gives way"
    return window.document.brief.comments[-1]


def test_add_reply_resolve_delete_each_undoable(window, qtbot):
    editor = open_event(window, qtbot)
    doc = window.document
    comment = add_comment(window, qtbot, editor, "delegations", "Which delegations?")
    assert comment.text == "Which delegations?"
    assert comment.anchor.quote == "delegations"
    assert (comment.anchor.section, comment.anchor.field, comment.anchor.index) == (
        "s1", "event", 0)
    assert comment.author == "A. Analyst"
    assert doc.undo_stack.undoText() == "Add comment"
    qtbot.waitUntil(lambda: highlighted(window.form.event) == ["delegations"])
    panel = window.comments.panel
    qtbot.waitUntil(lambda: comment.id in panel.card_by_id)

    card = panel.card_by_id[comment.id]
    card.reply_button.click()
    qtbot.keyClicks(card.editor, "Named in the next paragraph.")
    card.post_button.click()
    assert [r.text for r in doc.brief.comments[0].replies] == ["Named in the next paragraph."]

    qtbot.waitUntil(lambda: panel.card_by_id.get(comment.id) is not card)
    assert not panel.card_by_id[comment.id].editor.isVisibleTo(panel.card_by_id[comment.id])
    # A reply half written survives an undo elsewhere that rebuilds the threads.
    panel.card_by_id[comment.id].reply_button.click()
    panel.card_by_id[comment.id].editor.setPlainText("Half a thought")
    panel.refresh(force=True)
    assert panel.card_by_id[comment.id].editor.toPlainText() == "Half a thought"
    panel.card_by_id[comment.id].cancel()
    panel.card_by_id[comment.id].resolve_button.click()
    assert doc.brief.comments[0].resolved
    qtbot.waitUntil(lambda: panel.card_by_id[comment.id].resolve_button.text() == "Reopen")

    panel.card_by_id[comment.id].delete_button.click()
    assert doc.brief.comments == ()

    # Each was one step: undo walks back through delete, resolve, reply and add.
    doc.undo_stack.undo()
    assert doc.brief.comments[0].resolved
    doc.undo_stack.undo()
    assert not doc.brief.comments[0].resolved and doc.brief.comments[0].replies
    doc.undo_stack.undo()
    assert doc.brief.comments[0].replies == ()
    doc.undo_stack.undo()
    assert doc.brief.comments == ()
    for _ in range(4):
        doc.undo_stack.redo()
    assert doc.brief.comments == ()
    doc.undo_stack.undo()
    assert doc.brief.comments[0].resolved and len(doc.brief.comments[0].replies) == 1


def test_the_comment_follows_typing_and_survives_its_words(window, qtbot):
    editor = open_event(window, qtbot)
    doc = window.document
    add_comment(window, qtbot, editor, "delegations", "Which ones?")
    cursor = editor.textCursor()
    cursor.setPosition(0)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, "Today ")
    anchor = doc.brief.comments[0].anchor
    assert (anchor.start, anchor.end, anchor.quote) == (11, 22, "delegations")
    qtbot.waitUntil(lambda: highlighted(editor) == ["delegations"])

    select_words(editor, "delegations ")
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    assert len(doc.brief.comments) == 1, "a comment is never dropped"
    panel = window.comments.panel
    qtbot.waitUntil(lambda: "Orphaned" in panel.card_by_id[doc.brief.comments[0].id]
                    .quote_label.text())
    assert highlighted(editor) == []
    doc.undo_stack.undo()
    qtbot.waitUntil(lambda: highlighted(window.form.event) == ["delegations"])


def test_clicking_a_thread_selects_its_words_and_the_cursor_finds_its_thread(window, qtbot):
    editor = open_event(window, qtbot)
    first = add_comment(window, qtbot, editor, "Geneva", "Which city?")
    second = add_comment(window, qtbot, editor, "spokesperson", "Name?")
    panel = window.comments.panel
    qtbot.waitUntil(lambda: first.id in panel.card_by_id and second.id in panel.card_by_id)
    qtbot.mouseClick(panel.card_by_id[first.id], Qt.MouseButton.LeftButton)
    editor = window.form.event
    assert editor.textCursor().selectedText() == "Geneva"
    cursor = editor.textCursor()
    cursor.setPosition(editor.document().toPlainText().index("spokesperson") + 3)
    editor.setTextCursor(cursor)
    assert panel.current_id == second.id


def test_insert_comment_without_a_text_field_says_what_to_do(window, qtbot):
    window.outline.setFocus()
    window.comments.panel.cancel_new()
    window.act_insert_comment.trigger()
    assert window.comments.panel.new_card is None
    assert "Select words" in window.statusBar().currentMessage()


def test_a_summary_comment_is_saved_and_shown_when_the_brief_is_opened(window, qtbot,
                                                                      tmp_path):
    import dataclasses

    from brief_editor.model import Meta
    from brief_editor.ui.document import Document

    brief = dataclasses.replace(make_brief(), meta=dataclasses.replace(
        make_brief().meta, summary=("A quiet week in Geneva.",)))
    assert isinstance(brief.meta, Meta)
    window.set_document(Document(brief, parent=window))
    window.outline.select(None)
    editor = window.form.summary
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    comment = add_comment(window, qtbot, editor, "quiet week", "Is it?")
    assert (comment.anchor.section, comment.anchor.field) == (None, "summary")
    path = tmp_path / "commented.brief"
    assert window.save_to(path)
    window.review_dock.comments_dock.hide()
    assert window.open_path(path, ask_to_save=False)
    assert window.document.brief.comments == (comment,)
    assert window.review_dock.comments_dock.isVisible(), "a commented brief shows its threads"
    window.outline.select(None)
    qtbot.waitUntil(lambda: highlighted(window.form.summary) == ["quiet week"])


def test_the_panel_shows_this_section_or_the_whole_brief_and_hides_resolved(window, qtbot):
    editor = open_event(window, qtbot)
    first = add_comment(window, qtbot, editor, "Geneva", "Which city?")
    window.outline.select("s2")
    editor = window.form.event
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    second = add_comment(window, qtbot, editor, "spokesperson", "Name?")
    panel = window.comments.panel
    qtbot.waitUntil(lambda: list(panel.card_by_id) == [second.id])
    panel.scope.setCurrentIndex(1)
    assert list(panel.card_by_id) == [first.id, second.id], "in reading order"
    window.comments.set_resolved(first.id, True)
    panel.show_resolved.setChecked(False)
    assert list(panel.card_by_id) == [second.id]
    assert panel.count.text() == "1 open · 2 in all"


def test_a_comment_on_a_narrative_subheading(window, qtbot):
    import dataclasses

    from brief_editor.model.document import Subheading
    from brief_editor.ui.document import Document

    brief = make_brief()
    narrative = dataclasses.replace(brief.sections[-1], body=(("One.",), ("Two.",)),
                                    subheadings=(Subheading(1, ("What comes next",)),))
    window.set_document(Document(dataclasses.replace(
        brief, sections=(*brief.sections[:-1], narrative)), parent=window))
    window.outline.select("n1")
    line = window.form.subheadings.rows[0].text
    line.setFocus()
    qtbot.waitUntil(line.hasFocus)
    line.setSelection(5, 5)
    window.act_insert_comment.trigger()
    card = window.comments.panel.new_card
    assert card is not None
    qtbot.keyClicks(card.editor, "Too vague")
    card.post_button.click()
    [comment] = window.document.brief.comments
    assert (comment.anchor.field, comment.anchor.index, comment.anchor.quote) == (
        "subheading", 0, "comes")
    window.outline.select("s1")
    assert window.comments.reveal(comment.anchor)
    assert window.form.subheadings.rows[0].text.selectedText() == "comes"
