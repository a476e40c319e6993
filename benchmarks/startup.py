"""Time from start to a usable editor window showing a brief.

Usage: python benchmarks/startup.py FILE.brief — prints {"startup_s": seconds} as JSON.
The clock starts before Qt is imported and stops when the window has been painted with the
file open and the event loop is idle, which is when a user can start typing.
"""

from __future__ import annotations

import time

_T0 = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402


def main() -> int:
    if len(sys.argv) != 2:
        sys.stderr.write("usage: startup.py FILE.brief\n")
        return 2
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Keep the user's real settings and recovery folder out of the measurement.
    os.environ.setdefault("BRIEF_EDITOR_HOME", tempfile.mkdtemp(prefix="brief-bench-"))

    from PySide6.QtCore import QTimer

    from brief_editor.ui.app import create_application
    from brief_editor.ui.mainwindow import MainWindow

    app = create_application([sys.argv[0]])
    window = MainWindow()
    window.show()
    if not window.open_path(sys.argv[1], ask_to_save=False):
        return 2
    result: dict[str, float] = {}

    def done() -> None:
        window.repaint()
        result["startup_s"] = round(time.perf_counter() - _T0, 3)
        window.close()
        app.quit()

    QTimer.singleShot(0, done)
    app.exec()
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
