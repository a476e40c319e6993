"""Issue 12, item 4: the style's near-note-distance counts, and a first cite has no back-reference.

The styles are the CSL test suite's (position_ResetNoteNumbers, position_NearNoteSameNote)
in spirit, written here; the expected notes are worked out by hand from the CSL rules.
"""

from __future__ import annotations

from pathlib import Path

from brief_editor.citations.notes import NoteRenderer
from brief_editor.model import Brief, Cite, NarrativeSection, Note, Source, Style

BACK_REFERENCE = """<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><id/><title/><updated>2009-08-10T04:49:00+09:00</updated></info>
  <citation><layout delimiter="; "><choose>
    <if position="ibid"><text value="ibid"/></if>
    <else><group delimiter=", "><text variable="title"/>
      <group delimiter=" "><text value="n"/><text variable="first-reference-note-number"/></group>
    </group></else>
  </choose></layout></citation>
</style>"""

NEAR = """<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><id/><title/><updated>2009-08-10T04:49:00+09:00</updated></info>
  <citation near-note-distance="DISTANCE"><layout delimiter="; "><choose>
    <if position="near-note"><text variable="title" prefix="near:"/></if>
    <else><text variable="title" prefix="far:"/></else>
  </choose></layout></citation>
</style>"""

BOOKS = tuple(Source(data={"id": key, "type": "book", "title": f"Book {key}"}) for key in "ABC")


def _notes(style_xml: str, keys: str, tmp_path: Path) -> list[str]:
    style = tmp_path / "style.csl"
    style.write_text(style_xml, encoding="utf-8")
    body = tuple(("Text.", Note(cites=(Cite(source=k),))) for k in keys)
    brief = Brief(style=Style(citation_style=str(style)),
                  sections=(NarrativeSection(id="s1", heading=("H",), body=body),),
                  sources=BOOKS)
    return [n.text for n in NoteRenderer().render(brief)]


def test_a_first_cite_prints_no_back_reference(tmp_path: Path) -> None:
    assert _notes(BACK_REFERENCE, "ACAACA", tmp_path) == [
        "Book A", "Book C", "Book A, n 1", "ibid", "Book C, n 2", "Book A, n 1",
    ]


def test_the_style_sets_how_near_a_near_note_is(tmp_path: Path) -> None:
    # A cited in notes 1 and 4: three notes apart.
    assert _notes(NEAR.replace("DISTANCE", "2"), "ABBA", tmp_path) == [
        "far:Book A", "far:Book B", "near:Book B", "far:Book A"]
    assert _notes(NEAR.replace("DISTANCE", "3"), "ABBA", tmp_path) == [
        "far:Book A", "far:Book B", "near:Book B", "near:Book A"]
    # Without the attribute, the CSL default of 5.
    default = NEAR.replace(' near-note-distance="DISTANCE"', "")
    assert _notes(default, "ABCCBA", tmp_path)[-1] == "near:Book A"  # 5 notes apart
    assert _notes(default, "ABCCCBA", tmp_path)[-1] == "far:Book A"  # 6 notes apart
