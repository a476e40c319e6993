"""Team workspace cases: a desk's archive of 500 issues (about 100,000 notes) in git.

``workspace-sync-unchanged`` times ``brief-editor workspace sync DIR`` (whole process)
when nothing changed on either side: commit check, fetch from a bare remote, push check and
the archive index check. ``workspace-search`` times one archive search in process, with
the index already built (as it is after the first sync).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ISSUES = 500
SECTIONS_PER_ISSUE = 20  # × 10 notes each: 200 notes an issue, 100,000 in all


@dataclass(frozen=True)
class Case:
    name: str
    group: str
    prepare: Any


def _workspace(folder: Path) -> Path:
    """Build (once; kept in benchmarks/out) a workspace of 500 issues synced to a bare remote."""
    from dulwich.repo import Repo

    from benchmarks.generate import brief_raw
    from brief_editor.workspace import init_workspace, sync

    base = folder.parent / "workspace-500"
    root = base / "desk"
    if (base / "ready").exists():
        return root
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    Repo.init_bare(str(base / "remote.git"), mkdir=True).close()
    init_workspace(root, remote=str(base / "remote.git"), author="Bench <bench@example>")
    for number in range(1, ISSUES + 1):
        raw = brief_raw(SECTIONS_PER_ISSUE, seed=number)
        raw["meta"]["issue"] = number
        text = json.dumps(raw, indent=2, ensure_ascii=False) + "\n"
        (root / "issues" / f"issue-{number:03}.brief").write_text(text, encoding="utf-8")
    sync(root, author="Bench <bench@example>")
    (base / "ready").write_text("ok\n")
    return root


def _sync(folder: Path) -> list[str]:
    from benchmarks.run import brief_editor_command

    root = _workspace(folder)
    return [*brief_editor_command(), "workspace", "sync", str(root)]


def _search(folder: Path):
    from brief_editor.workspace import archive

    root = _workspace(folder)
    archive.update_index(root)
    return lambda: archive.search(root, 'drone party:"Coast Guard" from:2024-01-01')


def cases() -> list[Case]:
    return [Case("workspace-sync-unchanged", "workspace", _sync),
            Case("workspace-search", "workspace", _search)]
