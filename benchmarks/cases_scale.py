"""Benchmark cases for scale (issue 16): live preview, note insertion, cold PDF export, a
100,000-source library and the editor's memory.

``provide(ctx)`` yields ``benchmarks.run.Bench`` values; ``run.py`` lists it among its
providers. Each case goes through the code the editor or the command line runs:

* ``preview-edit-200`` / ``preview-edit-1000``: a one-word edit in the middle section, then
  what the Preview dock's background thread does: plan the preview and lay it out in the
  editor's preview worker process (a kept Typst compiler), up to the new PDF's bytes. The
  worker has laid out the issue once and one edit before (as when the dock has been open a
  while), so each run is the steady state, recycling and warm-ups included.
* ``preview-edit-200-footnotes``: the same in footnote mode.
* ``insert-note-1000``: ``benchmarks/refresh.py`` inserting a note into a section in the
  middle of the issue in the real editor window (offscreen) and timing the live refresh of
  notes, positions and checks that follows, up to the docks, outline and status bar
  repainted (median of its inserts). The edit's own updates (form, outline) are delivered
  before the clock starts, as during the debounce; everything the refresh sets off,
  zero-delay timers included, before it stops. The checks run inside the refresh: the
  Checks dock is right when the clock stops.
* ``pdf-export-cold-200-endnotes``: ``brief-editor export`` to PDF, no note cache, so every
  note is worded (whole process).
* ``sources-filter-100000``: ``benchmarks/scale_sources.py``: the Sources dock and the
  citation picker over a 100,000-source library; the case's figure is the slower of the
  two median times of a filter keystroke, and the script prints the opening times too.
* ``open-100000-sources``: ``benchmarks/scale_open.py``: File ▸ Open of a brief whose
  library holds 100,000 sources, through the first live refresh of notes and checks, to the
  window painted with the Checks dock listing them.
* ``editor-rss-1000``: ``benchmarks/scale_memory.py``: the editor window with the
  1,000-section issue and its Preview dock through 100 edit-and-preview rounds; the
  case's figure is the editor process's peak resident memory in GB (not seconds).
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
EDIT_WORDS = ("harbour", "convoy", "ministry", "crossing", "patrol", "delegation", "tanker")
# Workers of earlier preview cases, stopped when the next one starts (each holds GBs).
_workers: list[Any] = []


def one_word_edit(brief: Any, n: int) -> Any:
    """``brief`` with the fourth word of the middle section's first paragraph replaced."""
    from brief_editor.model import EventSection

    index = len(brief.sections) // 2
    section = brief.sections[index]
    name = "event" if isinstance(section, EventSection) else "body"
    paragraphs = list(getattr(section, name))
    spans = list(paragraphs[0])
    at = next(i for i, span in enumerate(spans) if isinstance(span, str) and
              len(span.split()) > 4)
    words = spans[at].split(" ")
    words[3] = EDIT_WORDS[n % len(EDIT_WORDS)]
    spans[at] = " ".join(words)
    paragraphs[0] = tuple(spans)
    sections = list(brief.sections)
    sections[index] = dataclasses.replace(section, **{name: tuple(paragraphs)})
    return dataclasses.replace(brief, sections=tuple(sections))


def preview_edit(brief_path: Path) -> Callable[[], object]:
    """The timed call of ``preview-edit-N`` (set up: worker warm, one edit laid out)."""
    from brief_editor.citations.notes import NoteRenderer, render_notes
    from brief_editor.export.preview import compile_preview, preview_plan, preview_worker
    from brief_editor.storage.files import read_brief

    while _workers:
        _workers.pop().close()
    brief = read_brief(brief_path)
    renderer = NoteRenderer()
    render_notes(brief, renderer=renderer)  # the editor words notes as they are typed
    worker = preview_worker()
    _workers.append(worker)
    state = {"brief": brief, "n": 0}

    def run() -> None:
        state["n"] += 1
        state["brief"] = one_word_edit(state["brief"], state["n"])
        plan = preview_plan(state["brief"], renderer=renderer)
        pdf, _ = compile_preview(plan, compiler=worker.compile)
        assert pdf.startswith(b"%PDF-")

    run()  # the first layout of the issue
    run()  # and one edit: the dock has been open a while
    return run


def provide(ctx: Any) -> Iterator[Any]:
    from benchmarks.cases_pdf import write_brief
    from benchmarks.run import NO_CACHE, Bench, json_metric

    for size in (200, 1000):
        if size in ctx.sizes:
            yield Bench(f"preview-edit-{size}", "scale", size,
                        lambda _f, size=size: preview_edit(ctx.brief_path(size)),
                        description="one-word edit → preview plan → PDF from the editor's "
                                    "preview worker (kept Typst compiler), in process")
    if 200 in ctx.sizes:
        # Footnote mode keeps the text in the page's own flow (a footnote must be able to
        # take its line to the next page), so an edit lays out more than one section.
        yield Bench("preview-edit-200-footnotes", "scale", 200,
                    lambda f: preview_edit(write_brief(f, 200, "footnotes")),
                    description="preview-edit-200 with footnotes")
    if 1000 in ctx.sizes:
        yield Bench("insert-note-1000", "scale", 1000,
                    lambda _f: [sys.executable, str(BENCH_DIR / "refresh.py"), "--sections",
                                "1000", "--runs", "3"],
                    metric=json_metric("insert_note_ms_median", 0.001), repeat=1,
                    description="editor live refresh after inserting a note at 1,000 "
                                "sections (median of 5, reported by refresh.py)")
    if 200 in ctx.sizes:
        def cold(folder: Path) -> list[str]:
            brief = write_brief(folder, 200, "endnotes")
            return [sys.executable, "-m", "brief_editor", "export", str(brief), "-o",
                    str(folder / "cold-200-endnotes.pdf"), "--force"]

        yield Bench("pdf-export-cold-200-endnotes", "scale", 200, cold, env={NO_CACHE: "1"},
                    description="brief-editor export -o X.pdf, endnotes, no note cache "
                                "(whole process)")
    yield Bench("sources-filter-100000", "scale", 100000,
                lambda _f: [sys.executable, str(BENCH_DIR / "scale_sources.py"),
                            "--sources", "100000"],
                metric=json_metric("filter_s"), repeat=1,
                env={"QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")},
                description="a filter keystroke in the Sources dock or the picker, "
                            "100,000 sources (the slower median; scale_sources.py)")
    def open_library(folder: Path) -> list[str]:
        brief = folder / "library-100000.brief"
        if not brief.exists():  # written once: making 100,000 sources takes a while
            import subprocess

            subprocess.run([sys.executable, str(BENCH_DIR / "scale_open.py"), str(brief),
                            "--write", "--sources", "100000"], check=True)
        return [sys.executable, str(BENCH_DIR / "scale_open.py"), str(brief)]

    yield Bench("open-100000-sources", "scale", 100000, open_library,
                metric=json_metric("open_s"),
                env={"QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")},
                description="File ▸ Open of a brief with 100,000 sources until the window "
                            "is painted with its first checks (scale_open.py)")
    if 1000 in ctx.sizes:
        yield Bench("editor-rss-1000", "scale", 1000,
                    lambda _f: [sys.executable, str(BENCH_DIR / "scale_memory.py"),
                                str(ctx.brief_path(1000)), "--previews", "100"],
                    metric=json_metric("editor_peak_gb"), repeat=1,
                    env={"QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")},
                    description="editor process peak RSS in GB (not seconds) over 100 "
                                "previews of the 1,000-section issue (scale_memory.py)")
