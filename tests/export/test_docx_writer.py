"""The DOCX export read back with python-docx and as XML: what Word will find in the file."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Mm, Pt
from docx_briefs import (
    NS,
    W_NS,
    brief_json,
    brief_raw,
    has_part,
    notes_in_docx,
    part_xml,
    references_in_body,
    rels,
    text_of,
    tiny_png,
)

from brief_editor.citations.notes import render_notes
from brief_editor.export.docx_writer import render_docx, write_docx
from brief_editor.export.plan import build_plan
from brief_editor.export.run import ExportError, ExportOptions, export_brief
from brief_editor.model import loads

W = f"{{{W_NS}}}"
ROOT = Path(__file__).resolve().parents[2]


def export(tmp_path: Path, raw: dict | str, name: str = "out.docx", **options) -> tuple[Path, list[str]]:
    brief = loads(raw if isinstance(raw, str) else json.dumps(raw))
    out = tmp_path / name
    warnings = export_brief(brief, out, options=ExportOptions(**options))
    return out, warnings


@pytest.fixture(scope="module")
def endnotes_doc(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    tmp = tmp_path_factory.mktemp("endnotes")
    raw = brief_json(sections=5, notes="endnotes", figure_every=4,
                     marking="UNCLASSIFIED // FOR PUBLIC RELEASE")
    brief = loads(raw)
    out = tmp / "brief.docx"
    export_brief(brief, out)
    return out, brief


@pytest.fixture(scope="module")
def footnotes_doc(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    tmp = tmp_path_factory.mktemp("footnotes")
    brief = loads(brief_json(sections=5, notes="footnotes", citation_style="chicago-notes",
                             language="en-GB"))
    out = tmp / "brief.docx"
    export_brief(brief, out, options=ExportOptions(draft=True))
    return out, brief


# ---------------------------------------------------------------- notes


@pytest.mark.parametrize("which,kind", [("endnotes_doc", "endnote"),
                                        ("footnotes_doc", "footnote")])
def test_notes_match_the_engine_in_number_and_text(which: str, kind: str,
                                                   request: pytest.FixtureRequest) -> None:
    path, brief = request.getfixturevalue(which)
    engine = render_notes(brief)
    assert len(engine) > 20
    notes = notes_in_docx(path, kind)
    assert sorted(notes) == [n.number for n in engine]
    assert references_in_body(path, kind) == [n.number for n in engine]
    for n in engine:
        assert notes[n.number] == n.text
    other = "footnote" if kind == "endnote" else "endnote"
    assert references_in_body(path, other) == []
    assert not has_part(path, f"word/{other}s.xml")


@pytest.mark.parametrize("which,kind", [("endnotes_doc", "endnote"),
                                        ("footnotes_doc", "footnote")])
def test_notes_part_is_related_with_separators_styles_and_settings(
        which: str, kind: str, request: pytest.FixtureRequest) -> None:
    path, _ = request.getfixturevalue(which)
    doc_rels = rels(path, "word/document.xml")
    assert any(t.endswith(f"/relationships/{kind}s") and target == f"{kind}s.xml"
               for t, target, _ in doc_rels.values())
    with zipfile.ZipFile(path) as z:
        types = z.read("[Content_Types].xml").decode()
    assert f'PartName="/word/{kind}s.xml"' in types
    assert f"wordprocessingml.{kind}s+xml" in types

    root = part_xml(path, f"word/{kind}s.xml")
    specials = {n.get(f"{W}type"): n.get(f"{W}id") for n in root if n.get(f"{W}type")}
    assert specials == {"separator": "-1", "continuationSeparator": "0"}
    assert root.find(f"w:{kind}[@w:type='separator']//w:separator", NS) is not None
    assert root.find(f"w:{kind}[@w:type='continuationSeparator']//w:continuationSeparator",
                     NS) is not None
    style_id = "FootnoteText" if kind == "footnote" else "EndnoteText"
    ref_id = "FootnoteReference" if kind == "footnote" else "EndnoteReference"
    for note in root.findall(f"w:{kind}", NS):
        if note.get(f"{W}type"):
            continue
        p = note.find("w:p", NS)
        assert p.find("w:pPr/w:pStyle", NS).get(f"{W}val") == style_id
        first = p.find("w:r", NS)
        assert first.find("w:rPr/w:rStyle", NS).get(f"{W}val") == ref_id
        assert first.find(f"w:{kind}Ref", NS) is not None

    document = docx.Document(str(path))
    names = {s.style_id: s.name for s in document.styles}
    assert names[style_id].lower() == f"{kind} text"
    assert names[ref_id].lower() == f"{kind} reference"
    settings = part_xml(path, "word/settings.xml")
    pr = settings.find(f"w:{kind}Pr", NS)
    assert pr.find("w:numFmt", NS).get(f"{W}val") == "decimal"
    assert [e.get(f"{W}id") for e in pr.findall(f"w:{kind}", NS)] == ["-1", "0"]
    # Schema order: the notes settings come before w:compat.
    tags = [e.tag.split("}")[1] for e in settings]
    assert tags.index(f"{kind}Pr") < tags.index("compat")
    sect = part_xml(path, "word/document.xml").find("w:body/w:sectPr", NS)
    assert sect.find(f"w:{kind}Pr/w:numFmt", NS).get(f"{W}val") == "decimal"


def test_note_text_keeps_italics_and_urls_are_live_links(footnotes_doc) -> None:
    path, brief = footnotes_doc
    engine = {n.number: n for n in render_notes(brief)}
    italic_texts = {s.text for n in engine.values() for s in n.spans
                    if hasattr(s, "marks") and "italic" in s.marks}
    assert italic_texts, "the Chicago style sets titles in italics"
    root = part_xml(path, "word/footnotes.xml")
    docx_italic = {r.find("w:t", NS).text for r in root.iter(f"{W}r")
                   if r.find("w:rPr/w:i", NS) is not None}
    assert italic_texts <= docx_italic

    note_rels = rels(path, "word/footnotes.xml")
    links = root.findall(".//w:hyperlink", NS)
    engine_urls = {s.url for n in engine.values() for s in n.spans if hasattr(s, "url")}
    assert engine_urls and len(links) >= len(engine_urls)
    for link in links:
        rtype, target, mode = note_rels[link.get(f"{{{NS['r']}}}id")]
        assert rtype.endswith("/hyperlink") and mode == "External"
        assert text_of(link) == target
        assert link.find("w:r/w:rPr/w:rStyle", NS).get(f"{W}val") == "Hyperlink"
    assert {t for _, t, _ in note_rels.values()} == engine_urls


def test_links_in_running_text_are_live(endnotes_doc) -> None:
    path, _ = endnotes_doc
    root = part_xml(path, "word/document.xml")
    doc_rels = rels(path, "word/document.xml")
    links = root.findall(".//w:body//w:hyperlink", NS)
    assert links
    for link in links:
        rtype, target, mode = doc_rels[link.get(f"{{{NS['r']}}}id")]
        assert rtype.endswith("/hyperlink") and mode == "External"
        assert target.startswith("https://example.org/s")
        assert text_of(link) == "link"


# ---------------------------------------------------------------- layout


def test_masthead_headings_labels_and_real_bullets(endnotes_doc) -> None:
    path, brief = endnotes_doc
    document = docx.Document(str(path))
    paragraphs = document.paragraphs
    assert paragraphs[0].text == "Security Brief: Example Desk"
    assert paragraphs[0].style.name == "Title"
    assert paragraphs[1].text == "Week of Monday, July 19, 2021 | Issue 17"
    assert paragraphs[2].text == "A. Analyst, B. Writer, Example Team"

    headings = [p for p in paragraphs if p.style.name == "Heading 1"]
    assert [p.text for p in headings] == [
        "".join(s for s in sec.heading if isinstance(s, str)) for sec in brief.sections]

    def bold(run) -> bool:
        return bool(run.bold or (run.style is not None and run.style.font.bold))

    date_line = next(p for p in paragraphs if p.text.startswith("Date:"))
    assert date_line.text == "Date: July 19, 2021"
    assert date_line.runs[0].text == "Date:" and bold(date_line.runs[0])
    assert not bold(date_line.runs[-1])
    for label in ("Location:", "Parties involved:", "The event:", "The implications:"):
        p = next(p for p in paragraphs if p.text.startswith(label))
        assert p.runs[0].text == label and bold(p.runs[0])

    # The implications: every bullet is a real list paragraph, in List Bullet.
    label_at = next(i for i, p in enumerate(paragraphs) if p.text == "The implications:")
    bullets = []
    for p in paragraphs[label_at + 1:]:
        if p.style.name != "List Bullet":
            break
        bullets.append(p)
    assert len(bullets) == len(brief.sections[0].implications)
    num_ids = {p._p.pPr.numPr.numId.val for p in bullets}
    assert len(num_ids) == 1
    numbering = part_xml(path, "word/numbering.xml")
    num = numbering.find(f"w:num[@w:numId='{num_ids.pop()}']", NS)
    abstract_id = num.find("w:abstractNumId", NS).get(f"{W}val")
    abstract = numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract_id}']", NS)
    assert abstract.find("w:lvl[@w:ilvl='0']/w:numFmt", NS).get(f"{W}val") == "bullet"
    # Schema order: every abstractNum before the first num.
    tags = [e.tag.split("}")[1] for e in numbering]
    assert tags.index("num") > max(i for i, t in enumerate(tags) if t == "abstractNum")


def test_narrative_sections_and_figures(endnotes_doc) -> None:
    path, _ = endnotes_doc
    document = docx.Document(str(path))
    narrative = [p for p in document.paragraphs if p.text.startswith("Narrative paragraph")]
    assert narrative and all(p.style.name == "Normal" for p in narrative)

    assert len(document.inline_shapes) == 2  # sections 1 and 5
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    for shape in document.inline_shapes:
        assert 0 < shape.width <= text_width
        assert abs(shape.width / shape.height - 2.0) < 0.01  # 400 × 200 keeps its shape
    root = part_xml(path, "word/document.xml")
    descr = [d.get("descr") for d in root.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert descr == ["Two delegations", "Two delegations"]
    captions = [p for p in document.paragraphs if p.style.name == "Caption"]
    assert [p.text for p in captions] == ["Delegations at the table, July 2021"] * 2
    assert any(r.italic for r in captions[0].runs)
    credits = [p for p in document.paragraphs if p.text == "Photo / Example Agency"]
    assert len(credits) == 2 and credits[0].style.name == "Figure Credit"


def test_footer_organization_page_number_and_marking(endnotes_doc) -> None:
    path, _ = endnotes_doc
    section = docx.Document(str(path)).sections[0]
    footer_text = [p.text for p in section.footer.paragraphs]
    assert footer_text == ["UNCLASSIFIED // FOR PUBLIC RELEASE", "Example Group (EG)\t1"]
    header_text = [p.text for p in section.header.paragraphs]
    assert header_text == ["UNCLASSIFIED // FOR PUBLIC RELEASE"]
    footer = part_xml(path, "word/footer1.xml")
    assert [i.text for i in footer.iter(f"{W}instrText")] == [" PAGE "]
    assert [f.get(f"{W}fldCharType") for f in footer.iter(f"{W}fldChar")] == [
        "begin", "separate", "end"]


def test_no_marking_no_header(tmp_path: Path) -> None:
    out, _ = export(tmp_path, brief_raw(sections=1))
    section = docx.Document(str(out)).sections[0]
    assert section.header.is_linked_to_previous  # no header part at all
    assert [p.text for p in section.footer.paragraphs] == ["Example Group (EG)\t1"]


def test_forced_export_says_draft_in_the_header(footnotes_doc, tmp_path: Path) -> None:
    path, _ = footnotes_doc
    section = docx.Document(str(path)).sections[0]
    assert [p.text for p in section.header.paragraphs] == ["DRAFT"]
    out, _ = export(tmp_path, brief_raw(sections=1), draft=False)
    assert docx.Document(str(out)).sections[0].header.is_linked_to_previous


@pytest.mark.parametrize("paper,size", [("letter", (Pt(612), Pt(792))), ("a4", (Mm(210), Mm(297)))])
def test_paper_size(tmp_path: Path, paper: str, size: tuple[int, int]) -> None:
    out, _ = export(tmp_path, brief_raw(sections=1, paper=paper))
    section = docx.Document(str(out)).sections[0]
    assert abs(section.page_width - size[0]) < Mm(0.5)
    assert abs(section.page_height - size[1]) < Mm(0.5)


def test_every_run_is_tagged_with_the_brief_language(footnotes_doc) -> None:
    path, _ = footnotes_doc
    count = 0
    with zipfile.ZipFile(path) as z:
        names = [n for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")
                 and n.split("/")[1].startswith(("document", "footnotes", "header", "footer"))]
    assert len(names) == 4
    for name in names:
        for run in part_xml(path, name).iter(f"{W}r"):
            if run.find("w:separator", NS) is not None or \
                    run.find("w:continuationSeparator", NS) is not None:
                continue
            lang = run.find("w:rPr/w:lang", NS)
            assert lang is not None and lang.get(f"{W}val") == "en-GB", name
            count += 1
    assert count > 300
    styles = part_xml(path, "word/styles.xml")
    assert styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS).get(f"{W}val") == "en-GB"
    # No "already checked, all clean" left over from the template: Word checks our text.
    assert part_xml(path, "word/settings.xml").find("w:proofState", NS) is None


# ---------------------------------------------------------------- properties and bytes


def test_core_properties_come_from_the_brief(endnotes_doc) -> None:
    path, _ = endnotes_doc
    props = docx.Document(str(path)).core_properties
    assert props.title == "Security Brief: Example Desk"
    assert props.author == "A. Analyst; B. Writer"
    assert props.subject == "Week of Monday, July 19, 2021 | Issue 17"
    assert props.keywords.startswith("Strategic Dialogue 1; Strategic Dialogue 2")
    assert props.created.isoformat().startswith("2021-07-19T00:00:00")
    assert props.modified == props.created
    assert props.language == "en-US"
    assert props.revision == 1
    assert props.comments == ""  # not python-docx's "generated by python-docx"
    with zipfile.ZipFile(path) as z:
        assert "docProps/thumbnail.jpeg" not in z.namelist()
        app = z.read("docProps/app.xml").decode()
    assert "<Company>Example Group (EG)</Company>" in app


def test_long_properties_are_cut_to_what_the_format_allows(tmp_path: Path) -> None:
    raw = brief_raw(sections=60, notes_per_section=4)
    out, _ = export(tmp_path, raw)
    props = docx.Document(str(out)).core_properties
    assert 0 < len(props.keywords) <= 255
    assert props.keywords.split("; ")[0] == "Strategic Dialogue 1"


def test_same_brief_gives_the_same_bytes(tmp_path: Path) -> None:
    brief = loads(brief_json(sections=3, figure_every=2, marking="M"))
    first, _ = render_docx(build_plan(brief))
    second, _ = render_docx(build_plan(brief))
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert z.testzip() is None


# ---------------------------------------------------------------- text


def test_control_characters_are_dropped_with_a_warning(tmp_path: Path) -> None:
    raw = brief_raw(sections=1)
    raw["sections"][0]["location"] = "Brus\u000bsels, Bel\u0001gium"
    raw["sections"][0]["event"][0][0] = "Pasted\u000c from a PDF\u0000."
    raw["sources"][0]["title"] = "Title\u0008 with a backspace"
    out, warnings = export(tmp_path, raw)
    assert any("control character" in w for w in warnings)
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Location: Brussels, Belgium" in text
    assert "The event: Pasted from a PDF." in text
    notes = notes_in_docx(out, "endnote")
    assert any("Title with a backspace" in t for t in notes.values())


def test_xml_special_characters_print_literally(tmp_path: Path) -> None:
    tricky = "<b>bold?</b> & ]]> \"double\" 'single' &amp; <!-- no --> <?pi?>"
    raw = brief_raw(sections=1, notes="footnotes")
    sec = raw["sections"][0]
    sec["heading"] = [tricky]
    sec["location"] = tricky
    sec["parties"] = [tricky, "B & C"]
    sec["event"] = [[tricky, {"text": tricky, "marks": ["italic"]},
                     {"note": {"cites": [], "comment": [tricky]}}]]
    sec["implications"] = [[tricky, {"link": "https://example.org/?a=1&b=<2>", "text": tricky}]]
    raw["meta"]["title"] = tricky
    raw["meta"]["organization"] = tricky
    raw["meta"]["marking"] = tricky
    out, _ = export(tmp_path, raw)
    document = docx.Document(str(out))
    by_text = [p.text for p in document.paragraphs]
    assert f"Security Brief: {tricky}" in by_text
    assert tricky in by_text
    assert f"Location: {tricky}" in by_text
    assert f"Parties involved: {tricky}; B & C" in by_text
    assert f"The event: {tricky}{tricky}" in by_text
    assert f"{tricky}{tricky}" in by_text
    assert notes_in_docx(out, "footnote")[1] == f"{tricky}."
    section = document.sections[0]
    assert section.header.paragraphs[0].text == tricky
    assert section.footer.paragraphs[1].text == f"{tricky}\t1"
    assert document.core_properties.title == f"Security Brief: {tricky}"
    targets = {t for _, t, _ in rels(out, "word/document.xml").values()}
    # The target is the URL as a URI: "<" and ">" percent-encoded (issue 15, item 8).
    assert "https://example.org/?a=1&b=%3C2%3E" in targets


def test_tabs_and_line_breaks_in_text_stay_tabs_and_breaks(tmp_path: Path) -> None:
    raw = brief_raw(sections=1)
    raw["sections"][0]["event"] = [["one\ttwo\nthree"]]
    out, _ = export(tmp_path, raw)
    p = next(p for p in part_xml(out, "word/document.xml").iter(f"{W}p")
             if "one" in text_of(p))
    assert text_of(p) == "The event: one\ttwo\nthree"


# ---------------------------------------------------------------- reference document


def _reference(tmp_path: Path) -> Path:
    """A team template: its own Heading 1, A5 paper, header, footer and body text."""
    document = docx.Document()
    heading = document.styles["Heading 1"]
    heading.font.size = Pt(30)
    heading.font.name = "Team Serif"
    document.styles["Normal"].font.name = "Team Sans"
    section = document.sections[0]
    section.page_width, section.page_height = Mm(148), Mm(210)
    section.left_margin = section.right_margin = Mm(15)
    section.header.paragraphs[0].text = "TEAM HEADER"
    section.footer.paragraphs[0].text = "TEAM FOOTER"
    document.add_paragraph("Template body text that must not survive.")
    path = tmp_path / "team.docx"
    document.save(str(path))
    return path


def test_reference_docx_gives_styles_page_setup_header_and_footer(tmp_path: Path) -> None:
    reference = _reference(tmp_path)
    raw = brief_raw(sections=2, notes="footnotes", marking="RESTRICTED", figure_every=1)
    out, _ = export(tmp_path, raw, reference_docx=reference, draft=True)
    document = docx.Document(str(out))
    assert document.styles["Heading 1"].font.size == Pt(30)
    assert document.styles["Heading 1"].font.name == "Team Serif"
    assert document.styles["Normal"].font.name == "Team Sans"
    # Styles the template lacks are added from the house style.
    assert document.styles["Event Detail"].type == WD_STYLE_TYPE.PARAGRAPH
    section = document.sections[0]
    tol = Mm(0.1)  # stored in twentieths of a point
    assert abs(section.page_width - Mm(148)) < tol and abs(section.page_height - Mm(210)) < tol
    assert abs(section.left_margin - Mm(15)) < tol
    assert [p.text for p in section.header.paragraphs] == ["DRAFT", "RESTRICTED", "TEAM HEADER"]
    assert [p.text for p in section.footer.paragraphs] == ["TEAM FOOTER", "RESTRICTED"]
    text = [p.text for p in document.paragraphs]
    assert "Template body text that must not survive." not in text
    assert text[0] == "Security Brief: Example Desk"
    # Figures fit the template's narrower text width.
    width = section.page_width - section.left_margin - section.right_margin
    assert all(s.width <= width for s in document.inline_shapes)
    assert len(notes_in_docx(out, "footnote")) == len(references_in_body(out, "footnote")) > 0


def test_reference_docx_made_by_word_with_its_own_notes_part(tmp_path: Path) -> None:
    """A template that already has a notes part (as every file Word saves does)."""
    first, _ = export(tmp_path, brief_raw(sections=1, notes="footnotes"), name="first.docx")
    raw = brief_raw(sections=2, notes="footnotes")
    out, _ = export(tmp_path, raw, name="second.docx", reference_docx=first)
    notes = notes_in_docx(out, "footnote")
    assert sorted(notes) == references_in_body(out, "footnote")
    assert len(notes) == len(render_notes(loads(json.dumps(raw))))
    with zipfile.ZipFile(out) as z:
        assert z.namelist().count("word/footnotes.xml") == 1
    # The template's paragraphs are gone, and its List Bullet list is reused, not doubled.
    document = docx.Document(str(out))
    assert document.paragraphs[0].text == "Security Brief: Example Desk"
    assert sum(p.text == "Security Brief: Example Desk" for p in document.paragraphs) == 1
    assert len(part_xml(out, "word/numbering.xml").findall("w:abstractNum", NS)) == 1


@pytest.mark.parametrize("content", [b"not a zip", b"PK\x03\x04broken"])
def test_unusable_reference_docx_is_a_clear_error(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(content)
    out = tmp_path / "out.docx"
    with pytest.raises(ExportError, match="bad.docx"):
        export(tmp_path, brief_raw(sections=1), reference_docx=bad)
    with pytest.raises(ExportError, match="does not exist"):
        export(tmp_path, brief_raw(sections=1), reference_docx=tmp_path / "missing.docx")
    assert not out.exists()


def test_write_docx_writes_atomically_and_returns_no_extra_warnings(tmp_path: Path) -> None:
    plan = build_plan(loads(brief_json(sections=1)))
    out = tmp_path / "x.docx"
    out.write_bytes(b"old")
    assert write_docx(plan, out) == []
    assert zipfile.is_zipfile(out)
    assert [p.name for p in tmp_path.iterdir()] == ["x.docx"]


def test_empty_brief_exports(tmp_path: Path) -> None:
    raw = brief_raw(sections=0)
    raw["meta"] = {"publication": "", "title": ""}
    out, _ = export(tmp_path, raw)
    document = docx.Document(str(out))
    assert not has_part(out, "word/endnotes.xml")
    assert document.sections[0].footer.paragraphs[0].text == "\t1"


def test_a_large_png_is_shrunk_to_the_text_width(tmp_path: Path) -> None:
    import base64

    raw = brief_raw(sections=1)
    raw["sections"][0]["figures"] = [{"id": "f", "media_type": "image/png",
                                      "data": base64.b64encode(tiny_png(3000, 1000)).decode(),
                                      "caption": [], "credit": "", "alt": ""}]
    out, _ = export(tmp_path, raw)
    document = docx.Document(str(out))
    section = document.sections[0]
    shape = document.inline_shapes[0]
    assert shape.width == pytest.approx(section.page_width - 2 * section.left_margin, abs=2)
    assert not [p for p in document.paragraphs if p.style.name == "Caption"]


# ---------------------------------------------------------------- command line


def test_cli_export_whole_process(tmp_path: Path) -> None:
    src = tmp_path / "b.brief"
    src.write_text(brief_json(sections=2, notes="footnotes"), encoding="utf-8")
    out = tmp_path / "b.docx"
    reference = _reference(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "brief_editor", "export", str(src), "-o", str(out),
         "--reference-docx", str(reference)],
        capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    document = docx.Document(str(out))
    assert document.styles["Heading 1"].font.size == Pt(30)
    assert len(notes_in_docx(out, "footnote")) > 0
