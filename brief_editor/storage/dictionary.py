"""Spelling dictionaries of words: the user's personal one and the team workspace's.

Both are text files, one word a line, UTF-8; ``#`` starts a comment. The personal one lives
in the settings folder; a team workspace keeps ``dictionary.txt`` beside its issues, synced
with them, so a desk's place and people names are known on every laptop (the profile can
list team words too). Adding a word appends through an atomic write, so a failed write
never leaves half a file.
"""

from __future__ import annotations

from pathlib import Path

from brief_editor.citations.spelling import read_word_list
from brief_editor.storage.atomic import atomic_write
from brief_editor.storage.paths import AppPaths
from brief_editor.storage.profile import workspace_folder

WORKSPACE_DICTIONARY = "dictionary.txt"


def personal_words(paths: AppPaths) -> tuple[str, ...]:
    """The words of the user's personal dictionary (none when the file does not exist)."""
    return read_word_list(paths.personal_dictionary)


def team_dictionary(near: Path | None) -> Path | None:
    """The dictionary of the team workspace holding ``near`` (a brief), if it is in one."""
    folder = workspace_folder(near)
    return folder / WORKSPACE_DICTIONARY if folder is not None else None


def known_words(paths: AppPaths, near: Path | None = None) -> tuple[str, ...]:
    """The personal dictionary's words and, for a brief in a workspace, the team's."""
    team = team_dictionary(near)
    return personal_words(paths) + (read_word_list(team) if team is not None else ())


def add_team_word(near: Path, word: str) -> tuple[str, ...]:
    """Add ``word`` to the team dictionary of the workspace holding ``near``."""
    target = team_dictionary(near)
    if target is None:
        raise ValueError("this brief is not in a team workspace")
    return _add_word(target, word)


def add_personal_word(paths: AppPaths, word: str) -> tuple[str, ...]:
    """Add ``word`` (once) to the personal dictionary; return the words now in it."""
    return _add_word(paths.personal_dictionary, word)


def _add_word(target: Path, word: str) -> tuple[str, ...]:
    word = word.strip()
    if not word or any(ch.isspace() for ch in word):
        raise ValueError(f"{word!r} is not one word")
    try:
        existing = target.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        existing = ""
    words = read_word_list(target)
    if word in words:
        return words
    if existing and not existing.endswith("\n"):
        existing += "\n"
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, (existing + word + "\n").encode("utf-8"))
    return (*words, word)
