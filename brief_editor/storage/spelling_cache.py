"""The spelling dictionaries' stems kept between runs, in the user's cache folder.

``citations.spelling.cached_stems`` reads a Hunspell dictionary's word list once and keeps
what it made of it here, under a key made of the files' checksums: a changed or
replaced dictionary gets a new key, and its old entry is never read again.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from brief_editor.storage.atomic import WriteError, atomic_write

log = logging.getLogger(__name__)

_SAFE_KEY = re.compile(r"^[A-Za-z0-9_-]{1,80}-\d{1,6}-[0-9a-f]{32}$")


class FileStemsStore:
    """One text file per dictionary; an unreadable file counts as none (it is made again)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path | None:
        """The file of ``key``; None for a key that is no safe file name (such a dictionary
        is simply not cached)."""
        return self.folder / f"{key}.txt" if _SAFE_KEY.match(key) else None

    def load(self, key: str) -> str | None:
        path = self._path(key)
        if path is None:
            return None
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.info("spelling cache %s unreadable (%s); making it again", path, exc)
            return None

    def save(self, key: str, text: str) -> None:
        path = self._path(key)
        if path is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write(path, text.encode("utf-8"))
            # The same dictionary's older entries (it was edited or updated) go.
            name = key.rsplit("-", 2)[0]
            for old in self.folder.glob(f"{name}-*.txt"):
                if old != path and _SAFE_KEY.match(old.stem) and \
                        old.stem.rsplit("-", 2)[0] == name:
                    old.unlink(missing_ok=True)
        except (OSError, WriteError) as exc:  # a read-only cache: spelling works without it
            log.info("spelling cache not written to %s: %s", self.folder, exc)
