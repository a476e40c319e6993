"""Recovery snapshots: written aside, found after a crash, never the saved file."""

from __future__ import annotations

import json
import subprocess
import sys

from brief_editor.model import Brief, Meta
from brief_editor.storage.autosave import RecoveryStore, discard, sha256
from brief_editor.storage.paths import app_paths


def dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(proc.stdout)


def test_snapshot_round_trip_and_clear(tmp_path) -> None:
    store = RecoveryStore(app_paths().recovery)
    brief = Brief(meta=Meta(title="Unsaved"))
    original = tmp_path / "issue.brief"
    file = store.write(brief, original, b"old bytes")
    assert file.parent == app_paths().recovery
    # A live editor's own snapshot is not an orphan.
    assert RecoveryStore(app_paths().recovery).orphans() == []
    store.clear()
    assert not file.exists()
    assert not original.exists()


def test_orphan_of_a_dead_editor_is_offered(tmp_path) -> None:
    folder = app_paths().recovery
    store = RecoveryStore(folder, session="old")
    brief = Brief(meta=Meta(title="Lost work"))
    file = store.write(brief, tmp_path / "x.brief", b"saved")
    raw = json.loads(file.read_text(encoding="utf-8"))
    raw["pid"] = dead_pid()
    file.write_text(json.dumps(raw), encoding="utf-8")
    found = RecoveryStore(folder).orphans()
    assert len(found) == 1
    snapshot = found[0]
    assert snapshot.brief == brief
    assert snapshot.original == str(tmp_path / "x.brief")
    assert snapshot.original_sha256 == sha256(b"saved")
    assert "x.brief" in snapshot.label
    discard(snapshot)
    assert RecoveryStore(folder).orphans() == []


def test_unreadable_snapshots_are_skipped() -> None:
    folder = app_paths().recovery
    folder.mkdir(parents=True)
    (folder / "junk.recovery.json").write_text("{broken", encoding="utf-8")
    assert RecoveryStore(folder).orphans() == []
