"""Edits of an Inline by offsets into its running text, keeping its notes and formatting.

A reviewer's change is words: it is applied to the brief's rich text so that every note
stays where it was (a note inside a replaced stretch moves to the end of the new words),
new words take the formatting of the words they replace or follow, and only the stretch
named changes.
"""

from __future__ import annotations

from brief_editor.model import Inline, Link, Note, Styled
from brief_editor.model.inline import merge_spans

_Key = tuple  # ("plain",) | ("styled", marks) | ("link", url)


def _explode(inline: Inline) -> tuple[list[tuple[str, _Key]], list[tuple[int, Note]]]:
    chars: list[tuple[str, _Key]] = []
    notes: list[tuple[int, Note]] = []
    for span in inline:
        if isinstance(span, Note):
            notes.append((len(chars), span))
        elif isinstance(span, Styled):
            chars.extend((c, ("styled", span.marks)) for c in span.text)
        elif isinstance(span, Link):
            chars.extend((c, ("link", span.url)) for c in span.text)
        else:
            chars.extend((c, ("plain",)) for c in span)
    return chars, notes


def _build(chars: list[tuple[str, _Key]], notes: list[tuple[int, Note]]) -> Inline:
    spans: list = []
    at = {}
    for pos, note in notes:
        at.setdefault(pos, []).append(note)
    for i in range(len(chars) + 1):
        spans.extend(at.get(i, ()))
        if i == len(chars):
            break
        c, key = chars[i]
        if key[0] == "styled":
            spans.append(Styled(c, key[1]) if key[1] else c)
        elif key[0] == "link":
            spans.append(Link(key[1], c))
        else:
            spans.append(c)
    return merge_spans(spans)


def replace_text(inline: Inline, start: int, end: int, text: str) -> Inline:
    """``inline`` with running text [start, end) replaced by ``text``."""
    chars, notes = _explode(inline)
    start, end = max(0, min(start, len(chars))), max(0, min(end, len(chars)))
    end = max(start, end)
    if start < len(chars) and start < end:
        key = chars[start][1]
    elif start > 0:
        key = chars[start - 1][1]
        if key[0] == "link":  # words typed after a link are not part of it
            key = ("plain",)
    elif chars:
        key = chars[0][1]
    else:
        key = ("plain",)
    new = [(c, key) for c in text]
    shift = len(text) - (end - start)
    moved = []
    for pos, note in notes:
        if pos <= start:
            moved.append((pos, note))
        elif pos < end:
            moved.append((start + len(text), note))
        else:
            moved.append((pos + shift, note))
    return _build(chars[:start] + new + chars[end:], moved)


def set_marks(inline: Inline, start: int, end: int, marks: tuple[str, ...]) -> Inline:
    """``inline`` with running text [start, end) carrying exactly ``marks``."""
    chars, notes = _explode(inline)
    out = []
    for i, (c, key) in enumerate(chars):
        if start <= i < end and key[0] != "link":
            key = ("styled", tuple(marks)) if marks else ("plain",)
        out.append((c, key))
    return _build(out, notes)


def remove_note(inline: Inline, index: int) -> tuple[Inline, Note | None]:
    """``inline`` without its note number ``index`` (0-based), and that note."""
    chars, notes = _explode(inline)
    if not 0 <= index < len(notes):
        return inline, None
    note = notes.pop(index)[1]
    return _build(chars, notes), note


def insert_note(inline: Inline, offset: int, note: Note) -> Inline:
    """``inline`` with ``note`` at running-text ``offset`` (after notes already there)."""
    chars, notes = _explode(inline)
    offset = max(0, min(offset, len(chars)))
    index = sum(1 for pos, _ in notes if pos <= offset)
    notes.insert(index, (offset, note))
    return _build(chars, notes)


def note_offsets(inline: Inline) -> list[int]:
    """The running-text offset of each note, in order."""
    out, pos = [], 0
    for span in inline:
        if isinstance(span, Note):
            out.append(pos)
        elif isinstance(span, str):
            pos += len(span)
        else:
            pos += len(span.text)
    return out
