"""Comment anchors that follow the text: where a comment points after the analyst edits.

A comment points at a stretch of one field's running text (``inline_text``: a note counts
for nothing). When the field changes, the anchor is carried through the edit the way Word
carries a comment's range: text typed before it moves it, text typed inside it grows it,
and when the anchored words are gone the quote is looked for again in the field; when it
is nowhere, the comment stays, collapsed where its text was, and is shown as orphaned. It
is never dropped: undo brings the text back and the anchor with it.

A multi-paragraph field (the event, the implications, a body) is followed as a whole, so
that a comment moves with its paragraph when a bullet is added or removed above it.
"""

from __future__ import annotations

import dataclasses

from brief_editor.model.comments import Comment, CommentAnchor
from brief_editor.model.document import Brief, EventSection, NarrativeSection, Section
from brief_editor.model.inline import Inline, inline_text

# Paragraphs of one field are joined with a character the editor never keeps in text.
_JOIN = "\u2029"
MULTI_FIELDS = ("event", "implications", "body")
SINGLE_FIELDS = ("heading", "summary", "caption", "subheading")
COMMENTABLE_FIELDS = SINGLE_FIELDS + MULTI_FIELDS


_by_id: list[tuple[tuple[Section, ...], dict[str, Section]]] = []


def _section(brief: Brief, section_id: str | None) -> Section | None:
    # Every keystroke asks this for each comment of two briefs: index their sections once.
    # The tuples are immutable and kept referenced here, so their identity is a safe key.
    sections = brief.sections
    index = next((found for known, found in _by_id if known is sections), None)
    if index is None:
        index = {}
        for section in sections:
            index.setdefault(section.id, section)
        _by_id.insert(0, (sections, index))
        del _by_id[4:]
    return index.get(section_id) if section_id is not None else None


def field_inlines(brief: Brief, anchor: CommentAnchor) -> tuple[Inline, ...] | None:
    """The Inlines the anchor's field is made of (one for a heading or caption), or None
    when the field is no longer in the brief."""
    if anchor.section is None:
        if anchor.field != "summary":
            return None
        return (brief.meta.summary or (),)
    section = _section(brief, anchor.section)
    if section is None:
        return None
    if anchor.field == "heading":
        return (section.heading,)
    if anchor.field == "caption":
        if 0 <= anchor.index < len(section.figures):
            return (section.figures[anchor.index].caption,)
        return None
    if anchor.field == "subheading" and isinstance(section, NarrativeSection):
        if 0 <= anchor.index < len(section.subheadings):
            return (section.subheadings[anchor.index].text,)
        return None
    if anchor.field in ("event", "implications") and isinstance(section, EventSection):
        return getattr(section, anchor.field)
    if anchor.field == "body" and isinstance(section, NarrativeSection):
        return section.body
    return None


def _block(anchor: CommentAnchor) -> int:
    return anchor.index if anchor.field in MULTI_FIELDS else 0


def anchor_text(brief: Brief, anchor: CommentAnchor) -> str | None:
    """The running text of the Inline the anchor points into; None when it is gone."""
    inlines = field_inlines(brief, anchor)
    block = _block(anchor)
    if inlines is None or not 0 <= block < max(len(inlines), 1):
        return None
    return inline_text(inlines[block]) if inlines else ""


def is_orphaned(brief: Brief, comment: Comment) -> bool:
    """True when the comment's words are no longer where its anchor points."""
    anchor = comment.anchor
    text = anchor_text(brief, anchor)
    if text is None:
        return True
    return text[anchor.start:anchor.end] != anchor.quote


def _joined(inlines: tuple[Inline, ...]) -> tuple[str, list[int]]:
    """The field's text with paragraphs joined, and where each paragraph starts in it."""
    texts = [inline_text(i) for i in inlines] or [""]
    starts, pos = [], 0
    for text in texts:
        starts.append(pos)
        pos += len(text) + 1
    return _JOIN.join(texts), starts


def _locate(starts: list[int], offset: int) -> tuple[int, int]:
    """The paragraph and the offset in it of a position in the joined text."""
    block = 0
    for i, start in enumerate(starts):
        if start <= offset:
            block = i
    return block, offset - starts[block]


def _map_through_edit(old: str, new: str, start: int, end: int) -> tuple[int, int]:
    """Carry a range through the edit that turned ``old`` into ``new``.

    The edit is taken as the one changed stretch between the common start and the common
    end of the two texts; text inserted exactly at either edge of the range stays outside it.
    """
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    old_end, new_end = len(old) - suffix, len(new) - suffix
    delta = len(new) - len(old)

    def carry(offset: int, *, is_start: bool) -> int:
        if is_start:
            if offset >= old_end:
                return offset + delta
            if offset <= prefix:
                return offset
            return new_end  # its first characters were replaced: start after the new text
        if offset <= prefix:
            return offset
        if offset >= old_end:
            return offset + delta
        return prefix  # its last characters were replaced: end before the new text

    new_start = carry(start, is_start=True)
    new_stop = carry(end, is_start=False)
    if start == end:  # a point comment stays a point
        return new_start, new_start
    return new_start, max(new_start, new_stop)


def nearest(text: str, quote: str, near: int) -> int | None:
    """The start of the occurrence of ``quote`` in ``text`` nearest to ``near``."""
    best: int | None = None
    found = text.find(quote)
    while found >= 0:
        if best is None or abs(found - near) < abs(best - near):
            best = found
        found = text.find(quote, found + 1)
    return best


def follow_anchor(anchor: CommentAnchor, old_inlines: tuple[Inline, ...],
                  new_inlines: tuple[Inline, ...]) -> CommentAnchor:
    """The anchor after its field changed from ``old_inlines`` to ``new_inlines``."""
    old_text, old_starts = _joined(old_inlines)
    new_text, new_starts = _joined(new_inlines)
    block = _block(anchor)
    base = old_starts[block] if block < len(old_starts) else len(old_text)
    start, end = _map_through_edit(old_text, new_text, base + anchor.start, base + anchor.end)
    new_block, new_start = _locate(new_starts, start)
    paragraph_end = new_starts[new_block] + len(
        new_text[new_starts[new_block]:].split(_JOIN, 1)[0])
    end = min(end, paragraph_end)  # a range split by Enter keeps its first paragraph
    new_end = end - new_starts[new_block]
    quote = new_text[start:end]
    if anchor.quote and not quote:
        # The anchored words are gone from here: were they moved within the field?
        found = nearest(new_text, anchor.quote, start)
        if found is not None and _JOIN not in anchor.quote:
            new_block, new_start = _locate(new_starts, found)
            return dataclasses.replace(anchor, index=_index(anchor, new_block), start=new_start,
                                       end=new_start + len(anchor.quote))
        # Orphaned: collapsed where its words were, the quote kept to show what it was on.
        return dataclasses.replace(anchor, index=_index(anchor, new_block), start=new_start,
                                   end=new_start)
    return dataclasses.replace(anchor, index=_index(anchor, new_block), start=new_start,
                               end=new_end, quote=quote if anchor.quote else "")


def _index(anchor: CommentAnchor, block: int) -> int:
    return block if anchor.field in MULTI_FIELDS else anchor.index


def _caption_index(old: Brief, new: Brief, anchor: CommentAnchor) -> int | None:
    """Where the figure of a caption comment is now (figures can be moved and removed)."""
    old_section, new_section = _section(old, anchor.section), _section(new, anchor.section)
    if old_section is None or new_section is None:
        return None
    if not 0 <= anchor.index < len(old_section.figures):
        return None
    figure_id = old_section.figures[anchor.index].id
    for i, figure in enumerate(new_section.figures):
        if figure.id == figure_id:
            return i
    return None


def _subheading_index(old: Brief, new: Brief, anchor: CommentAnchor) -> int | None:
    """Where a subheading is now: the same one among those added or removed around it, or
    the same place when only its words changed."""
    old_section, new_section = _section(old, anchor.section), _section(new, anchor.section)
    if not isinstance(old_section, NarrativeSection) or not isinstance(
            new_section, NarrativeSection):
        return None
    if not 0 <= anchor.index < len(old_section.subheadings):
        return None
    mine = old_section.subheadings[anchor.index]
    for i, subheading in enumerate(new_section.subheadings):
        if subheading is mine or subheading == mine:
            return i
    if len(old_section.subheadings) == len(new_section.subheadings):
        return anchor.index
    return None


def _reattach(brief: Brief, anchor: CommentAnchor) -> CommentAnchor:
    """An orphaned anchor whose words are back in its field (typed or pasted) is whole again."""
    inlines = field_inlines(brief, anchor)
    if not inlines or not anchor.quote:
        return anchor
    text, starts = _joined(inlines)
    base = starts[_block(anchor)] if _block(anchor) < len(starts) else 0
    found = nearest(text, anchor.quote, base + anchor.start)
    if found is None or _JOIN in anchor.quote:
        return anchor
    block, start = _locate(starts, found)
    return dataclasses.replace(anchor, index=_index(anchor, block), start=start,
                               end=start + len(anchor.quote))


def follow_anchors(old: Brief, new: Brief) -> Brief:
    """``new`` with the anchors of its comments carried through the edit from ``old``.

    Only comments that ``old`` had with the same anchor, and whose field changed, move;
    a comment added or re-anchored by the edit itself is left as the edit made it.
    """
    if not new.comments or (old.sections is new.sections and old.meta is new.meta):
        return new
    before = {c.id: c.anchor for c in old.comments}
    changed = False
    comments: list[Comment] = []
    for comment in new.comments:
        anchor = comment.anchor
        moved = anchor
        untouched = (old.meta is new.meta if anchor.section is None
                     else _section(old, anchor.section) is _section(new, anchor.section))
        if before.get(comment.id) == anchor and not untouched:
            moved = _follow(old, new, anchor)
        if moved != anchor:
            changed = True
            comment = dataclasses.replace(comment, anchor=moved)
        comments.append(comment)
    return dataclasses.replace(new, comments=tuple(comments)) if changed else new


def _follow(old: Brief, new: Brief, anchor: CommentAnchor) -> CommentAnchor:
    old_inlines = field_inlines(old, anchor)
    moved = anchor
    if anchor.field in ("caption", "subheading"):
        find = _caption_index if anchor.field == "caption" else _subheading_index
        index = find(old, new, anchor)
        if index is None:
            return anchor  # the figure or subheading is gone: orphaned, kept as it was
        moved = dataclasses.replace(anchor, index=index)
    new_inlines = field_inlines(new, moved)
    if old_inlines is None or new_inlines is None:
        return anchor  # the section is gone (or back): the anchor waits as it was
    if old_inlines == new_inlines:
        return moved
    old_text = anchor_text(old, anchor)
    if old_text is not None and old_text[anchor.start:anchor.end] != anchor.quote:
        return _reattach(new, moved)  # orphaned before this edit: are its words back?
    return follow_anchor(moved, old_inlines, new_inlines)
