"""Lining figures in the PDF (issue 16 measured the cost of asking for them).

The template asks the profile's font for lining figures (OpenType ``lnum``) unless the
font prints them anyway: the bundled Carlito and Caladea, listed in ``LINING_BY_DEFAULT``.
For those, asking must change nothing a reader sees; every other font is still asked.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from test_pdf_export import brief_dict, plan_of

from brief_editor.export.pdf_writer import (
    LINING_BY_DEFAULT,
    CompileJob,
    plan_to_json,
    resolve_fonts,
    template_path,
)
from brief_editor.export.typst_compile import run_job

DIGITS = "0123456789 1,234,567.89 2024-08-19 No. 31, 46 vessels, 17.5 km; 9/11 at 08:45."


def _pdf(fonts: tuple[str, ...], lining: bool, root: Path) -> bytes:
    raw = brief_dict()
    raw["sections"][0]["event"] = [[DIGITS * 4]]
    plan = plan_of(raw)
    setup = resolve_fonts(fonts)
    document, files = plan_to_json(plan, list(setup.families))
    data = json.loads(document)
    assert data["style"]["lining"] is (setup.families[0].casefold() not in LINING_BY_DEFAULT)
    data["style"]["lining"] = lining
    for name, content in files.items():
        (root / name).write_bytes(content)
    job = CompileJob(template=template_path(), inputs={"plan": json.dumps(data)}, root=root,
                     font_paths=setup.font_paths, timestamp=0, pdf_tags=False)
    return run_job(job).pdf


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is missing")
@pytest.mark.parametrize("word_family", ["Calibri", "Cambria"])  # the PDF embeds their twins
def test_fonts_not_asked_for_lining_figures_print_them_anyway(tmp_path: Path,
                                                              word_family: str) -> None:
    pages = []
    for lining in (True, False):
        root = tmp_path / str(lining)
        root.mkdir()
        pdf = root / "out.pdf"
        pdf.write_bytes(_pdf((word_family,), lining, root))
        subprocess.run(["pdftoppm", "-r", "110", "-f", "1", "-l", "1", "-png", str(pdf),
                        str(root / "page")], check=True)
        pages.append(next(root.glob("page*.png")).read_bytes())
    assert pages[0] == pages[1]


def test_other_fonts_are_asked_for_lining_figures() -> None:
    setup = resolve_fonts(("Libertinus Serif",))
    plan = plan_of(brief_dict())
    assert json.loads(plan_to_json(plan, list(setup.families))[0])["style"]["lining"] is True
