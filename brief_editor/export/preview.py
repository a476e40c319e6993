"""The editor's preview: a brief laid out exactly as its PDF export, one PNG image per page.

The preview builds the same plan as the export (notes worded, numbered and placed by the
brief's note mode, the profile's labels and fonts) and lays it out with the same Typst
template. Only two things differ: it is never a draft (the DRAFT watermark belongs to a
forced export), and the pages come back as images rather than a PDF. Planning runs in the
caller's thread; the compile runs wherever ``compiler`` sends it (the editor passes a
recycled :class:`~brief_editor.export.typst_compile.TypstWorker`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from brief_editor.citations.notes import NoteRenderer
from brief_editor.export.pdf_writer import Compiler, render_png_pages
from brief_editor.export.plan import Plan, Progress, build_plan
from brief_editor.export.typst_compile import TypstWorker
from brief_editor.model import Brief

# Screen pixels per inch at 100 % zoom; the editor asks for more on high-density screens.
SCREEN_PPI = 96.0
# A preview worker is replaced sooner than the export's default: it compiles on every
# pause in typing, and a laptop has other things to do with its memory.
PREVIEW_MAX_COMPILES = 40
PREVIEW_MAX_RSS_MB = 900


@dataclass(frozen=True)
class PreviewOptions:
    """What the export would take from the team profile: section labels and fonts."""

    labels: dict[str, str] | None = None
    fonts: tuple[str, ...] = ()
    ppi: float = SCREEN_PPI


@dataclass(frozen=True)
class PreviewPages:
    """The pages as PNG images, what the export would warn about, and how long each step took."""

    pages: tuple[bytes, ...]
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
                    compiler: Compiler | None = None) -> tuple[list[bytes], list[str]]:
    """Lay out ``plan`` into PNG pages (raises ``PdfError`` with a message a user can act on)."""
    options = options or PreviewOptions()
    return render_png_pages(plan, ppi=options.ppi, fonts=options.fonts, compiler=compiler)


def render_preview(brief: Brief, *, brief_dir: Path | None = None,
                   options: PreviewOptions | None = None, renderer: NoteRenderer | None = None,
                   compiler: Compiler | None = None,
                   clock: Callable[[], float] = time.perf_counter) -> PreviewPages:
    """Plan and compile in one call (scripts and benchmarks; the editor runs the two apart)."""
    start = clock()
    plan = preview_plan(brief, brief_dir=brief_dir, options=options, renderer=renderer)
    planned = clock()
    pages, warnings = compile_preview(plan, options=options, compiler=compiler)
    done = clock()
    return PreviewPages(tuple(pages), tuple(plan.warnings) + tuple(warnings),
                        planned - start, done - planned)


def preview_worker() -> TypstWorker:
    """A compile worker sized for previews (started on its first compile)."""
    return TypstWorker(max_compiles=PREVIEW_MAX_COMPILES, max_rss_mb=PREVIEW_MAX_RSS_MB,
                       timeout=120.0)
