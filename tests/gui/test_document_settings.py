"""File ▸ Document Settings…: citation style, notes, Ibid., paper and language, with undo
(issue 14, item 4)."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from brief_editor.model import Style
from brief_editor.storage.files import loads_file, save_brief

from .helpers import answer_dialog, make_brief

CSL = Path(__file__).resolve().parents[3] / "shared" / "csl" / "new-harts-rules-notes.csl"


def _open(window, tmp_path: Path) -> Path:
    path = tmp_path / "issue.brief"
    save_brief(path, make_brief())
    assert window.open_path(path, ask_to_save=False)
    return path


def _settings(qtbot, window, change) -> None:
    """Open the dialog from the File menu, let ``change`` work in it, then press OK."""

    def work(dialog) -> None:
        change(dialog)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    answer_dialog(work)
    window.act_document_settings.trigger()


def _click(qtbot, button) -> None:
    # On the indicator: a radio button or check box takes clicks on its box and words only.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def _pick(combo, data: str) -> None:
    index = combo.findData(data)
    assert index >= 0, f"{data!r} is not offered"
    combo.setCurrentIndex(index)


def test_every_setting_changes_in_one_undoable_step(qtbot, window, tmp_path) -> None:
    path = _open(window, tmp_path)
    before = window.document.brief
    assert before.style == Style()

    def change(dialog) -> None:
        _pick(dialog.style_box, "chicago-notes")
        _click(qtbot, dialog.footnotes)
        _click(qtbot, dialog.ibid)
        _pick(dialog.paper, "a4")
        dialog.language.lineEdit().selectAll()
        qtbot.keyClicks(dialog.language.lineEdit(), "en-GB")

    _settings(qtbot, window, change)
    brief = window.document.brief
    assert brief.style == Style(citation_style="chicago-notes", notes="footnotes", ibid=False,
                                paper="a4")
    assert brief.meta.language == "en-GB"
    # One step back undoes all of it, and forward again redoes all of it.
    window.act_undo.trigger()
    assert window.document.brief == before
    window.act_redo.trigger()
    assert window.document.brief == brief
    assert window.save_to(path)
    saved, _ = loads_file(path)
    assert saved.style == brief.style and saved.meta.language == "en-GB"


def test_the_dialog_shows_the_briefs_settings(qtbot, window, tmp_path) -> None:
    _open(window, tmp_path)
    _settings(qtbot, window, lambda d: _pick(d.paper, "a4"))
    _settings(qtbot, window, lambda d: _click(qtbot, d.footnotes))
    seen = {}

    def look(dialog) -> None:
        seen["paper"] = dialog.paper.currentData()
        seen["footnotes"] = dialog.footnotes.isChecked()
        seen["ibid"] = dialog.ibid.isChecked()
        dialog.reject()

    answer_dialog(look)
    window.act_document_settings.trigger()
    assert seen == {"paper": "a4", "footnotes": True, "ibid": True}
    # Nothing chosen but the paper and the notes: the rest stays "the default".
    assert window.document.brief.style == Style(notes="footnotes", paper="a4")


def test_cancel_changes_nothing(qtbot, window, tmp_path) -> None:
    _open(window, tmp_path)
    before = window.document.brief

    def change_then_cancel(dialog) -> None:
        _pick(dialog.paper, "a4")
        dialog.reject()

    answer_dialog(change_then_cancel)
    window.act_document_settings.trigger()
    assert window.document.brief is before
    assert not window.document.undo_stack.canUndo()


def test_a_csl_file_from_disk(qtbot, window, tmp_path) -> None:
    _open(window, tmp_path)
    window.live.refresh_now(wait=True)
    before = [n.text for n in window.live.notes]
    styles = tmp_path / "styles"
    styles.mkdir()
    csl = Path(shutil.copy(CSL, styles / "harts.csl"))
    _settings(qtbot, window, lambda d: d.use_csl_file(csl))
    # Kept relative to the brief's folder, as FORMAT.md describes, so the two travel together.
    assert window.document.brief.style.citation_style == "styles/harts.csl"
    window.live.refresh_now(wait=True)
    after = [n.text for n in window.live.notes]
    # The notes are worded by the chosen file now (New Hart's Rules differs from "brief").
    assert len(after) == len(before) and after != before


def test_a_file_that_is_no_style_is_refused(qtbot, window, tmp_path) -> None:
    _open(window, tmp_path)
    before = window.document.brief
    bad = tmp_path / "notes.csl"
    bad.write_text("just some words", encoding="utf-8")
    messages: list[str] = []

    def work(dialog) -> None:
        answer_dialog(lambda box: (messages.append(box.text()),
                                   box.button(QMessageBox.StandardButton.Ok).click()))
        dialog.use_csl_file(bad)
        dialog.reject()

    answer_dialog(work)
    window.act_document_settings.trigger()
    assert messages and "notes.csl" in messages[0]
    assert window.document.brief is before


def test_an_impossible_language_tag_is_refused(qtbot, window, tmp_path) -> None:
    _open(window, tmp_path)
    before = window.document.brief
    state = {}

    def work(dialog) -> None:
        dialog.language.lineEdit().selectAll()
        qtbot.keyClicks(dialog.language.lineEdit(), "English please")
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        state["open"] = dialog.isVisible()
        state["message"] = dialog.problem.text()
        dialog.reject()

    answer_dialog(work)
    window.act_document_settings.trigger()
    assert state["open"] and "English please" in state["message"]
    assert window.document.brief is before
