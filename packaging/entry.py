"""The frozen program's entry point: the command line, which opens the editor when asked."""

from __future__ import annotations

import multiprocessing
import sys

from brief_editor.cli import main

# Not a user command: `make package-test` (and an administrator checking a machine) uses it to
# prove that the PDF preview's worker process starts from the bundle, which only the editor
# does otherwise.
SELF_TEST_WORKER = "--self-test-pdf-worker"


def self_test_pdf_worker() -> int:
    """Compile the bundled font probe in a TypstWorker process and draw its page with PDFium
    (as the preview does); print what happened."""
    import json

    from brief_editor.export.pdf_raster import PdfPages
    from brief_editor.export.typst_compile import CompileJob, TypstWorker
    from brief_editor.resources import resources_dir

    template = resources_dir() / "typst" / "probe.typ"
    job = CompileJob(template, {"chars": json.dumps(["Brief"])}, template.parent)
    with TypstWorker(max_compiles=1, timeout=120) as worker:
        result = worker.compile(job)
        started = worker.processes_started
    pages = PdfPages(result.pdf)
    drawn = pages.render(0, 120, 160)
    pages.close()
    ok = result.pdf.startswith(b"%PDF") and started == 1 and drawn.width > 0
    print(f"PDF worker: {'ok' if ok else 'FAILED'} ({len(result.pdf)} bytes, "
          f"{started} worker process(es), page drawn {drawn.width}x{drawn.height})")
    return 0 if ok else 1


if __name__ == "__main__":
    # The PDF preview compiles in a spawned worker process; in a bundle that worker is this
    # same executable, and freeze_support() turns it into the worker before main() sees
    # the worker's arguments.
    multiprocessing.freeze_support()
    if sys.argv[1:] == [SELF_TEST_WORKER]:
        sys.exit(self_test_pdf_worker())
    sys.exit(main())
