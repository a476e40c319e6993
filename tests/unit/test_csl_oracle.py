"""A team's own CSL style renders exactly as citeproc-js renders it in Zotero.

The five official note styles in ``../shared/csl/`` word one sequence of notes that meets
every position (first, subsequent, ibid, ibid-with-locator), a note with two sources, a
locator that is not a page, and an OSCOLA back-reference "(n 3)". Our engine decides the
positions and hands them to citeproc-js; the oracle is citeproc-js under Node deciding them
itself, note by note, as Zotero does. The sequence has no commentary notes, the one place
where our rules and citeproc's differ on purpose.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.oracle import citeproc_notes, oracle_unavailable

from brief_editor.citations.note_spans import html_to_spans, spans_text
from brief_editor.citations.notes import NoteRenderer
from brief_editor.model import Brief, Cite, NarrativeSection, Note, Source, Style

SHARED_CSL = Path(__file__).resolve().parents[3] / "shared" / "csl"
OFFICIAL_STYLES = [
    "chicago-notes-bibliography-subsequent-ibid.csl",
    "chicago-notes-bibliography-subsequent-ibid-17th-edition.csl",
    "chicago-notes-bibliography.csl",
    "oscola.csl",
    "new-harts-rules-notes.csl",
]

ITEMS = {
    "ramet": {
        "id": "ramet", "type": "book",
        "title": "Central and Southeast European Politics since 1989",
        "author": [{"family": "Ramet", "given": "Sabrina P."}],
        "publisher": "Cambridge University Press", "publisher-place": "Cambridge",
        "issued": {"date-parts": [[2010]]},
    },
    "okafor": {
        "id": "okafor", "type": "article-newspaper",
        "title": "Border Crossing Reopens after Two Weeks",
        "author": [{"family": "Okafor", "given": "Adaeze"}],
        "container-title": "The Daily Ledger",
        "issued": {"date-parts": [[2023, 11, 2]]},
        "URL": "https://ledger.example.org/border",
    },
    "profile": {
        "id": "profile", "type": "webpage",
        "title": "Country Profile: Northern Region",
        "container-title": "Example Observatory",
        "issued": {"date-parts": [[2021, 6]]},
        "accessed": {"date-parts": [[2024, 2, 1]]},
        "URL": "https://observatory.example.org/north",
    },
    "crisis": {
        "id": "crisis", "type": "report",
        "title": "Stalled Talks and Rising Risk",
        "author": [{"literal": "Example Crisis Institute"}],
        "genre": "Europe Report", "number": "265",
        "publisher": "Example Crisis Institute", "publisher-place": "Brussels",
        "issued": {"date-parts": [[2023, 9, 12]]},
        "URL": "https://crisis.example.org/265",
    },
}

# One cite: (source, locator, label). Comments show the position citeproc should find.
SEQUENCE: list[list[tuple[str, str | None, str | None]]] = [
    [("ramet", "10", None)],  # 1 first
    [("ramet", "10", None)],  # 2 ibid (same page)
    [("okafor", None, None)],  # 3 first
    [("okafor", "5", None)],  # 4 ibid-with-locator (none → page)
    [("ramet", "12", None)],  # 5 subsequent, with a page
    [("ramet", "12", None)],  # 6 ibid
    [("ramet", "3", "section")],  # 7 ibid-with-locator, a section, not a page
    [("profile", None, None), ("crisis", None, None)],  # 8 two sources, both first
    [("okafor", None, None)],  # 9 subsequent: OSCOLA's "(n 3)"
    [("okafor", None, None)],  # 10 ibid
    [("crisis", None, None), ("crisis", "7", None)],  # 11 subsequent, then ibid-with-locator
    [("ramet", "3", "section")],  # 12 subsequent after a note with two cites
    [("profile", "2", "paragraph")],  # 13 subsequent with a paragraph
    [("profile", None, None)],  # 14 subsequent: the note before had a locator
]


def _brief(style_path: Path) -> Brief:
    notes = tuple(
        Note(cites=tuple(Cite(source=s, locator=loc, label=label) for s, loc, label in cites))
        for cites in SEQUENCE
    )
    body = tuple(("Text.", note) for note in notes)
    return Brief(
        style=Style(citation_style=str(style_path)),
        sections=(NarrativeSection(id="s1", heading=("Heading",), body=body),),
        sources=tuple(Source(data=dict(item)) for item in ITEMS.values()),
    )


def _oracle_clusters() -> list[list[dict[str, str]]]:
    clusters = []
    for cites in SEQUENCE:
        cluster = []
        for source, locator, label in cites:
            entry = {"id": source}
            if locator:
                entry["locator"] = locator
                entry["label"] = label or "page"
            cluster.append(entry)
        clusters.append(cluster)
    return clusters


@pytest.fixture(scope="module")
def renderer() -> NoteRenderer:
    return NoteRenderer()


@pytest.mark.parametrize("style_file", OFFICIAL_STYLES)
def test_official_style_renders_as_citeproc_js(style_file: str, renderer: NoteRenderer) -> None:
    if not SHARED_CSL.is_dir():
        pytest.skip(f"the official CSL styles are not here ({SHARED_CSL} is absent)")
    reason = oracle_unavailable()
    if reason:
        pytest.skip(reason)
    style_path = SHARED_CSL / style_file
    expected_html = citeproc_notes(style_path.read_text(encoding="utf-8"), ITEMS, _oracle_clusters())
    ours = renderer.render(_brief(style_path))
    assert len(ours) == len(expected_html) == len(SEQUENCE)
    for note, html in zip(ours, expected_html, strict=True):
        expected = html_to_spans(html)
        assert (note.number, note.text) == (note.number, spans_text(expected))
        assert note.spans == expected, f"note {note.number}"


def test_the_sequence_meets_every_position(renderer: NoteRenderer) -> None:
    """Guard: the sequence above really covers each position and a multi-cite note."""
    from brief_editor.citations.styles import bundled_styles_dir

    notes = renderer.render(_brief(bundled_styles_dir() / "brief.csl"))
    positions = [[c.position for c in note.cites] for note in notes]
    assert positions == [
        ["first"], ["ibid"], ["first"], ["ibid-with-locator"], ["subsequent"], ["ibid"],
        ["ibid-with-locator"], ["first", "first"], ["subsequent"], ["ibid"],
        ["subsequent", "ibid-with-locator"], ["subsequent"], ["subsequent"], ["subsequent"],
    ]


def test_oscola_prints_the_back_reference(renderer: NoteRenderer) -> None:
    if not SHARED_CSL.is_dir():
        pytest.skip(f"the official CSL styles are not here ({SHARED_CSL} is absent)")
    notes = renderer.render(_brief(SHARED_CSL / "oscola.csl"))
    assert "(n 3)" in notes[8].text
    assert notes[9].text.startswith("ibid")  # OSCOLA's lower-case ibid, even at the start


# More kinds of source, each cited first, then again with a locator after another source:
# journal articles with three and four authors (et al.), a chapter with its book's editors
# and page range, an edited and translated book in a later edition, a thesis, a report
# without author, a legal case. Official styles must word them all as citeproc-js does.
VARIED = {
    "article": {
        "id": "article", "type": "article-journal",
        "title": "The politics of ceasefire monitoring in divided regions",
        "author": [{"family": "Lind", "given": "Maja"}, {"family": "Ortiz", "given": "Rafael"},
                   {"family": "Chen", "given": "Wei"}, {"family": "Novak", "given": "Ana"}],
        "container-title": "Journal of Conflict Research", "volume": "26", "issue": "3",
        "page": "180-205", "issued": {"date-parts": [[2006]]}, "DOI": "10.1000/jcr.2006.3",
    },
    "article3": {
        "id": "article3", "type": "article-journal", "title": "Borders after the war",
        "author": [{"family": "Haas", "given": "Lena"}, {"family": "Mbeki", "given": "Tom"},
                   {"family": "Young", "given": "Sun"}],
        "container-title": "Regional Studies Quarterly", "volume": "12", "page": "7-19",
        "issued": {"date-parts": [[2019, 4]]},
    },
    "chapter": {
        "id": "chapter", "type": "chapter", "title": "Mediation in the corridor",
        "author": [{"family": "Marković", "given": "Dragana"}],
        "editor": [{"family": "Okafor", "given": "Adaeze"},
                   {"family": "Berg", "given": "Pieter", "non-dropping-particle": "van der"}],
        "container-title": "Handbook of Mediation", "edition": "2",
        "publisher": "Eastfield Press", "publisher-place": "Rotterdam", "page": "55-81",
        "issued": {"date-parts": [[2021]]},
    },
    "translated": {
        "id": "translated", "type": "book", "title": "The long truce",
        "author": [{"family": "Ferrand", "given": "Élise"}],
        "translator": [{"family": "Hale", "given": "Simon"}], "edition": "3",
        "publisher": "North House", "publisher-place": "London",
        "issued": {"date-parts": [[2015]]}, "original-date": {"date-parts": [[1998]]},
    },
    "thesis": {
        "id": "thesis", "type": "thesis", "genre": "PhD diss.",
        "title": "Local ceasefires and their keepers",
        "author": [{"family": "Ibrahim", "given": "Nadia"}],
        "publisher": "University of Leeds", "issued": {"date-parts": [[2018]]},
    },
    "unsigned": {
        "id": "unsigned", "type": "report", "title": "Annual review of the border mission",
        "publisher": "Example Observatory", "publisher-place": "Vienna",
        "issued": {"date-parts": [[2022, 2, 14]]}, "number": "4",
    },
    "case": {
        "id": "case", "type": "legal_case", "title": "Prosecutor v. Example",
        "authority": "International Criminal Tribunal", "number": "IT-95-14",
        "issued": {"date-parts": [[2000, 3, 3]]},
    },
}
VARIED_SEQUENCE = [[(key, None, None)] for key in VARIED] + [
    [(key, "12", None)] for key in VARIED] + [[("article", "190", None)]]


@pytest.mark.parametrize("style_file", OFFICIAL_STYLES)
def test_official_style_words_many_kinds_of_source_as_citeproc_js(
        style_file: str, renderer: NoteRenderer) -> None:
    if not SHARED_CSL.is_dir():
        pytest.skip(f"the official CSL styles are not here ({SHARED_CSL} is absent)")
    reason = oracle_unavailable()
    if reason:
        pytest.skip(reason)
    style_path = SHARED_CSL / style_file
    clusters = [[{"id": s, **({"locator": loc, "label": "page"} if loc else {})}
                 for s, loc, _ in cites] for cites in VARIED_SEQUENCE]
    expected_html = citeproc_notes(style_path.read_text(encoding="utf-8"), VARIED, clusters)
    body = tuple(("Text.", Note(cites=tuple(Cite(source=s, locator=loc) for s, loc, _ in c)))
                 for c in VARIED_SEQUENCE)
    brief = Brief(style=Style(citation_style=str(style_path)),
                  sections=(NarrativeSection(id="s1", heading=("Heading",), body=body),),
                  sources=tuple(Source(data=dict(item)) for item in VARIED.values()))
    ours = renderer.render(brief)
    assert [n.text for n in ours] == [spans_text(html_to_spans(h)) for h in expected_html]
    assert [n.spans for n in ours] == [html_to_spans(h) for h in expected_html]


# Two works under one author and one title ("Annual Report", 2020 and 2021): Zotero's
# citeproc-js, which knows every item of the document, tells their short notes apart
# ("Example Observatory, Annual Report (2020).") where the style asks for it (Chicago's
# disambiguate="true"). Our engine words each note alone (makeCitationCluster without the
# document's items registered), so both print "Example Observatory, Annual Report." This
# test states the gap until notes are worded with the document's items registered.
SAME_TITLE = {
    key: {"id": key, "type": "report", "title": "Annual Report",
          "author": [{"literal": "Example Observatory"}], "issued": {"date-parts": [[year]]}}
    for key, year in (("ar2020", 2020), ("ar2021", 2021))
}


def test_chicago_tells_two_same_titled_works_apart_as_citeproc_js_does(
        renderer: NoteRenderer) -> None:
    style_path = SHARED_CSL / OFFICIAL_STYLES[0]
    if not style_path.is_file() or oracle_unavailable():
        pytest.skip("the official styles or the oracle are not here")
    sequence = [["ar2020"], ["ar2021"], ["ar2020"], ["ar2021"]]
    expected = citeproc_notes(style_path.read_text(encoding="utf-8"), SAME_TITLE,
                              [[{"id": key} for key in cites] for cites in sequence])
    body = tuple(("Text.", Note(cites=tuple(Cite(source=key) for key in cites)))
                 for cites in sequence)
    brief = Brief(style=Style(citation_style=str(style_path)),
                  sections=(NarrativeSection(id="s1", heading=("Heading",), body=body),),
                  sources=tuple(Source(data=dict(item)) for item in SAME_TITLE.values()))
    assert "(2020)" in spans_text(html_to_spans(expected[2]))  # the oracle tells them apart
    assert [n.text for n in renderer.render(brief)] == [
        spans_text(html_to_spans(html)) for html in expected]
