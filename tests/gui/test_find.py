"""Edit ▸ Find: words found anywhere in the brief, opened and selected where they are."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from brief_editor.model import Brief, EventSection, Note, Place, Styled, numbered_notes
from brief_editor.model.search import find_text

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample-issue.brief"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return Path(shutil.copy(SAMPLE, tmp_path / "sample.brief"))


def find_in(qtbot, window, brief_path: Path, text: str):
    """Open ``brief_path``, open the find bar and type ``text``; return the bar."""
    assert window.open_path(brief_path, ask_to_save=False)
    window.act_find.trigger()
    qtbot.keyClicks(window.find_bar.field, text)
    return window.find_bar


def selected(window) -> str:
    """The words the find bar selected last, wherever they are."""
    match = window.find_bar.last
    if match is not None and match.place.field == "location":
        return window.form.location.selectedText()
    if match is not None and match.place.field == "parties":
        return window.form.parties.list.currentItem().text()
    editor = window.focused_rich_edit() or window.live._last_editor
    return editor.textCursor().selectedText()


def test_find_walks_through_every_match_in_reading_order(qtbot, window, sample: Path) -> None:
    assert window.open_path(sample, ask_to_save=False)
    bar = window.find_bar
    window.act_find.trigger()
    assert bar.isVisible() and bar.field.hasFocus()
    qtbot.keyClicks(bar.field, "drone")
    expected = find_text(window.document.brief, "drone")
    assert len(expected) >= 3
    assert bar.count_label.text() == f"{len(expected)} matches"

    seen = []
    for number in range(1, len(expected) + 1):
        qtbot.keyClick(bar.field, Qt.Key.Key_Return)
        assert bar.count_label.text() == f"{number} of {len(expected)}"
        assert "drone" in selected(window).lower()
        seen.append(window.outline.current_section_id())
    # The summary sits in the masthead; then the sections, in order, each as often as it
    # holds the word.
    assert seen == [m.place.section for m in expected]
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)  # round to the first again, and says so
    assert bar.count_label.text() == f"1 of {len(expected)}"
    assert "start of the brief" in window.statusBar().currentMessage()
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count_label.text() == f"{len(expected)} of {len(expected)}"


def test_match_case_and_no_matches(qtbot, window, sample: Path) -> None:
    bar = find_in(qtbot, window, sample, "Drone")
    anycase = len(find_text(window.document.brief, "drone"))
    bar.match_case.setChecked(True)
    exact = len(find_text(window.document.brief, "Drone", match_case=True))
    assert 0 < exact < anycase
    assert bar.count_label.text() == f"{exact} match" + ("" if exact == 1 else "es")
    bar.field.setText("zzqx not in the brief")
    assert bar.count_label.text() == "No matches"
    before = window.outline.current_section_id()
    assert bar.find_next() is False
    assert window.outline.current_section_id() == before
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_a_note_marker_between_words_does_not_stop_a_match(qtbot, window, tmp_path) -> None:
    from brief_editor.storage.files import save_brief

    section = EventSection(id="s1", heading=("Port Talks",), event=(
        ("The talks ended.", Note(comment=("Seen by the desk.",)), " The envoys left; ",
         Styled("the talks", ("italic",)), " ended again."),))
    path = tmp_path / "t.brief"
    save_brief(path, Brief(sections=(section,)))
    assert window.open_path(path, ask_to_save=False)
    (found,) = find_text(window.document.brief, "ended. the envoys")
    assert found.place == Place("s1", "event", 0)
    assert (found.start, found.end) == (10, 28)  # "ended." at 10, the marker at 16
    window.act_find.trigger()
    qtbot.keyClicks(window.find_bar.field, "talks ended")
    assert window.find_bar.count_label.text() == "2 matches"  # across the italics, too
    window.act_find_next.trigger()
    window.act_find_next.trigger()
    assert selected(window) == "talks ended"
    window.act_find.trigger()
    qtbot.keyClicks(window.find_bar.field, "ended. the envoys")
    window.act_find_next.trigger()
    # The selection holds the note marker the words run across.
    assert selected(window).replace("\ufffc", "") == "ended. The envoys"


def test_replace_one_then_all_as_one_undoable_step(qtbot, window, sample: Path) -> None:
    assert window.open_path(sample, ask_to_save=False)
    bar = window.find_bar
    brief = window.document.brief
    total = len(find_text(brief, "Sorvik"))
    assert total >= 3
    window.act_replace.trigger()
    assert bar.replacement.isVisible()
    qtbot.keyClicks(bar.field, "Sorvik")
    bar.replacement.setText("Sorvík")
    qtbot.keyClick(bar.replacement, Qt.Key.Key_Return)  # no match selected yet: finds one
    assert bar.count_label.text() == f"1 of {total}"
    qtbot.keyClick(bar.replacement, Qt.Key.Key_Return)  # replaces it, selects the next
    assert len(find_text(window.document.brief, "Sorvik")) == total - 1
    assert len(find_text(window.document.brief, "Sorvík")) == 1
    assert bar.count_label.text() == f"1 of {total - 1}"
    assert "Sorvik" in selected(window)

    bar.replace_all_button.click()
    after = window.document.brief
    assert find_text(after, "Sorvik") == [] and len(find_text(after, "Sorvík")) == total
    assert "Replaced" in window.statusBar().currentMessage()
    assert bar.count_label.text() == "No matches"
    # The form shows the new words; the notes are all still there.
    assert "Sorvík" in window.form.heading.toPlainText()
    assert len(numbered_notes(after)) == len(numbered_notes(brief))
    # Undo takes Replace All back in one step, then the single replacement.
    window.act_undo.trigger()
    assert len(find_text(window.document.brief, "Sorvik")) == total - 1
    window.act_undo.trigger()
    assert window.document.brief == brief


def test_the_count_follows_typing(qtbot, window, sample: Path) -> None:
    bar = find_in(qtbot, window, sample, "Kestrel")
    count = len(find_text(window.document.brief, "Kestrel"))
    assert bar.count_label.text() == f"{count} matches"
    window.outline.select(window.document.brief.sections[0].id)
    window.form.heading.setFocus()
    qtbot.keyClicks(window.form.heading, " near Kestrel")
    qtbot.waitUntil(lambda: bar.count_label.text() == f"{count + 1} matches", timeout=5000)


def test_a_name_is_found_and_replaced_in_the_parties_too(qtbot, window, sample: Path) -> None:
    bar = find_in(qtbot, window, sample, "Vorenne")
    first, *_ = find_text(window.document.brief, "Vorenne")
    assert first.place.field == "parties"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert window.outline.current_section_id() == first.place.section
    parties = window.form.parties.list
    assert parties.currentRow() == first.place.index
    assert "Vorenne" in parties.currentItem().text()

    window.act_replace.trigger()
    bar.replacement.setText("Vorennová")
    bar.replace_all_button.click()
    section = window.document.brief.sections[0]
    assert any("Vorennová" in party for party in section.parties)
    assert find_text(window.document.brief, "Vorenne ") == []
    assert "Vorennová" in window.form.parties.list.item(first.place.index).text()
