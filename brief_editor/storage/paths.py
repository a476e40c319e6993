"""The per-user and system-wide folders, from platformdirs, redirectable for tests.

Set ``BRIEF_EDITOR_HOME`` (or pass ``base`` to ``AppPaths``) to keep every folder under one
directory: tests do this so that no run touches the real user's settings.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "BriefEditor"
APP_AUTHOR = "BriefEditor"


@dataclass(frozen=True)
class AppPaths:
    """Where settings, recovery snapshots, caches, user styles and profiles live."""

    config: Path
    state: Path
    cache: Path
    data: Path
    site_config: Path

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def recovery(self) -> Path:
        return self.state / "recovery"

    @property
    def user_styles(self) -> Path:
        return self.data / "styles"

    @property
    def personal_dictionary(self) -> Path:
        """The user's own spelling dictionary: one word a line (Add to Dictionary)."""
        return self.config / "dictionary.txt"

    @property
    def user_profile(self) -> Path:
        return self.config / "profile.json"

    @property
    def site_profile(self) -> Path:
        return self.site_config / "profile.json"


def app_paths(base: str | os.PathLike[str] | None = None) -> AppPaths:
    """The folders for this user; under ``base`` (or $BRIEF_EDITOR_HOME) when given."""
    base = base or os.environ.get("BRIEF_EDITOR_HOME")
    if base:
        root = Path(base)
        return AppPaths(
            config=root / "config",
            state=root / "state",
            cache=root / "cache",
            data=root / "data",
            site_config=root / "site-config",
        )
    return AppPaths(
        config=Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)),
        state=Path(platformdirs.user_state_dir(APP_NAME, APP_AUTHOR)),
        cache=Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR)),
        data=Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)),
        site_config=Path(platformdirs.site_config_dir(APP_NAME, APP_AUTHOR)),
    )
