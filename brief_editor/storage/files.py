"""Reading and saving ``.brief`` files on disk, with messages that name the file."""

from __future__ import annotations

import os
from pathlib import Path

from brief_editor.model import Brief, BriefFormatError, dumps, loads
from brief_editor.storage.atomic import atomic_write

MAX_BRIEF_BYTES = 512 * 1024 * 1024


def read_brief(path: str | os.PathLike[str]) -> Brief:
    """Load a brief, or raise BriefFormatError naming the file and the place."""
    return loads_file(path)[0]


def loads_file(path: str | os.PathLike[str]) -> tuple[Brief, bytes]:
    """Load a brief and also return the bytes read (to detect later changes on disk)."""
    path = Path(path)
    name = str(path)
    try:
        if path.is_dir():
            raise BriefFormatError("is a folder, not a brief file", file=name)
        size = path.stat().st_size
        if size > MAX_BRIEF_BYTES:
            raise BriefFormatError("is too large to be a brief", file=name)
        data = path.read_bytes()
    except FileNotFoundError:
        raise BriefFormatError("no such file", file=name) from None
    except PermissionError:
        raise BriefFormatError("permission denied", file=name) from None
    except OSError as exc:
        raise BriefFormatError(f"cannot be read ({exc.strerror or exc})", file=name) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BriefFormatError(
            f"not a brief: byte {exc.start} is not UTF-8 text", file=name
        ) from None
    try:
        return loads(text), data
    except BriefFormatError as exc:
        raise exc.with_file(name) from None


def save_brief(path: str | os.PathLike[str], brief: Brief) -> bytes:
    """Save a brief atomically and return the bytes written."""
    data = dumps(brief).encode("utf-8")
    atomic_write(path, data)
    return data
