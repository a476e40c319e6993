"""PDF export through Typst, checked by reading the PDF back as a reader would.

pypdf reads the text, outline, metadata, annotations and fonts; ``pdftotext`` (poppler), where
installed, confirms the text a second way.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pypdf
import pytest

from brief_editor.cli import main as cli_main
from brief_editor.export.pdf_writer import PdfError, plan_to_json, render_pdf, write_pdf
from brief_editor.export.plan import build_plan
from brief_editor.model import loads

MARKUP = '#set text(red) $x^2$ *bold* _em_ `code` <tag> @ref = Head \\ [a] // c /* d */ #read("/etc/passwd")'


def png(width: int, height: int) -> bytes:
    """A flat-colour RGB PNG of the given size."""
    raw = b"".join(b"\x00" + bytes((60, 100, 140)) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def note(source: str, locator: str | None = None) -> dict[str, Any]:
    cite: dict[str, Any] = {"source": source}
    if locator:
        cite["locator"] = locator
    return {"note": {"cites": [cite]}}


def brief_dict(notes: str = "endnotes", paper: str = "letter") -> dict[str, Any]:
    """A two-section issue with diacritics, Cyrillic and Greek names, a figure and links."""
    return {
        "format": "brief-editor",
        "version": 1,
        "meta": {
            "publication": "Security Brief", "title": "Lakeside Desk", "issue": 7,
            "week_of": "2024-03-04", "authors": ["Ana Kovač", "Jon Ellery"],
            "team": "Lakeside Team", "organization": "Example Analysis Group (EAG)",
            "marking": "UNCLASSIFIED // TRAINING",
        },
        "style": {"citation_style": "brief", "notes": notes, "ibid": True, "paper": paper},
        "sections": [
            {
                "id": "s1", "kind": "event",
                "heading": ["Water Talks Resume at the Lake", note("w1")],
                "date": "2024-03-04", "location": "Lakeside, Northland",
                "parties": ["Minister Dragan Petrović", "Envoy Олег Дорошенко",
                            "Mediator Νίκος Αντωνίου"],
                "event": [["Both delegations met again; Petrović called the talks “frank.”",
                           note("w1", "2"), " Дорошенко asked for patience.", note("w2")]],
                "implications": [
                    ["A fifth round is likely within weeks.", note("b1", "45")],
                    ["Watch the ", {"link": "https://example.org/tracker", "text": "tracker"},
                     " for the next date."],
                ],
                "figures": [{
                    "id": "f1", "media_type": "image/png",
                    "data": base64.b64encode(png(320, 160)).decode(),
                    "caption": ["The hall by the lake."], "credit": "Photo: Example Agency",
                    "alt": "Two delegations at a long table",
                }],
            },
            {
                "id": "s2", "kind": "narrative",
                "heading": ["Greek Ports Weigh New Tariffs"],
                "body": [["Port officials in Πειραιάς met on Tuesday.", note("w2")]],
            },
        ],
        "sources": [
            {"id": "w1", "type": "article-newspaper", "title": "Water Talks Resume",
             "container-title": "Northern Ledger", "issued": {"date-parts": [[2024, 3]]},
             "URL": "https://example.org/news/water-talks"},
            {"id": "w2", "type": "webpage", "title": "Statement on Water Rights",
             "container-title": "Ministry of Rivers", "issued": {"date-parts": [[2024, 3, 2]]},
             "URL": "https://example.gov/statements/water"},
            {"id": "b1", "type": "book", "title": "Rivers and Borders",
             "author": [{"family": "Kovačević", "given": "Mirela"}],
             "publisher": "Eastfield Press", "issued": {"date-parts": [[2019]]}},
        ],
    }


def plan_of(data: dict[str, Any], **kwargs: Any):
    return build_plan(loads(json.dumps(data)), **kwargs)


def squash(text: str) -> str:
    """Text without whitespace: line breaks inside long URLs then do not matter."""
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


@pytest.fixture(params=["endnotes", "footnotes"])
def exported(request: pytest.FixtureRequest, tmp_path: Path):
    plan = plan_of(brief_dict(request.param))
    out = tmp_path / f"{request.param}.pdf"
    warnings = write_pdf(plan, out)
    return plan, out, warnings


def test_every_note_and_heading_is_in_the_text(exported) -> None:
    plan, out, warnings = exported
    assert warnings == []
    text = squash(pdf_text(out))
    assert len(plan.notes) == 5
    for n in plan.notes:
        assert squash(n.text) in text, n.text
    for heading in ("Water Talks Resume at the Lake", "Greek Ports Weigh New Tariffs"):
        assert squash(heading) in text
    for label in ("Date:", "Location:", "Partiesinvolved:", "Theevent:", "Theimplications:"):
        assert label in text
    # Latin with diacritics, Cyrillic and Greek come back as the same characters.
    for name in ("Petrović", "Дорошенко", "ΝίκοςΑντωνίου", "Πειραιάς", "Kovačević"):
        assert name in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
def test_pdftotext_reads_the_same_text(exported) -> None:
    plan, out, _ = exported
    text = squash(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                                 check=True).stdout)
    for n in plan.notes:
        assert squash(n.text) in text


def test_page_furniture(exported) -> None:
    _, out, _ = exported
    reader = pypdf.PdfReader(out)
    pages = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Page {number} of {pages}" in text
        assert "Example Analysis Group (EAG)" in text
        # The marking heads and foots every page.
        assert text.count("UNCLASSIFIED // TRAINING") == 2


def test_outline_has_one_entry_per_section_without_note_numbers(exported) -> None:
    _, out, _ = exported
    titles = [item.title for item in pypdf.PdfReader(out).outline]
    assert titles == ["Water Talks Resume at the Lake", "Greek Ports Weigh New Tariffs"]


def test_metadata_comes_from_the_brief(exported) -> None:
    _, out, _ = exported
    reader = pypdf.PdfReader(out)
    meta = reader.metadata
    assert meta.title == "Security Brief: Lakeside Desk"
    assert meta.author == "Ana Kovač, Jon Ellery"
    assert meta.subject == "Week of Monday, March 4, 2024 | Issue 7"
    assert "Water Talks Resume at the Lake" in meta["/Keywords"]
    assert meta["/CreationDate"].startswith("D:20240304")
    assert reader.trailer["/Root"]["/Lang"] == "en-US"


def struct_types(node: Any, found: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """(structure type, element) for every element of a structure tree, depth first."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, pypdf.generic.ArrayObject):
        for kid in node:
            struct_types(kid, found)
    elif isinstance(node, pypdf.generic.DictionaryObject):
        if "/S" in node:
            found.append((str(node["/S"]), node))
        if "/K" in node:
            struct_types(node["/K"], found)
    return found


def test_pdf_is_tagged_for_screen_readers(exported) -> None:
    plan, out, _ = exported
    root = pypdf.PdfReader(out).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    elements = struct_types(root["/StructTreeRoot"], [])
    kinds = [kind for kind, _ in elements]
    # Sections are headings, bullets a list, the figure has its alt text, URLs are links.
    assert sum(k in ("/H1", "/H2") for k in kinds) >= 2, kinds
    if plan.notes_mode == "endnotes":
        assert "/L" in kinds and "/LI" in kinds
    else:
        # Bullets that hold a footnote are paragraphs (see brief.typ's `bullet-paragraph`:
        # Typst strands a list item's footnotes); the implications hold one.
        assert "/L" not in kinds and kinds.count("/P") >= 4
    figures = [e for kind, e in elements if kind == "/Figure"]
    assert any(e.get("/Alt") == "Two delegations at a long table" for e in figures)
    assert "/Link" in kinds


def test_every_font_is_embedded(exported) -> None:
    _, out, _ = exported
    reader = pypdf.PdfReader(out)
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.append(font.get_object())
    assert fonts
    for font in fonts:
        descendants = font.get("/DescendantFonts")
        target = descendants[0].get_object() if descendants else font
        descriptor = target["/FontDescriptor"].get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler's pdffonts is not installed")
def test_pdffonts_says_every_font_is_embedded(exported) -> None:
    _, out, _ = exported
    rows = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                          check=True).stdout.splitlines()[2:]
    assert rows
    for row in rows:
        # Columns: name type encoding emb sub uni object ID; "emb" is the fourth from the end.
        assert row.split()[-5] == "yes", row


def test_note_markers_and_urls_are_links(exported) -> None:
    plan, out, _ = exported
    internal, uris = 0, []
    for page in pypdf.PdfReader(out).pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            if action is not None and action.get("/S") == "/URI":
                uris.append(action["/URI"])
            else:
                internal += 1
    # Each note: marker to note, and note back to marker.
    assert internal >= 2 * len(plan.notes)
    assert "https://example.org/tracker" in uris
    assert "https://example.org/news/water-talks" in uris


def test_figure_with_caption_and_credit(exported) -> None:
    _, out, _ = exported
    reader = pypdf.PdfReader(out)
    images: set[int] = set()

    def walk(resources: Any) -> None:
        for ref in (resources.get("/XObject") or {}).values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Image":
                images.add(ref.idnum)
            elif "/Resources" in xobject:
                walk(xobject["/Resources"].get_object())

    for page in reader.pages:
        walk(page["/Resources"])
    assert len(images) == 1
    text = pdf_text(out)
    assert "The hall by the lake." in text
    assert "Photo: Example Agency" in text


def test_same_brief_gives_byte_identical_pdf(tmp_path: Path) -> None:
    data = brief_dict("footnotes")
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    write_pdf(plan_of(data), first)
    write_pdf(plan_of(data), second)
    assert first.read_bytes() == second.read_bytes()


def test_markup_like_text_prints_literally(tmp_path: Path) -> None:
    data = brief_dict("footnotes")
    meta = data["meta"]
    for key in ("publication", "title", "team", "organization", "marking"):
        meta[key] = f"{key} {MARKUP}"
    meta["authors"] = [f"author {MARKUP}"]
    meta["summary"] = [f"summary {MARKUP}"]
    meta["credits"] = [f"credit {MARKUP}"]
    first = data["sections"][0]
    first["heading"] = [f"heading {MARKUP}", note("w1")]
    first["location"] = f"location {MARKUP}"
    first["parties"] = [f"party {MARKUP}"]
    first["event"] = [[f"event {MARKUP}", {"text": f"styled {MARKUP}", "marks": ["italic"]},
                       {"link": "https://example.org/a", "text": f"link {MARKUP}"},
                       {"note": {"cites": [], "comment": [f"comment {MARKUP}"]}}]]
    first["implications"] = [[f"bullet {MARKUP}"]]
    first["figures"][0]["caption"] = [f"caption {MARKUP}"]
    first["figures"][0]["credit"] = f"credit {MARKUP}"
    data["sections"][1]["body"] = [[f"body {MARKUP}"]]
    out = tmp_path / "markup.pdf"
    write_pdf(plan_of(data), out)
    text = squash(pdf_text(out))
    wanted = ["publication", "title", "team", "organization", "author", "summary", "credit",
              "heading", "location", "party", "event", "styled", "link", "comment", "bullet",
              "caption", "body"]
    for word in wanted:
        assert squash(f"{word} {MARKUP}") in text, word
    # Nothing ran: no file was read, nothing turned red or bold.
    assert "root:" not in text
    assert squash(f"marking {MARKUP}") in squash(pypdf.PdfReader(out).pages[0].extract_text())


def test_markup_never_reaches_typst_source() -> None:
    data = brief_dict()
    data["sections"][0]["heading"] = [MARKUP]
    document, _ = plan_to_json(plan_of(data), ["Libertinus Serif"])
    parsed = json.loads(document)
    assert parsed["schema"] == "brief-editor/pdf-plan"
    assert parsed["version"] == 1
    assert parsed["blocks"][0]["spans"] == [MARKUP]


def test_forced_export_has_a_draft_watermark(tmp_path: Path) -> None:
    data = brief_dict()
    data["sections"][1]["body"] = [["A claim.", note("missing-source")]]
    brief = tmp_path / "bad.brief"
    brief.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "bad.pdf"
    assert cli_main(["export", str(brief), "-o", str(out)]) == 1
    assert not out.exists()
    assert cli_main(["export", str(brief), "-o", str(out), "--force"]) == 0
    reader = pypdf.PdfReader(out)
    for page in reader.pages:
        assert "DRAFT" in page.extract_text()


def test_clean_export_has_no_watermark(tmp_path: Path) -> None:
    out = tmp_path / "clean.pdf"
    write_pdf(plan_of(brief_dict()), out)
    assert "DRAFT" not in pdf_text(out)


def test_uncovered_script_is_reported_with_where(tmp_path: Path) -> None:
    data = brief_dict()
    data["sections"][1]["body"] = [["The delegation from ภูเก็ต arrived."]]
    warnings = write_pdf(plan_of(data), tmp_path / "thai.pdf")
    thai = [w for w in warnings if "Thai" in w]
    assert len(thai) == 1, warnings
    assert "ภ" in thai[0] and "U+0E20" in thai[0]
    assert "section 2" in thai[0] and "Greek Ports Weigh New Tariffs" in thai[0]


def test_uncovered_script_in_a_note_names_the_note(tmp_path: Path) -> None:
    data = brief_dict()
    data["sources"][0]["title"] = "水资源 report"
    warnings = write_pdf(plan_of(data), tmp_path / "cjk.pdf")
    cjk = [w for w in warnings if "CJK" in w]
    assert len(cjk) == 1, warnings
    assert "note 1" in cjk[0]


def test_pdf_a_cannot_hold_uncovered_characters(tmp_path: Path) -> None:
    data = brief_dict()
    data["sections"][1]["body"] = [["ภูเก็ต"]]
    with pytest.raises(PdfError, match="PDF/A"):
        write_pdf(plan_of(data), tmp_path / "a.pdf", pdf_a=True)
    assert not (tmp_path / "a.pdf").exists()


def test_pdf_a_2b(tmp_path: Path) -> None:
    out = tmp_path / "archive.pdf"
    assert write_pdf(plan_of(brief_dict()), out, pdf_a=True) == []
    xmp = pypdf.PdfReader(out).xmp_metadata
    assert xmp is not None
    raw = xmp.stream.get_data().decode("utf-8")
    assert re.search(r"pdfaid:part(>|=\")2", raw)
    assert re.search(r"pdfaid:conformance(>|=\")B", raw)


@pytest.mark.parametrize(("paper", "size"), [("letter", (612, 792)), ("a4", (595, 842))])
def test_paper_size(tmp_path: Path, paper: str, size: tuple[int, int]) -> None:
    out = tmp_path / f"{paper}.pdf"
    write_pdf(plan_of(brief_dict(paper=paper)), out)
    box = pypdf.PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size


def test_unknown_profile_font_is_reported_and_default_used(tmp_path: Path) -> None:
    out = tmp_path / "font.pdf"
    warnings = write_pdf(plan_of(brief_dict()), out, fonts=("No Such Font Family 123",))
    assert any("No Such Font Family 123" in w for w in warnings)
    assert "Petrović" in pdf_text(out)


def test_profile_can_name_an_embedded_family(tmp_path: Path) -> None:
    out = tmp_path / "cm.pdf"
    assert write_pdf(plan_of(brief_dict()), out, fonts=("New Computer Modern",)) == []
    names = {str(f.get_object()["/BaseFont"]) for page in pypdf.PdfReader(out).pages
             for f in page["/Resources"]["/Font"].values()}
    assert any("NewCM" in n for n in names), names


def test_cli_export_writes_a_pdf(tmp_path: Path) -> None:
    brief = tmp_path / "ok.brief"
    brief.write_text(json.dumps(brief_dict()), encoding="utf-8")
    out = tmp_path / "ok.pdf"
    assert cli_main(["export", str(brief), "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF-")
    assert "DRAFT" not in pdf_text(out)


def test_render_pdf_matches_write_pdf(tmp_path: Path) -> None:
    plan = plan_of(brief_dict())
    pdf, warnings = render_pdf(plan)
    out = tmp_path / "x.pdf"
    write_pdf(plan, out)
    assert out.read_bytes() == pdf
    assert warnings == []


def test_blocks_assumed_covered_are_covered() -> None:
    """The writer skips probing these blocks; this keeps that shortcut honest."""
    import unicodedata

    from brief_editor.export import pdf_writer
    from brief_editor.export.typst_compile import run_job

    chars = [chr(c) for lo, hi in pdf_writer._COVERED_BLOCKS for c in range(lo, hi + 1)
             if unicodedata.name(chr(c), "") and unicodedata.category(chr(c))[0] not in "CZ"
             and chr(c) not in pdf_writer._NOT_COVERED]
    missing = pdf_writer._probe(chars, pdf_writer.resolve_fonts(()), run_job)
    assert missing == set()


@pytest.mark.parametrize("notes", ["endnotes", "footnotes"])
def test_empty_brief_still_makes_a_pdf(tmp_path: Path, notes: str) -> None:
    data = {"format": "brief-editor", "version": 1, "style": {"notes": notes},
            "meta": {"publication": "", "title": "", "issue": None, "week_of": None,
                     "authors": [], "team": "", "organization": ""},
            "sections": [], "sources": []}
    out = tmp_path / "empty.pdf"
    assert write_pdf(plan_of(data), out, pdf_a=True) == []
    assert len(pypdf.PdfReader(out).pages) == 1


# ---------------------------------------------------------------- links between notes


def internal_links(reader: pypdf.PdfReader) -> list[tuple[int, float, int, float]]:
    """Every link to a place in the document: (its page, its top, target page, target top).

    Pages count from 1; tops are PDF units up from the foot of the page.
    """
    page_of = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, 1)}
    links = []
    for number, page in enumerate(reader.pages, 1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A")
            if annot.get("/Subtype") != "/Link" or (action and action.get("/S") == "/URI"):
                continue
            dest = annot.get("/Dest") or action.get("/D")
            if isinstance(dest, str):
                named = reader.named_destinations[dest]
                target, top = page_of[named.page.idnum], float(named.top)
            else:
                dest = dest.get_object()
                target, top = page_of[dest[0].idnum], float(dest[3])
            links.append((number, float(annot["/Rect"][3]), target, top))
    return links


@pytest.mark.parametrize("notes", ["endnotes", "footnotes"])
def test_each_marker_links_to_its_note_and_the_note_back(tmp_path: Path, notes: str) -> None:
    """Clicking marker N opens the page that prints note N; its number leads back."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from docx_briefs import brief_raw

    plan = plan_of(brief_raw(sections=6, notes=notes))
    out = tmp_path / f"{notes}.pdf"
    write_pdf(plan, out)
    reader = pypdf.PdfReader(out)
    page_texts = [squash(page.extract_text()) for page in reader.pages]
    links = internal_links(reader)
    # A marker's link goes forward (to a later page, or down this one to its footnote); the
    # link back from a note goes the other way. Both come in note order.
    forward = [link for link in links if (link[2], -link[3]) > (link[0], -link[1])]
    back = [link for link in links if link not in forward]
    assert len(forward) == len(back) == len(plan.notes) > 20
    assert len({page for page, *_ in forward}) > 2  # the markers span several pages
    for note, (page, _, target, _), (back_page, _, back_target, _) in zip(
            sorted(plan.notes, key=lambda n: n.number), forward, back, strict=True):
        assert squash(f"{note.number}.{note.text}") in page_texts[target - 1], note.number
        assert (back_page, back_target) == (target, page), note.number


def test_endnotes_start_on_a_page_of_their_own(tmp_path: Path) -> None:
    plan = plan_of(brief_dict("endnotes"))
    out = tmp_path / "endnotes.pdf"
    write_pdf(plan, out)
    pages = [squash(page.extract_text()) for page in pypdf.PdfReader(out).pages]
    first_note = squash("1." + sorted(plan.notes, key=lambda n: n.number)[0].text)
    notes_page = next(i for i, text in enumerate(pages) if first_note in text)
    assert notes_page > 0
    assert "Portofficials" in pages[notes_page - 1]  # the last section ends on the page before
    assert "Portofficials" not in pages[notes_page]


@pytest.mark.parametrize(("profile", "pages"), [({}, 2), ({"endnotes_page": "follow"}, 1)])
def test_the_profile_chooses_where_endnotes_start(tmp_path: Path, profile: dict,
                                                   pages: int) -> None:
    """A team can have the endnotes follow the text, as Word shows the DOCX's."""
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "tiny.brief"
    team = tmp_path / "team.json"
    team.write_text(json.dumps({"version": 1, **profile}), encoding="utf-8")
    out = tmp_path / "tiny.pdf"
    assert cli_main(["export", str(fixture), "-o", str(out), "--profile", str(team)]) == 0
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == pages
    last = squash(reader.pages[-1].extract_text())
    assert "1.TalksResumeinGeneva" in last  # the first note is on the last page either way
    assert ("Furtherroundsarelikely" in last) == (pages == 1)  # the text ends there too


def bullet_words(pdf: Path) -> list[tuple[str, str, str]]:
    """Every word of the bullets, with where it sits: from the first dot to "date." (the last
    bullet's last word)."""
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>',
                       subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                                      text=True, check=True).stdout)
    texts = [word for *_, word in words]
    return words[texts.index("•"):texts.index("date.") + 1]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is missing")
def test_footnote_bullets_sit_where_list_bullets_do(tmp_path: Path) -> None:
    # Footnote mode draws bullets that hold a footnote as paragraphs, not a list; a reader
    # must not see the difference: the dot, the text, its second line and the gap between
    # items are where a list puts them (the endnote PDF's list), to the hundredth of a point.
    placed = {}
    for mode in ("endnotes", "footnotes"):
        data = brief_dict(mode)
        data["sections"][0]["implications"][0].insert(
            0, "Both sides have said they will not table new maps before the thaw, and the "
               "mediator has asked each delegation to bring its engineers next time. ")
        out = tmp_path / f"{mode}.pdf"
        write_pdf(plan_of(data), out)
        placed[mode] = bullet_words(out)
    lines = {y for _, y, _ in placed["endnotes"]}
    assert [w for *_, w in placed["endnotes"]].count("•") == 2 and len(lines) >= 3
    assert placed["footnotes"] == placed["endnotes"]
