"""A narrative like the reference explainer, exported: subheadings, a byline and a
"Source:" line under the heading, figures between paragraphs, credits at the end; names
that never break across lines in the PDF; one XMP dc:creator per author."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
from test_pdf_export import png

from brief_editor.export.docx_writer import render_docx
from brief_editor.export.pdf_writer import write_pdf
from brief_editor.export.plan import build_plan
from brief_editor.model import loads

CREDIT = "Liesel Marchetti Oyelaran / Drevnian Courier"
TRANSLATOR = "Translated from Drevnian by Hilah Ostrava Kohn"


def note(source: str) -> dict[str, Any]:
    return {"note": {"cites": [{"source": source}]}}


def narrative_raw() -> dict[str, Any]:
    figure = {"id": "f1", "media_type": "image/png",
              "data": base64.b64encode(png(200, 100)).decode(),
              "caption": ["Ferry at dusk."], "credit": CREDIT, "alt": "A ferry", "after": 2}
    return {
        "format": "brief-editor", "version": 2,
        "meta": {"publication": "Security Brief", "title": "Night Ferries", "issue": 3,
                 "week_of": "2024-10-14", "authors": ["Maren Oduya", "Tomasz Relling"],
                 "team": "Desk", "organization": "Northgate"},
        "sections": [{
            "id": "n1", "kind": "narrative", "heading": ["The Last Night Ferries"],
            "byline": "Oskar Vanterpool", "source_line": "Drevnian Courier",
            "body": [["Alpha paragraph opens the piece.", note("a")],
                     ["Bravo paragraph ends part one."],
                     ["Charlie paragraph opens part two.", note("a")]],
            "subheadings": [{"before": 0, "text": ["Part 1: Under Watch"]},
                            {"before": 2, "text": ["Part 2: One Lane"]}],
            "figures": [figure],
            "credits": [TRANSLATOR],
        }],
        "sources": [{"id": "a", "type": "webpage", "title": "Night Ferry Notes",
                     "URL": "https://example.org/ferry"}],
    }


def order_of(text: str, pieces: list[str]) -> list[int]:
    flat = re.sub(r"\s+", " ", text.replace("\u00a0", " "))
    return [flat.find(p) for p in pieces]


EXPECTED = ["The Last Night Ferries", "Oskar Vanterpool", "Source: Drevnian Courier",
            "Part 1: Under Watch", "Alpha paragraph", "Bravo paragraph", "Ferry at dusk.",
            "Part 2: One Lane", "Charlie paragraph", TRANSLATOR]


def test_the_pdf_prints_the_narrative_in_its_order(tmp_path: Path) -> None:
    out = tmp_path / "narrative.pdf"
    write_pdf(build_plan(loads(json.dumps(narrative_raw()))), out)
    reader = pypdf.PdfReader(out)
    text = "\n".join(page.extract_text() for page in reader.pages)
    positions = order_of(text, EXPECTED)
    assert -1 not in positions, list(zip(EXPECTED, positions, strict=True))
    assert positions == sorted(positions)
    # The section's byline and translator print once, with the section, not in the masthead.
    flat = re.sub(r"\s+", " ", text.replace("\u00a0", " "))
    assert flat.count("Oskar Vanterpool") == 1 and flat.count(TRANSLATOR) == 1
    kinds = [str(k.get_object().get("/S")) for k in _struct(reader)]
    assert "/H2" in kinds  # the subheadings are headings for a screen reader


def _struct(reader: pypdf.PdfReader) -> list[Any]:
    found, todo = [], [reader.trailer["/Root"]["/StructTreeRoot"]]
    while todo:
        node = todo.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, pypdf.generic.ArrayObject):
            todo.extend(node)
        elif isinstance(node, pypdf.generic.DictionaryObject):
            if "/S" in node:
                found.append(node)
            if "/K" in node:
                todo.append(node["/K"])
    return found


def test_the_docx_prints_the_narrative_in_its_order(tmp_path: Path) -> None:
    data, _ = render_docx(build_plan(loads(json.dumps(narrative_raw()))))
    path = tmp_path / "narrative.docx"
    path.write_bytes(data)
    document = docx.Document(str(path))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    texts = "\n".join(text for _, text in paragraphs)
    positions = order_of(texts, EXPECTED)
    assert -1 not in positions and positions == sorted(positions), paragraphs
    style = dict((text, name) for name, text in paragraphs)
    assert style["Part 1: Under Watch"] == "Heading 2"
    assert style["Oskar Vanterpool"] == "Byline"
    assert style[TRANSLATOR] == "Byline"
    # The picture is between the second and third paragraphs.
    pictures = [i for i, p in enumerate(document.paragraphs)
                if p._p.xpath(".//pic:pic")]
    bravo = next(i for i, (_, t) in enumerate(paragraphs) if t.startswith("Bravo"))
    charlie = next(i for i, (_, t) in enumerate(paragraphs) if t.startswith("Charlie"))
    assert len(pictures) == 1 and bravo < pictures[0] < charlie


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is missing")
def test_a_credit_never_breaks_inside_a_name(tmp_path: Path) -> None:
    """Captions of every length put the credit's line break everywhere it can fall."""
    raw = narrative_raw()
    section = raw["sections"][0]
    figures = []
    for i in range(24):
        caption = "Ferries wait " + "at the quay " * (i // 3) + "x" * (i % 3 * 4) + "."
        figures.append({**section["figures"][0], "id": f"f{i}", "caption": [caption],
                        "after": 3})
    section["figures"] = figures
    section["credits"] = [TRANSLATOR + " and by Marit Vesna Ilvesdottir " + "x" * i
                          for i in range(0, 40, 3)]
    out = tmp_path / "credits.pdf"
    write_pdf(build_plan(loads(json.dumps(raw))), out)
    text = subprocess.run(["pdftotext", str(out), "-"], check=True, capture_output=True,
                          text=True).stdout
    lines = [line.strip() for line in text.splitlines()]
    names = ("Liesel", "Marchetti", "Hilah", "Ostrava", "Marit", "Vesna")
    broken = [(a, b) for a, b in zip(lines, lines[1:], strict=False)
              if a.endswith(names)]
    assert broken == []
    assert sum("Oyelaran" in line for line in lines) == 24


def test_xmp_lists_each_author_as_one_creator(tmp_path: Path) -> None:
    plan = build_plan(loads(json.dumps(narrative_raw())))
    for pdf_a in (False, True):
        out = tmp_path / f"authors-{pdf_a}.pdf"
        write_pdf(plan, out, pdf_a=pdf_a)
        reader = pypdf.PdfReader(out, strict=True)
        assert reader.xmp_metadata.dc_creator == ["Maren Oduya", "Tomasz Relling"]
        assert reader.metadata.author == "Maren Oduya, Tomasz Relling"
        assert "Alpha paragraph" in reader.pages[0].extract_text()
        if shutil.which("pdfinfo"):
            info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True)
            assert "Pages:" in info.stdout


def test_names_are_kept_whole_but_long_organisations_may_break() -> None:
    from brief_editor.export.names import name_runs

    assert name_runs("Sergei Savostyanov / TASS / Vida Press") == [
        {"keep": "Sergei Savostyanov"}, " / TASS / ", {"keep": "Vida Press"}]
    assert name_runs("Translated by Ludwig van Beethoven") == [
        "Translated by ", {"keep": "Ludwig van Beethoven"}]
    long = "United Nations Security Council Counter Terrorism Committee"
    assert name_runs(long) == [long]


def test_every_object_is_where_the_xref_says_after_the_creators_are_rewritten(
        tmp_path: Path) -> None:
    # The creators grow the metadata stream: every object after it moves, and a reader that
    # seeks by the cross-reference table must still find each one where the table says.
    out = tmp_path / "authors.pdf"
    write_pdf(build_plan(loads(json.dumps(narrative_raw()))), out)
    pdf = out.read_bytes()
    xref = re.search(rb"\nxref\n0 (\d+)\r?\n", pdf)
    assert xref is not None
    table = pdf[xref.end():xref.end() + 20 * int(xref[1])]
    used = [(n, int(table[20 * n:20 * n + 10])) for n in range(int(xref[1]))
            if table[20 * n + 17:20 * n + 18] == b"n"]
    assert len(used) > 10
    assert all(pdf.startswith(b"%d 0 obj" % n, offset) for n, offset in used)
    start = int(re.search(rb"startxref\n(\d+)\n%%EOF\s*$", pdf)[1])
    assert pdf.startswith(b"xref\n", start)
    assert b"<rdf:li>Tomasz Relling</rdf:li>" in pdf
