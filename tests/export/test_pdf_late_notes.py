"""Links between markers and notes made after the layout, and notes that reach the layout
after it started (issue 16, the cold PDF export).

The template links marker N and note N's number to made-up addresses, which
export/pdf_note_links.py points at each other's places once the pages exist; the command
line words the notes while Typst lays out the text, which reads them through a pipe
(export/late_file.py). A reader must see neither trick: the same file, links that go where
they say, and a failure that ends the export at once.
"""

from __future__ import annotations

import io
import json
import os
import stat
import sys
import tempfile
import time
from pathlib import Path

import pypdf
import pytest
from test_pdf_export import brief_dict, plan_of

from brief_editor.citations.notes import render_notes
from brief_editor.export.errors import ExportError
from brief_editor.export.late_file import late_files_work
from brief_editor.export.pdf_note_links import PREFIX, NoteLinkError, link_notes
from brief_editor.export.pdf_writer import render_pdf, write_pdf
from brief_editor.export.plan import blank_notes, build_plan, with_notes
from brief_editor.model import loads
from brief_editor.model.errors import BriefFormatError

sys.path.insert(0, str(Path(__file__).parent))
from docx_briefs import brief_raw  # noqa: E402


def _pipes(folder: Path) -> list[Path]:
    return [p for p in folder.glob("brief-pdf-*/notes.json") if stat.S_ISFIFO(p.stat().st_mode)]


def _text_and_late(raw: dict):
    brief = loads(json.dumps(raw))
    text = build_plan(brief, rendered_notes=blank_notes(brief))
    return text, lambda: with_notes(text, render_notes(brief))


@pytest.mark.skipif(not late_files_work(), reason="no named pipes here")
@pytest.mark.parametrize("endnotes_page", ["new", "follow"])
def test_the_text_is_laid_out_while_the_notes_are_worded(tmp_path: Path, monkeypatch,
                                                        endnotes_page: str) -> None:
    """When the notes are asked for, the compile has started and waits for them through
    its pipe; the file is the one the notes known from the start make."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    raw = brief_raw(sections=6, notes="endnotes")
    text, words = _text_and_late(raw)
    seen: list[list[Path]] = []

    def late():
        # The compile runs while this does: its project folder and pipe appear meanwhile.
        deadline = time.monotonic() + 30
        while not _pipes(scratch) and time.monotonic() < deadline:
            time.sleep(0.005)
        seen.append(_pipes(scratch))
        return words()

    late_pdf, late_warnings = render_pdf(text, late_plan=late, endnotes_page=endnotes_page)
    assert len(seen) == 1 and len(seen[0]) == 1
    assert _pipes(scratch) == []  # and went with its folder
    whole_pdf, whole_warnings = render_pdf(plan_of(raw), endnotes_page=endnotes_page)
    assert late_pdf == whole_pdf
    assert late_warnings == whole_warnings


def test_footnotes_are_worded_before_the_layout(tmp_path: Path, monkeypatch) -> None:
    """Footnotes sit in the text's own flow: Typst needs them from the start."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    raw = brief_dict("footnotes")
    text, words = _text_and_late(raw)
    seen: list[int] = []

    def late():
        seen.append(len(list(scratch.glob("brief-pdf-*"))))
        return words()

    pdf, _ = render_pdf(text, late_plan=late)
    assert seen == [0]
    assert pdf == render_pdf(plan_of(raw))[0]


def test_a_folder_without_named_pipes_gets_the_same_file(tmp_path: Path, monkeypatch) -> None:
    """Where the temporary folder cannot hold a named pipe, the notes are worded first."""
    def refuse(path, mode=0o666):
        raise PermissionError(1, "Operation not permitted", str(path))

    raw = brief_raw(sections=6, notes="endnotes")
    text, words = _text_and_late(raw)
    whole_pdf, whole_warnings = render_pdf(plan_of(raw))
    monkeypatch.setattr(os, "mkfifo", refuse)
    assert render_pdf(text, late_plan=words) == (whole_pdf, whole_warnings)


def test_a_layout_that_cannot_read_the_pipe_gives_the_same_file(monkeypatch, caplog) -> None:
    """Should Typst ever read the pipe otherwise (here: it gets what is not JSON), the notes
    are known by then, and the file is laid out with them, as it would have been."""
    from brief_editor.export.late_file import LateFile

    deliver = LateFile.deliver
    monkeypatch.setattr(LateFile, "deliver", lambda self, contents: deliver(self, b"[{"))
    raw = brief_raw(sections=6, notes="endnotes")
    text, words = _text_and_late(raw)
    with caplog.at_level("INFO", logger="brief_editor.export.pdf_writer"):
        assert render_pdf(text, late_plan=words) == render_pdf(plan_of(raw))
    assert "the notes did not come late" in caplog.text


def test_a_failed_wording_ends_the_layout_and_is_what_is_said(tmp_path: Path,
                                                              monkeypatch) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    text, _ = _text_and_late(brief_raw(sections=6, notes="endnotes"))

    def late():
        raise ExportError("the notes engine stopped")

    out = tmp_path / "out.pdf"
    with pytest.raises(ExportError, match="the notes engine stopped"):
        write_pdf(text, out, late_plan=late)
    assert not out.exists()
    assert list(scratch.iterdir()) == []  # no project folder, no pipe left behind


def test_note_links_say_where_they_go(tmp_path: Path) -> None:
    """A screen reader announces a note link by its description: the note's number, or the
    way back to the text. No made-up address is left in the file."""
    out = tmp_path / "links.pdf"
    plan = plan_of(brief_raw(sections=6, notes="endnotes"))
    write_pdf(plan, out)
    assert PREFIX.encode() not in out.read_bytes()
    said: list[str] = []
    for page in pypdf.PdfReader(out).pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if "/Dest" in annot:
                said.append(str(annot["/Contents"]))
    numbers = [n.number for n in plan.notes]
    assert sorted(said) == sorted([f"Note {n}" for n in numbers]
                                  + [f"Back to note {n} in the text" for n in numbers])


def test_a_user_link_cannot_pass_for_a_note_link() -> None:
    raw = brief_dict()
    raw["sections"][0]["event"][0].insert(
        0, {"link": PREFIX + "note/1", "text": "an address of our own "})
    with pytest.raises(BriefFormatError, match="a link must start with http"):
        loads(json.dumps(raw))


def test_a_pdf_laid_out_otherwise_is_refused_not_mislinked(tmp_path: Path) -> None:
    """The links are read from the bytes as Typst writes them; a file in another layout
    (here the laid-out file as pypdf writes it again) gets a clear error."""
    plan = plan_of(brief_dict())
    from brief_editor.export.pdf_writer import _compile_plan, resolve_fonts
    from brief_editor.export.typst_compile import run_job

    laid_out = _compile_plan(plan, resolve_fonts(()), run_job).pdf
    assert PREFIX.encode() in laid_out
    assert link_notes(laid_out) != laid_out
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(laid_out)))
    rewritten = io.BytesIO()
    writer.write(rewritten)
    with pytest.raises(NoteLinkError, match="the laid-out PDF"):
        link_notes(rewritten.getvalue())
