"""Notes use the CSL project's current locale files, en-US included (issue 12, item 1).

An old en-US (CSL 1.0, 2015) has no ``number`` term and abbreviates July as "Jul.", so the
official Chicago style printed "…, 262, Europe Report" and "Jul. 24". The expectations
below are Chicago's own: "no. 262" and "July" spelt out, set by hand.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.oracle import ORACLE_LOCALE_SOURCES, oracle_locales, oracle_unavailable

from brief_editor.citations.csl_locales import locale_xml
from brief_editor.citations.notes import NoteRenderer
from brief_editor.model import Brief, Cite, NarrativeSection, Note, Source, Style

SHARED_CSL = Path(__file__).resolve().parents[3] / "shared" / "csl"
CHICAGO = SHARED_CSL / "chicago-notes-bibliography-subsequent-ibid.csl"

REPORT = {
    "id": "report", "type": "report",
    "title": "Reviving the Northern Corridor Talks",
    "author": [{"literal": "Example Crisis Institute"}],
    "genre": "Europe Report", "number": "262",
    "publisher": "Example Crisis Institute", "publisher-place": "Brussels",
    "issued": {"date-parts": [[2023, 7, 24]]},
}
NEWS = {
    "id": "news", "type": "article-newspaper", "title": "Talks Resume in the North",
    "container-title": "The Daily Ledger", "issued": {"date-parts": [[2023, 7, 24]]},
}


def _first_notes(style: Path) -> list[str]:
    brief = Brief(
        style=Style(citation_style=str(style)),
        sections=(NarrativeSection(id="s1", heading=("Heading",), body=(
            ("Text.", Note(cites=(Cite(source="report"),))),
            ("More.", Note(cites=(Cite(source="news"),))),
        )),),
        sources=(Source(data=dict(REPORT)), Source(data=dict(NEWS))),
    )
    return [note.text for note in NoteRenderer().render(brief)]


def test_chicago_prints_the_report_number_and_the_month_in_full() -> None:
    if not CHICAGO.is_file():
        pytest.skip(f"the official Chicago style is not here ({CHICAGO})")
    report, news = _first_notes(CHICAGO)
    assert "Europe Report no. 262" in report
    assert news == "“Talks Resume in the North,” The Daily Ledger, July 24, 2023."


def _is_current(xml: str) -> bool:
    """A locale of CSL 1.0.2 (2022 on): it has the ``number`` term and an update date ≥ 2024."""
    updated = re.search(r"<updated>(\d{4})", xml)
    return 'name="number"' in xml and updated is not None and int(updated.group(1)) >= 2024


@pytest.mark.parametrize("lang", ["en-US", "en-GB", "de-DE", "fr-FR"])
def test_the_program_reads_current_locale_files(lang: str) -> None:
    xml = locale_xml(lang)
    assert xml is not None and _is_current(xml)


def test_the_oracle_reads_current_en_us_from_another_source_than_ours() -> None:
    reason = oracle_unavailable()
    if reason:
        pytest.skip(reason)
    locales = oracle_locales()
    assert _is_current(locales["en-US"])
    for lang in ("de-DE", "fr-FR", "es-ES", "nl-NL"):
        assert _is_current(locales[lang]), lang
        assert ORACLE_LOCALE_SOURCES[lang] == "npm @citation-js/plugin-csl"
    if SHARED_CSL.is_dir():
        assert ORACLE_LOCALE_SOURCES["en-US"].startswith(str(SHARED_CSL))
