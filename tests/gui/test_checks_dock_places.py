"""The Checks dock says where a problem is as a reader would (issue 14, item 6)."""

from __future__ import annotations

from support.places_brief import brief

from brief_editor.citations.checks import run_checks
from brief_editor.ui.checks_dock import WHERE_ROLE, ChecksPanel


def test_checks_dock_says_places_in_words(qtbot) -> None:
    b = brief()
    panel = ChecksPanel()
    qtbot.addWidget(panel)
    panel.set_problems(run_checks(b), b)
    tree = panel.tree
    labels = [tree.topLevelItem(i).child(j).data(0, WHERE_ROLE)
              for i in range(tree.topLevelItemCount())
              for j in range(tree.topLevelItem(i).childCount())]
    assert "The second event (“Doha, July 19”), paragraph 1" in labels
    assert not any("s2" in label or "section" in label for label in labels)
