"""Where a narrative's figures and subheadings sit among its paragraphs.

A narrative keeps its paragraphs in ``body`` (so every reader of ``body`` goes on working)
and says where the rest goes by counting paragraphs: a figure's ``after`` and a
subheading's ``before`` are both "how many paragraphs of the body come before it". A count
beyond the body (the paragraphs were deleted since) means "at the end"; so does a figure
without ``after``.

Print order at one point between paragraphs: figures first (they close the part before),
then subheadings (they open the part after), each in list order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from brief_editor.model.inline import Inline

if TYPE_CHECKING:  # document.py asks this module for the print order: no import back
    from brief_editor.model.document import Figure, NarrativeSection, Subheading


@dataclass(frozen=True)
class FlowItem:
    """One thing printed in a narrative: ``kind`` is "paragraph", "figure" or "subheading";
    ``index`` is its index in ``body``, ``figures`` or ``subheadings``."""

    kind: str
    index: int


def figure_point(figure: Figure, paragraphs: int) -> int:
    """How many paragraphs precede ``figure`` in print (at most all of them)."""
    return paragraphs if figure.after is None else min(figure.after, paragraphs)


def subheading_point(subheading: Subheading, paragraphs: int) -> int:
    return min(subheading.before, paragraphs)


def narrative_flow(section: NarrativeSection) -> list[FlowItem]:
    """The section's paragraphs, figures and subheadings in print order."""
    count = len(section.body)
    figures: dict[int, list[int]] = {}
    for i, figure in enumerate(section.figures):
        figures.setdefault(figure_point(figure, count), []).append(i)
    subheadings: dict[int, list[int]] = {}
    for i, sub in enumerate(section.subheadings):
        subheadings.setdefault(subheading_point(sub, count), []).append(i)
    flow: list[FlowItem] = []
    for point in range(count + 1):
        flow += [FlowItem("figure", i) for i in figures.get(point, ())]
        flow += [FlowItem("subheading", i) for i in subheadings.get(point, ())]
        if point < count:
            flow.append(FlowItem("paragraph", point))
    return flow


def _moved(point: int, prefix: int, old_end: int, new_end: int) -> int:
    """A point between old paragraphs, after an edit that replaced old[prefix:old_end]
    by new[prefix:new_end]: points in the untouched tail move with it."""
    if point <= prefix:
        return point
    if point >= old_end:
        return point + (new_end - old_end)
    return min(point, new_end)


def reanchor(section: NarrativeSection, body: Sequence[Inline]) -> dict[str, object]:
    """The changes that give ``section`` the new ``body`` with its figures and
    subheadings still beside the same paragraphs.

    Typing Enter in the middle of paragraph 2 makes paragraph 3 the fourth one; a
    subheading counted "before 3" must now say "before 4". The edited stretch is found by
    comparing the old and the new paragraphs from both ends.
    """
    old = section.body
    new = tuple(body)
    changes: dict[str, object] = {"body": new}
    if len(old) == len(new):
        return changes
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while (suffix < min(len(old), len(new)) - prefix
           and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]):
        suffix += 1
    old_end, new_end = len(old) - suffix, len(new) - suffix
    figures = tuple(
        f if f.after is None or f.after > len(old)
        else dataclasses.replace(f, after=_moved(f.after, prefix, old_end, new_end))
        for f in section.figures
    )
    subheadings = tuple(
        s if s.before > len(old)
        else dataclasses.replace(s, before=_moved(s.before, prefix, old_end, new_end))
        for s in section.subheadings
    )
    if figures != section.figures:
        changes["figures"] = figures
    if subheadings != section.subheadings:
        changes["subheadings"] = subheadings
    return changes
