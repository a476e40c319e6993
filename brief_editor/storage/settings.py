"""The user's settings: declared once, typed, versioned, stored as JSON in the config folder.

Unknown keys are kept and written back (a newer version of the program may have added
them), values of the wrong type fall back to their defaults with a logged warning, so a
hand-edited or half-broken settings file never stops the editor from starting.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from brief_editor.storage.atomic import atomic_write
from brief_editor.storage.paths import AppPaths, app_paths

log = logging.getLogger(__name__)

SETTINGS_VERSION = 1
THEMES = ("system", "light", "dark")
MAX_RECENT = 10
MIN_AUTOSAVE_S = 1
MAX_AUTOSAVE_S = 3600


@dataclass(frozen=True)
class Settings:
    """Every setting of the program, with its default."""

    profile_path: str = ""
    autosave_interval_s: int = 30
    export_folder: str = ""
    theme: str = "system"
    recent_files: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def with_recent(self, path: str | Path) -> Settings:
        """These settings with ``path`` first in the recent files."""
        entry = str(Path(path).resolve())
        rest = [p for p in self.recent_files if p != entry]
        return replace(self, recent_files=tuple([entry, *rest][:MAX_RECENT]))


def _checked(name: str, value: Any, default: Any) -> Any:
    if name == "autosave_interval_s":
        if isinstance(value, int) and not isinstance(value, bool):
            return min(max(value, MIN_AUTOSAVE_S), MAX_AUTOSAVE_S)
    elif name == "theme":
        if value in THEMES:
            return value
    elif name == "recent_files":
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value[:MAX_RECENT])
    elif isinstance(value, str):
        return value
    log.warning("setting %r has an unusable value %r; using the default", name, value)
    return default


def settings_from_raw(raw: Any) -> Settings:
    """Settings from parsed JSON, falling back to defaults for anything unusable."""
    if not isinstance(raw, dict):
        return Settings()
    defaults = Settings()
    values: dict[str, Any] = {}
    known = {f.name for f in fields(Settings)} - {"extra"}
    for name in known:
        if name in raw:
            values[name] = _checked(name, raw[name], getattr(defaults, name))
    extra = {k: v for k, v in raw.items() if k not in known and k != "version"}
    return Settings(**values, extra=extra)


def settings_to_raw(settings: Settings) -> dict[str, Any]:
    """Settings as JSON-ready data, with the version first."""
    raw: dict[str, Any] = {"version": SETTINGS_VERSION}
    for f in fields(Settings):
        if f.name == "extra":
            continue
        value = getattr(settings, f.name)
        raw[f.name] = list(value) if isinstance(value, tuple) else value
    raw.update(settings.extra)
    return raw


def load_settings(paths: AppPaths | None = None) -> Settings:
    """Read the settings file; a missing or unreadable one gives the defaults."""
    path = (paths or app_paths()).settings_file
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        log.warning("settings file %s is unreadable (%s); using defaults", path, exc)
        return Settings()
    return settings_from_raw(raw)


def save_settings(settings: Settings, paths: AppPaths | None = None) -> None:
    """Write the settings file atomically, creating its folder."""
    path = (paths or app_paths()).settings_file
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(settings_to_raw(settings), indent=2, ensure_ascii=False) + "\n"
    atomic_write(path, text.encode("utf-8"))
