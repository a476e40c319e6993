"""Alike cites told apart as citeproc-js tells them apart (issue 12, done-when 1).

Zotero's citeproc-js knows every item of the document, and where a style asks for it
(Chicago's ``disambiguate="true"``, ``disambiguate-add-givenname``, ``-add-names``) it
words two works that would print alike differently: the year after a shared title, a
given name before a shared family name, more names before "et al.". Our engine words notes
with each note's ambiguity peers registered (``citations/ambiguity.py``); the oracle is
citeproc-js under Node fed the whole document note by note, as Zotero does, with locales
from another source than the program's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support.oracle import citeproc_notes, oracle_unavailable

from brief_editor.citations.ambiguity import collision_keys, peer_groups
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


def _report(key: str, year: int, **more: Any) -> dict[str, Any]:
    return {"id": key, "type": "report", "title": "Annual Report",
            "author": [{"literal": "Example Observatory"}], "issued": {"date-parts": [[year]]},
            **more}


ALIKE: dict[str, dict[str, Any]] = {
    # Three editions of one report: same author, same title, years apart.
    "ar2020": _report("ar2020", 2020),
    "ar2021": _report("ar2021", 2021),
    "ar2024": _report("ar2024", 2024, edition="3"),
    # Two authors of one family name and the same title: the given names tell them apart.
    "smith-j": {"id": "smith-j", "type": "book", "title": "Trade Policy",
                "author": [{"family": "Smith", "given": "John"}],
                "publisher": "North Press", "issued": {"date-parts": [[2019]]}},
    "smith-m": {"id": "smith-m", "type": "book", "title": "Trade Policy",
                "author": [{"family": "Smith", "given": "Mary"}],
                "publisher": "South Press", "issued": {"date-parts": [[2019]]}},
    # Same first author and title, other co-authors: "et al." alone would print alike.
    "adams-1": {"id": "adams-1", "type": "article-journal", "title": "Grain Markets",
                "author": [{"family": "Adams", "given": "Ann"}, {"family": "Baker", "given": "Bo"},
                           {"family": "Clark", "given": "Cy"}, {"family": "Dunn", "given": "Di"}],
                "container-title": "Journal of Trade", "volume": "4",
                "issued": {"date-parts": [[2018]]}},
    "adams-2": {"id": "adams-2", "type": "article-journal", "title": "Grain Markets",
                "author": [{"family": "Adams", "given": "Ann"}, {"family": "Evans", "given": "Ed"},
                           {"family": "Ford", "given": "Fay"}, {"family": "Gray", "given": "Gus"}],
                "container-title": "Journal of Trade", "volume": "5",
                "issued": {"date-parts": [[2019]]}},
    # A work alone under its name: nothing to tell apart.
    "alone": {"id": "alone", "type": "book", "title": "Annual Report",
              "author": [{"family": "Other", "given": "Olga"}], "issued": {"date-parts": [[2020]]}},
}
# Each source first, then each again after another note (short forms, never Ibid.).
SEQUENCE = [[key] for key in ALIKE] + [[key] for key in ALIKE] + [["ar2020", "smith-m"]]


def _brief(style_path: Path, items: dict[str, dict[str, Any]],
           sequence: list[list[str]]) -> Brief:
    body = tuple(("Text.", Note(cites=tuple(Cite(source=key) for key in cites)))
                 for cites in sequence)
    return Brief(style=Style(citation_style=str(style_path)),
                 sections=(NarrativeSection(id="s1", heading=("Heading",), body=body),),
                 sources=tuple(Source(data=dict(item)) for item in items.values()))


_ORACLE_SEEN: dict[tuple[Path, str], list[str]] = {}


def _oracle(style_path: Path, items: dict[str, dict[str, Any]],
            sequence: list[list[str]]) -> list[str]:
    """citeproc-js's text of each note (asked once per style and sequence: Node is slow)."""
    seen = (style_path, repr((items, sequence)))
    if seen not in _ORACLE_SEEN:
        _ORACLE_SEEN[seen] = _ask_oracle(style_path, items, sequence)
    return _ORACLE_SEEN[seen]


def _ask_oracle(style_path: Path, items: dict[str, dict[str, Any]],
                sequence: list[list[str]]) -> list[str]:
    html = citeproc_notes(style_path.read_text(encoding="utf-8"), items,
                          [[{"id": key} for key in cites] for cites in sequence])
    return [spans_text(html_to_spans(h)) for h in html]


def _style(name: str) -> Path:
    path = SHARED_CSL / name
    if not path.is_file():
        pytest.skip(f"the official CSL styles are not here ({SHARED_CSL})")
    reason = oracle_unavailable()
    if reason:
        pytest.skip(reason)
    return path


@pytest.fixture(scope="module")
def renderer() -> NoteRenderer:
    return NoteRenderer()


@pytest.mark.parametrize("style_file", OFFICIAL_STYLES)
def test_alike_works_are_told_apart_as_citeproc_js_does(style_file: str,
                                                         renderer: NoteRenderer) -> None:
    style_path = _style(style_file)
    expected = _oracle(style_path, ALIKE, SEQUENCE)
    ours = [n.text for n in renderer.render(_brief(style_path, ALIKE, SEQUENCE))]
    assert ours == expected


def test_the_oracle_does_tell_them_apart_in_chicago() -> None:
    """The case above is not trivial: citeproc-js words each alike pair differently."""
    expected = _oracle(_style(OFFICIAL_STYLES[0]), ALIKE, SEQUENCE)
    short = dict(zip(ALIKE, expected[len(ALIKE):2 * len(ALIKE)], strict=True))
    assert len({short["ar2020"], short["ar2021"], short["ar2024"]}) == 3
    assert short["smith-j"] != short["smith-m"]
    assert short["adams-1"] != short["adams-2"]
    assert "(2020)" not in short["alone"]


def test_a_source_cited_later_changes_an_earlier_note() -> None:
    """Citing the 2021 report at the end rewords the 2020 report's earlier short note."""
    style_path = _style(OFFICIAL_STYLES[0])
    renderer = NoteRenderer()
    before_seq = [["ar2020"], ["alone"], ["ar2020"]]
    after_seq = [*before_seq, ["ar2021"]]
    before = [n.text for n in renderer.render(_brief(style_path, ALIKE, before_seq))]
    assert before == _oracle(style_path, ALIKE, before_seq)
    after = [n.text for n in renderer.render(_brief(style_path, ALIKE, after_seq))]
    assert after == _oracle(style_path, ALIKE, after_seq)
    assert after[2] != before[2]  # the earlier note changed
    # And back: with the 2021 report gone, the short note is as it was.
    again = [n.text for n in renderer.render(_brief(style_path, ALIKE, before_seq))]
    assert again == before


def test_an_unrelated_source_leaves_other_notes_cached() -> None:
    """Peers are the sources that could print alike: a new, unrelated source rewords none
    of the notes already worded (the note cache keeps its hits)."""
    style_path = _style(OFFICIAL_STYLES[0])
    renderer = NoteRenderer()
    seq = [["ar2020"], ["ar2021"], ["smith-j"], ["ar2020"]]
    renderer.render(_brief(style_path, ALIKE, seq))
    plan = renderer.prepare(_brief(style_path, ALIKE, [*seq, ["adams-1"]]))
    assert len(plan.pending) == 1  # only the new note is to be worded


def test_peer_groups_join_sources_that_could_print_alike() -> None:
    keyed = [(key, collision_keys(item)) for key, item in ALIKE.items()]
    keyed.append(("untitled-1", collision_keys({"title": "Border Report: Spring"})))
    keyed.append(("untitled-2", collision_keys({"title": "border report", "type": "report"})))
    keyed.append(("particle", collision_keys({"author": [
        {"family": "Gogh", "non-dropping-particle": "van", "given": "V."}]})))
    keyed.append(("whole", collision_keys({"author": [{"family": "Van Gogh", "given": "T."}]})))
    groups = peer_groups(keyed)
    assert groups["ar2020"] == ("ar2020", "ar2021", "ar2024")
    assert groups["smith-j"] == ("smith-j", "smith-m")
    assert groups["adams-1"] == ("adams-1", "adams-2")
    assert groups["untitled-1"] == ("untitled-1", "untitled-2")
    assert groups["particle"] == ("particle", "whole")
    assert "alone" not in groups


def test_a_style_that_never_disambiguates_registers_no_peers() -> None:
    """The house style asks for no disambiguation: its notes are worded alone, as before,
    and their cache keys stay as they were."""
    brief = _brief(Path("brief"), ALIKE, SEQUENCE)
    brief = Brief(sections=brief.sections, sources=brief.sources)
    plan = NoteRenderer().prepare(brief)
    assert plan.pending and plan.register == []


def test_live_notes_tell_alike_cites_apart_after_each_edit() -> None:
    """The editor's live notes (spliced rows while no two cited sources could print alike,
    the renderer's pass once they could) read as citeproc-js reads the whole document."""
    from brief_editor.citations.incremental import LiveAnalysis
    from brief_editor.citations.notes_rows import RenderedNotes

    style_path = _style(OFFICIAL_STYLES[0])
    live = LiveAnalysis(NoteRenderer())
    steps = [
        [["ar2020"], ["alone"], ["ar2020"]],
        [["ar2020"], ["alone"], ["ar2020"], ["ar2021"]],  # the 2021 report comes in
        [["ar2020"], ["alone"], ["ar2020"], ["ar2021"], ["smith-j"]],
        [["ar2020"], ["alone"], ["ar2020"], ["smith-j"]],  # and goes again
    ]
    kinds = []
    for sequence in steps:
        notes = live.analyse(_brief(style_path, ALIKE, sequence)).notes
        assert [n.text for n in notes] == _oracle(style_path, ALIKE, sequence), sequence
        kinds.append(isinstance(notes, RenderedNotes))
    assert kinds == [True, False, False, True]
