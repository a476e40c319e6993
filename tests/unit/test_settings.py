"""Settings: defaults, round trip, versioned file, bad values fall back, unknown keys kept."""

from __future__ import annotations

import json

from brief_editor.storage.paths import app_paths
from brief_editor.storage.settings import (
    MAX_RECENT,
    Settings,
    load_settings,
    save_settings,
)


def test_missing_file_gives_defaults() -> None:
    settings = load_settings()
    assert settings == Settings()
    assert settings.autosave_interval_s == 30
    assert settings.theme == "system"


def test_round_trip_and_version() -> None:
    settings = Settings(profile_path="/p/profile.json", autosave_interval_s=5,
                        export_folder="/out", theme="dark", recent_files=("/a.brief",))
    save_settings(settings)
    raw = json.loads(app_paths().settings_file.read_text(encoding="utf-8"))
    assert raw["version"] == 1
    assert load_settings() == settings


def test_bad_values_fall_back_and_unknown_keys_survive() -> None:
    file = app_paths().settings_file
    file.parent.mkdir(parents=True)
    file.write_text(json.dumps({"version": 1, "theme": "purple", "autosave_interval_s": "x",
                                "future_key": [1, 2]}), encoding="utf-8")
    settings = load_settings()
    assert settings.theme == "system"
    assert settings.autosave_interval_s == 30
    save_settings(settings)
    assert json.loads(file.read_text(encoding="utf-8"))["future_key"] == [1, 2]


def test_unreadable_file_gives_defaults() -> None:
    file = app_paths().settings_file
    file.parent.mkdir(parents=True)
    file.write_text("{not json", encoding="utf-8")
    assert load_settings() == Settings()


def test_interval_is_clamped() -> None:
    file = app_paths().settings_file
    file.parent.mkdir(parents=True)
    file.write_text(json.dumps({"autosave_interval_s": 0}), encoding="utf-8")
    assert load_settings().autosave_interval_s == 1


def test_recent_files_most_recent_first_without_duplicates(tmp_path) -> None:
    settings = Settings()
    for i in range(MAX_RECENT + 3):
        settings = settings.with_recent(tmp_path / f"{i}.brief")
    settings = settings.with_recent(tmp_path / "5.brief")
    assert len(settings.recent_files) == MAX_RECENT
    assert settings.recent_files[0] == str((tmp_path / "5.brief").resolve())
    assert len(set(settings.recent_files)) == MAX_RECENT
