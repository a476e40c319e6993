"""E008 in a one-line or list field (byline, party, credit): the Checks dock says where,
and clicking the problem puts the cursor in that field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from brief_editor.model import parse
from brief_editor.ui.checks_dock import PROBLEM_ROLE, WHERE_ROLE
from brief_editor.ui.document import Document

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample-issue.brief"
LONG = "Lorem ipsum " * 17_000


def _items(panel) -> list:
    """The problems' rows (model indexes), group by group."""
    model = panel.model
    items = []
    for i in range(model.rowCount()):
        group = model.index(i, 0)
        items += [model.index(j, 0, group) for j in range(model.rowCount(group))]
    return items


@pytest.mark.parametrize(("section", "change", "where", "widget"), [
    (4, lambda s: s.__setitem__("byline", LONG), "byline", lambda f: f.byline),
    (4, lambda s: s["credits"].__setitem__(0, LONG), "credit 1", lambda f: f.credits.list),
    (0, lambda s: s["parties"].__setitem__(1, LONG), "parties", lambda f: f.parties.list),
])
def test_clicking_a_long_text_problem_focuses_its_field(qtbot, window, section, change, where,
                                                        widget) -> None:
    raw = json.loads(SAMPLE.read_text(encoding="utf-8"))
    change(raw["sections"][section])
    window.set_document(Document(parse(raw), parent=window))
    window.live.refresh_now(wait=True)
    panel = window.live.checks_panel
    (item,) = [i for i in _items(panel) if i.data(PROBLEM_ROLE).id == "E008"]
    assert item.data(WHERE_ROLE).endswith(where)
    panel.tree.scrollTo(item)
    rect = panel.tree.visualRect(item)
    qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.outline.current_section_id() == raw["sections"][section]["id"]
    field = widget(window.form)
    assert field.hasFocus()
    if hasattr(field, "currentRow"):  # a list: the long line is the one chosen
        assert field.currentItem().text() == LONG


def _red_columns(widget) -> set[int]:
    """The columns of ``widget`` where the spelling underline's red is painted."""
    image = widget.grab().toImage()
    return {x for x in range(image.width()) for y in range(image.height())
            if (c := image.pixelColor(x, y)).red() > 180 and c.green() < 90 and c.blue() < 90}


def test_the_underline_of_a_long_line_is_under_its_typo(qtbot, window) -> None:
    raw = json.loads(SAMPLE.read_text(encoding="utf-8"))
    # A line far longer than the field shows, then a typo: only the part around the cursor
    # is checked and measured (visible_stretch), and the underline is still under the typo.
    raw["sections"][4]["byline"] = "the report " * 200 + "teh end"
    window.set_document(Document(parse(raw), parent=window))
    window.outline.select(raw["sections"][4]["id"])
    qtbot.waitUntil(lambda: getattr(window.form, "byline", None) is not None
                    and window.form.byline.isVisible())
    qtbot.wait(50)
    byline = window.form.byline
    byline.setFocus()
    byline.end(False)
    underlined = _red_columns(byline)
    assert underlined, "the typo at the end of the line is underlined"
    typo_x = byline.cursorRect().center().x() - byline.fontMetrics().horizontalAdvance("teh end")
    assert min(underlined) >= typo_x - 3 and max(underlined) <= typo_x + \
        byline.fontMetrics().horizontalAdvance("teh") + 3
    byline.home(False)  # the start of the line holds no typo: nothing is underlined
    assert not _red_columns(byline)
