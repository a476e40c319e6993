"""Where the program's data files live: styles, templates, samples, profiles, vendored JS."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """The folder holding styles, the Typst template, samples and the default profile."""
    # A frozen bundle (PyInstaller) unpacks data next to the executable; a source checkout
    # or editable install keeps it at the repository root, beside the package.
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return _PACKAGE_DIR.parent / "resources"


def vendor_dir() -> Path:
    """The git-ignored folder where the Makefile installs citeproc-js from npm."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "brief_editor" / "_vendor"
    return _PACKAGE_DIR / "_vendor"
