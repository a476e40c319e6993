"""An event without a heading, as in the reference issue (issue 14, item 6): the exports
hold no empty Heading 1 and no empty PDF bookmark, and the note in it keeps its number."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pypdf
import pytest

from brief_editor.export.docx_writer import write_docx
from brief_editor.export.pdf_writer import write_pdf
from brief_editor.export.plan import build_plan
from brief_editor.model import Brief, Cite, EventSection, Meta, Note, Source


def headless_brief(notes: str = "endnotes") -> Brief:
    import dataclasses

    from brief_editor.model import Style

    source = Source({"id": "wire", "type": "article-newspaper", "title": "Talks in Doha",
                     "container-title": "Example Wire", "issued": {"date-parts": [[2021, 7, 19]]},
                     "URL": "https://example.org/doha"})
    first = EventSection(id="s1", heading=("Talks resume in Brussels",),
                         date=dt.date(2021, 7, 19), location="Brussels, Belgium",
                         event=(("The talks resumed.", Note((Cite("wire"),))),))
    second = EventSection(id="s2", heading=(), date=dt.date(2021, 7, 19), location="Doha",
                          event=(("Delegations met in Doha.", Note((Cite("wire"),))),),
                          implications=(("More meetings are likely.",),))
    brief = Brief(meta=Meta(publication="Security Brief", title="Desk", issue=17,
                            week_of=dt.date(2021, 7, 19), authors=("A. Analyst",)),
                  sections=(first, second), sources=(source,))
    return dataclasses.replace(brief, style=Style(notes=notes))


def test_docx_has_no_empty_heading(tmp_path: Path) -> None:
    out = tmp_path / "headless.docx"
    write_docx(build_plan(headless_brief()), out)
    paragraphs = docx.Document(str(out)).paragraphs
    headings = [p.text for p in paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Talks resume in Brussels"]
    assert all(p.text.strip() for p in paragraphs if p.style.name.startswith("Heading"))
    # The headless event is still there, with its date line and text.
    text = "\n".join(p.text for p in paragraphs)
    assert "Delegations met in Doha." in text and text.count("Doha") >= 2


@pytest.mark.parametrize("notes", ["endnotes", "footnotes"])
def test_pdf_has_no_empty_bookmark(tmp_path: Path, notes: str) -> None:
    out = tmp_path / "headless.pdf"
    write_pdf(build_plan(headless_brief(notes)), out)
    reader = pypdf.PdfReader(out)
    titles = [item.title for item in reader.outline]
    assert titles == ["Talks resume in Brussels"]
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Delegations met in Doha." in text


def test_export_warnings_name_the_place_in_words() -> None:
    import dataclasses

    brief = headless_brief()
    second = dataclasses.replace(brief.sections[1], event=(("A bell\x07 rang.",),))
    brief = dataclasses.replace(brief, sections=(brief.sections[0], second))
    (warning,) = build_plan(brief).warnings
    assert warning.startswith("the second event (“Doha, July 19”), paragraph 1:")
