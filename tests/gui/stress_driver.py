"""Random editing sessions against the real editor, in a process of its own (the stress test).

Usage: python stress_driver.py FOLDER SESSIONS SEED [--preview-every N]

Each session opens a MainWindow on one of the briefs it writes into FOLDER, then does a
random series of what a user does — type, paste, cite (Ctrl+Alt+F's note), undo, move a
section, refresh the notes, open the preview — with the notes-wording thread, the preview
thread and the GUI thread all wording notes at once, and closes the window. Python's
faulthandler prints every thread's stack if the process dies of a signal. The last line
on standard output is ``SESSIONS OK <n>`` when all of them ran.
"""

from __future__ import annotations

import argparse
import datetime as dt
import faulthandler
import os
import random
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def long_brief(sections: int, seed: int):
    """A brief with enough distinct notes that opening it words them on a worker thread."""
    from brief_editor.model import Brief, Cite, EventSection, Meta, Note, Source

    rng = random.Random(seed)
    sources = tuple(
        Source({"id": f"src{i}", "type": "article-newspaper", "title": f"Report number {i}",
                "container-title": f"Wire {i % 7}", "author": [{"family": f"Writer{i}",
                                                                "given": "A."}],
                "issued": {"date-parts": [[2024, 1 + i % 12, 1 + i % 27]]},
                "URL": f"https://example.org/r/{i}"})
        for i in range(40))
    secs = []
    for s in range(sections):
        paragraphs = []
        for p in range(4):
            spans: list[object] = [f"Paragraph {p} of round {s} says something. "]
            for _ in range(3):
                cite = Cite(f"src{rng.randrange(len(sources))}", str(rng.randrange(1, 400)))
                spans += [Note((cite,)), " More text follows here. "]
            paragraphs.append(tuple(spans))
        secs.append(EventSection(id=f"s{s + 1}", heading=(f"Round {s + 1}",),
                                 date=dt.date(2024, 3, 4), location="Geneva",
                                 event=tuple(paragraphs)))
    return Brief(meta=Meta(publication="Stress Brief", title=f"Stress {seed}", issue=1,
                           week_of=dt.date(2024, 3, 4), authors=("A. Analyst",)),
                 sections=tuple(secs), sources=sources)


def run(folder: Path, sessions: int, seed: int, preview_every: int) -> int:
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QDockWidget

    from brief_editor.model import Cite, Note
    from brief_editor.storage.files import save_brief
    from brief_editor.ui.app import create_application
    from brief_editor.ui.mainwindow import MainWindow
    from brief_editor.ui.richtext import RichTextEdit

    app = create_application([sys.argv[0]])
    rng = random.Random(seed)
    files = []
    for n in range(3):
        path = folder / f"stress-{n}.brief"
        save_brief(path, long_brief(4 + 4 * n, seed + n))
        files.append(path)

    def pump(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def editors(window) -> list[RichTextEdit]:
        form = window.form
        return [] if form is None else [e for e in form.findChildren(RichTextEdit)
                                        if e.isVisible() and not e.isReadOnly()]

    def pick_editor(window) -> RichTextEdit | None:
        found = editors(window)
        if not found:
            ids = [s.id for s in window.document.brief.sections]
            if ids:
                window.outline.select(rng.choice(ids))
                found = editors(window)
        return rng.choice(found) if found else None

    def act(window, action: str) -> None:
        doc = window.document
        if action == "type":
            editor = pick_editor(window)
            if editor is not None:
                editor.setFocus()
                QTest.keyClicks(editor, rng.choice(["word ", "Quick brown fox. ", "x"]))
                if rng.random() < 0.3:  # keyClicks knows ASCII only
                    editor.insertPlainText("é ß ü ")
        elif action == "paste":
            editor = pick_editor(window)
            if editor is not None:
                QGuiApplication.clipboard().setText(f"Pasted line {rng.random():.4f}. ")
                editor.setFocus()
                editor.paste()
        elif action == "cite":
            editor = pick_editor(window)
            sources = doc.brief.sources
            if editor is not None and sources:
                source = rng.choice(sources).id
                editor.insert_note(Note((Cite(source, str(rng.randrange(1, 999))),)))
        elif action == "undo":
            for _ in range(rng.randrange(1, 4)):
                doc.undo_stack.undo()
        elif action == "redo":
            doc.undo_stack.redo()
        elif action == "move":
            ids = [s.id for s in doc.brief.sections]
            if len(ids) > 1:
                doc.move_section(rng.choice(ids), rng.randrange(len(ids)))
        elif action == "refresh":
            window.live.refresh_now(wait=rng.random() < 0.3)
        elif action == "open":
            window.open_path(rng.choice(files), ask_to_save=False)
        elif action == "wait":
            pump(rng.randrange(5, 120))
        QCoreApplication.processEvents()

    actions = ["type", "paste", "cite", "undo", "redo", "move", "refresh", "open", "wait"]
    weights = [4, 2, 4, 2, 1, 1, 3, 1, 3]
    for session in range(sessions):
        window = MainWindow()
        window.show()
        window.open_path(rng.choice(files), ask_to_save=False)
        if preview_every and session % preview_every == 0:
            dock = window.findChild(QDockWidget, "dock-preview")
            if dock is not None:
                dock.toggleViewAction().trigger()
        for action in rng.choices(actions, weights, k=rng.randrange(6, 20)):
            act(window, action)
        pump(rng.randrange(0, 60))
        window.document.undo_stack.setClean()
        window.document._forced_dirty = False
        window.close()
        window.deleteLater()
        QCoreApplication.processEvents()
        print(f"session {session + 1}", flush=True)
    app.processEvents()
    print(f"SESSIONS OK {sessions}", flush=True)
    return 0


def main() -> int:
    faulthandler.enable(all_threads=True)
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("sessions", type=int)
    parser.add_argument("seed", type=int)
    parser.add_argument("--preview-every", type=int, default=0)
    args = parser.parse_args()
    return run(args.folder, args.sessions, args.seed, args.preview_every)


if __name__ == "__main__":
    raise SystemExit(main())
