"""The user's personal spelling dictionary: a text file of words in the settings folder.

One word a line, UTF-8; ``#`` starts a comment. Add to Dictionary appends through an atomic
write, so a failed write never leaves half a file; the team's words live in the profile.
"""

from __future__ import annotations

from brief_editor.citations.spelling import read_word_list
from brief_editor.storage.atomic import atomic_write
from brief_editor.storage.paths import AppPaths


def personal_words(paths: AppPaths) -> tuple[str, ...]:
    """The words of the user's personal dictionary (none when the file does not exist)."""
    return read_word_list(paths.personal_dictionary)


def add_personal_word(paths: AppPaths, word: str) -> tuple[str, ...]:
    """Add ``word`` (once) to the personal dictionary; return the words now in it."""
    word = word.strip()
    if not word or any(ch.isspace() for ch in word):
        raise ValueError(f"{word!r} is not one word")
    target = paths.personal_dictionary
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
