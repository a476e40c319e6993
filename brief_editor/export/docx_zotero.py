"""Zotero-live citations: each note's cites as the field Zotero's Word plugin reads.

Zotero keeps a citation in Word as a field, ``ADDIN ZOTERO_ITEM CSL_CITATION {json}``,
whose result is the printed citation. We write the same field around the cites' words in
every footnote or endnote, with each source's CSL-JSON item embedded, so that an editor with
Zotero sees live citations (Zotero treats them as embedded items, or as items of its own
library when the source came from Zotero with its URI as id) and pandoc's DOCX reader
(``-f docx+citations``) sees real citations. The words printed are unchanged: the field's
result is exactly the note text ``brief-editor notes`` prints, and a note's comment stays
outside the field, so a Zotero refresh could never drop it.

The JSON is data inside ``w:instrText``; docx_notes escapes it for XML like any other text.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from brief_editor.citations.note_spans import spans_text
from brief_editor.export.plan import PlanNote
from brief_editor.model import Source

CSL_CITATION_SCHEMA = (
    "https://github.com/citation-style-language/schema/raw/master/csl-citation.json")
ZOTERO_URI_PREFIXES = ("http://zotero.org/", "https://zotero.org/")


@dataclass(frozen=True)
class CitationField:
    """The field's instruction, and how many of the note's spans are its shown words."""

    instruction: str
    length: int


def csl_item(source: Source) -> dict[str, Any]:
    """The source as the CSL-JSON item Zotero embeds: without our own ``custom`` keys."""
    item = {k: v for k, v in source.data.items() if k != "custom"}
    item.setdefault("type", "document")
    return item


def citation_json(note: PlanNote, sources: Mapping[str, Source]) -> dict[str, Any] | None:
    """The CSL_CITATION object of one note; None when it cites no known source."""
    cites = note.cites
    if not cites or note.cite_spans <= 0 or any(c.source not in sources for c in cites):
        return None
    words = spans_text(note.spans[: note.cite_spans])
    items: list[dict[str, Any]] = []
    for cite in cites:
        source = sources[cite.source]
        entry: dict[str, Any] = {"id": cite.source}
        if cite.source.startswith(ZOTERO_URI_PREFIXES):
            entry["uris"] = [cite.source]
        entry["itemData"] = csl_item(source)
        if cite.locator:
            entry["locator"] = cite.locator
            entry["label"] = cite.effective_label
        if cite.prefix:
            entry["prefix"] = cite.prefix
        if cite.suffix:
            entry["suffix"] = cite.suffix
        items.append(entry)
    return {
        "citationID": citation_id(note),
        "properties": {"formattedCitation": words, "plainCitation": words,
                       "noteIndex": note.number},
        "citationItems": items,
        "schema": CSL_CITATION_SCHEMA,
    }


def citation_id(note: PlanNote) -> str:
    """A stable id (the same brief gives the same bytes), as short as Zotero's own."""
    key = json.dumps([note.number, [[c.source, c.locator, c.label, c.prefix, c.suffix]
                                     for c in note.cites]])
    return "be" + hashlib.sha1(key.encode()).hexdigest()[:10]


def citation_field(note: PlanNote, sources: Mapping[str, Source],
                   items: dict[str, str] | None = None) -> CitationField | None:
    """The field around one note's cites, or None (a commentary note, an unknown source).

    ``items`` keeps each source's ``itemData`` as JSON text across the notes of one export:
    a source cited by many notes is serialised once. The instruction is the same text as
    ``json.dumps`` of ``citation_json`` (tests compare the two).
    """
    cites = note.cites
    if not cites or note.cite_spans <= 0 or any(c.source not in sources for c in cites):
        return None
    if items is None:
        items = {}
    words = spans_text(note.spans[: note.cite_spans])
    entries = []
    for cite in cites:
        item = items.get(cite.source)
        if item is None:
            item = items[cite.source] = _dumps(csl_item(sources[cite.source]))
        head: dict[str, Any] = {"id": cite.source}
        if cite.source.startswith(ZOTERO_URI_PREFIXES):
            head["uris"] = [cite.source]
        tail: dict[str, Any] = {}
        if cite.locator:
            tail["locator"] = cite.locator
            tail["label"] = cite.effective_label
        if cite.prefix:
            tail["prefix"] = cite.prefix
        if cite.suffix:
            tail["suffix"] = cite.suffix
        # The keys in citation_json's order: id, uris, itemData, locator, label, prefix, suffix.
        rest = "," + _dumps(tail)[1:] if tail else "}"
        entries.append(f'{_dumps(head)[:-1]},"itemData":{item}{rest}')
    properties = {"formattedCitation": words, "plainCitation": words, "noteIndex": note.number}
    code = (f'{{"citationID":{_dumps(citation_id(note))},"properties":{_dumps(properties)},'
            f'"citationItems":[{",".join(entries)}],"schema":{_dumps(CSL_CITATION_SCHEMA)}}}')
    return CitationField(f" ADDIN ZOTERO_ITEM CSL_CITATION {code} ", note.cite_spans)


# json.dumps with these arguments makes a new encoder for every call (thousands per export).
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _dumps(value: Any) -> str:
    return _ENCODER.encode(value)
