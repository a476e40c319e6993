"""The CSL test suite's disambiguation fixtures, run through briefs (issue 12, done-when 1).

Every ``disambiguate_*`` fixture that applies to a brief (a note style, its clusters in
notes: ``support/csl_test_suite.py`` says which) must read as the suite's result: our
engine registers each note's ambiguity peers in citeproc-js (``citations/ambiguity.py``),
so alike cites are told apart as Zotero tells them apart. Before that, 8 of these 47 read
as the suite says. The suite's fixtures are fetched by ``make test`` (not copied here).
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
    "disambiguate_AddNamesFailure",
    "disambiguate_AddNamesFailureWithAddGivenname",
    "disambiguate_AddNamesSuccess",
    "disambiguate_AllNamesBaseNameCountOnFailureIfYearSuffixAvailable",
    "disambiguate_AllNamesGenerally",
    "disambiguate_AllNamesSimpleSequence",
    "disambiguate_AllNamesWithInitialsGenerally",
    "disambiguate_AndreaEg1a",
    "disambiguate_AndreaEg1b",
    "disambiguate_AndreaEg1c",
    "disambiguate_AndreaEg2",
    "disambiguate_AndreaEg3",
    "disambiguate_AndreaEg4",
    "disambiguate_AndreaEg5",
    "disambiguate_BasedOnEtAlSubsequent",
    "disambiguate_BasedOnSubsequentFormWithBackref2",
    "disambiguate_ByCiteBaseNameCountOnFailureIfYearSuffixAvailable",
    "disambiguate_ByCiteDisambiguateCondition",
    "disambiguate_ByCiteGivennameExpandCrossNestedNames",
    "disambiguate_ByCiteGivennameNoShortFormInitializeWith",
    "disambiguate_ByCiteGivennameShortFormInitializeWith",
    "disambiguate_ByCiteGivennameShortFormNoInitializeWith",
    "disambiguate_ByCiteMinimalGivennameExpandMinimalNames",
    "disambiguate_ByCiteRetainNamesOnFailureIfYearSuffixNotAvailable",
    "disambiguate_ByCiteTwoAuthorsSameCite",
    "disambiguate_ByCiteTwoAuthorsSameFamilyName",
    "disambiguate_CitationLabelDefault",
    "disambiguate_CitationLabelInData",
    "disambiguate_DifferentSpacingInInitials",
    "disambiguate_DisambiguateWithThree",
    "disambiguate_DisambiguationHang",
    "disambiguate_ExtraTextCitation",
    "disambiguate_FamilyNameOnly",
    "disambiguate_IncrementalExtraText",
    "disambiguate_NoTextElementUsesYearSuffixVariable",
    "disambiguate_PrimaryNameGenerally",
    "disambiguate_PrimaryNameWithInitialsLimitedToPrimary",
    "disambiguate_PrimaryNameWithParticle",
    "disambiguate_ToInitialOnly",
    "disambiguate_Trigraph",
    "disambiguate_YearCollapseWithInstitution",
    "disambiguate_YearSuffixAndSort",
    "disambiguate_YearSuffixAtTwoLevels",
    "disambiguate_YearSuffixMacroSameYearExplicit",
    "disambiguate_YearSuffixMacroSameYearImplicit",
    "disambiguate_YearSuffixWithEtAlSubequent",
    "disambiguate_YearSuffixWithMixedCreatorTypes",
)


@pytest.fixture(scope="module")
def renderer() -> NoteRenderer:
    return NoteRenderer()


@pytest.mark.parametrize("name", RUN)
def test_disambiguation_fixture(name: str, renderer: NoteRenderer, tmp_path: Path) -> None:
    assert_notes_match_fixture(name, renderer, tmp_path)


def test_every_disambiguation_fixture_that_applies_is_run() -> None:
    left_out = {path.stem: load(path) for path in required_suite_dir().glob("disambiguate_*.txt")
                if path.stem not in RUN}
    assert len(left_out) + len(RUN) >= 70
    # The rest are bibliographies, in-text styles or clusters in the running text.
    assert all(isinstance(why, str) for why in left_out.values()), sorted(
        name for name, why in left_out.items() if not isinstance(why, str))
