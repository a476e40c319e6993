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
    model = panel.model
    labels = [model.index(j, 0, model.index(i, 0)).data(WHERE_ROLE)
              for i in range(model.rowCount())
              for j in range(model.rowCount(model.index(i, 0)))]
    assert "The second event (“Doha, July 19”), paragraph 1" in labels
    assert not any("s2" in label or "section" in label for label in labels)
