"""The one way this program writes a file: all of it, or none of it.

Every write (a brief, an export, an autosave, settings) goes through ``atomic_write``: the
bytes go to a temporary file in the target's folder, are flushed and fsynced, and only then
renamed over the target. A crash or an exception mid-way leaves the old file untouched and
no truncated file behind; part files that a killed process left are removed by the next
write to the same folder, once they are a few minutes old.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from brief_editor.errors import BriefEditorError

log = logging.getLogger(__name__)

# A part file of ours: "." + the target's name + "." + mkstemp's 8 random characters + ".part".
_PART_NAME = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.part")
# A write in progress keeps touching its part file; one untouched this long was left behind
# by a process that died (kill -9, a power cut) mid-write.
STALE_PART_S = 10 * 60


class WriteError(BriefEditorError):
    """A file could not be written; the message names it."""


def remove_stale_parts(folder: Path, *, older_than_s: float = STALE_PART_S) -> int:
    """Delete our own part files in ``folder`` that no write has touched for a while.

    Only regular files named like ours, owned by this user and older than ``older_than_s``
    go; returns how many did. Never fails: tidying up must not stop a save.
    """
    removed = 0
    cutoff = time.time() - older_than_s
    uid = os.getuid() if hasattr(os, "getuid") else None
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not (entry.name.endswith(".part") and _PART_NAME.fullmatch(entry.name)):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode) or info.st_mtime > cutoff:
                continue
            if uid is not None and info.st_uid != uid:
                continue
            os.unlink(entry.path)
            removed += 1
        except OSError as exc:
            log.debug("could not remove stale part file %s: %s", entry.path, exc)
    if removed:
        log.info("removed %d stale part file(s) in %s", removed, folder)
    return removed


@contextlib.contextmanager
def atomic_writer(target: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Yield a binary file; on a clean exit it replaces ``target``, on an error it vanishes."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise WriteError(f"{target}: is a folder, not a file")
    if not folder.is_dir():
        raise WriteError(f"{target}: the folder {folder} does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise WriteError(f"{target}: cannot write here ({exc.strerror or exc})") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _keep_mode(target, tmp)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise WriteError(f"{target}: could not be written ({exc.strerror or exc})") from None
        raise
    _fsync_folder(folder)
    remove_stale_parts(folder)


def atomic_write(target: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``target`` atomically."""
    with atomic_writer(target) as handle:
        handle.write(data)


def _keep_mode(target: Path, tmp: Path) -> None:
    # mkstemp creates 0600 files; keep the permissions of the file being replaced, or use
    # the usual umask-derived ones for a new file so that teammates can read it.
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    with contextlib.suppress(OSError):
        os.chmod(tmp, mode)


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
