"""The CSL test suite's note-position fixtures, run through briefs (issue 12, item 4).

``support/csl_test_suite.py`` turns each fixture that applies (a note style, one cluster a
note) into a brief; our engine decides the positions, citeproc-js words them, and each
note must read as the suite's result says. The fixtures are read from a checkout of
citation-style-language/test-suite named by CSL_TEST_SUITE (see the adapter); without one
the test is skipped, as the suite carries no licence to copy it here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.csl_test_suite import Fixture, brief_for, expected_text, load, suite_dir

from brief_editor.citations.notes import NoteRenderer

SUITE = suite_dir()
# The note-position fixtures; a fixture that does not apply says why in the skip.
NAMES = (
    "position_FirstTrueOnlyOnce", "position_IbidInText", "position_IbidWithLocator",
    "position_IbidWithMultipleSoloCitesInBackref", "position_IbidWithPrefixFullStop",
    "position_IfIbidIsTrueThenSubsequentIsTrue", "position_IfIbidWithLocatorIsTrueThenIbidIsTrue",
    "position_NearNoteFalse", "position_NearNoteSameNote", "position_NearNoteWithPlugin",
    "position_ResetNoteNumbers", "position_TrueInCitation",
    "integration_FirstReferenceNoteNumberPositionChange",
    "integration_SimpleFirstReferenceNoteNumber",
)


@pytest.fixture(scope="module")
def renderer() -> NoteRenderer:
    return NoteRenderer()


@pytest.mark.parametrize("name", NAMES)
def test_note_position_fixture(name: str, renderer: NoteRenderer, tmp_path: Path) -> None:
    if SUITE is None:
        pytest.skip("no checkout of the CSL test suite (set CSL_TEST_SUITE)")
    path = SUITE / f"{name}.json"
    if not path.is_file():
        pytest.skip(f"{path} is not in this checkout")
    fixture = load(path)
    if not isinstance(fixture, Fixture):
        pytest.skip(f"does not apply to briefs: {fixture}")
    style = tmp_path / "style.csl"
    style.write_text(fixture.style, encoding="utf-8")
    notes = renderer.render(brief_for(fixture, style))
    assert [n.text for n in notes] == [expected_text(line) for line in fixture.expected]
