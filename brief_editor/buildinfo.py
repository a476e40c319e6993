"""Version and build information, for Help → About and ``--version``."""

from __future__ import annotations

import platform
import sys

from brief_editor.resources import vendor_dir


def vendored_versions() -> str:
    """The pinned npm packages bundled with this build (citeproc-js, CSL locales)."""
    try:
        return " ".join((vendor_dir() / "VERSIONS").read_text(encoding="utf-8").split())
    except OSError:
        return "citeproc-js not installed"


def build_description() -> str:
    """One line: Python, platform, and the bundled citeproc-js version."""
    frozen = "frozen bundle" if getattr(sys, "frozen", False) else "source"
    return (
        f"{frozen}; Python {platform.python_version()} on {platform.system()} "
        f"{platform.machine()}; {vendored_versions()}"
    )
