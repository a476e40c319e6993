"""Lock files beside an open brief, so a second person on a shared drive is warned.

The lock is named like LibreOffice's (``.~lock.NAME#``) and holds who opened the file,
where and when. It is advice, not enforcement: the second person is told and may still
open the brief. A lock left by a crashed editor on this computer is recognised as stale.
Every command that changes a brief takes the same lock for as long as it reads, changes
and writes it (``held``), so the editor's brief is not changed behind its back and two
commands take turns instead of one losing the other's work.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import logging
import os
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from brief_editor.errors import BriefEditorError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LockInfo:
    """Who holds a lock."""

    user: str
    host: str
    pid: int
    since: str
    by: str = "editor"  # or "command": the command line, which holds it for a moment

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
    except (OSError, OverflowError):
        return True
    return True


# A lock file is written within microseconds of its creation; one still empty or unreadable
# after this long was left by a process that died between the two.
_UNREADABLE_STALE_S = 10.0
# The largest process id any system hands out is far below this; a bigger one is damage.
_MAX_PID = 2**31 - 1


class LockHeld(BriefEditorError):
    """Someone else is writing or editing the brief; the message names them."""


def _parse(text: str) -> LockInfo:
    raw = json.loads(text)
    pid = int(raw["pid"])
    if not 0 < pid <= _MAX_PID:
        raise ValueError(f"pid {str(raw['pid'])[:20]} is out of range")
    return LockInfo(user=str(raw["user"]), host=str(raw["host"]), pid=pid,
                    since=str(raw.get("since", "")), by=str(raw.get("by", "editor")))


def _holder(file: Path) -> tuple[LockInfo | None, bool]:
    """(who holds the lock file, whether it is stale); (None, False) when there is none."""
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, False
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("ignoring unreadable lock file %s: %s", file, exc)
        return None, True
    try:
        info = _parse(text)
    except (ValueError, KeyError, TypeError) as exc:
        # Being written this very moment, or left broken: only age tells them apart.
        try:
            young = time.time() - file.stat().st_mtime < _UNREADABLE_STALE_S
        except OSError:
            return None, False
        if young:
            return LockInfo("someone", "this computer", 0, "just now", by="starting"), False
        log.warning("ignoring damaged lock file %s: %s", file, exc)
        return None, True
    if info.host == socket.gethostname() and not _alive(info.pid):
        return info, True
    return info, False


def read_lock(brief_path: str | os.PathLike[str]) -> LockInfo | None:
    """The current holder of the brief's lock, or None when there is none or it is stale."""
    info, stale = _holder(lock_path(brief_path))
    return None if stale else info


def acquire(brief_path: str | os.PathLike[str], *, by: str = "editor") -> LockInfo | None:
    """Take the brief's lock; returns the other holder if someone else has it (lock untouched).

    The lock file is created exclusively (O_EXCL): of any number of processes trying at
    once, exactly one succeeds. A stale lock (its process died here, or it is damaged) is
    removed under a second exclusive file, so that two processes never both remove one
    and both create their own.
    """
    file = lock_path(brief_path)
    data = (json.dumps({
        "user": _user(),
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "since": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M"),
        "by": by,
    }) + "\n").encode("utf-8")
    for _attempt in range(5):
        try:
            fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            holder, stale = _holder(file)
            if holder is not None and not stale:
                return None if holder.is_ours else holder
            if stale:
                _break_stale(file)
            continue
        except OSError as exc:
            # A read-only share: the brief can still be read, just not locked.
            log.warning("could not write a lock file %s: %s", file, exc.strerror or exc)
            return None
        try:
            os.write(fd, data)
            os.fsync(fd)
        except OSError as exc:
            log.warning("could not write a lock file %s: %s", file, exc.strerror or exc)
        finally:
            os.close(fd)
        return None
    holder, _stale = _holder(file)
    return holder if holder is not None and not holder.is_ours else None


def _break_stale(file: Path) -> None:
    """Remove a stale lock file, if it is still the stale one, one process at a time."""
    breaker = file.with_name(file.name + ".break")
    try:
        fd = os.open(breaker, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        # Another process is breaking it; a breaker left by a dead one goes after a while.
        with contextlib.suppress(OSError):
            if time.time() - breaker.stat().st_mtime > _UNREADABLE_STALE_S:
                breaker.unlink()
        time.sleep(0.01)
        return
    except OSError:
        return
    try:
        os.close(fd)
        _info, stale = _holder(file)  # again, now that nobody else can break it
        if stale:
            with contextlib.suppress(FileNotFoundError):
                file.unlink()
    finally:
        with contextlib.suppress(OSError):
            breaker.unlink()


@contextlib.contextmanager
def held(brief_path: str | os.PathLike[str], *, wait_s: float = 30.0) -> Iterator[None]:
    """Hold the brief's lock while a command changes it; wait for another command's.

    The command line takes the same lock as the editor: a brief open in the editor is not
    changed behind its back (LockHeld), and two commands writing one brief take turns.
    """
    deadline = time.monotonic() + wait_s
    before = read_lock(brief_path)
    # This process's editor holds it already: use it, and leave it to the editor.
    ours_already = before is not None and before.is_ours
    while True:
        holder = acquire(brief_path, by="command")
        if holder is None:
            break
        if holder.by == "editor" or time.monotonic() > deadline:
            where = "open in the editor by" if holder.by == "editor" else "being changed by"
            raise LockHeld(f"{brief_path}: {where} {holder.describe()}; try again when it "
                           "is closed")
        time.sleep(0.05)
    try:
        yield
    finally:
        if not ours_already:
            release(brief_path)


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
