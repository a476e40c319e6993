"""Installing a team profile for this user (File → Import Team Profile…)."""

from __future__ import annotations

from pathlib import Path

from brief_editor.safe_read import UnreadableFile, read_regular_file
from brief_editor.storage.atomic import atomic_write
from brief_editor.storage.paths import AppPaths
from brief_editor.storage.profile import (
    MAX_PROFILE_BYTES,
    Profile,
    ProfileError,
    load_profile,
)


def import_profile(source: Path, paths: AppPaths) -> Profile:
    """Check ``source`` is a valid profile, then copy it to the user's profile file.

    The file is validated before anything is written, so a bad profile never replaces a
    good one; the copy is atomic. Returns the profile as installed.
    """
    load_profile(source)  # raises ProfileError naming the file and key
    try:
        data = read_regular_file(source, MAX_PROFILE_BYTES)
    except UnreadableFile as exc:
        raise ProfileError(str(exc), file=source) from None
    paths.user_profile.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(paths.user_profile, data)
    return load_profile(paths.user_profile)
