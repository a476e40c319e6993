"""Export a brief to a file: choose the writer by extension, write atomically."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brief_editor.citations.notes import NoteRenderer, RenderedNote
from brief_editor.export.errors import ExportCancelled, ExportError
from brief_editor.export.plan import Plan, Progress, build_plan
from brief_editor.model import Brief

__all__ = ["ExportCancelled", "ExportError", "ExportOptions", "export_brief",
           "word_notes_in_background"]


@dataclass(frozen=True)
class ExportOptions:
    """Choices that are not part of the brief itself."""

    draft: bool = False
    reference_docx: Path | None = None
    pdf_a: bool = False
    # The profile's font first (the family of both exports), then its PDF fallbacks.
    fonts: tuple[str, ...] = ()
    labels: dict[str, str] | None = None
    endnotes_page: str = "new"  # PDF: "new" page for the endnotes, or "follow" the text
    # Where a PDF is laid out: None for this process (the command line, which exits after);
    # the editor passes a TypstWorker's compile, since Typst never frees a layout's memory.
    compiler: Callable[[Any], Any] | None = None


def word_notes_in_background(brief: Brief, *, brief_dir: Path | None,
                             renderer: NoteRenderer) -> Callable[[], list[RenderedNote] | None]:
    """Word the brief's notes on a thread; return the call that waits for them.

    A cold export spends about a third of a second starting citeproc-js and wording the
    notes. The command line starts that as soon as the brief is read, so it runs while the
    checks and the writer's set-up run on the calling thread. The notes are numbered and
    positioned here, before the thread starts: that part is Python, and on the thread it
    would wait for the interpreter lock behind the checks, while citeproc-js waits for it.
    The wording goes through ``NoteRenderer.word``, as the editor's own worker thread
    does, so through whatever owns the JavaScript engine.

    The call returns the rendered notes, or None after a failure, which is left for
    ``build_plan`` to meet again and report.
    """
    done: list[list[RenderedNote]] = []
    try:
        plan = renderer.prepare(brief, brief_dir=brief_dir)
    except Exception:  # build_plan prepares again and reports it properly
        return lambda: None

    def work() -> None:
        try:
            renderer.word(plan)
            done.append(renderer.assemble(plan))
        except Exception:  # build_plan words again and reports it properly
            pass

    thread = threading.Thread(target=work, name="notes-wording", daemon=True)
    thread.start()

    def wait() -> list[RenderedNote] | None:
        thread.join()
        return done[0] if done else None

    return wait


def export_brief(
    brief: Brief,
    output: Path,
    *,
    brief_dir: Path | None = None,
    options: ExportOptions | None = None,
    renderer: NoteRenderer | None = None,
    progress: Progress | None = None,
    plan: Plan | None = None,
    late_plan: Callable[[], Plan] | None = None,
) -> list[str]:
    """Write ``output`` (.docx or .pdf); return warnings a user should see.

    ``plan``: the brief's plan, built already with ``options``' labels and DRAFT mark.
    ``late_plan``: ``plan`` has its notes blank, and this gives it with them worded (the
    command line walks the text while the notes are worded, see ``with_notes``; a PDF is
    laid out meanwhile too).
    """
    options = options or ExportOptions()
    suffix = output.suffix.lower()
    if late_plan is not None and suffix != ".pdf":
        plan = late_plan()
    if plan is None:
        plan = build_plan(brief, brief_dir=brief_dir, renderer=renderer, labels=options.labels,
                          draft=options.draft, progress=progress)
    if suffix == ".docx":
        from brief_editor.export.docx_writer import write_docx
        from brief_editor.export.fonts import docx_family

        return list(plan.warnings) + write_docx(plan, output, reference_docx=options.reference_docx,
                                                font=docx_family(options.fonts))
    if suffix == ".pdf":
        from brief_editor.export.pdf_writer import write_pdf

        # The plan's warnings are the notes' too: those of the plan with the notes worded.
        worded: list[Plan] = []

        def plan_with_notes() -> Plan:
            assert late_plan is not None
            worded.append(late_plan())
            return worded[0]

        warnings = write_pdf(plan, output, pdf_a=options.pdf_a, fonts=options.fonts,
                             compiler=options.compiler, endnotes_page=options.endnotes_page,
                             late_plan=plan_with_notes if late_plan is not None else None)
        return list((worded[0] if worded else plan).warnings) + warnings
    raise ExportError(f"{output}: the output must end in .docx or .pdf")
