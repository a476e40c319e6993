"""Version and build information, for Help → About and ``--version``."""

from __future__ import annotations

import json
import platform
import sys
from pathlib import Path
from typing import Any

from brief_editor.resources import vendor_dir

# Written by the PyInstaller spec into the bundle (never into the source tree): the build's
# date, commit and platform, so that a support question can name the exact package.
BUILD_INFO_NAME = "_build_info.json"


def vendored_versions() -> str:
    """The pinned npm packages bundled with this build (citeproc-js, CSL locales)."""
    try:
        return " ".join((vendor_dir() / "VERSIONS").read_text(encoding="utf-8").split())
    except OSError:
        return "citeproc-js not installed"


def build_info_path() -> Path:
    """Where a frozen bundle keeps its build information file."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    base = Path(frozen_root) / "brief_editor" if frozen_root else Path(__file__).resolve().parent
    return base / BUILD_INFO_NAME


def build_info() -> dict[str, Any]:
    """The packaged build's facts (``date``, ``commit``, ``platform``…), or {} from source."""
    try:
        data = json.loads(build_info_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def build_description() -> str:
    """One line: how it was built (and when, for a bundle), Python, platform, citeproc-js."""
    info = build_info()
    if getattr(sys, "frozen", False):
        built = "frozen bundle"
        details = [str(info[k]) for k in ("date", "commit") if info.get(k)]
        if details:
            built += " built " + " ".join(details)
    else:
        built = "source"
    return (
        f"{built}; Python {platform.python_version()} on {platform.system()} "
        f"{platform.machine()}; {vendored_versions()}"
    )
