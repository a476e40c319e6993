"""The editor's preview: the export's PDF, never a draft, its pages drawn by PDFium."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pypdf
import pytest
from docx_briefs import brief_raw, tiny_png

from brief_editor.export.pdf_raster import PdfPages, PdfRasterError
from brief_editor.export.pdf_writer import PdfError, render_pdf
from brief_editor.export.plan import FigureBlock, build_plan
from brief_editor.export.preview import (
    compile_preview,
    preview_plan,
    preview_worker,
    render_preview,
)
from brief_editor.model import loads


def pdf_page_count(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def ink(pixels) -> float:
    """The share of pixels darker than mid-grey."""
    data, dark = pixels.data, 0
    for row in range(pixels.height):
        line = data[row * pixels.stride: row * pixels.stride + 3 * pixels.width]
        dark += sum(1 for i in range(0, len(line), 3) if line[i] + line[i + 1] + line[i + 2] < 384)
    return dark / (pixels.width * pixels.height)


@pytest.mark.parametrize("notes", ["endnotes", "footnotes"])
def test_every_page_of_the_pdf_can_be_drawn(notes: str) -> None:
    plan = build_plan(loads(json.dumps(brief_raw(sections=6, notes=notes))))
    pdf, _ = compile_preview(plan)
    pages = PdfPages(pdf)
    try:
        assert len(pages) == pdf_page_count(pdf) > 1
        for index in range(len(pages)):
            # Letter paper at 72 pixels per inch: 612 × 792.
            drawn = pages.render(index, 612, 792)
            assert (drawn.width, drawn.height) == (612, 792)
            assert 0.001 < ink(drawn) < 0.25  # printed text on white paper
    finally:
        pages.close()


@pytest.mark.parametrize(("notes", "expected"), [("footnotes", 1), ("endnotes", 2)])
def test_a_one_page_brief_gives_one_page_a_page_of_notes(notes: str, expected: int) -> None:
    """The tiny brief fits a page; its endnotes start a page of their own."""
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "tiny.brief"
    raw = json.loads(fixture.read_text(encoding="utf-8"))
    raw["style"]["notes"] = notes
    pdf, _ = compile_preview(build_plan(loads(json.dumps(raw))))
    assert len(PdfPages(pdf)) == pdf_page_count(pdf) == expected


def test_the_size_asked_for_sets_the_picture_size() -> None:
    plan = build_plan(loads(json.dumps(brief_raw(sections=1, paper="a4"))))
    pages = PdfPages(compile_preview(plan)[0])
    width, height = pages.sizes[0]
    assert (width, height) == pytest.approx((595.3, 841.9), abs=0.5)  # A4 in points
    small = pages.render(0, 300, round(300 * height / width))
    large = pages.render(0, 600, round(600 * height / width))
    assert (large.width, large.height) == pytest.approx((2 * small.width, 2 * small.height), abs=1)
    assert small.height / small.width == pytest.approx(297 / 210, rel=0.01)


def test_the_preview_is_never_a_draft_and_is_the_export() -> None:
    brief = loads(json.dumps(brief_raw(sections=2, marking="UNCLASSIFIED // TRAINING")))
    plan = preview_plan(brief)
    export_plan = build_plan(brief)
    assert plan.draft is False
    assert plan.notes == export_plan.notes and plan.blocks == export_plan.blocks
    assert plan.marking == "UNCLASSIFIED // TRAINING"
    preview, _ = compile_preview(plan)
    draft, _ = render_pdf(build_plan(brief, draft=True))
    export, _ = render_pdf(export_plan)
    assert drawn(preview) != drawn(draft)
    # Pixel for pixel the export's pages (the preview leaves out the tags and the links
    # between markers and notes, which nothing on screen shows).
    assert drawn(preview) == drawn(export)
    assert len(internal_links(preview)) < len(internal_links(export))


def drawn(pdf: bytes) -> list[bytes]:
    """Every page of ``pdf`` as PDFium draws it, at 96 pixels per inch."""
    pages = PdfPages(pdf)
    try:
        return [pages.render(i, round(w * 4 / 3), round(h * 4 / 3)).data
                for i, (w, h) in enumerate(pages.sizes)]
    finally:
        pages.close()


def internal_links(pdf: bytes) -> list[object]:
    return [annot for page in pypdf.PdfReader(io.BytesIO(pdf)).pages
            for annot in page.get("/Annots") or [] if "/Dest" in annot.get_object()]


def test_preview_in_the_recycled_worker_matches_this_process() -> None:
    brief = loads(json.dumps(brief_raw(sections=3)))
    here = render_preview(brief)
    worker = preview_worker()
    try:
        there = render_preview(brief, compiler=worker.compile)
        assert worker.pid is not None
    finally:
        worker.close()
    assert there.pdf == here.pdf
    assert worker.pid is None


def test_a_pdf_pdfium_cannot_read_is_a_message() -> None:
    with pytest.raises(PdfRasterError, match="cannot be read"):
        PdfPages(b"%PDF-1.7\n this is not a PDF")


def _with_checksums(png: bytes) -> bytes:
    """The PNG with each chunk's CRC made right again: damaged inside, whole outside (the
    plan refuses a chunk that fails its check before any layout, issue 15)."""
    import struct
    import zlib

    out, pos = [png[:8]], 8
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos:pos + 4])
        body = png[pos + 4:pos + 8 + length]
        out.append(png[pos:pos + 4] + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF))
        pos += 12 + length
    return b"".join(out)


def test_a_layout_failure_is_a_message_not_a_traceback() -> None:
    # A picture whose header reads fine but whose pixels are garbage: Typst cannot decode it.
    # The plan refuses such a file before any layout (issue 15); put it into a plan after
    # that check, as a decoder bug in Typst would meet it.
    broken = tiny_png(40, 20)
    broken = _with_checksums(broken[:41] + b"\x00" * 12 + broken[53:])
    plan = build_plan(loads(json.dumps(brief_raw(sections=1, figure_every=1))))
    blocks = tuple(dataclasses.replace(b, data=broken) if isinstance(b, FigureBlock) else b
                   for b in plan.blocks)
    assert blocks != plan.blocks
    plan = dataclasses.replace(plan, blocks=blocks)
    with pytest.raises(PdfError) as caught:
        compile_preview(plan)
    message = str(caught.value)
    assert "could not be laid out" in message and "Traceback" not in message
