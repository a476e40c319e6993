"""The Zotero field's instruction, built from each source's JSON serialised once per export,
is exactly ``json.dumps`` of the CSL_CITATION object (what Zotero and pandoc parse)."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_docx_zotero import ZOTERO_ID, zotero_brief  # noqa: E402

from brief_editor.export.docx_zotero import citation_field, citation_json  # noqa: E402
from brief_editor.export.plan import build_plan  # noqa: E402
from brief_editor.model import Cite  # noqa: E402


def test_the_instruction_is_the_json_of_the_citation_object() -> None:
    brief = zotero_brief("footnotes")
    plan = build_plan(brief)
    sources = brief.source_by_id()
    # One more note's cites with every optional key: a suffix, a prefix, a locator.
    extra = dataclasses.replace(plan.notes[2], cites=(
        Cite(ZOTERO_ID, "12–14", "page", prefix="cf. “this”", suffix="and <more> & \\u0000"),
        Cite("wire1"),
    ))
    notes = [*plan.notes, extra]
    items: dict[str, str] = {}
    checked = 0
    for note in notes:
        expected = citation_json(note, sources)
        field = citation_field(note, sources, items)
        if expected is None:
            assert field is None
            continue
        code = json.dumps(expected, ensure_ascii=False, separators=(",", ":"))
        assert field is not None
        assert field.instruction == f" ADDIN ZOTERO_ITEM CSL_CITATION {code} "
        assert json.loads(field.instruction.split("CSL_CITATION", 1)[1]) == expected
        checked += 1
    assert checked >= 4
    assert set(items) == {"wire1", "book1", ZOTERO_ID}  # each source serialised once
