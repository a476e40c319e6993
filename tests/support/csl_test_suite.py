"""An adapter from the CSL project's processor test suite to briefs.

The suite (github.com/citation-style-language/test-suite, ``processor-tests/machines``)
gives each fixture as JSON: a CSL style, CSL-JSON items, and either ``citation_items``
(one cluster a note, notes 1, 2, 3 …) or ``citations``, the calls a word processor makes
(each with its ``noteIndex`` and the citations before and after it). The result is the
text of every cluster once the last call is done.

A fixture applies to Brief Editor when its style is a note style, its mode is
``citation``, and the document it ends with has one cluster in each note, numbered 1…N
(a brief cannot put two separate clusters in one note, and numbers its notes itself).
``brief_for`` turns such a fixture into a brief whose notes cite what the clusters cite;
``expected_notes`` gives the suite's text for each note. The suite carries no licence, so
no fixture is copied here: the tests read them from a checkout named by the environment
variable CSL_TEST_SUITE (or ``../shared/csl-test-suite``) and skip without one.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brief_editor.citations.note_spans import html_to_spans, spans_text
from brief_editor.model import Brief, Cite, NarrativeSection, Note, Source, Style

ROOT = Path(__file__).resolve().parents[2]
# Cite fields a brief keeps; a cluster asking for anything else does not apply.
KEPT = {"id", "locator", "label", "prefix", "suffix", "position"}


def suite_dir() -> Path | None:
    """The folder of the suite's machine-readable fixtures, when one is here."""
    named = os.environ.get("CSL_TEST_SUITE")
    candidates = [Path(named)] if named else []
    candidates.append(ROOT.parent / "shared" / "csl-test-suite")
    for base in candidates:
        for folder in (base / "processor-tests" / "machines", base):
            if folder.is_dir() and any(folder.glob("position_*.json")):
                return folder
    return None


@dataclass(frozen=True)
class Fixture:
    name: str
    style: str
    items: list[dict[str, Any]]
    clusters: list[list[dict[str, Any]]]  # one per note, in order
    expected: list[str]


def load(path: Path) -> Fixture | str:
    """The fixture at ``path``, or why it does not apply to briefs."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("mode") != "citation":
        return f"mode {data.get('mode')}"
    if not re.search(r"<style\b[^>]*\bclass=\"note\"", data["csl"]):
        return "not a note style"
    if data.get("citation_items"):
        clusters = data["citation_items"]
        expected = data["result"].split("\n")
    elif data.get("citations"):
        clusters, expected_or_why = _final_document(data)
        if isinstance(expected_or_why, str):
            return expected_or_why
        expected = expected_or_why
    else:
        return "no citations"
    for cluster in clusters:
        for cite in cluster:
            if set(cite) - KEPT:
                return f"a cite uses {sorted(set(cite) - KEPT)}"
    if len(expected) != len(clusters):
        return "the result does not give one line a note"
    return Fixture(path.stem, data["csl"], data["input"], clusters, expected)


_RESULT_LINE = re.compile(r"^(?:\.\.|>>)\[(\d+)\] (.*)$")


def _final_document(data: dict[str, Any]) -> tuple[list[list[dict[str, Any]]], list[str] | str]:
    calls = data["citations"]
    by_id = {call[0]["citationID"]: call[0] for call in calls}
    citation, before, after = calls[-1]
    order = [(cid, note) for cid, note in before]
    order.append((citation["citationID"], citation["properties"]["noteIndex"]))
    order += [(cid, note) for cid, note in after]
    notes = [note for _, note in order]
    if notes != list(range(1, len(notes) + 1)):
        return [], "clusters do not sit one a note, numbered 1…N"
    lines: dict[int, str] = {}
    for line in data["result"].split("\n"):
        found = _RESULT_LINE.match(line)
        if not found:
            return [], "a result line without its cluster number"
        lines[int(found.group(1))] = found.group(2)
    if sorted(lines) != list(range(len(order))):
        return [], "the result does not list every cluster"
    clusters = [by_id[cid]["citationItems"] for cid, _ in order]
    return clusters, [lines[i] for i in range(len(order))]


def brief_for(fixture: Fixture, style_path: Path) -> Brief:
    """A brief with one note a cluster, its sources the fixture's items."""
    notes = []
    for cluster in fixture.clusters:
        cites = tuple(
            Cite(source=str(c["id"]), locator=c.get("locator"), label=c.get("label"),
                 prefix=c.get("prefix"), suffix=c.get("suffix"))
            for c in cluster
        )
        notes.append(("Text.", Note(cites=cites)))
    return Brief(
        style=Style(citation_style=str(style_path), ibid=True),
        sections=(NarrativeSection(id="s1", heading=("Heading",), body=tuple(notes)),),
        sources=tuple(Source(data={**item, "id": str(item["id"])}) for item in fixture.items),
    )


def expected_text(line: str) -> str:
    """The suite's HTML-ish result line as the text our notes give."""
    return spans_text(html_to_spans(line))
