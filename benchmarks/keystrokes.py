"""Time one keystroke in the editor with the writing tools on (issue 13: under 16 ms).

Usage: python benchmarks/keystrokes.py [--sections 200] [--keys 60] — prints
{"keystroke_ms_median": …, "keystroke_ms_p95": …, "keystroke_ms_max": …} as JSON.

The editor opens a generated issue (``cases_writing.writing_brief``: a real vocabulary with
typos), shows the middle section, and types into its event text: words, a typo, straight
quotes and an apostrophe (made smart as they are typed). Each keystroke is timed from the
key event to the end of the event processing it causes: smart typing, the underline of the
paragraph, the edit reaching the document and its undo stack, the form's refresh. The
checks' refresh that follows a pause in typing is ``refresh.py``'s measurement.
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

TEXT = ' The envoy said "we will not sign" and teh delegation\'s reply was brief.'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sections", type=int, default=200)
    parser.add_argument("--keys", type=int, default=60)
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("BRIEF_EDITOR_HOME", tempfile.mkdtemp(prefix="brief-bench-"))

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from benchmarks.cases_writing import writing_brief
    from brief_editor.citations.spelling import speller_for
    from brief_editor.ui.document import Document
    from brief_editor.ui.mainwindow import MainWindow

    app = QApplication.instance() or QApplication([])
    brief = writing_brief(args.sections)
    window = MainWindow()
    window.resize(1366, 768)
    window.show()
    window.set_document(Document(brief, parent=window))
    speller_for(brief.meta.effective_language)  # the window loads it at start-up
    window.outline.select(brief.sections[len(brief.sections) // 2].id)
    for _ in range(20):
        app.processEvents()
    editor = window.form.event
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    app.processEvents()
    times = []
    text = (TEXT * (args.keys // len(TEXT) + 1))[: args.keys]
    for ch in text:
        start = time.perf_counter()
        QTest.keyClick(editor, ch, Qt.KeyboardModifier.NoModifier)
        app.processEvents()
        times.append((time.perf_counter() - start) * 1000)
    assert "“we will not sign”" in editor.value()[-1][0] or args.keys < len(TEXT)
    times.sort()
    print(json.dumps({
        "keystroke_ms_median": round(statistics.median(times), 2),
        "keystroke_ms_p95": round(times[int(len(times) * 0.95) - 1], 2),
        "keystroke_ms_max": round(times[-1], 2),
    }))
    window.document.undo_stack.setClean()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
