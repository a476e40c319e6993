"""The CSL test suite's note-position fixtures, run through briefs (issue 12, item 4).

``support/csl_test_suite.py`` turns each fixture that applies (a note style, its clusters
in notes) into a brief; our engine decides the positions, citeproc-js words them, and each
note must read as the suite's result says. ``make test`` fetches the fixtures, pinned, into
tests/_fetched (scripts/fetch-test-data.sh): the suite carries no licence to copy it here.

Every ``position_*`` fixture of the suite is either run or listed in NOT_APPLICABLE with
the reason, and so is every ``integration_*`` one (the suite's word-processor sessions:
inserting, moving and deleting citations, which is where note numbers and ibid change).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.csl_test_suite import (
    assert_notes_match_fixture,
    load,
    required_suite_dir,
)

from brief_editor.citations.notes import NoteRenderer

RUN = (
    "position_FirstTrueOnlyOnce", "position_IbidWithLocator",
    "position_IbidWithMultipleSoloCitesInBackref", "position_IbidWithPrefixFullStop",
    "position_IfIbidIsTrueThenSubsequentIsTrue", "position_IfIbidWithLocatorIsTrueThenIbidIsTrue",
    "position_NearNoteSameNote", "position_NearNoteWithPlugin", "position_ResetNoteNumbers",
    "position_TrueInCitation",
    "integration_CitationSort", "integration_CitationSortTwice", "integration_DeleteName",
    "integration_FirstReferenceNoteNumberPositionChange", "integration_IbidOnInsert",
    "integration_IbidWithDifferentLocators", "integration_SimpleFirstReferenceNoteNumber",
    "integration_SimpleIbid", "integration_SubsequentWhenInterveningFootnote",
)
# Fixture: (what the adapter answers, why that does not apply to a brief).
NOT_APPLICABLE = {
    "position_FalseInBibliography": (
        "mode bibliography", "a brief prints notes, never a CSL bibliography"),
    "position_IbidWithSuffix": (
        "mode bibliography", "a brief prints notes, never a CSL bibliography"),
    "position_IbidSeparateCiteSameNote": (
        "not a note style", "an in-text style: its clusters sit in the running text"),
    "position_NearNoteUnsupported": (
        "not a note style", "an in-text style: its clusters sit in the running text"),
    "position_IbidInText": (
        "note number 0", "two of its clusters sit in the running text, not in notes"),
    "position_NearNoteFalse": (
        "a cite uses ['near-note']",
        "the word processor sets near-note itself; a brief computes it from its notes"),
    **{name: ("note number 0", "some of its clusters sit in the running text, not in notes")
       for name in ("integration_DisambiguateAddGivenname1",
                    "integration_DisambiguateAddGivenname2", "integration_DuplicateItem",
                    "integration_DuplicateItem2", "integration_YearSuffixOnOffOn")},
}


@pytest.fixture(scope="module")
def renderer() -> NoteRenderer:
    return NoteRenderer()


@pytest.mark.parametrize("name", RUN)
def test_note_position_fixture(name: str, renderer: NoteRenderer, tmp_path: Path) -> None:
    assert_notes_match_fixture(name, renderer, tmp_path)


@pytest.mark.parametrize("name", sorted(NOT_APPLICABLE))
def test_a_fixture_left_out_is_left_out_for_its_stated_reason(name: str) -> None:
    answer = load(required_suite_dir() / f"{name}.txt")
    assert isinstance(answer, str) and NOT_APPLICABLE[name][0] in answer, answer


def test_every_position_and_integration_fixture_is_run_or_said_why_not() -> None:
    names = {path.stem for pattern in ("position_*.txt", "integration_*.txt")
             for path in required_suite_dir().glob(pattern)}
    assert len(names) >= 16 + 14
    assert names == set(RUN) | set(NOT_APPLICABLE)
