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
    after: list[Format] = [None] * len(found)  # the next found character's formatting
    upcoming: Format = None
    for i in range(len(found) - 1, -1, -1):
        after[i] = upcoming
        if found[i] is not False:
            upcoming = found[i]  # type: ignore[assignment]
    resolved: list[Format] = []
    for i, form in enumerate(found):
        if form is False:
            before = resolved[-1] if resolved else None
            form = before if before == after[i] else None
        resolved.append(form)
    return resolved


# A moved stretch shorter than this is not taken from elsewhere: a word like "a" found
# anywhere would carry a stray format. (The typed-character rule then gives it the
# formatting around it.)
MOVED_AT_LEAST = 3
# Places of a moved word tried, the first ones in the version; the longest run wins.
MOVED_CANDIDATES = 8
# A word with the spaces after it, or a run of punctuation with its spaces, or spaces: so
# no token is a lone space that every gap between words would share.
_TOKEN = re.compile(r"\w+\s*|[^\w\s]+\s*|\s+", re.UNICODE)


def _matches(words: str, text: str) -> list[tuple[int, int, int]]:
    """Where stretches of ``words`` come from in ``text``: (at in words, at in text, size),
    in characters.

    A diff of the two as words and single other characters aligns what was kept in order;
    a phrase the analyst moved is then looked for elsewhere in the version, word by word
    through an index, so it keeps its formatting too. A word changed inside is not found:
    it is "typed". Words that fill a long version (difflib's popular elements) anchor no
    match and are left to the typed rule: that keeps a long paragraph rewritten all over
    to seconds rather than hours.
    """
    ours = [(m.start(), m[0]) for m in _TOKEN.finditer(words)]
    theirs = [(m.start(), m[0]) for m in _TOKEN.finditer(text)]
    # Tokens compare by their words: "Tuesday." ends a sentence where "Tuesday " did not.
    # The spaces after a word then count as typed, and take the formatting around them.
    mine = [t.rstrip() or t for _, t in ours]
    yours = [t.rstrip() or t for _, t in theirs]
    source: list[int | None] = [None] * len(mine)  # each token's place in the version
    for m in SequenceMatcher(None, mine, yours, autojunk=True).get_matching_blocks():
        source[m.a:m.a + m.size] = range(m.b, m.b + m.size)
    places: dict[str, list[int]] = {}
    for at, token in enumerate(yours):
        if token[0].isalnum():  # a word, not spaces or punctuation
            places.setdefault(token, []).append(at)
    # Words found once in the version place what was moved; their neighbours follow them.
    for a, token in enumerate(mine):
        if source[a] is None and len(places.get(token, ())) == 1:
            source[a] = places[token][0]
    _grow(source, mine, yours)
    # Then the rest, longest run first among a few places of its first word.
    a = 0
    while a < len(mine):
        if source[a] is not None or mine[a] not in places:
            a += 1
            continue
        best_at, best_size = 0, 0
        for b in places[mine[a]][:MOVED_CANDIDATES]:
            size = 0
            while (a + size < len(mine) and b + size < len(yours) and source[a + size] is None
                   and mine[a + size] == yours[b + size]):
                size += 1
            if size > best_size:
                best_at, best_size = b, size
        if len("".join(mine[a:a + best_size])) >= MOVED_AT_LEAST:
            source[a:a + best_size] = range(best_at, best_at + best_size)
        a += best_size
    _grow(source, mine, yours)
    return [(ours[a][0], theirs[b][0], len(mine[a])) for a, b in enumerate(source)
            if b is not None]


def _grow(source: list[int | None], mine: list[str], yours: list[str]) -> None:
    """Carry each aligned run on over the equal words on either side of it: the diff leaves
    out words too common to anchor a match ("the", "Sentence"), but beside an aligned
    word they are that word's neighbours in the version. A word that both the run before
    and the run after it could take goes with the run after (a sentence's first words
    with the sentence), punctuation with the run before (a sentence's full stop)."""
    ahead: list[int | None] = [None] * len(mine)  # carried on from the run before
    for a in range(1, len(mine)):
        before = source[a - 1] if source[a - 1] is not None else ahead[a - 1]
        if (source[a] is None and before is not None and before + 1 < len(yours)
                and yours[before + 1] == mine[a]):
            ahead[a] = before + 1
    behind: list[int | None] = [None] * len(mine)  # carried back from the run after
    for a in range(len(mine) - 2, -1, -1):
        after = source[a + 1] if source[a + 1] is not None else behind[a + 1]
        if source[a] is None and after is not None and after > 0 and yours[after - 1] == mine[a]:
            behind[a] = after - 1
    for a in range(len(mine)):
        if source[a] is None:
            first, second = (behind[a], ahead[a]) if mine[a][0].isalnum() else (
                ahead[a], behind[a])
            source[a] = first if first is not None else second


def _format_changes(formats: list[Format]) -> set[int]:
    return {i for i in range(1, len(formats)) if formats[i] != formats[i - 1]}


def _span(text: str, form: Format) -> Span:
    if isinstance(form, tuple):
        return Styled(text, form)
    if isinstance(form, str):
        return Link(form, text)
    return text
