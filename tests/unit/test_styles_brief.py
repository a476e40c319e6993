"""The `brief` style, note by note, against expectations set by hand from the source data.

Each expected note was worked out from the source record and the style's rules (see
docs/notes-and-styles.md), not copied from the program's output:
  without authors  Title, Container, Month Year[, locator], URL.
  with authors     Family, G. “Title,” Container or Publisher, Date[, locator][, URL].
  short form       Family, “Short Title,” locator.  /  Short Title, Container, locator.
  repeats          Ibid.  /  Ibid., 45.  /  Ibid., sec. 3.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.notes import printed_notes, read_with_style

from brief_editor.citations.notes import render_notes
from brief_editor.model import loads

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FIXTURE = FIXTURES / "notes-styles.brief"

EXPECTED = [
    # summary: a newspaper article without an author, first mention
    "1. Port Authority Suspends Night Shipments after Drone Sighting, Coastal Herald, March 2024, "
    "https://coastal-herald.example/port-night-shipments.",
    # heading: same source, now page 2 → ibid-with-locator
    "2. Ibid., 2.",
    # an article with an author: initials, quoted title, comma inside the quotes
    "3. Okafor, A. “Border Crossing Reopens after Two Weeks of Closure,” The Daily Ledger, "
    "March 2024, https://ledger.example/border-reopens.",
    "4. Ibid.",
    # a magazine with two authors and a page; no URL
    "5. Haddad, S., and Vogt, L. “The Quiet Return of Shuttle Diplomacy,” Foreign Affairs Review, "
    "February 2024, 44.",
    # same page again → plain Ibid.
    "6. Ibid.",
    # page 44 before, none now → short form (title-short), full stop inside the quotes
    "7. Haddad and Vogt, “Quiet Return.”",
    "8. Country Profile: Northern Provinces, Regional Security Observatory, November 2023, "
    "https://rso.example/profiles/northern-provinces.",
    # a commentary note
    "9. Casualty figures for March are provisional and may be revised.",
    # the commentary note broke the chain → short form: title and site
    "10. Country Profile: Northern Provinces, Regional Security Observatory.",
    # two sources in one note: an organisation's post and a broadcast
    "11. Ministry of Foreign Affairs. “Statement on the resumption of talks,” X, March 2024, "
    "https://x.example/mfa/status/1765; Night of the Long Talks, World Tonight, "
    "Example Broadcasting Service, March 2024, https://ebs.example/world-tonight/2024-03-04.",
    # the note before held two sources → short form, not Ibid.
    "12. Night of the Long Talks, World Tonight.",
    # a book: publisher and year, the page after the year
    "13. Marković, D. “Negotiating after War: Mediation in Divided Societies,” "
    "Northbridge University Press, 2019, 45.",
    # a section, not a page: the label is printed
    "14. Ibid., sec. 3.",
    # a chapter with an editor, and a prefix
    "15. See Novak, J. “Propaganda by Deed Revisited,” in Handbook of Political Violence, "
    "edited by L. Brandt, Meridian Academic, 2021, 105.",
    # a report by an organisation, with its series and number
    "16. Centre for Conflict Monitoring. “Stalled Talks and Rising Risk in the Northern Corridor,” "
    "Briefing Paper 42, September 2023, https://ccm.example/briefings/42.",
    # a court case: reporter citation, court, year, then the pinpoint page
    "17. Prosecutor v. Dervišević, 12 Trib. Rep. 301, Appeals Chamber, 2016, 305.",
    # an interview, with a comment after the cite
    "18. Ferreira, A. “Ceasefire Monitors Need Access, Not Assurances,” interview by D. Kim, "
    "Morning Report, March 2024, https://radio.example/morning-report/ferreira. "
    "Recorded before the second round of talks.",
    # the note before carried a comment → short form
    "19. Ferreira, “Ceasefire Monitors Need Access, Not Assurances.”",
    # cited long before, with a page: short title and newspaper
    "20. Port Authority Suspends Night Shipments, Coastal Herald, 3.",
    # short form, then the same book again in the same note with another page
    "21. Marković, “Negotiating after War,” 45; ibid., 46.",
    # a case's short form is its short name
    "22. Dervišević, 307.",
    # figure caption: the chapter, cited long before
    "23. Novak, “Propaganda by Deed Revisited,” 110.",
]


def test_every_note_of_the_fixture_issue() -> None:
    assert printed_notes(read_with_style(FIXTURE, "brief")) == EXPECTED


def test_the_brief_style_prints_no_italics() -> None:
    notes = render_notes(read_with_style(FIXTURE, "brief"))
    assert all(isinstance(s, str) or not hasattr(s, "marks") for n in notes for s in n.spans)


def test_urls_in_notes_are_links() -> None:
    notes = render_notes(read_with_style(FIXTURE, "brief"))
    links = [s.url for s in notes[0].spans if hasattr(s, "url")]
    assert links == ["https://coastal-herald.example/port-night-shipments"]


def test_without_ibid_repeats_use_the_short_form() -> None:
    notes = printed_notes(read_with_style(FIXTURE, "brief", ibid=False))
    assert notes[1] == "2. Port Authority Suspends Night Shipments, Coastal Herald, 2."
    assert notes[3] == "4. Okafor, “Border Crossing Reopens.”"
    assert notes[13] == "14. Marković, “Negotiating after War,” sec. 3."
    assert notes[20] == "21. Marković, “Negotiating after War,” 45; Marković, “Negotiating after War,” 46."


def test_format_md_tiny_example() -> None:
    """The example of the file format documentation prints exactly as documented."""
    raw = {
        "format": "brief-editor", "version": 1,
        "meta": {"publication": "Security Brief", "title": "Example Desk", "issue": 3,
                 "week_of": "2024-03-04", "authors": ["A. Analyst"], "team": "Example Team",
                 "organization": "Example Group"},
        "style": {"citation_style": "brief", "notes": "endnotes", "ibid": True},
        "sections": [
            {"id": "s1", "kind": "event", "heading": ["Talks Resume"], "date": "2024-03-04",
             "location": "Geneva, Switzerland", "parties": ["Delegation A", "Delegation B"],
             "event": [["Both delegations met again.", {"note": {"cites": [{"source": "wire1"}]}},
                        " A spokesperson called the talks “useful.”",
                        {"note": {"cites": [{"source": "wire1", "locator": "2"}]}}]],
             "implications": [["Further rounds are likely."]]},
        ],
        "sources": [
            {"id": "wire1", "type": "article-newspaper", "title": "Talks Resume in Geneva",
             "container-title": "Example Wire", "issued": {"date-parts": [[2024, 3]]},
             "URL": "https://example.org/talks"},
        ],
    }
    notes = render_notes(loads(json.dumps(raw)))
    assert [(n.number, n.text) for n in notes] == [
        (1, "Talks Resume in Geneva, Example Wire, March 2024, https://example.org/talks."),
        (2, "Ibid., 2."),
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # The shape of the reference issue's book note: "Family, G. “Title,” Publisher, Year."
        ({"type": "book", "title": "A History of the Region since 1990",
          "author": [{"family": "Petrov", "given": "Ivana"}],
          "publisher": "Lakeside University Press", "issued": {"date-parts": [[2012]]}},
         "Petrov, I. “A History of the Region since 1990,” Lakeside University Press, 2012."),
        # Four or more authors: the first and "et al."
        ({"type": "report", "title": "Field Notes",
          "author": [{"family": f"Author{i}", "given": "Kay"} for i in range(4)],
          "issued": {"date-parts": [[2022, 4]]}},
         "Author0, K., et al. “Field Notes,” April 2022."),
        # No date, no container: only what is there, and no stray commas
        ({"type": "webpage", "title": "About the Mission", "URL": "https://mission.example/about"},
         "About the Mission, https://mission.example/about."),
        # A DOI when there is no URL
        ({"type": "article-magazine", "title": "Drones at Sea", "container-title": "Naval Quarterly",
          "issued": {"date-parts": [[2023, 1, 9]]}, "DOI": "10.1234/nq.2023.1"},
         "Drones at Sea, Naval Quarterly, January 2023, https://doi.org/10.1234/nq.2023.1."),
    ],
)
def test_more_shapes(source: dict, expected: str) -> None:
    raw = {
        "format": "brief-editor", "version": 1, "meta": {},
        "sections": [{"id": "s", "kind": "narrative", "heading": [],
                      "body": [["x", {"note": {"cites": [{"source": "x"}]}}]]}],
        "sources": [{"id": "x", **source}],
    }
    [note] = render_notes(loads(json.dumps(raw)))
    assert note.text == expected


SAMPLES = sorted((Path(__file__).resolve().parents[2] / "resources" / "samples").glob("*.brief"))


@pytest.mark.parametrize("style", ["brief", "chicago-notes"])
def test_bundled_samples_follow_the_note_rules(style: str) -> None:
    """Rules every note of every bundled sample obeys, whatever its sources."""
    if not SAMPLES:
        pytest.skip("no sample briefs in resources/samples yet")
    for path in SAMPLES:
        brief = read_with_style(path, style, ibid=True)
        for note in render_notes(brief):
            where = f"{path.name} note {note.number}: {note.text}"
            assert note.text.endswith((".", ".”", "?", "!")), where
            assert ".." not in note.text.replace("...", ""), where
            if note.cites and note.cites[0].position in ("ibid", "ibid-with-locator"):
                assert note.text.startswith("Ibid."), where
            if note.cites and note.cites[0].position == "subsequent":
                assert not note.text.startswith("Ibid"), where
                assert any(ch.isalpha() for ch in note.text.split(",")[0]), where
