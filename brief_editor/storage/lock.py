"""Lock files beside an open brief, so a second person on a shared drive is warned.

The lock is named like LibreOffice's (``.~lock.NAME#``) and holds who opened the file,
where and when. It is advice, not enforcement: the second person is told and may still
open the brief. A lock left by a crashed editor on this computer is recognised as stale.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import logging
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from brief_editor.storage.atomic import WriteError, atomic_write

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LockInfo:
    """Who holds a lock."""

    user: str
    host: str
    pid: int
    since: str

    def describe(self) -> str:
        """A sentence naming the holder, for a dialog."""
        return f"{self.user} on {self.host} (since {self.since})"

    @property
    def is_ours(self) -> bool:
        return self.host == socket.gethostname() and self.pid == os.getpid()


def lock_path(brief_path: str | os.PathLike[str]) -> Path:
    """The lock file of a brief."""
    path = Path(brief_path)
    return path.with_name(f".~lock.{path.name}#")


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "someone"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def read_lock(brief_path: str | os.PathLike[str]) -> LockInfo | None:
    """The current holder of the brief's lock, or None when there is none or it is stale."""
    file = lock_path(brief_path)
    try:
        raw = json.loads(file.read_text(encoding="utf-8"))
        info = LockInfo(
            user=str(raw["user"]), host=str(raw["host"]), pid=int(raw["pid"]),
            since=str(raw.get("since", "")),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("ignoring unreadable lock file %s: %s", file, exc)
        return None
    if info.host == socket.gethostname() and not _alive(info.pid):
        return None
    return info


def acquire(brief_path: str | os.PathLike[str]) -> LockInfo | None:
    """Take the brief's lock; returns the other holder if someone else has it (lock untouched)."""
    holder = read_lock(brief_path)
    if holder is not None and not holder.is_ours:
        return holder
    info = {
        "user": _user(),
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "since": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M"),
    }
    try:
        atomic_write(lock_path(brief_path), (json.dumps(info) + "\n").encode("utf-8"))
    except WriteError as exc:
        # A read-only share: the brief can still be read, just not locked.
        log.warning("could not write a lock file: %s", exc)
    return None


def force_acquire(brief_path: str | os.PathLike[str]) -> None:
    """Take the lock even though someone else holds it (the user chose to)."""
    with contextlib.suppress(OSError):
        lock_path(brief_path).unlink()
    acquire(brief_path)


def release(brief_path: str | os.PathLike[str]) -> None:
    """Remove the brief's lock if it is ours."""
    file = lock_path(brief_path)
    holder = read_lock(brief_path)
    if holder is None or not holder.is_ours:
        return
    try:
        file.unlink()
    except OSError as exc:
        log.warning("could not remove lock file %s: %s", file, exc)
