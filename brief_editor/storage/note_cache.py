"""Worded notes kept between runs, in the user's cache folder (see citations.notes)."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

from brief_editor.storage.atomic import atomic_write

log = logging.getLogger(__name__)

_SAFE_NAME = re.compile(r"^[0-9a-f]{8,64}$")


class FileClusterStore:
    """One JSON file per style namespace; a damaged file is ignored and rewritten."""

    def __init__(self, folder: Path):
        self.folder = folder

    def _path(self, namespace: str) -> Path:
        if not _SAFE_NAME.match(namespace):
            raise ValueError(f"not a cache namespace: {namespace!r}")
        return self.folder / f"{namespace}.json"

    def load(self, namespace: str) -> dict[str, Any]:
        path = self._path(namespace)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.info("notes cache %s unreadable (%s); starting afresh", path, exc)
            return {}
        return data if isinstance(data, dict) else {}

    def save(self, namespace: str, entries: dict[str, Any]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
        atomic_write(self._path(namespace), text.encode("utf-8"))
