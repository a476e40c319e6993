"""Time opening a brief whose library holds 100,000 sources, in the editor.

Usage: python benchmarks/scale_open.py FILE.brief — prints one JSON line: ``open_s``, from
File ▸ Open's call (``MainWindow.open_path``: the file read, the window set up) through the
first live refresh of notes and checks (every source looked over: W103, W104, W107, E007…)
to the window painted with the Checks dock listing the problems; ``open_cpu_s``, the
process's CPU time over the same span (steadier than the clock on a busy machine);
``read_s`` and ``refresh_s``, parts of ``open_s``; and ``problems``, how many the Checks
dock lists.
``python benchmarks/scale_open.py --write FILE.brief [--sources N]`` writes the brief
(``scale_sources.library_brief``: a few sections citing a few of N sources).

The notes engine has started and the window is painted before the clock starts, as when
a user opens a file from a running editor.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def write(path: Path, sources: int) -> None:
    from benchmarks.scale_sources import library_brief
    from brief_editor.model import dumps
    from brief_editor.storage.atomic import atomic_write

    atomic_write(path, dumps(library_brief(sources)).encode("utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--sources", type=int, default=100_000)
    args = parser.parse_args()
    if args.write:
        write(args.file, args.sources)
        return 0
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("BRIEF_EDITOR_HOME", tempfile.mkdtemp(prefix="brief-bench-"))

    from brief_editor.ui.app import create_application
    from brief_editor.ui.mainwindow import MainWindow

    app = create_application([sys.argv[0]])
    window = MainWindow()
    window.show()
    window.live.engine.start()
    app.processEvents()
    window.repaint()

    start, cpu = time.perf_counter(), time.process_time()
    if not window.open_path(args.file, ask_to_save=False):
        return 2
    read = time.perf_counter() - start
    window.live.refresh_now(wait=True)
    refresh = time.perf_counter() - start - read
    panel = window.live.checks_panel
    panel.tree.viewport().repaint()
    window.repaint()
    app.processEvents()
    total = time.perf_counter() - start
    cpu = time.process_time() - cpu
    result = {"open_s": round(total, 3), "open_cpu_s": round(cpu, 3), "read_s": round(read, 3),
              "refresh_s": round(refresh, 3), "problems": len(panel.problems),
              "sources": len(window.document.brief.sources)}
    window.close()
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
