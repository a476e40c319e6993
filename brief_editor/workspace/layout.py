"""What a team workspace holds, and how to tell that a folder (or a brief in it) is one."""

from __future__ import annotations

import json
from pathlib import Path

from brief_editor.errors import BriefEditorError
from brief_editor.storage.profile import WORKSPACE_MARKER, WORKSPACE_PROFILE

MARKER = WORKSPACE_MARKER  # {"format": "brief-editor-workspace", "version": 1, "name": …}
ISSUES = "issues"  # one .brief per issue
LIBRARY = "library.json"  # the team's shared sources, CSL-JSON with grades under "custom"
PROFILE = WORKSPACE_PROFILE  # the team profile
DICTIONARY = "dictionary.txt"  # the team's spelling dictionary, one word a line
CONFLICTS = "conflicts.json"  # fields both sides changed, until someone settles them
MARKER_FORMAT = "brief-editor-workspace"
BRANCH = b"refs/heads/main"


class WorkspaceError(BriefEditorError):
    """A workspace that cannot be made, read or synced; the message is one line."""


def find_root(start: Path) -> Path | None:
    """The workspace holding ``start`` (a brief or a folder), or None."""
    start = start.absolute()
    for folder in (start, *start.parents):
        if (folder / MARKER).is_file() and (folder / ".git").exists():
            return folder
    return None


def require_root(folder: Path) -> Path:
    """``folder`` itself must be a workspace; the error names it."""
    if not folder.is_dir():
        raise WorkspaceError(f"{folder}: no such folder")
    if not (folder / MARKER).is_file():
        raise WorkspaceError(f"{folder}: not a Brief Editor workspace (no {MARKER})")
    if not (folder / ".git").exists():
        raise WorkspaceError(f"{folder}: the workspace has no history (.git is missing)")
    return folder


def marker_text(name: str) -> bytes:
    raw = {"format": MARKER_FORMAT, "version": 1, "name": name}
    return (json.dumps(raw, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def issue_files(root: Path) -> list[Path]:
    """The workspace's issues, in name order."""
    folder = root / ISSUES
    return sorted(p for p in folder.glob("*.brief") if p.is_file()) if folder.is_dir() else []
