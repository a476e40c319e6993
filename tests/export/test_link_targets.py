"""A link's target is exactly the URL, percent-encoded, in notes, DOCX and PDF (issue 15,
item 8): a suffix glued to the URL stays text, and no raw control byte reaches a file."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import pypdf
import pytest
from docx_briefs import rels

from brief_editor.citations.notes import render_notes
from brief_editor.export.run import ExportOptions, export_brief
from brief_editor.model import Cite, Link, Note
from brief_editor.storage.files import read_brief

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "sample-issue.brief"
URL = "https://ok.example/?q=a b\u0001c"
ENCODED = "https://ok.example/?q=a%20b%01c"
SUFFIX = "#read(“/etc/passwd”"


def hostile_brief(url: str = URL):
    brief = read_brief(SAMPLE)
    source = brief.sources[0]
    sources = (dataclasses.replace(source, data={**source.data, "URL": url}), *brief.sources[1:])
    first = brief.sections[0]
    note = Note((Cite(source.id, suffix=SUFFIX),))
    event = (("A sentence.", note), *first.event[1:])
    sections = (dataclasses.replace(first, event=event), *brief.sections[1:])
    return dataclasses.replace(brief, sources=sources, sections=sections)


@pytest.mark.parametrize("url", [URL, "https://ok.example/?q=1"])
def test_a_suffix_after_a_url_is_not_part_of_the_link(url):
    first = render_notes(hostile_brief(url))[0]
    links = [s for s in first.spans if isinstance(s, Link)]
    assert [link.url for link in links] == [url]
    assert url + "#read(“/etc/passwd" in first.text  # the suffix stays, as text


def test_docx_and_pdf_links_are_the_url_percent_encoded(tmp_path):
    brief = hostile_brief()
    docx_path, pdf_path = tmp_path / "o.docx", tmp_path / "o.pdf"
    options = ExportOptions(draft=True)
    export_brief(brief, docx_path, options=options)
    export_brief(brief, pdf_path, options=options)
    with zipfile.ZipFile(docx_path) as package:
        parts = [n.replace("_rels/", "").removesuffix(".rels") for n in package.namelist()
                 if n.startswith("word/_rels/")]
    docx_targets = {t for part in parts for kind, t, _ in rels(docx_path, part).values()
                    if kind.endswith("/hyperlink")}
    assert ENCODED in docx_targets
    uris = []
    for page in pypdf.PdfReader(str(pdf_path)).pages:
        for annot in page.get("/Annots") or ():
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.append(action["/URI"])
    assert ENCODED in uris
    assert all(ch >= " " and ch < "\u007f" for uri in uris for ch in uri)
    assert not any("passwd" in uri for uri in uris + sorted(docx_targets))
