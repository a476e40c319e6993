"""A team's workspace: issues, shared library, profile and dictionary, synced through git."""

from brief_editor.workspace.gitsync import (
    Conflict,
    SyncReport,
    clone_workspace,
    init_workspace,
    load_conflicts,
    resolve_conflict,
    sync,
)
from brief_editor.workspace.layout import WorkspaceError, find_root

__all__ = [
    "Conflict", "SyncReport", "WorkspaceError", "clone_workspace", "find_root",
    "init_workspace", "load_conflicts", "resolve_conflict", "sync",
]
