"""The editor's preview: a brief laid out exactly as its PDF export.

The preview builds the same plan as the export (notes worded, numbered and placed by the
brief's note mode, the profile's labels and fonts) and lays it out with the same Typst
template into a PDF, whose pages the editor draws as they come on screen
(:mod:`brief_editor.export.pdf_raster`). Only one thing differs from the export: it is
never a draft (the DRAFT watermark belongs to a forced export). Planning runs in the
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
# A preview worker is replaced sooner than the export's default: it compiles on every
# pause in typing, and a laptop has other things to do with its memory.
PREVIEW_MAX_COMPILES = 40
PREVIEW_MAX_RSS_MB = 900


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
                      endnotes_page=options.endnotes_page)


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
                       timeout=120.0)
