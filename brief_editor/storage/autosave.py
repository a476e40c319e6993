"""Recovery snapshots: the editor's unsaved work, written aside so that a crash loses little.

Each running editor writes one snapshot file in the recovery folder, named after its own
session, and deletes it when the work is saved or deliberately discarded. A snapshot left
behind by an editor that is no longer running is what the next start offers to recover.
The saved brief itself is never touched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import socket
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brief_editor.errors import BriefEditorError
from brief_editor.model import Brief, BriefFormatError, parse, to_raw
from brief_editor.storage.atomic import atomic_write

log = logging.getLogger(__name__)

RECOVERY_FORMAT = "brief-editor-recovery"
SUFFIX = ".recovery.json"


class RecoveryError(BriefEditorError):
    """A recovery snapshot could not be written or read."""


@dataclass(frozen=True)
class Snapshot:
    """One recovery snapshot found on disk."""

    file: Path
    original: str | None
    saved_at: dt.datetime
    pid: int
    host: str
    brief: Brief
    original_sha256: str | None = None

    @property
    def label(self) -> str:
        """A line that tells the user which work this is."""
        name = Path(self.original).name if self.original else "Untitled brief"
        when = self.saved_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        return f"{name} — autosaved {when}"


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


class RecoveryStore:
    """The recovery folder of one editor session."""

    def __init__(self, folder: str | os.PathLike[str], session: str | None = None) -> None:
        self.folder = Path(folder)
        self.session = session or f"{os.getpid()}-{uuid.uuid4().hex[:8]}"

    @property
    def file(self) -> Path:
        return self.folder / f"{self.session}{SUFFIX}"

    def write(self, brief: Brief, original: str | os.PathLike[str] | None,
              original_bytes: bytes | None = None) -> Path:
        """Write (replace) this session's snapshot of ``brief``.

        ``original_bytes`` are the bytes of the saved file the work started from: on
        recovery they tell whether that file has changed since.
        """
        raw: dict[str, Any] = {
            "format": RECOVERY_FORMAT,
            "version": 1,
            "original": str(original) if original else None,
            "original_sha256": sha256(original_bytes) if original_bytes is not None else None,
            "saved_at": dt.datetime.now(dt.UTC).isoformat(),
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "brief": to_raw(brief),
        }
        data = (json.dumps(raw, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RecoveryError(
                f"the recovery folder {self.folder} cannot be created ({exc.strerror or exc})"
            ) from None
        atomic_write(self.file, data)
        return self.file

    def clear(self) -> None:
        """Delete this session's snapshot (the work was saved or discarded)."""
        try:
            self.file.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            log.warning("could not delete recovery snapshot %s: %s", self.file, exc)

    def orphans(self) -> list[Snapshot]:
        """Snapshots left by editors that are no longer running, newest first."""
        found: list[Snapshot] = []
        if not self.folder.is_dir():
            return found
        host = socket.gethostname()
        for file in sorted(self.folder.glob(f"*{SUFFIX}")):
            if file == self.file:
                continue
            snapshot = read_snapshot(file)
            if snapshot is None:
                continue
            if snapshot.host == host and _pid_alive(snapshot.pid):
                continue
            found.append(snapshot)
        found.sort(key=lambda s: s.saved_at, reverse=True)
        return found


def read_snapshot(file: Path) -> Snapshot | None:
    """Read one snapshot; an unreadable one is logged and skipped (None)."""
    try:
        raw = json.loads(file.read_text(encoding="utf-8"))
        if not isinstance(raw, dict) or raw.get("format") != RECOVERY_FORMAT:
            raise ValueError("not a recovery snapshot")
        brief = parse(raw["brief"])
        saved_at = dt.datetime.fromisoformat(str(raw["saved_at"]))
        original = raw.get("original")
        digest = raw.get("original_sha256")
        return Snapshot(
            file=file,
            original=original if isinstance(original, str) else None,
            saved_at=saved_at,
            pid=int(raw.get("pid", 0)),
            host=str(raw.get("host", "")),
            brief=brief,
            original_sha256=digest if isinstance(digest, str) else None,
        )
    except (OSError, ValueError, KeyError, TypeError, BriefFormatError) as exc:
        log.warning("skipping unreadable recovery snapshot %s: %s", file, exc)
        return None


def sha256(data: bytes) -> str:
    """The hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def discard(snapshot: Snapshot) -> None:
    """Delete a snapshot the user recovered or chose to drop."""
    try:
        snapshot.file.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        log.warning("could not delete recovery snapshot %s: %s", snapshot.file, exc)
