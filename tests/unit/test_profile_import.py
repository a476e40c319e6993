"""Importing a team profile installs it for the user, and a bad one changes nothing."""

from __future__ import annotations

import json

import pytest

from brief_editor.storage.paths import app_paths
from brief_editor.storage.profile import ProfileError, find_profile
from brief_editor.storage.profile_install import import_profile


def test_imported_profile_is_the_one_new_issues_use(tmp_path):
    paths = app_paths(tmp_path / "home")
    team = tmp_path / "team.json"
    team.write_text(json.dumps({"publication": "Harbour Watch", "team": "Port Desk",
                                "last_issue": 9}), encoding="utf-8")
    import_profile(team, paths)
    profile = find_profile(None, paths)
    assert profile.publication == "Harbour Watch"
    assert profile.path == paths.user_profile


def test_a_bad_profile_is_refused_and_the_old_one_kept(tmp_path):
    paths = app_paths(tmp_path / "home")
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"publication": "Kept"}), encoding="utf-8")
    import_profile(good, paths)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"severities": {"W999": "error"}}), encoding="utf-8")
    with pytest.raises(ProfileError, match="W999"):
        import_profile(bad, paths)
    assert find_profile(None, paths).publication == "Kept"
