"""A failed save never leaves a truncated file, and never damages the old one."""

from __future__ import annotations

import os

import pytest

from brief_editor.storage.atomic import WriteError, atomic_write, atomic_writer


def test_replaces_the_file_completely(tmp_path):
    target = tmp_path / "a.brief"
    target.write_text("old content that is longer than the new one")
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"


def test_an_error_mid_write_keeps_the_old_file_and_leaves_no_debris(tmp_path):
    target = tmp_path / "a.brief"
    target.write_bytes(b"precious")
    with pytest.raises(RuntimeError), atomic_writer(target) as handle:
        handle.write(b"half of the new")
        raise RuntimeError("disk pulled out")
    assert target.read_bytes() == b"precious"
    assert os.listdir(tmp_path) == ["a.brief"]


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(WriteError, match="does not exist"):
        atomic_write(tmp_path / "nope" / "a.brief", b"x")


def test_a_folder_as_target_is_refused(tmp_path):
    with pytest.raises(WriteError, match="folder"):
        atomic_write(tmp_path, b"x")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_read_only_folder_is_a_clear_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(WriteError, match="ro"):
            atomic_write(folder / "a.brief", b"x")
    finally:
        folder.chmod(0o700)


def test_keeps_permissions_of_the_replaced_file(tmp_path):
    target = tmp_path / "shared.brief"
    target.write_bytes(b"x")
    target.chmod(0o644)
    atomic_write(target, b"y")
    assert (target.stat().st_mode & 0o777) == 0o644
