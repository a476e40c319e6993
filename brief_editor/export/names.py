"""Keeping a person's name on one line in print.

A credit such as "Sergei Savostyanov / TASS / Vida Press" or "Translated by Hilah Kohen"
must not break between a given name and a family name: the reader would see "Hilah" at the
end of one line and "Kohen" alone on the next. The PDF writer sends each name as a run that
the template keeps in one box (so the PDF's text still has ordinary spaces to copy and
search); agencies and phrases still break at their ordinary spaces and after a slash.
"""

from __future__ import annotations

NO_BREAK_SPACE = "\u00a0"

# Lower-case words that belong inside a name ("Ludwig van Beethoven", "Abu Bakr al Baghdadi").
PARTICLES = frozenset({"van", "von", "de", "da", "del", "della", "der", "den", "di", "du",
                       "la", "le", "bin", "ibn", "al", "el", "ter", "ten", "dos", "das"})

_SEPARATORS = ",;:/|()[]"
MAX_NAME_WORDS = 4


def _name_word(word: str) -> bool:
    """A word that can be part of a name: it starts with a capital, and no punctuation
    after it closes the name."""
    return bool(word) and word[0].isupper() and word[-1] not in _SEPARATORS


def keep_names_together(text: str) -> str:
    """``text`` with the spaces inside each name (two or more capitalised words, with
    particles between them) made no-break spaces."""
    if " " not in text:
        return text
    words = text.split(" ")
    out = [words[0]]
    for i in range(1, len(words)):
        before, word = words[i - 1], words[i]
        joined = False
        if _name_word(before) or before in PARTICLES:
            # The next capitalised word, skipping particles, decides whether this is a name.
            j = i
            while j < len(words) and words[j] in PARTICLES:
                j += 1
            starts_name = before in PARTICLES or _name_word(before)
            joined = starts_name and j < len(words) and words[j][:1].isupper() and (
                _name_word(before) or _joined_before(words, i - 1))
        out.append(NO_BREAK_SPACE if joined else " ")
        out.append(word)
    return "".join(out)


def _joined_before(words: list[str], index: int) -> bool:
    """Whether the particle at ``index`` follows a name word (through other particles)."""
    k = index - 1
    while k >= 0 and words[k] in PARTICLES:
        k -= 1
    return k >= 0 and _name_word(words[k])


def name_runs(text: str) -> list[str | dict[str, str]]:
    """``text`` as runs: plain strings, and ``{"keep": name}`` for each name of two or more
    words, which must not be broken across lines."""
    runs: list[str | dict[str, str]] = []
    for i, word in enumerate(keep_names_together(text).split(" ")):
        # Five capitalised words and more are an organisation, not a name: one box that
        # long could stick out of a narrow line.
        name = word.count(NO_BREAK_SPACE) < MAX_NAME_WORDS
        piece: str | dict[str, str] = (
            {"keep": word.replace(NO_BREAK_SPACE, " ")} if NO_BREAK_SPACE in word and name
            else word.replace(NO_BREAK_SPACE, " "))
        if i:
            if isinstance(runs[-1], str):
                runs[-1] += " "
            else:
                runs.append(" ")
        if isinstance(piece, str) and runs and isinstance(runs[-1], str):
            runs[-1] += piece
        else:
            runs.append(piece)
    return [r for r in runs if r != ""]
