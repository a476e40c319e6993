"""The editor's preview: a brief laid out exactly as its PDF export.

The preview builds the same plan as the export (notes worded, numbered and placed by the
brief's note mode, the profile's labels and fonts) and lays it out with the same Typst
template into a PDF, whose pages the editor draws as they come on screen
(:mod:`brief_editor.export.pdf_raster`). Only one thing differs from the export: it is
never a draft (the DRAFT watermark belongs to a forced export). What a reader of the file
would use and the screen does not, the PDF's tags and its links between markers and notes,
is left out: it costs time on every refresh and changes nothing drawn. Planning runs in the
caller's thread; the compile runs wherever ``compiler`` sends it (the editor passes a
recycled :class:`~brief_editor.export.typst_compile.TypstWorker`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from brief_editor.citations.notes import NoteRenderer
from brief_editor.export.pdf_writer import Compiler, render_pdf
from brief_editor.export.plan import Plan, Progress, build_plan
from brief_editor.export.typst_compile import TypstWorker
from brief_editor.model import Brief

# Screen pixels per inch at 100 % zoom.
SCREEN_PPI = 96.0
# A preview worker keeps its compiler, whose layout cache makes an edit cost what it changes,
# but the cache is never trimmed (20-50 MB more per edit of a 200-section issue, 95 MB at
# 1,000 sections with endnotes; a first footnote layout of 200 sections takes 1.5 GB): the
# process is replaced once it passes this much memory, and the new one is warmed up with
# the last plan at once (see TypstWorker), so the next edit is incremental again.
PREVIEW_MAX_COMPILES = 200
PREVIEW_MAX_RSS_MB = 1000
# A 1,000-section issue needs about 1.7 GB for its first layout: let it grow to twice that.
PREVIEW_MAX_GROWTH = 2.0


@dataclass(frozen=True)
class PreviewOptions:
    """What the export would take from the team profile: labels, fonts, endnotes page."""

    labels: dict[str, str] | None = None
    fonts: tuple[str, ...] = ()
    endnotes_page: str = "new"


@dataclass(frozen=True)
class PreviewPages:
    """The laid-out PDF, what the export would warn about, and how long each step took."""

    pdf: bytes
    warnings: tuple[str, ...] = ()
    plan_seconds: float = 0.0
    compile_seconds: float = 0.0


def preview_plan(brief: Brief, *, brief_dir: Path | None = None,
                 options: PreviewOptions | None = None, renderer: NoteRenderer | None = None,
                 progress: Progress | None = None) -> Plan:
    """The export plan of ``brief``, as the PDF export builds it but never a draft."""
    options = options or PreviewOptions()
    return build_plan(brief, brief_dir=brief_dir, renderer=renderer, labels=options.labels,
                      draft=False, progress=progress)


def compile_preview(plan: Plan, *, options: PreviewOptions | None = None,
                    compiler: Compiler | None = None) -> tuple[bytes, list[str]]:
    """Lay out ``plan`` as a PDF (raises ``PdfError`` with a message a user can act on).

    No font coverage probe: a missing glyph shows as a box, and the export reports it.
    """
    options = options or PreviewOptions()
    return render_pdf(plan, fonts=options.fonts, compiler=compiler, check_fonts=False,
                      endnotes_page=options.endnotes_page, for_screen=True)


def render_preview(brief: Brief, *, brief_dir: Path | None = None,
                   options: PreviewOptions | None = None, renderer: NoteRenderer | None = None,
                   compiler: Compiler | None = None,
                   clock: Callable[[], float] = time.perf_counter) -> PreviewPages:
    """Plan and compile in one call (scripts and benchmarks; the editor runs the two apart)."""
    start = clock()
    plan = preview_plan(brief, brief_dir=brief_dir, options=options, renderer=renderer)
    planned = clock()
    pdf, warnings = compile_preview(plan, options=options, compiler=compiler)
    done = clock()
    return PreviewPages(pdf, tuple(plan.warnings) + tuple(warnings),
                        planned - start, done - planned)


def preview_worker() -> TypstWorker:
    """A compile worker sized for previews (started on its first compile)."""
    return TypstWorker(max_compiles=PREVIEW_MAX_COMPILES, max_rss_mb=PREVIEW_MAX_RSS_MB,
                       timeout=120.0, warm_up=True,
                       max_growth=PREVIEW_MAX_GROWTH)
