"""Word-level three-way merge of one field's text: snapshot (base), current (ours), review.

The analyst may have kept writing after the export. Each change of the review is a stretch
of the base text and its new words; it is carried over to the current text when the analyst
did not touch those words (edits to different words of a paragraph merge), and it is a
conflict when the analyst changed the same words, or wrote at the same place — never a
silent overwrite. Words, not characters, are the unit: "drones" → "drone" by the analyst and
"drones" → "aircraft" by the reviewer is a conflict even though they share letters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class Region:
    """A changed stretch: base [a0, a1) became other [b0, b1)."""

    a0: int
    a1: int
    b0: int
    b1: int


def diff_regions(a: str, b: str) -> list[Region]:
    """The word-level changes that turn ``a`` into ``b``, as character offsets."""
    if a == b:
        return []
    ta, tb = tokens(a), tokens(b)
    oa = _offsets(ta)
    ob = _offsets(tb)
    out = []
    matcher = SequenceMatcher(None, ta, tb, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            out.append(Region(oa[i1], oa[i2], ob[j1], ob[j2]))
    return out


def _offsets(toks: list[str]) -> list[int]:
    out = [0]
    for t in toks:
        out.append(out[-1] + len(t))
    return out


def word_span(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) widened to whole words (an insertion point inside a word widens too)."""
    while start > 0 and text[start - 1].isalnum() and (start < len(text) and
                                                       text[start].isalnum() or start < end):
        start -= 1
    while end < len(text) and text[end].isalnum() and end > 0 and (text[end - 1].isalnum()
                                                                    or end > start):
        end += 1
    return start, end


@dataclass(frozen=True)
class Rebased:
    """A reviewer's edit carried onto the current text, or the reason it cannot be."""

    start: int
    end: int
    conflict: bool
    ours: str  # the analyst's words, when they conflict
    already: bool = False  # the analyst made the very same change


def rebase_edit(base: str, ours: str, start: int, end: int, new: str,
                regions: list[Region] | None = None) -> Rebased:
    """Carry the edit base[start:end] → ``new`` over to ``ours``."""
    if regions is None:
        regions = diff_regions(base, ours)
    if not regions:
        return Rebased(start, end, False, "")
    ws, we = word_span(base, start, end)
    shift = 0
    for r in regions:
        rs, re_ = word_span(base, r.a0, r.a1)
        touches = (rs < we and ws < re_) or (start == end and rs <= start <= re_ and
                                              (r.a0 == r.a1 or rs < start < re_)) \
            or (r.a0 == r.a1 and ws <= r.a0 <= we and (start < r.a0 < end or
                                                       start == end == r.a0))
        if touches:
            ours_words = ours[r.b0 + (rs - r.a0) if rs >= r.a0 else r.b0:
                              r.b1 + (re_ - r.a1) if re_ >= r.a1 else r.b1]
            if r.a0 == start and r.a1 == end and ours[r.b0:r.b1] == new:
                return Rebased(r.b0, r.b1, False, "", already=True)
            return Rebased(start + shift, end + shift, True, ours_words)
        if r.a1 <= start:
            shift += (r.b1 - r.b0) - (r.a1 - r.a0)
    return Rebased(start + shift, end + shift, False, "")


def map_offset(offset: int, regions: list[Region]) -> int:
    """An offset of the base text, in the other text (inside a changed stretch: its start)."""
    shift = 0
    for r in regions:
        if r.a1 <= offset and not (r.a0 == r.a1 == offset):
            shift += (r.b1 - r.b0) - (r.a1 - r.a0)
        elif r.a0 < offset:
            return r.b0
    return offset + shift
