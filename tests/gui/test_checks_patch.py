"""The Checks panel replaces only the rows an edit changed, and shows what a rebuild shows."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QPersistentModelIndex

from brief_editor.citations.checks import Problem
from brief_editor.model import Place
from brief_editor.ui.checks_dock import WHERE_ROLE, ChecksPanel

from .helpers import make_brief


def rows(panel: ChecksPanel) -> list[tuple[str, list[str]]]:
    model = panel.model
    out = []
    for i in range(model.rowCount()):
        group = model.index(i, 0)
        out.append((group.data(), [model.index(j, 0, group).data()
                                   for j in range(model.rowCount(group))]))
    return out


def problems(words: list[str], section: str = "s2") -> list[Problem]:
    found = [Problem("W101", "warning", "A quotation with no note.", Place("s1", "event", 0))]
    found += [Problem("W301", "info", f"Unknown word “{w}”.", Place(section, "event", i))
              for i, w in enumerate(words)]
    return found


def test_a_patched_list_equals_a_rebuilt_one(qtbot) -> None:
    brief = make_brief(3)
    panel = ChecksPanel()
    qtbot.addWidget(panel)
    panel.set_problems(problems(["alpha", "bravo", "charlie", "delta"]), brief)
    first_row = QPersistentModelIndex(panel.model.index(0, 0, panel.model.index(1, 0)))
    resets: list[bool] = []
    panel.model.modelReset.connect(lambda: resets.append(True))
    after = problems(["alpha", "bravoo", "charlie", "delta", "echo"])
    assert panel.set_problems(after, brief)
    fresh = ChecksPanel()
    qtbot.addWidget(fresh)
    fresh.set_problems(after, brief)
    assert rows(panel) == rows(fresh)
    assert first_row.isValid() and first_row.row() == 0  # kept, not rebuilt
    assert not resets
    assert panel.summary.text() == fresh.summary.text()
    # A group that goes away, or a renamed heading, builds the list anew, still the same.
    only_info = [p for p in after if p.severity == "info"]
    panel.set_problems(only_info, brief)
    fresh.set_problems(only_info, brief)
    assert rows(panel) == rows(fresh)
    renamed = dataclasses.replace(brief, sections=(dataclasses.replace(
        brief.sections[1], heading=("Renamed",)), *brief.sections[2:]))
    panel.set_problems(problems(["zulu"]), renamed)
    fresh.set_problems(problems(["zulu"]), renamed)
    assert rows(panel) == rows(fresh)
    assert "Renamed" in panel.model.index(0, 0, panel.model.index(1, 0)).data(WHERE_ROLE)
