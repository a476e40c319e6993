"""The narrative form: figures placed between paragraphs, subheadings, a byline, a source
line and credits, every change undoable; and a figure form with room to type in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from brief_editor.model import NarrativeSection

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample-issue.brief"


@pytest.fixture
def narrative(window, tmp_path: Path, qtbot):
    path = Path(shutil.copy(SAMPLE, tmp_path / "sample.brief"))
    assert window.open_path(path, ask_to_save=False)
    window.outline.select("strait-history")
    qtbot.waitUntil(lambda: getattr(window.form, "section_id", None) == "strait-history")
    return window


def section(window) -> NarrativeSection:
    return window.document.section("strait-history")


def test_the_figure_form_gives_its_fields_room_at_the_default_size(narrative, qtbot) -> None:
    window = narrative
    assert (window.width(), window.height()) == (1280, 820)
    box = window.form.figures.boxes[0]
    window.form.ensureWidgetVisible(box)
    qtbot.wait(50)
    for field in (box.caption, box.credit, box.alt):
        assert field.isVisible()
        assert field.width() >= 300, (field.accessibleName(), field.width())
        right = field.mapTo(box, field.rect().topRight()).x()
        assert right <= box.width(), field.accessibleName()  # not cut off
    assert window.form.horizontalScrollBar().maximum() == 0


def test_a_figure_is_placed_after_a_paragraph_and_undone(narrative, qtbot) -> None:
    window = narrative
    box = window.form.figures.boxes[0]
    assert box.place.currentText() == "At the end of the section"
    choices = [box.place.itemText(i) for i in range(box.place.count())]
    assert choices == ["At the end of the section", "Before paragraph 1",
                       "After paragraph 1", "After paragraph 2"]
    box.place.setCurrentIndex(2)
    box.place.activated.emit(2)
    assert section(window).figures[0].after == 1
    # The caption's note is numbered where the figure now prints: after paragraph 1's.
    assert window.form._bases[("caption", 0)] == window.form._bases[("body", 1)] - 1
    window.document.undo_stack.undo()
    assert section(window).figures[0].after is None
    assert window.form.figures.boxes[0].place.currentText() == "At the end of the section"


def test_byline_source_and_credits_are_typed_in_and_undone(narrative, qtbot) -> None:
    form = narrative.form
    qtbot.keyClicks(form.byline, "Oskar Vanterpool")
    qtbot.keyClicks(form.source_line, "Drevnian Courier")
    qtbot.keyClicks(form.credits.entry, "Translated by Petra Ilves")
    qtbot.keyClick(form.credits.entry, Qt.Key.Key_Return)
    now = section(narrative)
    assert now.byline == "Oskar Vanterpool"
    assert now.source_line == "Drevnian Courier"
    assert now.credits == ("Translated by Petra Ilves",)
    stack = narrative.document.undo_stack
    while stack.canUndo():
        stack.undo()
    now = section(narrative)
    assert (now.byline, now.source_line, now.credits) == ("", "", ())
    assert form.byline.text() == "" and form.source_line.text() == ""


def test_a_subheading_is_added_typed_placed_and_removed(narrative, qtbot) -> None:
    form = narrative.form
    qtbot.mouseClick(form.subheadings.add_button, Qt.MouseButton.LeftButton)
    assert len(form.subheadings.rows) == 1
    row = form.subheadings.rows[0]
    qtbot.keyClicks(row.text, "Part 2: Growth")
    row.before.setValue(3)  # before paragraph 3
    now = section(narrative)
    assert len(now.subheadings) == 1
    assert "".join(now.subheadings[0].text) == "Part 2: Growth"
    assert now.subheadings[0].before == 2
    stack = narrative.document.undo_stack
    stack.undo()  # the move
    assert section(narrative).subheadings[0].before == 0
    form.subheadings.remove(0)
    assert section(narrative).subheadings == () and form.subheadings.rows == []
    stack.undo()
    assert len(section(narrative).subheadings) == 1
    while stack.canUndo():
        stack.undo()
    assert section(narrative).subheadings == ()
    assert form.subheadings.rows == []


def test_splitting_a_paragraph_keeps_the_figure_after_the_same_words(narrative, qtbot) -> None:
    window = narrative
    box = window.form.figures.boxes[0]
    box.place.setCurrentIndex(3)
    box.place.activated.emit(3)  # after paragraph 2
    assert section(window).figures[0].after == 2
    body = window.form.body
    cursor = body.textCursor()
    cursor.movePosition(cursor.MoveOperation.Start)
    cursor.movePosition(cursor.MoveOperation.EndOfWord)
    body.setTextCursor(cursor)
    body.setFocus()
    qtbot.keyClick(body, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(section(window).body) == 4)
    assert section(window).figures[0].after == 3  # still after "That changed when…"
    assert window.form.figures.boxes[0].place.currentText() == "After paragraph 3"


def test_find_selects_words_in_a_subheading(window, tmp_path: Path, qtbot) -> None:
    import json

    raw = json.loads(SAMPLE.read_text(encoding="utf-8"))
    ferry = next(s for s in raw["sections"] if s["id"] == "ferry-crews")
    path = tmp_path / "sample.brief"
    path.write_text(json.dumps(raw), encoding="utf-8")
    assert window.open_path(path, ask_to_save=False)
    window.act_find.trigger()
    qtbot.keyClicks(window.find_bar.field, "Two Navies")
    window.find_bar.find_next()
    assert window.find_bar.last.place.field == "subheading"
    assert window.form.section_id == ferry["id"]
    line = window.form.subheadings.rows[1].text
    assert line.selectedText() == "Two Navies"


def test_a_problem_in_a_subheading_opens_that_subheading(window, tmp_path: Path, qtbot) -> None:
    import json

    from brief_editor.citations.checks import run_checks
    from brief_editor.model import loads

    raw = json.loads(SAMPLE.read_text(encoding="utf-8"))
    ferry = next(s for s in raw["sections"] if s["id"] == "ferry-crews")
    ferry["subheadings"][1]["text"] = ["Part 2: Two Navies [3]"]
    path = tmp_path / "sample.brief"
    path.write_text(json.dumps(raw), encoding="utf-8")
    problems = [p for p in run_checks(loads(path.read_text(encoding="utf-8")))
                if p.place.field == "subheading"]
    assert [(p.id, p.place.index) for p in problems] == [("W106", 1)]
    assert window.open_path(path, ask_to_save=False)
    assert window.live.jump_to(problems[0].place)
    assert window.form.section_id == "ferry-crews"
    assert window.form.subheadings.rows[1].text.hasFocus()
