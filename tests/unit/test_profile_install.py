"""A profile an installer put beside the program: where it is looked for and what it beats."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from brief_editor.storage.paths import app_paths
from brief_editor.storage.profile import (
    ProfileError,
    bundled_profile_path,
    find_profile,
    install_profile_paths,
)


def write(path: Path, raw: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(raw if isinstance(raw, str) else json.dumps(raw), encoding="utf-8")
    return path


def test_profile_beside_the_program_applies_when_nobody_else_has_one(tmp_path: Path) -> None:
    paths = app_paths(tmp_path / "home")
    installed = write(tmp_path / "install" / "profile.json", {"team": "Installed"})
    profile = find_profile(None, paths, beside_program=[installed])
    assert profile.team == "Installed"
    assert profile.path == installed


def test_user_and_site_profiles_beat_the_installed_one(tmp_path: Path) -> None:
    paths = app_paths(tmp_path / "home")
    installed = write(tmp_path / "install" / "profile.json", {"team": "Installed"})
    write(paths.site_profile, {"team": "Site"})
    assert find_profile(None, paths, beside_program=[installed]).team == "Site"
    write(paths.user_profile, {"team": "User"})
    assert find_profile(None, paths, beside_program=[installed]).team == "User"


def test_no_installed_profile_falls_back_to_the_bundled_one(tmp_path: Path) -> None:
    paths = app_paths(tmp_path / "home")
    absent = tmp_path / "install" / "profile.json"
    assert find_profile(None, paths, beside_program=[absent]).path == bundled_profile_path()


def test_a_broken_installed_profile_is_reported(tmp_path: Path) -> None:
    paths = app_paths(tmp_path / "home")
    installed = write(tmp_path / "install" / "profile.json", {"severites": {}})
    with pytest.raises(ProfileError, match="severites"):
        find_profile(None, paths, beside_program=[installed])


def test_relative_paths_in_an_installed_profile_resolve_in_the_install_folder(
        tmp_path: Path) -> None:
    paths = app_paths(tmp_path / "home")
    installed = write(tmp_path / "install" / "profile.json",
                      {"reference_docx": "house.docx", "library": "team/sources.json"})
    profile = find_profile(None, paths, beside_program=[installed])
    assert profile.reference_docx_path() == tmp_path / "install" / "house.docx"
    assert profile.library_path() == tmp_path / "install" / "team" / "sources.json"


def test_install_folder_is_the_executables_folder(tmp_path: Path) -> None:
    exe = tmp_path / "Brief Editor" / "brief-editor.exe"
    folder = (tmp_path / "Brief Editor").resolve()
    assert install_profile_paths(exe) == (folder / "profile.json",)


def test_install_folder_follows_a_symlink_on_the_path(tmp_path: Path) -> None:
    real = tmp_path / "opt" / "brief-editor" / "brief-editor"
    real.parent.mkdir(parents=True)
    real.write_bytes(b"")
    link = tmp_path / "usr" / "bin" / "brief-editor"
    link.parent.mkdir(parents=True)
    link.symlink_to(real)
    assert install_profile_paths(link) == (real.parent.resolve() / "profile.json",)


def test_macos_app_also_looks_in_its_resources(tmp_path: Path) -> None:
    contents = tmp_path.resolve() / "Brief Editor.app" / "Contents"
    paths = install_profile_paths(contents / "MacOS" / "brief-editor")
    assert paths == (contents / "MacOS" / "profile.json",
                     contents / "Resources" / "profile.json")


def test_running_from_source_has_no_install_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert install_profile_paths() == ()


def test_frozen_program_looks_beside_sys_executable(monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    exe = tmp_path / "bundle" / "brief-editor"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    assert install_profile_paths() == (tmp_path.resolve() / "bundle" / "profile.json",)
    write(tmp_path / "bundle" / "profile.json", {"team": "Frozen install"})
    assert find_profile(None, app_paths(tmp_path / "home")).team == "Frozen install"
