"""The Checks dock with a library's worth of problems: a group of thousands starts closed
(the view lays its rows out only when it is opened), rows say where they are when asked,
and choosing a problem in a closed group opens it there."""

from __future__ import annotations

import dataclasses

from brief_editor.citations.checks import Problem
from brief_editor.model import Place, Source
from brief_editor.ui.checks_dock import OPEN_GROUP_LIMIT, PROBLEM_ROLE, WHERE_ROLE, ChecksPanel

from .helpers import make_brief

COUNT = OPEN_GROUP_LIMIT + 500


def library_problems() -> tuple[list[Problem], object]:
    brief = make_brief(2)
    sources = tuple(Source({"id": f"lib-{i}", "type": "book", "title": f"Title {i}"})
                    for i in range(COUNT))
    brief = dataclasses.replace(brief, sources=brief.sources + sources)
    base = len(brief.sources) - COUNT
    problems = [Problem("W301", "info", "Unknown word “zzq”.", Place("s1", "event", 0))]
    problems += [Problem("W103", "warning", f"Source “lib-{i}” is not cited by any note: cite "
                         "it or remove it.", Place(None, "source", base + i))
                 for i in range(COUNT)]
    return problems, brief


def test_a_group_of_thousands_starts_closed_and_opens_on_a_choice(qtbot) -> None:
    problems, brief = library_problems()
    panel = ChecksPanel()
    qtbot.addWidget(panel)
    panel.resize(400, 500)
    panel.show()
    panel.set_problems(problems, brief)
    model, tree = panel.model, panel.tree
    warnings, info = model.index(0, 0), model.index(1, 0)
    assert warnings.data() == f"Warnings ({COUNT})" and model.rowCount(warnings) == COUNT
    assert not tree.isExpanded(warnings) and tree.isExpanded(info)
    last = model.index(COUNT - 1, 0, warnings)
    assert last.data(PROBLEM_ROLE) is problems[-1]
    assert f"“Title {COUNT - 1}”" in last.data(WHERE_ROLE)
    assert panel.select(problems[-1])
    assert tree.isExpanded(warnings) and panel.current_problem() is problems[-1]
    # An edit that cites one of them: the row goes, the rest stay, the group stays open.
    fewer = problems[:1] + problems[2:]
    assert panel.set_problems(fewer, brief)
    assert model.rowCount(warnings) == COUNT - 1 and tree.isExpanded(warnings)
    assert panel.current_problem() is problems[-1]


def test_a_group_closed_by_the_user_stays_closed(qtbot) -> None:
    brief = make_brief(2)
    few = [Problem("W101", "warning", f"A quotation {i}.", Place("s1", "event", i))
           for i in range(3)]
    panel = ChecksPanel()
    qtbot.addWidget(panel)
    panel.set_problems(few, brief)
    group = panel.model.index(0, 0)
    assert panel.tree.isExpanded(group)
    panel.tree.setExpanded(group, False)
    panel.set_problems(few[:2] + [Problem("E001", "error", "Bad.", Place("s2", "event", 0))],
                       brief)  # a new group: rebuilt
    warnings = panel.model.index(1, 0)
    assert warnings.data() == "Warnings (2)" and not panel.tree.isExpanded(warnings)
