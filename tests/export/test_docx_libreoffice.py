"""LibreOffice, run headless, opens what we write: as PDF (read back by pdftotext) and ODT.

All files of the module are converted in one soffice call per output format, with a
private profile, so the module costs two LibreOffice start-ups.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx_briefs import brief_json, brief_raw
from lxml import etree

from brief_editor.citations.notes import render_notes
from brief_editor.export.run import ExportOptions, export_brief
from brief_editor.model import loads

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler (pdftotext) are needed; `make test` installs them",
)

TRICKY = "<b>not bold</b> & ]]> \"double\" 'single' &amp;"
ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _convert(files: list[Path], fmt: str, outdir: Path, profile: Path) -> None:
    outdir.mkdir()
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", fmt, "--outdir", str(outdir), *map(str, files)],
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for f in files:
        converted = outdir / f"{f.stem}.{fmt}"
        assert converted.is_file() and converted.stat().st_size > 0, (
            f"LibreOffice did not convert {f.name}: {done.stdout} {done.stderr}")


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("lo")
    briefs = {
        "endnotes": loads(brief_json(sections=4, notes="endnotes", figure_every=2,
                                     marking="UNCLASSIFIED")),
        "footnotes": loads(brief_json(sections=6, notes="footnotes",
                                      citation_style="chicago-notes", marking="UNCLASSIFIED")),
        "endnotes-draft": loads(brief_json(sections=4, notes="endnotes",
                                           marking="UNCLASSIFIED")),
    }
    raw = brief_raw(sections=1, notes="footnotes")
    raw["sections"][0]["heading"] = [TRICKY]
    raw["sections"][0]["event"] = [[TRICKY, {"note": {"cites": [], "comment": [TRICKY]}}]]
    briefs["tricky"] = loads(json.dumps(raw))
    docs = {}
    for name, brief in briefs.items():
        docs[name] = tmp / f"{name}.docx"
        export_brief(brief, docs[name],
                     options=ExportOptions(draft=name in ("footnotes", "endnotes-draft")))
    profile = tmp / "profile"
    _convert(list(docs.values()), "pdf", tmp / "pdf", profile)
    _convert(list(docs.values()), "odt", tmp / "odt", profile)
    pages = {}
    for name in docs:
        text = subprocess.run(["pdftotext", "-layout", str(tmp / "pdf" / f"{name}.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        pages[name] = [p for p in text.split("\f") if p.strip()]
    return {"briefs": briefs, "docs": docs, "pages": pages, "odt": tmp / "odt"}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _odf_text(el: etree._Element) -> str:
    """Text of an ODF element: text:s counts spaces, text:tab a tab, notes left out."""
    out = [el.text or ""]
    for child in el:
        tag = etree.QName(child).localname
        if tag == "s":
            out.append(" " * int(child.get(f"{{{ODF_TEXT}}}c", "1")))
        elif tag == "tab":
            out.append("\t")
        elif tag == "note":
            pass
        else:
            out.append(_odf_text(child))
        out.append(child.tail or "")
    return "".join(out)


def _odt_notes(path: Path) -> list[tuple[str, str]]:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("content.xml"))
    notes = []
    for note in root.iter(f"{{{ODF_TEXT}}}note"):
        body = note.find(f"{{{ODF_TEXT}}}note-body")
        text = "".join(_odf_text(p) for p in body)
        notes.append((note.get(f"{{{ODF_TEXT}}}note-class"), text.strip()))
    return notes


@pytest.mark.parametrize("name,kind", [("endnotes", "endnote"), ("footnotes", "footnote")])
def test_libreoffice_reads_every_note_as_a_real_note(converted: dict, name: str,
                                                    kind: str) -> None:
    engine = render_notes(converted["briefs"][name])
    notes = _odt_notes(converted["odt"] / f"{name}.odt")
    assert [k for k, _ in notes] == [kind] * len(engine)
    assert [t for _, t in notes] == [n.text for n in engine]


@pytest.mark.parametrize("name", ["endnotes", "footnotes"])
def test_pdf_shows_every_note_heading_and_bullet(converted: dict, name: str) -> None:
    brief = converted["briefs"][name]
    text = "\n".join(converted["pages"][name])
    squashed = _squash(text)
    for note in render_notes(brief):
        assert _squash(note.text) in squashed
    for section in brief.sections:
        assert _squash("".join(s for s in section.heading if isinstance(s, str))) in squashed
    bullets = sum(len(s.implications) for s in brief.sections if hasattr(s, "implications"))
    assert text.count("\u2022") == bullets
    assert "Security Brief: Example Desk" in converted["pages"][name][0]


@pytest.mark.parametrize("name", ["footnotes", "endnotes-draft"])
def test_forced_export_has_draft_and_marking_on_every_page(converted: dict, name: str) -> None:
    # Endnotes included: LibreOffice 7.4 set them on a bare "Endnote" page without header or
    # footer, so the marking was missing there (issue 14); 25.2 keeps the section's page.
    pages = converted["pages"][name]
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.strip().splitlines() if line.strip()]
        assert lines[0] == "DRAFT", f"page {number}"
        assert lines[1] == "UNCLASSIFIED", f"page {number}"
        assert lines[-2] == "UNCLASSIFIED", f"page {number}"
        assert re.fullmatch(rf"Example Group \(EG\)\s+{number}", lines[-1]), lines[-1]
    if name == "endnotes-draft":
        last_note = render_notes(converted["briefs"][name])[-1].text
        assert _squash(last_note) in _squash(pages[-1]), "the last page holds the endnotes"
    assert all("DRAFT" not in p for p in converted["pages"]["endnotes"])


def test_xml_special_characters_print_literally(converted: dict) -> None:
    text = "\n".join(converted["pages"]["tricky"])
    assert text.count(TRICKY) >= 3  # heading, event text, and the note
