"""Run the real editor in its own process and type into it (for the crash test).

Usage: python crash_driver.py FILE.brief TEXT — opens FILE, types TEXT at the end of the
masthead title like a user would, then keeps running until it is killed.
"""

from __future__ import annotations

import sys

from PySide6.QtTest import QTest

from brief_editor.ui.app import run_editor


def main() -> int:
    path, text = sys.argv[1], sys.argv[2]

    def type_text(window) -> None:
        title = window.form.title
        title.setFocus()
        title.end(False)
        QTest.keyClicks(title, text)
        sys.stdout.write("typed\n")
        sys.stdout.flush()

    return run_editor(path, on_ready=type_text)


if __name__ == "__main__":
    raise SystemExit(main())
