"""Time the Sources dock and the citation picker over a library of 100,000 sources.

Usage: python benchmarks/scale_sources.py [--sources 100000] — prints one JSON line:
``dock_open_s`` (the library shown in the dock until its table is painted),
``document_open_s`` (the window opening the brief, with the first refresh of notes and
checks), ``picker_open_s`` (after the pause in which the dock indexes the library for the
filter and the picker, until it is painted), ``picker_reopen_s``, and per keystroke of a typed filter the median and worst time in ms
for the dock and the picker (the key press until the list is painted again); ``filter_s``
is the slower of the two medians, in seconds (the benchmark's figure).

The library comes from ``benchmarks/generate.py`` (news, reports, books and web pages with
invented titles); the brief holds a few sections citing some of them.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TYPED = "almery fund 1"


def library_brief(count: int):
    from benchmarks.generate import _Writer, generate_brief
    from brief_editor.model import Source

    brief = generate_brief(5)
    more = max(0, count - len(brief.sources))
    extra = tuple(Source({**raw, "id": f"lib-{raw['id']}"})
                  for raw in _Writer(0, 0, more, 1).sources)
    return dataclasses.replace(brief, sources=brief.sources + extra)


def type_timed(app, widget, view, text: str) -> list[float]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    times = []
    widget.setFocus()
    for ch in text:
        start = time.perf_counter()
        QTest.keyClick(widget, ch if ch != " " else Qt.Key.Key_Space)
        view.viewport().repaint()
        app.processEvents()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=100_000)
    args = parser.parse_args()
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("BRIEF_EDITOR_HOME", tempfile.mkdtemp(prefix="brief-bench-"))

    from brief_editor.ui.app import create_application
    from brief_editor.ui.citation_picker import CitationPicker
    from brief_editor.ui.document import Document
    from brief_editor.ui.mainwindow import MainWindow

    brief = library_brief(args.sources)
    app = create_application([sys.argv[0]])
    window = MainWindow()
    window.show()
    app.processEvents()
    panel = window.sources_panel
    dock = panel.parentWidget()
    while dock is not None and not dock.inherits("QDockWidget"):
        dock = dock.parentWidget()
    if dock is not None:
        dock.show()
        dock.raise_()
    app.processEvents()

    # The dock alone: the library shown in the table, until painted.
    start = time.perf_counter()
    panel.show_brief(brief)
    panel.table.viewport().repaint()
    app.processEvents()
    dock_open = time.perf_counter() - start
    assert panel.model.rowCount() == len(brief.sources), panel.model.rowCount()
    # The whole window opening the brief: form, outline, docks, and the first live
    # refresh of notes and checks (which checks every source: W103, W104, W107).
    start = time.perf_counter()
    window.set_document(Document(brief, parent=window))
    window.live.refresh_now(wait=True)
    panel.table.viewport().repaint()
    app.processEvents()
    document_open = time.perf_counter() - start

    # A pause, as a user's before typing: the dock indexes the library for its filter and
    # for the citation picker in slices of idle time.
    deadline = time.perf_counter() + 30
    while panel.model._filled.isActive() and time.perf_counter() < deadline:
        app.processEvents()
    dock_times = type_timed(app, panel.filter_edit, panel.table, TYPED)
    shown = panel.model.rowCount()

    start = time.perf_counter()
    picker = CitationPicker(window.document.brief, parent=window)
    picker.show()
    picker.results.viewport().repaint()
    app.processEvents()
    picker_open = time.perf_counter() - start
    picker_times = type_timed(app, picker.search, picker.results, TYPED)
    found = picker.results.count()
    picker.reject()
    start = time.perf_counter()
    again = CitationPicker(window.document.brief, parent=window)
    again.show()
    again.results.viewport().repaint()
    app.processEvents()
    picker_reopen = time.perf_counter() - start
    again.reject()

    dock_median, picker_median = statistics.median(dock_times), statistics.median(picker_times)
    result = {
        "sources": len(brief.sources),
        "dock_open_s": round(dock_open, 3),
        "document_open_s": round(document_open, 3),
        "dock_filter_ms_median": round(dock_median, 1),
        "dock_filter_ms_max": round(max(dock_times), 1),
        "dock_rows_shown": shown,
        "picker_open_s": round(picker_open, 3),
        "picker_reopen_s": round(picker_reopen, 3),
        "picker_filter_ms_median": round(picker_median, 1),
        "picker_filter_ms_max": round(max(picker_times), 1),
        "picker_results": found,
        "filter_s": round(max(dock_median, picker_median) / 1000, 4),
    }
    sys.stdout.write(json.dumps(result) + "\n")
    window.document.undo_stack.setClean()
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
