"""Reading and saving ``.brief`` files on disk, with messages that name the file."""

from __future__ import annotations

import codecs
import dataclasses
import os
from pathlib import Path

from brief_editor.model import Brief, BriefFormatError, dumps, loads
from brief_editor.model.bulk import paused_gc
from brief_editor.safe_read import UnreadableFile, read_regular_file
from brief_editor.storage.atomic import atomic_write

MAX_BRIEF_BYTES = 512 * 1024 * 1024

# A brief may name a library file it follows (a Zotero auto-export, say; see
# ui/library_actions.py). On disk the name is relative to the brief's folder when it can
# be, so a folder moved or shared as a whole keeps working; in memory it is absolute, so a
# brief saved into another folder still names the same library.
LINKED_LIBRARY_KEY = "linked_library"


def read_brief(path: str | os.PathLike[str]) -> Brief:
    """Load a brief, or raise BriefFormatError naming the file and the place."""
    return loads_file(path)[0]


def loads_file(path: str | os.PathLike[str]) -> tuple[Brief, bytes]:
    """Load a brief and also return the bytes read (to detect later changes on disk)."""
    path = Path(path)
    name = str(path)
    try:
        data = read_regular_file(path, MAX_BRIEF_BYTES, too_large="is too large to be a brief")
    except UnreadableFile as exc:
        raise BriefFormatError(str(exc).replace("a file", "a brief file"), file=name) from None
    try:
        # What data.decode("utf-8-sig") gives, without its copy of the bytes after a BOM
        # (the offset of a bad byte is counted after the BOM, as that codec counts it).
        bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
        text = str(memoryview(data)[bom:], "utf-8")
    except UnicodeDecodeError as exc:
        raise BriefFormatError(
            f"not a brief: byte {exc.start} is not UTF-8 text", file=name
        ) from None
    try:
        with paused_gc():  # a large library is millions of objects (model/bulk.py)
            brief = loads(text)
    except BriefFormatError as exc:
        raise exc.with_file(name) from None
    return _with_link(brief, _absolute_link(brief, path.absolute().parent)), data


def save_brief(path: str | os.PathLike[str], brief: Brief) -> bytes:
    """Save a brief atomically and return the bytes written."""
    folder = Path(path).absolute().parent
    data = dumps(_with_link(brief, _relative_link(brief, folder))).encode("utf-8")
    atomic_write(path, data)
    return data


def linked_library(brief: Brief) -> str | None:
    """The linked library as the brief names it, or None."""
    value = brief.extra.get(LINKED_LIBRARY_KEY)
    return value if isinstance(value, str) and value.strip() else None


def _with_link(brief: Brief, value: str | None) -> Brief:
    if value is None or value == brief.extra.get(LINKED_LIBRARY_KEY):
        return brief
    return dataclasses.replace(brief, extra={**brief.extra, LINKED_LIBRARY_KEY: value})


def _absolute_link(brief: Brief, folder: Path) -> str | None:
    value = linked_library(brief)
    if value is None:
        return None
    path = Path(value).expanduser()
    return Path(os.path.normpath(path if path.is_absolute() else folder / path)).as_posix()


def _relative_link(brief: Brief, folder: Path) -> str | None:
    value = linked_library(brief)
    if value is None or not Path(value).is_absolute():
        return None
    try:
        return Path(os.path.relpath(value, folder)).as_posix()
    except ValueError:  # another drive on Windows: only the absolute name can say where
        return None
