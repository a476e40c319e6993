"""Test configuration shared by every suite: headless Qt, and no real user folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Qt tests run offscreen; set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "resources" / "samples"


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point every per-user folder (settings, state, cache, styles) at a temporary one."""
    base = tmp_path_factory.mktemp("user-folders")
    monkeypatch.setenv("BRIEF_EDITOR_HOME", str(base))
