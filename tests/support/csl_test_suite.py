"""An adapter from the CSL project's processor test suite to briefs.

The suite (github.com/citation-style-language/test-suite, ``processor-tests/humans``)
gives each fixture as one text file of sections, each between ``>>===== NAME =====>>``
and ``<<===== NAME =====<<``: MODE, RESULT, CSL (the style), INPUT (CSL-JSON items), and
either CITATION-ITEMS (one cluster a note, notes 1, 2, 3 …) or CITATIONS, the calls a word
processor makes (each with its ``noteIndex`` and the citations before and after it). The
result is the text of every cluster once the last call is done.

A fixture applies to Brief Editor when its style is a note style, its mode is
``citation``, and the document it ends with has one cluster in each note, numbered 1…N
(a brief cannot put two separate clusters in one note, and numbers its notes itself).
``brief_for`` turns such a fixture into a brief whose notes cite what the clusters cite;
``expected`` gives the suite's text for each note. The suite carries no licence, so no
fixture is copied here: ``make test`` fetches them (scripts/fetch-test-data.sh) into
tests/_fetched/csl-test-suite; CSL_TEST_SUITE may name a checkout of the suite instead.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from brief_editor.citations.note_spans import html_to_spans, spans_text
from brief_editor.model import Brief, Cite, NarrativeSection, Note, Source, Style

ROOT = Path(__file__).resolve().parents[2]
# Cite fields a brief keeps; a cluster asking for anything else does not apply.
KEPT = {"id", "locator", "label", "prefix", "suffix", "position"}


def suite_dir() -> Path | None:
    """The folder of the suite's fixtures in their human format, when one is here."""
    named = os.environ.get("CSL_TEST_SUITE")
    candidates = [Path(named)] if named else []
    candidates.append(ROOT / "tests" / "_fetched" / "csl-test-suite")
    for base in candidates:
        for folder in (base / "processor-tests" / "humans", base):
            if folder.is_dir() and any(folder.glob("position_*.txt")):
                return folder
    return None


def sections(text: str) -> dict[str, str]:
    """The fixture's sections by name, each stripped as the suite's own processor.py does."""
    found = {}
    for match in _SECTION.finditer(text.replace("\r\n", "\n")):
        found[match.group(1)] = match.group(2).strip()
    return found


# ``>>===== NAME =====>>`` … ``<<===== NAME =====<<`` (the number of ``=`` varies).
_SECTION = re.compile(r"^>>=+ ([A-Z0-9-]+) =+>>[ \t]*\n(.*?)\n<<=+ \1 =+<<[ \t]*$",
                      re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Fixture:
    name: str
    style: str
    items: list[dict[str, Any]]
    notes: list[list[dict[str, Any]]]  # the cites of notes 1…N; [] for a note without cites
    expected: list[str | None]  # the suite's text of each note; None for one without cites


def load(path: Path) -> Fixture | str:
    """The fixture at ``path``, or why it does not apply to briefs."""
    parts = sections(path.read_text(encoding="utf-8"))
    missing = {"MODE", "CSL", "INPUT", "RESULT"} - set(parts)
    if missing:
        return f"no {', '.join(sorted(missing))} section"
    mode, csl, result = parts["MODE"], parts["CSL"], parts["RESULT"]
    items = json.loads(parts["INPUT"])
    if mode != "citation":
        return f"mode {mode}"
    if not re.search(r"<style\b[^>]*\bclass=\"note\"", csl):
        return "not a note style"
    if "CITATIONS" in parts:
        placed = _final_document(json.loads(parts["CITATIONS"]), result)
        if isinstance(placed, str):
            return placed
    else:
        # Without CITATION-ITEMS the suite's runners cite every item in one cluster.
        clusters = json.loads(parts.get("CITATION-ITEMS") or "null") or [
            [{"id": item["id"]} for item in items]]
        lines = result.split("\n")
        if len(lines) != len(clusters):
            return "the result does not give one line a cluster"
        placed = [(n, cluster, line) for n, (cluster, line) in enumerate(zip(clusters, lines, strict=True), 1)]
    for _, cluster, _ in placed:
        for cite in cluster:
            if set(cite) - KEPT:
                return f"a cite uses {sorted(set(cite) - KEPT)}"
    notes = _notes(placed, csl)
    if isinstance(notes, str):
        return notes
    return Fixture(path.stem, csl, items, [cites for cites, _ in notes],
                   [text for _, text in notes])


Placed = list[tuple[int, list[dict[str, Any]], str]]  # note number, cluster, its result


def _notes(placed: Placed, csl: str) -> list[tuple[list[dict[str, Any]], str | None]] | str:
    """The clusters as a brief's notes 1…N, with the text each note must read.

    A number no cluster uses becomes a note without cites (a brief's footnote that only
    comments, as a word processor's footnote without a citation). Clusters that share a
    note become one note citing all of them, as a user would write it in a brief: it must
    read as their texts joined by the layout's delimiter, which holds only when the layout
    adds no prefix or suffix of its own around each cluster.
    """
    numbers = [n for n, _, _ in placed]
    if numbers != sorted(numbers) or numbers[0] < 1:
        return "a cluster outside the notes (note number 0: in the running text)"
    layout = ElementTree.fromstring(csl).find("csl:citation/csl:layout", _CSL)
    assert layout is not None
    shared = len(set(numbers)) < len(numbers)
    if shared and (layout.get("prefix") or layout.get("suffix")):
        return "clusters share a note, and the layout wraps each in a prefix or suffix"
    notes: list[tuple[list[dict[str, Any]], str | None]] = []
    for number in range(1, numbers[-1] + 1):
        here = [(cluster, text) for n, cluster, text in placed if n == number]
        cites = [cite for cluster, _ in here for cite in cluster]
        text = (layout.get("delimiter") or "").join(t for _, t in here) if here else None
        notes.append((cites, text))
    return notes


_CSL = {"csl": "http://purl.org/net/xbiblio/csl"}
_RESULT_LINE = re.compile(r"^(?:\.\.|>>)\[(\d+)\] (.*)$")


def _final_document(calls: list[Any], result: str) -> Placed | str:
    """Each cluster of the document the last call leaves, in order, with its note number."""
    by_id = {call[0]["citationID"]: call[0] for call in calls}
    citation, before, after = calls[-1]
    order = [(cid, note) for cid, note in before]
    order.append((citation["citationID"], citation["properties"].get("noteIndex", 0)))
    order += [(cid, note) for cid, note in after]
    lines: dict[int, str] = {}
    for line in result.split("\n"):
        found = _RESULT_LINE.match(line)
        if not found:
            return "a result line without its cluster number"
        lines[int(found.group(1))] = found.group(2)
    if sorted(lines) != list(range(len(order))):
        return "the result does not list every cluster"
    return [(note, by_id[cid]["citationItems"], lines[i]) for i, (cid, note) in enumerate(order)]


def brief_for(fixture: Fixture, style_path: Path) -> Brief:
    """A brief with the fixture's notes, its sources the fixture's items."""
    body = []
    for cluster in fixture.notes:
        cites = tuple(
            Cite(source=str(c["id"]), locator=c.get("locator"), label=c.get("label"),
                 prefix=c.get("prefix"), suffix=c.get("suffix"))
            for c in cluster
        )
        body.append(("Text.", Note(cites=cites, comment=None if cites else ("An aside.",))))
    return Brief(
        style=Style(citation_style=str(style_path), ibid=True),
        sections=(NarrativeSection(id="s1", heading=("Heading",), body=tuple(body)),),
        sources=tuple(Source(data={**item, "id": str(item["id"])}) for item in fixture.items),
    )


def expected_text(line: str) -> str:
    """The suite's HTML-ish result line as the text our notes give."""
    return spans_text(html_to_spans(line))


def required_suite_dir() -> Path:
    """The fixtures' folder; a clear failure (never a skip) when `make test-data` did not run."""
    suite = suite_dir()
    assert suite is not None, (
        "the CSL test suite's fixtures are missing: `make test-data` fetches them into "
        "tests/_fetched/csl-test-suite (or set CSL_TEST_SUITE to a checkout of the suite)")
    return suite


def assert_notes_match_fixture(name: str, renderer: Any, folder: Path) -> None:
    """Run the suite's fixture ``name`` as a brief through ``renderer`` (a NoteRenderer);
    every note the fixture expects must read exactly as it says. ``folder`` holds the style."""
    fixture = load(required_suite_dir() / f"{name}.txt")
    assert isinstance(fixture, Fixture), fixture
    style = folder / "style.csl"
    style.write_text(fixture.style, encoding="utf-8")
    notes = renderer.render(brief_for(fixture, style))
    assert len(notes) == len(fixture.expected)
    got = [note.text for note, line in zip(notes, fixture.expected, strict=True) if line is not None]
    want = [expected_text(line) for line in fixture.expected if line is not None]
    assert got == want
