"""Chicago notes (``chicago-notes``: the official CSL style, 18th edition with Ibid.), note by note.

Italics are marked *thus*. Each note was worked out from the source record and Chicago's
notes conventions (18th edition: given name first in full notes, no place of publication;
short notes "Family, Short Title, page."; Ibid. for the note just before; an unsigned news
or web source's short note led by the paper or site, 14.89 and 14.104; "no." before a
report's number; three or more authors as the first and "et al."), not copied from the
program's output. Legal cases follow the official CSL style as Zotero prints it, which puts
a pinpoint after the court and year.
"""

from __future__ import annotations

import json
from pathlib import Path

from support.notes import marked, printed_notes, read_with_style

from brief_editor.citations.notes import render_notes
from brief_editor.model import loads

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "notes-styles.brief"

EXPECTED = [
    # unsigned news: quoted headline, italic paper, full date, URL
    "1. “Port Authority Suspends Night Shipments after Drone Sighting,” *Coastal Herald*, "
    "March 5, 2024, https://coastal-herald.example/port-night-shipments.",
    "2. Ibid., 2.",
    "3. Adaeze Okafor, “Border Crossing Reopens after Two Weeks of Closure,” *The Daily Ledger*, "
    "March 2, 2024, https://ledger.example/border-reopens.",
    "4. Ibid.",
    # a magazine is cited by date, page after the date
    "5. Samir Haddad and Lena Vogt, “The Quiet Return of Shuttle Diplomacy,” "
    "*Foreign Affairs Review*, February 2024, 44.",
    "6. Ibid.",
    # no page after a note with a page → short note, never Ibid.
    "7. Haddad and Vogt, “Quiet Return.”",
    # a web page: the site in roman
    "8. “Country Profile: Northern Provinces,” Regional Security Observatory, November 2023, "
    "https://rso.example/profiles/northern-provinces.",
    "9. Casualty figures for March are provisional and may be revised.",
    # unsigned, short note: the site leads, as the author would
    "10. Regional Security Observatory, “Country Profile: Northern Provinces.”",
    # two sources: a post (platform in roman) and a broadcast (programme italic, then network)
    "11. Ministry of Foreign Affairs, “Statement on the resumption of talks,” X, March 4, 2024, "
    "https://x.example/mfa/status/1765; “Night of the Long Talks,” *World Tonight*, "
    "Example Broadcasting Service, March 4, 2024, https://ebs.example/world-tonight/2024-03-04.",
    "12. “Night of the Long Talks.”",
    # a book: italic title, (Publisher, Year), page
    "13. Dragana Marković, *Negotiating after War: Mediation in Divided Societies* "
    "(Northbridge University Press, 2019), 45.",
    "14. Ibid., sec. 3.",
    # a chapter: "in" the italic book, "ed." the editor
    "15. See Jana Novak, “Propaganda by Deed Revisited,” in *Handbook of Political Violence*, "
    "ed. Lukas Brandt (Meridian Academic, 2021), 105.",
    # a report: italic title, series and number, (year), URL
    "16. Centre for Conflict Monitoring, *Stalled Talks and Rising Risk in the Northern Corridor*, "
    "Briefing Paper no. 42 (2023), https://ccm.example/briefings/42.",
    # a case: name, volume reporter first page, (court year), pinpoint
    "17. Prosecutor v. Dervišević, 12 Trib. Rep. 301 (Appeals Chamber 2016), at 305.",
    # a published interview
    "18. Ana Ferreira, “Ceasefire Monitors Need Access, Not Assurances,” interview by Daniel Kim, "
    "*Morning Report*, March 3, 2024, https://radio.example/morning-report/ferreira. "
    "Recorded before the second round of talks.",
    "19. Ferreira, “Ceasefire Monitors Need Access, Not Assurances.”",
    # an unsigned article's short note: the paper, then the short headline
    "20. *Coastal Herald*, “Port Authority Suspends Night Shipments,” 3.",
    # short note with the italic short title; then ibid. (lower case inside a note)
    "21. Marković, *Negotiating after War*, 45; ibid., 46.",
    # a case's short form: short name, page
    "22. *Dervišević*, 307.",
    "23. Novak, “Propaganda by Deed Revisited,” 110.",
]


def test_every_note_of_the_fixture_issue() -> None:
    assert printed_notes(read_with_style(FIXTURE, "chicago-notes")) == EXPECTED


def test_without_ibid_repeats_use_the_short_note() -> None:
    notes = printed_notes(read_with_style(FIXTURE, "chicago-notes", ibid=False))
    assert notes[1] == "2. *Coastal Herald*, “Port Authority Suspends Night Shipments,” 2."
    assert notes[13] == "14. Marković, *Negotiating after War*, sec. 3."


def test_more_shapes() -> None:
    sources = [
        {"id": "a", "type": "book", "title": "Maritime Security in Narrow Seas",
         "author": [{"family": "Lind", "given": "Maja"}, {"family": "Ortiz", "given": "Rafael"},
                    {"family": "Chen", "given": "Wei"}],
         "publisher": "Harbour Press", "issued": {"date-parts": [[2020]]}},
        {"id": "b", "type": "webpage", "title": "Fleet Register", "container-title": "Port Data",
         "accessed": {"date-parts": [[2024, 1, 15]]}, "URL": "https://portdata.example/fleet"},
        {"id": "c", "type": "article-newspaper", "title": "Four Writers, One Story",
         "author": [{"family": f"Writer{i}", "given": "Sam"} for i in range(4)],
         "container-title": "Evening Post", "issued": {"date-parts": [[2022, 6, 1]]}},
    ]
    raw = {
        "format": "brief-editor", "version": 1, "meta": {},
        "style": {"citation_style": "chicago-notes"},
        "sections": [{"id": "s", "kind": "narrative", "heading": [], "body": [[
            "x", {"note": {"cites": [{"source": "a", "locator": "9"}]}},
            "y", {"note": {"cites": [{"source": "b"}]}},
            "z", {"note": {"cites": [{"source": "c"}]}},
            "w", {"note": {"cites": [{"source": "a"}]}},
        ]]}],
        "sources": sources,
    }
    notes = [marked(n.spans) for n in render_notes(loads(json.dumps(raw)))]
    assert notes == [
        # three authors: the first and "et al." (CMOS 18, 14.76)
        "Maja Lind et al., *Maritime Security in Narrow Seas* (Harbour Press, 2020), 9.",
        # no date of publication: the access date instead
        "“Fleet Register,” Port Data, accessed January 15, 2024, https://portdata.example/fleet.",
        # four or more authors: the first and "et al."
        "Sam Writer0 et al., “Four Writers, One Story,” *Evening Post*, June 1, 2022.",
        "Lind et al., *Maritime Security in Narrow Seas*.",
    ]
