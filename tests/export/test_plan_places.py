"""The plan's messages name the place of what they are about (found only when needed)."""

from __future__ import annotations

import json

from docx_briefs import brief_raw

from brief_editor.export.plan import build_plan
from brief_editor.model import loads


def test_dropped_control_characters_are_reported_where_they_were() -> None:
    raw = brief_raw(sections=3, notes="footnotes")
    raw["sections"][1]["event"][0][0] = "Pasted\u000c from a PDF."
    raw["sections"][2]["location"] = "Bru\u0000ssels"
    raw["sections"][2]["parties"] = ["Port\u0001 authority"]
    warnings = build_plan(loads(json.dumps(raw))).warnings
    second, third = raw["sections"][1]["heading"][0], raw["sections"][2]["heading"][0]
    dropped = [w for w in warnings if "control character" in w]
    assert len(dropped) == 3
    assert sum(second in w for w in dropped) == 1
    assert sum(third in w for w in dropped) == 2
