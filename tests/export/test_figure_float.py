"""A figure that does not fit on the rest of a page floats to the top of the next page,
and the text after it flows on, instead of leaving the foot of the page blank."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_pdf_export import png

from brief_editor.export.pdf_writer import write_pdf
from brief_editor.export.plan import build_plan
from brief_editor.model import loads

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler's pdftotext is not installed")

SENTENCE = "The ferry crews note every change on the water at night. "


def pages_of_text(pdf: Path) -> list[tuple[float, list[tuple[float, str]]]]:
    """For each page: its height, and (bottom, text) of every line, read by poppler."""
    html = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    pages = []
    for page in re.findall(r"<page (.*?)</page>", html, re.S):
        height = float(re.search(r'height="([\d.]+)"', page)[1])
        lines = []
        for line in re.findall(r"<line (.*?)</line>", page, re.S):
            bottom = float(re.search(r'yMax="([\d.]+)"', line)[1])
            words = " ".join(re.findall(r">([^<]*)</word>", line))
            lines.append((bottom, words))
        pages.append((height, lines))
    return pages


def test_text_flows_on_past_a_figure_that_moves_to_the_next_page(tmp_path: Path) -> None:
    body = [[f"Paragraph {i}. " + SENTENCE * (2 + i % 4)] for i in range(48)]
    figures = [{"id": f"f{k}", "media_type": "image/png",
                "data": base64.b64encode(png(640, 400)).decode(),
                "caption": [f"Figure caption {k}."], "credit": "Desk", "alt": "A chart",
                "after": 3 + 6 * k} for k in range(7)]
    raw = {"format": "brief-editor", "version": 2,
           "meta": {"publication": "P", "title": "Floating figures", "issue": 1,
                    "week_of": None, "authors": ["A. Analyst"], "team": "", "organization": "O"},
           "sections": [{"id": "n", "kind": "narrative", "heading": ["Heading"],
                         "body": body, "figures": figures}],
           "sources": []}
    out = tmp_path / "float.pdf"
    write_pdf(build_plan(loads(json.dumps(raw))), out)
    pages = pages_of_text(out)
    assert len(pages) > 4
    # The foot of the text area: 1.05in margin, under the footer's rule and line.
    for number, (height, lines) in enumerate(pages[:-1], start=1):
        body_lines = [bottom for bottom, words in lines
                      if "Paragraph" in words or "ferry" in words or "caption" in words]
        lowest = max(body_lines)
        blank = (height - 1.05 * 72) - lowest
        assert blank < 60, f"page {number} leaves {blank:.0f} pt blank at its foot"
    # Every figure is still printed, each once, in order.
    text = " ".join(words for _, lines in pages for _, words in lines)
    assert [int(k) for k in re.findall(r"Figure caption (\d+)", text)] == list(range(7))


def test_a_floating_figure_stays_in_its_own_section(tmp_path: Path) -> None:
    """A figure that floats away is placed before the next section begins."""
    figure = {"id": "f", "media_type": "image/png",
              "data": base64.b64encode(png(640, 400)).decode(),
              "caption": ["Caption of the first section's figure."], "credit": "Desk",
              "alt": "A chart"}
    sections = []
    for k, count in enumerate((13, 40)):
        body = [[f"Section {k} paragraph {i}. " + SENTENCE * 3] for i in range(count)]
        sections.append({"id": f"n{k}", "kind": "narrative", "heading": [f"Heading {k}"],
                         "body": body})
    sections[0]["figures"] = [{**figure, "after": 12}]  # one short paragraph after it
    raw = {"format": "brief-editor", "version": 2,
           "meta": {"publication": "P", "title": "Sections", "issue": 1, "week_of": None,
                    "authors": ["A. Analyst"], "team": "", "organization": "O"},
           "sections": sections, "sources": []}
    for shift in range(0, 12, 3):  # move the figure's point down the page
        raw["sections"][0]["body"][0] = [SENTENCE * (1 + shift)]
        out = tmp_path / f"sections-{shift}.pdf"
        write_pdf(build_plan(loads(json.dumps(raw))), out)
        text = " ".join(words for _, lines in pages_of_text(out) for _, words in lines)
        assert text.index("Caption of the first") < text.index("Heading 1"), shift
        assert text.index("Section 0 paragraph 12") < text.index("Heading 1"), shift
