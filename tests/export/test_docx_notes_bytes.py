"""The notes part is written as text, not as an lxml tree: its bytes are exactly what lxml
writes for the same XML, so Word, LibreOffice and pandoc read what they read before."""

from __future__ import annotations

import dataclasses
import io
import sys
import zipfile
from pathlib import Path

import pytest
from docx.opc.oxml import serialize_part_xml
from docx.oxml.parser import parse_xml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_docx_zotero import zotero_brief  # noqa: E402

from brief_editor.export.docx_writer import render_docx  # noqa: E402
from brief_editor.export.plan import build_plan  # noqa: E402
from brief_editor.model import Cite, Link, Note, Styled  # noqa: E402

ODD = ("Tab\there, line\nbreak\r\nand \u0085 NEL, 🦜 parrot, \u00a0nbsp, "
       "<w:t>not xml</w:t> & \"quotes\" 'single' ]]> \x07bell")


@pytest.mark.parametrize("notes", ["footnotes", "endnotes"])
def test_the_notes_part_is_what_lxml_writes(notes: str) -> None:
    brief = zotero_brief(notes)
    section = brief.sections[0]
    comment = (ODD, Styled("bold ‘odd’ & <i>", ("bold", "italic")),
               Link("https://example.org/a?b=1&c=<2>", "a link & “more”"))
    event = (*section.event[0], " More.", Note((Cite("wire1", "4", prefix=ODD),),
                                              comment=comment))
    brief = dataclasses.replace(brief, sections=(dataclasses.replace(section, event=(event,)),))
    data, _ = render_docx(build_plan(brief))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        blob = z.read(f"word/{notes}.xml")
    assert b"bell" in blob and "🦜".encode() in blob  # the odd note is there
    assert serialize_part_xml(parse_xml(blob)) == blob
