"""Lay out an issue's text while its notes are still being worded (a PDF with endnotes).

With endnotes, the layout of the text does not depend on how the notes are worded: a marker
prints its note's number, known as soon as the notes are counted, and each section is one
block whose layout Typst memoises. So the command line starts laying out the text, with the
notes still blank, on a thread of its own while citeproc-js words the notes in its process
on the other core. The export then compiles the whole issue in the same kept compiler,
finds every section laid out, and lays out only what the notes change: the endnotes, the
page footers and the links.

The pre-layout only fills a cache: the export's compile is the whole document as always,
so the PDF is the same to the byte (tests/export/test_pdf_prelayout.py), and a pre-layout
that fails or guessed wrong costs time, never a wrong page.
"""

from __future__ import annotations

import dataclasses
import logging
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from brief_editor.citations.notes import RenderedNote
from brief_editor.export.pdf_writer import PDF_A, plan_job, resolve_fonts
from brief_editor.export.plan import Heading, build_plan
from brief_editor.export.run import ExportOptions
from brief_editor.export.typst_compile import CompileJob, CompileResult, KeptCompiler
from brief_editor.model import Brief
from brief_editor.model.document import numbered_notes

log = logging.getLogger(__name__)


class PdfPrelayout:
    """A Typst compiler kept for one export, whose cache a first layout of the text fills.

    The text is laid out in steps, a few more sections each time (each step finds the
    sections before it laid out already), until the export needs the compiler: the export
    waits at most for the step in progress, never for the whole text. Called with a
    :class:`CompileJob`, it stops the steps and compiles the job.
    """

    # render_pdf compiles through it in this process, with the font probe alongside.
    runs_in_process = True

    def __init__(self) -> None:
        self._folder = Path(tempfile.mkdtemp(prefix="brief-prelayout-"))
        self._kept = KeptCompiler(self._folder / "project")
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.steps_done = 0

    def start(self, jobs: Iterator[CompileJob]) -> None:
        """Lay out each of ``jobs`` in turn on a thread (Typst releases the GIL meanwhile)."""
        self._thread = threading.Thread(target=self._lay_out, args=(jobs,),
                                        name="typst-prelayout", daemon=True)
        self._thread.start()

    def _lay_out(self, jobs: Iterator[CompileJob]) -> None:
        try:
            for job in jobs:
                if self._stop.is_set():
                    return
                self._kept.lay_out(job)
                self.steps_done += 1
        except Exception:  # noqa: BLE001 - the export's own compile reports any real fault
            log.debug("the pre-layout of the text failed", exc_info=True)

    def wait(self) -> None:
        """Stop after the step in progress and wait for it (the compiler does one thing at a
        time)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def __call__(self, job: CompileJob) -> CompileResult:
        self.wait()
        return self._kept.run(job)

    def close(self) -> None:
        """Stop the pre-layout and remove the compiler's folder."""
        self.wait()
        shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self) -> PdfPrelayout:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# How many steps the text is laid out in at most: each step costs a little (the template
# reads its plan and arranges what is cached), and the export waits for the one in progress.
STEPS = 10


def start_prelayout(brief: Brief, *, brief_dir: Path | None,
                    options: ExportOptions) -> PdfPrelayout | None:
    """Start laying out the text of ``brief``'s PDF before its notes are worded; None where
    that cannot help (footnotes, whose layout depends on their wording, or no notes).

    ``options`` must be those of the export (its labels, DRAFT mark, fonts and endnote page
    all shape the layout: a pre-layout with others would fill the cache for nothing).
    """
    if brief.style.effective_notes == "footnotes":
        return None
    placed = numbered_notes(brief)
    if not placed:
        return None
    # Every note blank but numbered as it will be: the markers in the text are the same.
    blank = [RenderedNote(p.number, "", (), (), p.place) for p in placed]
    # Every note stays: each marker links to its note's label, which must exist.
    # (The template places only those labels; see `prelayout` in brief.typ.)
    plan = build_plan(brief, brief_dir=brief_dir, rendered_notes=blank, labels=options.labels,
                      draft=options.draft)
    setup = resolve_fonts(options.fonts)
    prelayout = PdfPrelayout()
    root = prelayout._folder / "job"
    root.mkdir()
    standards = (PDF_A,) if options.pdf_a else ()
    # The steps end at section starts: a section is one block, laid out where it starts.
    starts = [i for i, b in enumerate(plan.blocks)
              if i and isinstance(b, Heading) and b.level == 1]
    every = max(1, -(-len(starts) // STEPS))
    cuts = [*starts[every - 1::every], len(plan.blocks)]

    def jobs() -> Iterator[CompileJob]:
        for cut in dict.fromkeys(cuts):
            yield plan_job(dataclasses.replace(plan, blocks=plan.blocks[:cut]), setup, root,
                           pdf_standards=standards, endnotes_page=options.endnotes_page,
                           prelayout=True)

    prelayout.start(jobs())
    return prelayout
