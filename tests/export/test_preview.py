"""The editor's preview pages: the PDF's layout as PNG images, one per page."""

from __future__ import annotations

import base64
import io
import json
import struct
from pathlib import Path

import pypdf
import pytest
from docx_briefs import brief_raw, tiny_png

from brief_editor.export.pdf_writer import PdfError, render_pdf, render_png_pages
from brief_editor.export.plan import build_plan
from brief_editor.export.preview import (
    PreviewOptions,
    compile_preview,
    preview_plan,
    preview_worker,
    render_preview,
)
from brief_editor.model import loads

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    return struct.unpack(">II", data[16:24])


def pdf_page_count(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("notes", ["endnotes", "footnotes"])
def test_png_pages_match_the_pdf_page_for_page(notes: str) -> None:
    plan = build_plan(loads(json.dumps(brief_raw(sections=6, notes=notes))))
    pdf, _ = render_pdf(plan, check_fonts=False)
    pages, _ = render_png_pages(plan, ppi=72)
    assert len(pages) == pdf_page_count(pdf) > 1
    for page in pages:
        # Letter paper at 72 pixels per inch: 612 × 792.
        assert png_size(page) == (612, 792)


@pytest.mark.parametrize(("notes", "expected"), [("footnotes", 1), ("endnotes", 2)])
def test_a_one_page_brief_gives_one_image_a_page(notes: str, expected: int) -> None:
    """The tiny brief fits a page; its endnotes start a page of their own."""
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "tiny.brief"
    raw = json.loads(fixture.read_text(encoding="utf-8"))
    raw["style"]["notes"] = notes
    plan = build_plan(loads(json.dumps(raw)))
    pages, _ = render_png_pages(plan)
    assert len(pages) == pdf_page_count(render_pdf(plan, check_fonts=False)[0]) == expected
    assert all(page.startswith(PNG_SIGNATURE) for page in pages)


def test_pixels_per_inch_set_the_image_size() -> None:
    plan = build_plan(loads(json.dumps(brief_raw(sections=1, paper="a4"))))
    small, _ = render_png_pages(plan, ppi=50)
    large, _ = render_png_pages(plan, ppi=100)
    (w1, h1), (w2, h2) = png_size(small[0]), png_size(large[0])
    assert (w2, h2) == pytest.approx((2 * w1, 2 * h1), abs=1)
    assert h1 / w1 == pytest.approx(297 / 210, rel=0.01)


def test_the_preview_is_never_a_draft_and_matches_the_export_plan() -> None:
    brief = loads(json.dumps(brief_raw(sections=2, marking="UNCLASSIFIED // TRAINING")))
    plan = preview_plan(brief)
    export_plan = build_plan(brief)
    assert plan.draft is False
    assert plan.notes == export_plan.notes and plan.blocks == export_plan.blocks
    assert plan.marking == "UNCLASSIFIED // TRAINING"
    pages, _ = compile_preview(plan, options=PreviewOptions(ppi=40))
    draft_pages, _ = render_png_pages(build_plan(brief, draft=True), ppi=40)
    # The watermark changes the first page; the preview's first page is the undrafted one.
    assert pages[0] != draft_pages[0]
    assert pages == render_png_pages(export_plan, ppi=40)[0]


def test_preview_in_the_recycled_worker_matches_this_process() -> None:
    brief = loads(json.dumps(brief_raw(sections=3)))
    here = render_preview(brief, options=PreviewOptions(ppi=48))
    worker = preview_worker()
    try:
        there = render_preview(brief, options=PreviewOptions(ppi=48), compiler=worker.compile)
        assert worker.pid is not None
    finally:
        worker.close()
    assert there.pages == here.pages
    assert worker.pid is None


def test_a_layout_failure_is_a_message_not_a_traceback() -> None:
    # A picture whose header reads fine but whose pixels are garbage: Typst cannot decode it.
    broken = tiny_png(40, 20)
    broken = broken[:41] + b"\x00" * 12 + broken[53:]
    raw = brief_raw(sections=1, figure_every=1)
    for section in raw["sections"]:
        for figure in section.get("figures", []):
            figure["data"] = base64.b64encode(broken).decode("ascii")
    plan = build_plan(loads(json.dumps(raw)))
    with pytest.raises(PdfError) as caught:
        render_png_pages(plan)
    message = str(caught.value)
    assert "could not be laid out" in message and "Traceback" not in message
