"""A paragraph merged by hand from two versions, with the formatting that follows its words.

Team Conflicts shows a conflicting paragraph as plain text with a mark ⟦1⟧, ⟦2⟧ … where
each of the kept version's notes is; the analyst writes the merged text in that box. The
box holds no formatting, yet the words the analyst kept were bold, italic or a link in
one of the two versions, and a merge must not quietly drop that. So each character of
the merged text takes the formatting it has in the kept version where it came from there,
else the formatting it has in the other version, as a character diff of the texts finds
them; a character the analyst typed takes the formatting around it when both sides agree
(a word typed inside a bold phrase is bold), else none. Notes land where their marks are.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from brief_editor.model.inline import Inline, Link, Note, Span, Styled, merge_spans, span_text

NOTE_MARK = "⟦{}⟧"
NOTE_MARK_RE = re.compile(r"⟦(\d+)⟧")

# What a character carries: nothing, marks (Styled), or a URL (Link).
Format = tuple[str, ...] | str | None


def text_with_note_marks(inline: Inline) -> str:
    """The paragraph's text with ⟦1⟧, ⟦2⟧ … where its notes are."""
    parts, number = [], 0
    for span in inline:
        if isinstance(span, Note):
            number += 1
            parts.append(NOTE_MARK.format(number))
        else:
            parts.append(span_text(span))
    return "".join(parts)


def merged_paragraph(kept: Inline, other: Inline | None, text: str) -> Inline:
    """The paragraph that ``text`` (with note marks) describes, formatted from its sources.

    Each note of ``kept`` goes where its mark ⟦n⟧ is; a note whose mark was deleted goes to
    the end, so that no cite is lost. Marks that name no note (or name one twice) are
    dropped.
    """
    notes = [span for span in kept if isinstance(span, Note)]
    words, notes_at = _split_marks(text, len(notes))
    formats = _formats_of(words, kept, other)
    spans: list[Span] = []
    start = 0
    for position in sorted({0, len(words), *notes_at} | _format_changes(formats)):
        if position > start:
            spans.append(_span(words[start:position], formats[start]))
            start = position
        spans += [notes[n] for n in notes_at.get(position, [])]
    placed = {n for at in notes_at.values() for n in at}
    spans += [note for n, note in enumerate(notes) if n not in placed]
    return merge_spans([s for s in spans if s != ""])


def _split_marks(text: str, note_count: int) -> tuple[str, dict[int, list[int]]]:
    """The text without its marks, and where (in that text) each note's mark was."""
    words: list[str] = []
    notes_at: dict[int, list[int]] = {}
    placed: set[int] = set()
    length = position = 0
    for mark in NOTE_MARK_RE.finditer(text):
        words.append(text[position:mark.start()])
        length += mark.start() - position
        position = mark.end()
        index = int(mark[1]) - 1
        if 0 <= index < note_count and index not in placed:
            placed.add(index)
            notes_at.setdefault(length, []).append(index)
    words.append(text[position:])
    return "".join(words), notes_at


def _characters(inline: Inline | None) -> tuple[str, list[Format]]:
    """A version's running text, and each of its characters' formatting."""
    text: list[str] = []
    formats: list[Format] = []
    for span in inline or ():
        if isinstance(span, Note):
            continue
        shown = span_text(span)
        text.append(shown)
        form: Format = (span.marks if isinstance(span, Styled)
                        else span.url if isinstance(span, Link) else None)
        formats += [form] * len(shown)
    return "".join(text), formats


def _formats_of(words: str, kept: Inline, other: Inline | None) -> list[Format]:
    """Each character's formatting: from the kept version, else the other, else around it."""
    found: list[Format | bool] = [False] * len(words)  # False: not found in either version
    for version in (kept, other):
        text, formats = _characters(version)
        if not text:
            continue
        for a, b, size in _matches(words, text):
            for k in range(size):
                if found[a + k] is False:
                    found[a + k] = formats[b + k]
    # Typed characters: the formatting on both sides of them when the two agree.
    resolved: list[Format] = []
    for i, form in enumerate(found):
        if form is False:
            before = resolved[-1] if resolved else None
            after = next((f for f in found[i + 1:] if f is not False), None)
            form = before if before == after else None
        resolved.append(form)
    return resolved


# A moved stretch shorter than this many characters is not looked for elsewhere: a word
# like "a" found anywhere would carry a stray format.
MOVED_AT_LEAST = 3
_TOKEN = re.compile(r"\w+|\W", re.UNICODE)


def _matches(words: str, text: str) -> list[tuple[int, int, int]]:
    """Where stretches of ``words`` come from in ``text``: (at in words, at in text, size),
    in characters.

    A diff of the two as words and single other characters aligns what was kept in order;
    a phrase the analyst moved is then looked for anywhere in the version, longest first,
    so it keeps its formatting too. A word changed inside is not found: it is "typed".
    """
    ours = [(m.start(), m[0]) for m in _TOKEN.finditer(words)]
    theirs = [(m.start(), m[0]) for m in _TOKEN.finditer(text)]
    mine, yours = [t for _, t in ours], [t for _, t in theirs]
    blocks = [(m.a, m.b, m.size) for m in
              SequenceMatcher(None, mine, yours, autojunk=False).get_matching_blocks() if m.size]
    taken = [False] * len(mine)
    for a, _, size in blocks:
        taken[a:a + size] = [True] * size
    gaps, start = [], None
    for i, used in enumerate([*taken, True]):
        if not used and start is None:
            start = i
        elif used and start is not None:
            gaps.append((start, i))
            start = None
    while gaps:
        lo, hi = gaps.pop()
        m = SequenceMatcher(None, mine[lo:hi], yours, autojunk=False).find_longest_match()
        if len("".join(mine[lo + m.a:lo + m.a + m.size]).strip()) < MOVED_AT_LEAST:
            continue
        blocks.append((lo + m.a, m.b, m.size))
        gaps += [(lo, lo + m.a), (lo + m.a + m.size, hi)]
    found = []
    for a, b, size in blocks:
        for k in range(size):
            found.append((ours[a + k][0], theirs[b + k][0], len(mine[a + k])))
    return found


def _format_changes(formats: list[Format]) -> set[int]:
    return {i for i in range(1, len(formats)) if formats[i] != formats[i - 1]}


def _span(text: str, form: Format) -> Span:
    if isinstance(form, tuple):
        return Styled(text, form)
    if isinstance(form, str):
        return Link(form, text)
    return text
