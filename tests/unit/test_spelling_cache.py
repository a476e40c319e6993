"""The dictionaries' stems kept in the user's cache folder: read back as they were made, never
served for a dictionary that changed, and never needed (an unwritable folder is no error)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from brief_editor.citations.spelling import _stems, cached_stems, dictionary_dir, use_stems_store
from brief_editor.storage.spelling_cache import FileStemsStore


@pytest.fixture()
def dictionary(tmp_path: Path) -> tuple[Path, Path]:
    source = dictionary_dir()
    if not (source / "en-US.dic").is_file():
        pytest.skip("no en-US dictionary (make vendor)")
    folder = tmp_path / "hunspell"
    folder.mkdir()
    for suffix in (".dic", ".aff"):
        shutil.copy(source / f"en-US{suffix}", folder / f"en-US{suffix}")
    return folder / "en-US.dic", folder / "en-US.aff"


@pytest.fixture(autouse=True)
def _no_store_after():
    yield
    use_stems_store(None)


def test_stems_read_back_from_the_cache_are_those_of_the_dictionary(dictionary, tmp_path):
    dic, aff = dictionary
    fresh = _stems(dic, aff)
    use_stems_store(FileStemsStore(tmp_path / "cache"))
    assert cached_stems(dic, aff) == fresh  # made, and kept
    (kept,) = (tmp_path / "cache").iterdir()
    assert cached_stems(dic, aff) == fresh  # read back
    # What is read is what the file holds (the cache is used, not made again each time).
    kept.write_text("zebrazz\n" + kept.read_text(encoding="utf-8"), encoding="utf-8")
    stems, _plain = cached_stems(dic, aff)
    assert "zebrazz" in stems and "zebrazz" not in fresh[0]


def test_a_changed_dictionary_is_read_again(dictionary, tmp_path):
    dic, aff = dictionary
    use_stems_store(FileStemsStore(tmp_path / "cache"))
    before, _ = cached_stems(dic, aff)
    with dic.open("a", encoding="utf-8") as out:  # the team adds a word to its dictionary
        out.write("Qwertyland\n")
    after, plain = cached_stems(dic, aff)
    assert "qwertyland" in after and "qwertyland" not in before and "Qwertyland" in plain
    assert (after, plain) == _stems(dic, aff)
    assert len(list((tmp_path / "cache").iterdir())) == 1  # the old entry went


def test_a_damaged_or_unwritable_cache_changes_nothing(dictionary, tmp_path):
    dic, aff = dictionary
    fresh = _stems(dic, aff)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    use_stems_store(FileStemsStore(blocked))
    assert cached_stems(dic, aff) == fresh
    use_stems_store(FileStemsStore(tmp_path / "cache"))
    cached_stems(dic, aff)
    (kept,) = (tmp_path / "cache").iterdir()
    kept.write_text(kept.read_text(encoding="utf-8")[:5000], encoding="utf-8")  # cut short
    assert cached_stems(dic, aff) == fresh


def test_a_dictionary_whose_name_is_no_file_name_is_simply_not_kept(tmp_path):
    store = FileStemsStore(tmp_path / "cache")
    store.save("../../etc/x-1-" + "0" * 32, "text")
    assert store.load("../../etc/x-1-" + "0" * 32) is None
    assert not (tmp_path / "cache").exists()
