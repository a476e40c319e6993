"""The Checks dock: live problems with icons, a click to their place, counts, and export."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from PySide6.QtCore import Qt

from brief_editor.citations.checks import run_checks
from brief_editor.model import Cite, Note
from brief_editor.ui.checks_dock import PROBLEM_ROLE, WHERE_ROLE
from brief_editor.ui.document import Document

from .helpers import answer_dialog, make_brief


def broken_brief():
    """make_brief with an unknown source in section 2 and an unsourced quotation in s3."""
    brief = make_brief(3)
    s2, s3 = brief.sections[1], brief.sections[2]
    s2 = dataclasses.replace(s2, implications=(
        s2.implications[0], ("Pressure will mount.", Note((Cite("nowhere"),)))))
    s3 = dataclasses.replace(s3, event=(s3.event[0], (
        "The minister said “we will not sign this agreement” on Monday.",)))
    return dataclasses.replace(brief, sections=(brief.sections[0], s2, s3, brief.sections[3]))


def problem_items(panel) -> list:
    """The problems' rows (model indexes), group by group."""
    model = panel.model
    items = []
    for i in range(model.rowCount()):
        group = model.index(i, 0)
        items += [model.index(j, 0, group) for j in range(model.rowCount(group))]
    return items


def group_titles(panel) -> list[str]:
    return [panel.model.index(i, 0).data() for i in range(panel.model.rowCount())]


def test_problems_are_grouped_with_icons_and_counted(qtbot, window) -> None:
    brief = broken_brief()
    window.set_document(Document(brief, parent=window))
    window.live.refresh_now(wait=True)
    panel = window.live.checks_panel
    expected = run_checks(brief)
    assert [i.data(PROBLEM_ROLE) for i in problem_items(panel)] == (
        [p for p in expected if p.severity == "error"]
        + [p for p in expected if p.severity == "warning"])
    assert group_titles(panel) == ["Errors (1)", "Warnings (1)"]
    assert not panel.model.index(0, 0).data(Qt.ItemDataRole.DecorationRole).isNull()
    assert window.problems_label.text() == "2 problems"
    # Outline badges: one problem each in s2 and s3.
    from brief_editor.ui.outline import PROBLEMS_ROLE

    badges = {window.outline.item(r).data(Qt.ItemDataRole.UserRole):
              window.outline.item(r).data(PROBLEMS_ROLE) for r in range(window.outline.count())}
    assert badges["s2"] == 1 and badges["s3"] == 1 and badges["s1"] == 0


def test_clicking_a_problem_jumps_to_its_paragraph(qtbot, window) -> None:
    window.set_document(Document(broken_brief(), parent=window))
    window.live.refresh_now(wait=True)
    panel = window.live.checks_panel
    quote = next(i for i in problem_items(panel) if i.data(PROBLEM_ROLE).id == "W101")
    assert "“The minister said" not in quote.data()
    assert "paragraph 2" in quote.data(WHERE_ROLE)
    rect = panel.tree.visualRect(quote)
    qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.outline.current_section_id() == "s3"
    editor = window.form.event
    assert editor.hasFocus() and editor.textCursor().blockNumber() == 1


def test_checks_follow_typing_after_the_debounce(qtbot, window) -> None:
    window.set_document(Document(make_brief(1), parent=window))
    window.live.refresh_now(wait=True)
    assert window.live.problems == []
    window.outline.select("s1")
    editor = window.form.implications
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, " Ibid. says so")
    qtbot.waitUntil(lambda: [p.id for p in window.live.problems] == ["W105"], timeout=3000)
    assert window.problems_label.text() == "1 problem"


def test_profile_severity_raises_a_warning_to_an_error(qtbot, window, tmp_path: Path) -> None:
    profile = tmp_path / "team.json"
    profile.write_text(json.dumps({"severities": {"W101": "error"}}), encoding="utf-8")
    window.settings = dataclasses.replace(window.settings, profile_path=str(profile))
    window.live.apply_settings()
    window.set_document(Document(broken_brief(), parent=window))
    window.live.refresh_now(wait=True)
    assert {p.id: p.severity for p in window.live.problems}["W101"] == "error"
    panel = window.live.checks_panel
    assert group_titles(panel)[0] == "Errors (2)"


def test_export_with_errors_offers_a_draft(qtbot, window, tmp_path: Path) -> None:
    window.set_document(Document(broken_brief(), parent=window))
    out = tmp_path / "issue.docx"
    seen: list[str] = []
    answer_dialog("Cancel", seen)
    assert window.start_export(out) is None
    assert seen == ["Export blocked by errors"] and not out.exists()
    answer_dialog("Show Problems")
    assert window.start_export(out) is None
    assert window.live.checks_panel.tree.currentIndex().data(PROBLEM_ROLE).id == "E001"
    answer_dialog("Export as Draft")
    controller = window.start_export(out)
    assert controller is not None
    answer_dialog("Close")
    qtbot.waitUntil(lambda: controller.result is not None, timeout=60000)
    assert controller.result == "ok"
    from docx import Document as Docx

    text = "\n".join(p.text for p in Docx(str(out)).paragraphs)
    header = "\n".join(p.text for s in Docx(str(out)).sections for p in s.header.paragraphs)
    assert "DRAFT" in text + header


def test_clean_brief_exports_without_asking(qtbot, window, tmp_path: Path) -> None:
    window.set_document(Document(make_brief(1), parent=window))
    out = tmp_path / "clean.docx"
    controller = window.start_export(out)
    answer_dialog("Close")
    qtbot.waitUntil(lambda: controller.result is not None, timeout=60000)
    assert controller.result == "ok" and out.exists()
