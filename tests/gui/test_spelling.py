"""Writing tools in the real editor: underlines, the spelling menu, smart typing, counts."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu

from brief_editor.storage.dictionary import personal_words
from brief_editor.ui.document import Document
from brief_editor.ui.richtext import RichTextEdit

from .helpers import make_brief


def open_brief(window, qtbot, brief) -> None:
    window.set_document(Document(brief, parent=window))
    window.outline.select(brief.sections[0].id)
    qtbot.waitUntil(lambda: window.form is not None and hasattr(window.form, "event"))
    qtbot.wait(50)


def brief_with(event: str, **meta):
    brief = make_brief(1)
    section = dataclasses.replace(brief.sections[0], event=((event,),))
    return dataclasses.replace(brief, sections=(section, *brief.sections[1:]),
                               meta=dataclasses.replace(brief.meta, **meta))


def underlined(editor: RichTextEdit) -> list[str]:
    """The words drawn with a spell-check underline (the layout's extra formats)."""
    words = []
    block = editor.document().begin()
    while block.isValid():
        for fmt_range in block.layout().formats():
            fmt: QTextCharFormat = fmt_range.format
            if fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.SpellCheckUnderline:
                words.append(block.text()[fmt_range.start:fmt_range.start + fmt_range.length])
        block = block.next()
    return words


def test_unknown_words_get_a_wavy_underline_in_the_language_of_the_brief(qtbot, window):
    open_brief(window, qtbot, brief_with("The colour of teh flag in Geneva."))
    editor = window.form.event
    qtbot.waitUntil(lambda: underlined(editor) == ["colour", "teh"])
    # Geneva is the section's location: a name of the brief, never flagged.
    window.document.edit_meta("Change language", None, language="en-GB")
    qtbot.waitUntil(lambda: underlined(window.form.event) == ["teh"])


# A popup menu offscreen: the platform says it cannot raise it or grab the keyboard.
@pytest.mark.qt_log_ignore("does not support raise", "grabbing the keyboard",
                           "propagateSizeHints")
def test_typing_a_typo_underlines_it_and_the_menu_replaces_it_undoably(qtbot, window):
    open_brief(window, qtbot, brief_with("Talks went well."))
    editor = window.form.event
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, " Teh end")
    qtbot.waitUntil(lambda: underlined(editor) == ["Teh"])
    cursor = editor.textCursor()
    cursor.setPosition(len("Talks went well. T"))
    editor.setTextCursor(cursor)
    tools = window.writing_tools
    tools.show_suggestions()
    menu: QMenu = tools.last_menu
    labels = [a.text() for a in menu.actions() if a.text()]
    assert labels[0] == "The" and "&Ignore All" in labels and "&Add to Dictionary" in labels
    menu.actions()[0].trigger()
    menu.close()
    qtbot.waitUntil(lambda: window.document.brief.sections[0].event[0][0]
                    == "Talks went well. The end")
    assert underlined(window.form.event) == []
    window.document.undo_stack.undo()
    assert window.document.brief.sections[0].event[0][0] == "Talks went well. Teh end"


def test_add_to_dictionary_writes_the_personal_dictionary(qtbot, window):
    open_brief(window, qtbot, brief_with("The Zorvath brigade moved."))
    editor = window.form.event
    qtbot.waitUntil(lambda: underlined(editor) == ["Zorvath"])
    window.writing_tools.add_to_dictionary("Zorvath")
    assert personal_words(window.paths) == ("Zorvath",)
    qtbot.waitUntil(lambda: underlined(editor) == [])
    # The checks of the editor know it too: no W301 for it.
    window.live.refresh_now(wait=True)
    assert not [p for p in window.live.problems if p.id == "W301" and "Zorvath" in p.message]


def test_ignore_all_clears_the_word_for_the_session(qtbot, window):
    open_brief(window, qtbot, brief_with("The Zorvath brigade moved."))
    editor = window.form.event
    qtbot.waitUntil(lambda: underlined(editor) == ["Zorvath"])
    window.writing_tools.ignore("Zorvath")
    qtbot.waitUntil(lambda: underlined(editor) == [])
    assert personal_words(window.paths) == ()


def test_the_editor_checks_report_w301(qtbot, window):
    open_brief(window, qtbot, brief_with("The talks in Geneva went wel."))
    window.live.refresh_now(wait=True)
    messages = [p.message for p in window.live.problems if p.id == "W301"]
    assert messages == ["Unknown word “wel”: did you mean “we”?"] or (
        len(messages) == 1 and messages[0].startswith("Unknown word “wel”: did you mean"))


def test_smart_quotes_as_you_type_follow_the_language(qtbot, window):
    open_brief(window, qtbot, brief_with("x"))
    editor = window.form.event
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "He said \"it's over\" -- then left")
    assert editor.value()[0][0] == "He said “it’s over” – then left"
    window.document.edit_meta("Change language", None, language="fr")
    editor = window.form.event
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "Il a dit \"non\" ; fin")
    assert editor.value()[0][0] == "Il a dit «\u00a0non\u00a0»\u202f; fin"
    window.document.edit_meta("Change language", None, language="de")
    editor = window.form.event
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "Er sagte \"nein\"")
    assert editor.value()[0][0] == "Er sagte „nein“"


def test_a_smart_quote_is_one_undoable_edit(qtbot, window):
    open_brief(window, qtbot, brief_with("Said"))
    editor = window.form.event
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, " \"no\"")
    qtbot.waitUntil(lambda: window.document.brief.sections[0].event[0][0] == "Said “no”")
    while window.document.undo_stack.canUndo():
        window.document.undo_stack.undo()
    assert window.document.brief.sections[0].event[0][0] == "Said"


def test_paste_gets_smart_quotes(qtbot, window):
    open_brief(window, qtbot, brief_with("x"))
    editor = window.form.event
    editor.setFocus()
    editor.selectAll()
    mime = QMimeData()
    mime.setText("She said \"yes\" and it's done")
    editor.insertFromMimeData(mime)
    assert editor.value()[0][0] == "She said “yes” and it’s done"
    location: QLineEdit = window.form.location
    location.setFocus()
    location.selectAll()
    QApplication.clipboard().setText("the \"old\" port")
    qtbot.keyClick(location, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.document.brief.sections[0].location == "the “old” port"


def test_name_fields_are_checked_against_the_other_names(qtbot, window):
    open_brief(window, qtbot, brief_with("Talks in Sorvik."))
    window.form.location.setFocus()
    window.form.location.selectAll()
    qtbot.keyClicks(window.form.location, "Sorvk")
    tools = window.writing_tools
    assert [m.word for m in tools.misspellings("Sorvk", "Sorvk")] == ["Sorvk"]
    # The location's own word does not vouch for itself, but in the text it is a name.
    assert [m.word for m in tools.misspellings("Sorvk")] == []
    # A name the text also uses is known in a name field: the text vouches for it.
    assert tools.misspellings("Sorvik Port", "Sorvik Port") == []
    window.form.location.grab()  # paints the underline without error


def test_section_word_count_in_the_status_bar(qtbot, window):
    brief = brief_with("One two three four five.")
    open_brief(window, qtbot, brief)
    tools = window.writing_tools
    qtbot.waitUntil(lambda: tools.count_label.text().startswith("Event: 5 words"))
    assert "2 implications" in tools.count_label.text()
    editor = window.form.event
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, " six")
    qtbot.waitUntil(lambda: tools.count_label.text().startswith("Event: 6 words"))


def test_the_shortcut_does_not_clash(window):
    from PySide6.QtGui import QAction

    keys = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            keys.setdefault(key.toString(), []).append(action.text())
    assert keys["Alt+F7"] == ["Spelling &Suggestions…"]
    assert keys["F7"] == ["Spelling &Suggestions…"]


def test_context_menu_offers_suggestions(qtbot, window):
    open_brief(window, qtbot, brief_with("The teh flag."))
    editor = window.form.event
    qtbot.waitUntil(lambda: underlined(editor) == ["teh"])
    tools = window.writing_tools
    cursor = editor.textCursor()
    cursor.setPosition(5)
    point = editor.cursorRect(cursor).center()
    found = tools._word_at(editor, point)
    assert found is not None and found[0].word == "teh"
    menu = tools.spelling_menu(*found, editor)
    assert [a.text() for a in menu.actions()][0] == "the"


def test_the_find_bar_keeps_straight_quotes(qtbot, window):
    open_brief(window, qtbot, brief_with("Talks."))
    window.find_bar.open_bar()
    edits = [w for w in window.find_bar.findChildren(QLineEdit) if w.isVisible()]
    if not edits:
        window.act_replace.trigger()
        edits = [w for w in window.find_bar.findChildren(QLineEdit) if w.isVisible()]
    assert edits
    edits[0].setFocus()
    qtbot.keyClicks(edits[0], '"no"')
    assert edits[0].text() == '"no"'


def test_the_comment_of_a_commentary_note_is_spell_checked_and_smart(qtbot, window):
    from brief_editor.ui.citation_picker import CitationPicker

    open_brief(window, qtbot, brief_with("Talks."))
    picker = CitationPicker(window.document.brief, parent=window)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    comment = picker.comment
    comment.setFocus()
    qtbot.keyClicks(comment, "The desk's contacts say teh port is shut")
    assert comment.text() == "The desk’s contacts say teh port is shut"
    tools = window.writing_tools
    assert id(comment) in tools._attached
    assert [m.word for m in tools.misspellings(comment.text())] == ["teh"]
    picker.reject()


def test_a_team_profile_dictionary_applies_when_settings_change(qtbot, window, tmp_path):
    import json

    open_brief(window, qtbot, brief_with("The Zorvath brigade moved."))
    editor = window.form.event
    qtbot.waitUntil(lambda: underlined(editor) == ["Zorvath"])
    profile = tmp_path / "team.json"
    profile.write_text(json.dumps({"writing": {"dictionary": ["Zorvath"]}}), encoding="utf-8")
    window.settings = dataclasses.replace(window.settings, profile_path=str(profile))
    window.live.apply_settings()
    qtbot.waitUntil(lambda: underlined(editor) == [])


def test_the_commentary_note_dialog_is_spell_checked_and_smart(qtbot, window):
    from .helpers import answer_dialog

    open_brief(window, qtbot, brief_with("Talks."))
    editor = window.form.event
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    seen: dict[str, object] = {}

    def drive(dialog) -> None:
        # Insert ▸ Commentary Note's own dialog, as the analyst uses it: type, then paste
        # from the real clipboard with Ctrl+V, as in every field of the forms.
        try:
            text = dialog.text
            text.setFocus()
            qtbot.waitUntil(text.hasFocus)
            qtbot.keyClicks(text, "The desk's view: teh port stays shut. ")
            QApplication.clipboard().setText('Officials called it "temporary" -- it\'s not')
            qtbot.keyClick(text, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
            seen["text"] = text.toPlainText()
            text.viewport().repaint()  # underlines come with the first paint
            qtbot.wait(50)
            seen["underlined"] = underlined(text)
        finally:  # never leave the modal dialog open: the test would wait for ever
            dialog.accept()

    answer_dialog(drive)
    window.insert_commentary_note()
    assert seen["text"] == ("The desk’s view: teh port stays shut. "
                            "Officials called it “temporary” – it’s not")
    assert seen["underlined"] == ["teh"]
    (note,) = [s for s in window.document.brief.sections[0].event[0] if hasattr(s, "comment")]
    assert "".join(note.comment) == seen["text"]
    # Another dialog of the window keeps what is typed as it is.
    from PySide6.QtWidgets import QInputDialog, QPlainTextEdit

    other = QInputDialog(window)
    other.setWindowTitle("Rename")
    other.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
    other.show()
    qtbot.waitExposed(other)
    field = other.findChild(QPlainTextEdit)
    field.setFocus()
    qtbot.keyClicks(field, "it's")
    assert field.toPlainText() == "it's"
    other.reject()


def test_a_new_party_name_clears_its_underline_in_the_text(qtbot, window):
    open_brief(window, qtbot, brief_with("The Zorvath brigade moved."))
    editor = window.form.event
    qtbot.waitUntil(lambda: underlined(editor) == ["Zorvath"])
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, " Again")  # typing: the names are not read again
    assert underlined(editor) == ["Zorvath"]
    section = window.document.brief.sections[0]
    window.document.edit_section(section.id, "Change parties", None,
                                 parties=(*section.parties, "Zorvath Brigade"))
    qtbot.waitUntil(lambda: underlined(window.form.event) == [])


def test_edit_paste_from_the_menu_gets_smart_quotes_in_a_line_field(qtbot, window):
    open_brief(window, qtbot, brief_with("x"))
    location: QLineEdit = window.form.location
    location.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is location)
    location.selectAll()
    QApplication.clipboard().setText("the \"old\" port")
    paste = next(a for a in window.edit_menu.actions() if a.text().replace("&", "") == "Paste")
    paste.trigger()
    assert window.document.brief.sections[0].location == "the “old” port"
