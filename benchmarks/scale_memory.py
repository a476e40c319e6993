"""The editor's memory with a long issue open and the Preview dock refreshing.

Usage: python benchmarks/scale_memory.py FILE.brief [--previews 100] — prints one JSON line:
the editor process's resident memory after the issue is open and after each preview
(``editor_mb_first``, ``editor_mb_last``, ``editor_mb_max`` and ``editor_peak_gb``, the
benchmark's figure), the growth from the tenth preview to the last (``editor_mb_growth``),
the preview worker's resident memory at its highest (``worker_mb_max``, a process of its
own that is replaced past its limit), how many worker processes ran, and the median time
of a preview (edit to pages on screen).

Each round makes a one-word edit in the middle section (through the document's undo
stack, as typing does), asks the Preview dock to refresh at once, and waits until the new
pages are on screen.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("brief", type=Path)
    parser.add_argument("--previews", type=int, default=100)
    args = parser.parse_args()
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("BRIEF_EDITOR_HOME", tempfile.mkdtemp(prefix="brief-bench-"))

    from benchmarks.cases_scale import one_word_edit
    from brief_editor.export.typst_compile import rss_bytes
    from brief_editor.ui.app import create_application
    from brief_editor.ui.mainwindow import MainWindow

    app = create_application([sys.argv[0]])
    window = MainWindow()
    window.resize(1366, 768)
    window.show()
    if not window.open_path(str(args.brief), ask_to_save=False):
        return 2
    window.live.refresh_now(wait=True)
    panel = window.preview_panel if hasattr(window, "preview_panel") else None
    if panel is None:
        from brief_editor.ui.preview_dock import PreviewPanel

        panel = next(w for w in window.findChildren(PreviewPanel))
    dock = panel.parentWidget()
    while dock is not None and not dock.inherits("QDockWidget"):
        dock = dock.parentWidget()
    assert dock is not None
    dock.show()
    dock.raise_()

    def wait_for(generation: int, limit: float = 600.0) -> None:
        deadline = time.perf_counter() + limit
        while panel.shown < generation and panel.error is None:
            app.processEvents()
            time.sleep(0.005)
            if time.perf_counter() > deadline:
                raise SystemExit("the preview did not come")
        if panel.error is not None:
            raise SystemExit(f"the preview failed: {panel.error}")

    mb = 1024 * 1024
    panel.refresh_now()
    wait_for(panel.requested)
    editor = [rss_bytes() // mb]
    worker: list[int] = [panel.worker.last_rss // mb]
    times: list[float] = []
    for n in range(1, args.previews + 1):
        start = time.perf_counter()
        document = window.document
        document.push(one_word_edit(document.brief, n), "Typing")
        panel.refresh_now()
        wait_for(panel.requested)
        app.processEvents()
        times.append(time.perf_counter() - start)
        editor.append(rss_bytes() // mb)
        worker.append(panel.worker.last_rss // mb)
        print(f"preview {n}: {times[-1]:.2f} s, editor {editor[-1]} MB, worker "
              f"{worker[-1]} MB", file=sys.stderr, flush=True)
    tenth = editor[min(10, len(editor) - 1)]
    result = {
        "previews": args.previews,
        "editor_mb_first": editor[0],
        "editor_mb_last": editor[-1],
        "editor_mb_max": max(editor),
        "editor_mb_growth": editor[-1] - tenth,
        "editor_peak_gb": round(max(editor) / 1024, 3),
        "worker_mb_max": max(worker),
        "worker_processes": panel.worker.processes_started,
        "preview_s_median": round(statistics.median(times), 3) if times else None,
        "preview_s_max": round(max(times), 3) if times else None,
    }
    sys.stdout.write(json.dumps(result) + "\n")
    window.document.undo_stack.setClean()
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
