"""PDF footnotes start on their marker's page, and every note links both ways.

Read back with pypdf over a generated 50-section issue in footnote mode: Typst used to
print footnote 226 at the foot of page 30 while its marker opened page 31, and to move a
footnote whose marker sat low in a bullet to the next page, alone, without a link back.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from test_pdf_export import internal_links, squash  # noqa: E402

from benchmarks.generate import brief_raw  # noqa: E402
from brief_editor.export.pdf_writer import template_path, write_pdf  # noqa: E402
from brief_editor.export.plan import build_plan  # noqa: E402
from brief_editor.export.typst_compile import CompileJob, CompileResult, run_job  # noqa: E402
from brief_editor.model import parse  # noqa: E402


# 50 sections: the issue's report; 200 (about 2,000 footnotes, 265 pages): four layouts
# still left one footnote a page after its marker there, the fifth brings it back.
@pytest.fixture(scope="module", params=[50, 200], ids=["50-sections", "200-sections"])
def long_issue(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    plan = build_plan(parse(brief_raw(request.param, notes="footnotes")))
    out = tmp_path_factory.mktemp("footnotes") / f"{request.param}.pdf"
    layouts: list[CompileJob] = []

    def counted(job: CompileJob) -> CompileResult:
        if job.template == template_path():  # not the font coverage probe
            layouts.append(job)
        return run_job(job)

    write_pdf(plan, out, compiler=counted)
    reader = pypdf.PdfReader(out)
    return plan, out, internal_links(reader), len(layouts)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is missing")
def test_every_footnote_starts_on_its_markers_page(long_issue) -> None:
    plan, out, links, _ = long_issue
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = [squash(page) for page in text.split("\f")]
    # A marker's link goes down its page to the note (or, wrongly, to another page).
    forward = [link for link in links if (link[2], -link[3]) > (link[0], -link[1])]
    assert plan.notes and len(forward) == len(plan.notes)
    away = []
    for note, (page, _, target, _) in zip(sorted(plan.notes, key=lambda n: n.number), forward,
                                         strict=True):
        # The link lands on the page that prints the note (number and opening words).
        assert f"{note.number}." in pages[target - 1], note.number
        assert squash(note.text)[:24] in pages[target - 1], note.number
        if target != page:
            away.append((note.number, page, target))
    assert away == []


def test_every_footnote_links_back_to_its_marker(long_issue) -> None:
    plan, _, links, _ = long_issue
    forward = [link for link in links if (link[2], -link[3]) > (link[0], -link[1])]
    back = [link for link in links if link not in forward]
    assert len(back) == len(plan.notes)
    for (page, _, target, _), (back_page, _, back_target, _) in zip(forward, back, strict=True):
        assert (back_page, back_target) == (target, page)


def test_the_issue_is_laid_out_once(long_issue) -> None:
    # Bullets used to be Typst lists, where a footnote that did not fit went to the next
    # page alone; each further layout to bring it back cost about 3.5 s at 200 sections,
    # and a 200-section issue took five (19 s for its PDF).
    *_, layouts = long_issue
    assert layouts == 1
