"""The frozen program's entry point: the command line, which opens the editor when asked."""

from __future__ import annotations

import multiprocessing
import sys

from brief_editor.cli import main

if __name__ == "__main__":
    # The PDF preview compiles in a spawned worker process; in a bundle that worker is this
    # same executable, and freeze_support() turns it into the worker before main() sees
    # the worker's arguments.
    multiprocessing.freeze_support()
    sys.exit(main())
