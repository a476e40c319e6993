"""Reading a whole input file safely: regular files only, and never more than a limit.

A size limit checked with ``stat`` says nothing about a FIFO or ``/dev/zero`` (their size
is 0): a read of the first hangs until someone writes, a read of the second fills memory.
Every input the program reads whole (a brief, a library, a profile, a style, a figure)
goes through :func:`read_regular_file`, which refuses anything but a regular file, opens
without blocking, and counts the bytes it actually reads.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class UnreadableFile(Exception):  # noqa: N818 - a reason, wrapped by each caller's error
    """Why a file cannot be read; the message is the reason only (callers name the file)."""


def read_regular_file(path: str | os.PathLike[str], limit: int, *,
                      too_large: str = "is too large") -> bytes:
    """All the bytes of the regular file at ``path``, or UnreadableFile saying why not."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise UnreadableFile("is a folder, not a file")
        if not stat.S_ISREG(mode):
            raise UnreadableFile("is not a regular file (a pipe, socket or device)")
        # O_NONBLOCK: should the name become a FIFO between the stat and the open, the open
        # does not wait for a writer; fstat below then refuses it.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise UnreadableFile("no such file") from None
    except PermissionError:
        raise UnreadableFile("permission denied") from None
    except OSError as exc:
        raise UnreadableFile(f"cannot be read ({exc.strerror or exc})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnreadableFile("is not a regular file (a pipe, socket or device)")
        chunks: list[bytes] = []
        total = 0
        # The first read asks for the whole file as fstat sizes it (one buffer, not a join of
        # sixty for a 60 MB library); the loop still counts what it gets against the limit.
        size = max(os.fstat(fd).st_size + 1, 1 << 20)
        while True:
            chunk = os.read(fd, min(size, limit + 1 - total))
            size = 1 << 20
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise UnreadableFile(f"{too_large} (more than {_size(limit)})")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise UnreadableFile(f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def _size(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit // (1024 * 1024)} MB"
    return f"{limit // 1024} KB" if limit >= 1024 else f"{limit} bytes"
