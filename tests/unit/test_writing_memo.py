"""The editor's checks keep the writing findings of each text between runs; a text is still
judged by its field (hedges count only in the event and the implications), and a new word in
the brief's names or a new dictionary word is judged afresh."""

from __future__ import annotations

import dataclasses

from brief_editor.citations.checks import run_checks
from brief_editor.citations.incremental import BriefDigest, IncrementalChecks
from brief_editor.citations.writing import WritingSettings
from brief_editor.model import Brief, Cite, EventSection, Note, Source

HEDGE = "In all likelihood, Zorvathi talks will stall."
SOURCE = Source({"id": "wire", "type": "webpage", "title": "Talks", "URL": "https://e.org"})


def _brief(parties: tuple[str, ...] = ()) -> Brief:
    # The same sentence as a heading (no hedge check) and as the event (hedge checked).
    section = EventSection(id="s1", heading=(HEDGE,), parties=parties,
                           event=((HEDGE, Note((Cite("wire"),))),))
    return Brief(sections=(section,), sources=(SOURCE,))


def _ids(problems) -> list[tuple[str, str, str]]:
    return [(p.id, p.place.field, p.message) for p in problems if p.id.startswith("W3")]


def test_kept_findings_follow_field_names_and_words() -> None:
    settings = WritingSettings.build()
    checks = IncrementalChecks(writing=settings)
    digest = BriefDigest()
    brief = _brief()
    for edit in range(3):
        if edit == 1:  # a note inserted: the texts are the same, the findings are kept
            section = brief.sections[0]
            event = ((*section.event[0], Note((Cite("wire", "2"),))),)
            brief = dataclasses.replace(brief, sections=(dataclasses.replace(section,
                                                                             event=event),))
        if edit == 2:  # "Zorvathi" becomes a party's name: no longer an unknown word
            brief = dataclasses.replace(brief, sections=(dataclasses.replace(
                brief.sections[0], parties=("Zorvathi",)),))
        digest.update(brief)
        live = _ids(checks.run(brief, digest))
        assert live == _ids(run_checks(brief, writing=settings))
        hedges = [field for check, field, _ in live if check == "W302"]
        unknown = [field for check, field, message in live if check == "W301"
                   and "Zorvathi" in message]
        assert hedges == ["event"]
        assert unknown == ([] if edit == 2 else ["heading", "event"])
