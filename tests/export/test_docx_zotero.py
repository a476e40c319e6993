"""Zotero-live citations: pandoc 3's DOCX reader sees each note's cites as citations with the
brief's source ids, and LibreOffice still shows exactly the note text `notes` prints."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pypandoc
import pytest
from lxml import etree

from brief_editor.citations.notes import render_notes
from brief_editor.export.run import export_brief
from brief_editor.model import (
    Brief,
    Cite,
    EventSection,
    Meta,
    Note,
    Source,
    Style,
    numbered_notes,
)

TRICKY = 'Talks "resume" <b>not bold</b> & ]]> {braces}'
ZOTERO_ID = "http://zotero.org/users/123/items/ABCD2345"
ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def zotero_brief(notes: str) -> Brief:
    sources = (
        Source({"id": "wire1", "type": "article-newspaper", "title": TRICKY,
                "container-title": "Example Wire", "issued": {"date-parts": [[2024, 3, 4]]},
                "custom": {"reliability": "B"}}),
        Source({"id": "book1", "type": "book", "title": "Borders and Bridges",
                "author": [{"family": "Lindqvist", "given": "Maja"}],
                "publisher": "Halvaran University Press", "issued": {"date-parts": [[2017]]}}),
        Source({"id": ZOTERO_ID, "type": "report", "title": "Crossing Statistics",
                "publisher": "Border Agency", "issued": {"date-parts": [[2023]]}}),
    )
    event = (
        ("Both delegations met.", Note((Cite("wire1"),)),
         " A spokesperson spoke.", Note((Cite("book1", "45", prefix="see"),)),
         " Figures rose.", Note((Cite(ZOTERO_ID), Cite("book1", "3", "chapter"))),
         " Traffic stopped.", Note((Cite("wire1"),), comment=("Confirmed by two contacts.",)),
         " Nobody knows why.", Note((), comment=("Our own reading.",))),
    )
    return Brief(meta=Meta(publication="Security Brief", title="Zotero"),
                 style=Style(notes=notes),
                 sections=(EventSection(id="s1", heading=("Talks",), event=event),),
                 sources=sources)


def pandoc_cites(path: Path) -> tuple[list[dict], dict]:
    ast = json.loads(pypandoc.convert_file(str(path), "json", format="docx+citations"))
    found: list[dict] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Cite":
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(ast["blocks"])
    return found, ast["meta"]


def stringify(inlines: list[dict]) -> str:
    out = []
    for node in inlines:
        if node["t"] == "Str":
            out.append(node["c"])
        elif node["t"] in ("Space", "SoftBreak"):
            out.append(" ")
        elif node["t"] in ("Emph", "Strong", "Underline", "Superscript", "Subscript"):
            out.append(stringify(node["c"]))
        elif node["t"] in ("Link", "Quoted"):
            out.append(stringify(node["c"][1]))
    return "".join(out)


def meta_text(value: dict) -> str:
    """The text of a pandoc metadata value (MetaString or MetaInlines)."""
    return value["c"] if value["t"] == "MetaString" else stringify(value["c"])


@pytest.mark.parametrize("notes", ["footnotes", "endnotes"])
def test_pandoc_reads_each_note_as_citations_of_the_brief_sources(tmp_path: Path,
                                                                   notes: str) -> None:
    brief = zotero_brief(notes)
    out = tmp_path / "zotero.docx"
    export_brief(brief, out)
    cites, meta = pandoc_cites(out)
    expected = [[c.source for c in n.note.cites] for n in numbered_notes(brief) if n.note.cites]
    assert [[c["citationId"] for c in cite["c"][0]] for cite in cites] == expected
    # The prefix and the locator travel with the cite.
    second = cites[1]["c"][0][0]
    assert stringify(second["citationPrefix"]) == "see"
    assert "45" in stringify(second["citationSuffix"])
    # Each item's data is embedded: pandoc lists it among the references, titles intact.
    titles = {meta_text(r["c"]["id"]): meta_text(r["c"]["title"])
              for r in meta["references"]["c"]}
    assert titles["wire1"].replace("“", '"').replace("”", '"') == TRICKY
    assert titles["book1"] == "Borders and Bridges"
    # The words of each citation are the note as printed, the comment outside the field.
    printed = {n.number: n for n in render_notes(brief)}
    assert stringify(cites[0]["c"][1]) == printed[1].text
    fourth = stringify(cites[3]["c"][1])
    assert "Confirmed" not in fourth and printed[4].text.startswith(fourth)


def test_the_field_carries_zotero_uris_and_no_private_fields(tmp_path: Path) -> None:
    brief = zotero_brief("footnotes")
    out = tmp_path / "zotero.docx"
    export_brief(brief, out)
    with zipfile.ZipFile(out) as z:
        root = etree.fromstring(z.read("word/footnotes.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    codes = ["".join(t.text for t in p.iter(f"{w}instrText")) for p in root.iter(f"{w}p")]
    codes = [c.strip() for c in codes if c.strip()]
    assert len(codes) == 4  # the commentary note has no citation
    assert all(c.startswith("ADDIN ZOTERO_ITEM CSL_CITATION {") for c in codes)
    data = [json.loads(c.split("CSL_CITATION", 1)[1]) for c in codes]
    assert [d["properties"]["noteIndex"] for d in data] == [1, 2, 3, 4]
    third = data[2]["citationItems"]
    assert third[0]["uris"] == [ZOTERO_ID] and "uris" not in third[1]
    assert (third[1]["locator"], third[1]["label"]) == ("3", "chapter")
    assert "custom" not in data[0]["citationItems"][0]["itemData"]
    assert len({d["citationID"] for d in data}) == 4


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is needed")
def test_libreoffice_shows_the_same_note_text(tmp_path: Path) -> None:
    brief = zotero_brief("footnotes")
    out = tmp_path / "zotero.docx"
    export_brief(brief, out)
    profile = tmp_path / "profile"
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "odt", "--outdir", str(tmp_path / "odt"), str(out)],
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(tmp_path / "odt" / "zotero.odt") as z:
        root = etree.fromstring(z.read("content.xml"))
    notes = []
    for note in root.iter(f"{{{ODF_TEXT}}}note"):
        body = note.find(f"{{{ODF_TEXT}}}note-body")
        notes.append(" ".join("".join(p.itertext()) for p in body).strip())
    assert notes == [n.text for n in render_notes(brief)]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is needed")
def test_the_citations_survive_a_libreoffice_save(tmp_path: Path) -> None:
    brief = zotero_brief("endnotes")
    out = tmp_path / "zotero.docx"
    export_brief(brief, out)
    profile = tmp_path / "profile"
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "lo"), str(out)],
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    cites, _meta = pandoc_cites(tmp_path / "lo" / "zotero.docx")
    expected = [[c.source for c in n.note.cites] for n in numbered_notes(brief) if n.note.cites]
    assert [[c["citationId"] for c in cite["c"][0]] for cite in cites] == expected


def _have_uno() -> bool:
    if not Path("/usr/bin/python3").exists() or shutil.which("soffice") is None:
        return False
    return subprocess.run(["/usr/bin/python3", "-c", "import uno"],
                          capture_output=True).returncode == 0


@pytest.mark.skipif(not _have_uno(), reason="LibreOffice with python3-uno is needed")
def test_a_libreoffice_review_reads_notes_through_the_zotero_fields(tmp_path: Path) -> None:
    """A reviewer edits the body and a note's words inside Zotero's field in LibreOffice;
    the review engine reports the note against its source and nothing more."""
    from brief_editor.review import read_review
    from tests.review.review_briefs import export, review_brief

    brief = review_brief()
    source = export(brief, tmp_path / "issue-7.docx")
    with zipfile.ZipFile(source) as z:
        assert z.read("word/endnotes.xml").count(b"ZOTERO_ITEM CSL_CITATION") == 2
    out = tmp_path / "reviewed.docx"
    jobs = [{"in": str(source), "out": str(out), "record": True, "author": "Lo Reviewer",
             "ops": [{"op": "replace", "find": "forty more", "with": "fifty more"},
                     {"op": "note_replace", "note": 0, "find": "Ferry Strike Called Off",
                      "with": "Ferry Strike Cancelled"}]}]
    job_file = tmp_path / "jobs.json"
    job_file.write_text(json.dumps(jobs))
    helper = Path(__file__).resolve().parents[1] / "review" / "lo_review.py"
    done = subprocess.run(["/usr/bin/python3", str(helper), str(job_file)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    review = read_review(brief, out)
    found = sorted((c.kind, c.source_id or "", c.after) for c in review.changes)
    assert [k for k, _, _ in found] == ["note", "replace"]
    note = next(c for c in review.changes if c.kind == "note")
    assert note.source_id == "wire" and note.note_number == 1
    assert "Ferry Strike Cancelled" in note.after and "ZOTERO" not in note.after
    assert "CSL_CITATION" not in note.before
