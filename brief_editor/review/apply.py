"""Apply the accepted changes of a review to the current brief: a pure function.

The editor accepts changes one at a time, each an undoable step, so the brief handed in may
already hold other changes of the same review: every edit finds its words again by the
words around them (``Edit.context``), a paragraph by its text, a note by its cites, and an
edit whose words are no longer there is left out rather than applied in the wrong place.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable

from brief_editor.model import Brief, Comment, EventSection, Inline, Note, Place, inline_text
from brief_editor.model.search import with_inline_at
from brief_editor.review.inline_edit import insert_note, remove_note, replace_text, set_marks
from brief_editor.review.mapping import current_note_index, field_inline
from brief_editor.review.types import Edit, Review, ReviewChange

log = logging.getLogger(__name__)

_LIST_FIELDS = ("event", "implications", "body")


def apply_review(current: Brief, review: Review, accepted: Iterable[str], *,
                 comments: bool = True) -> Brief:
    """The brief with the changes whose ids are in ``accepted`` applied.

    Changes not accepted are not applied; a conflicting change or a "note" change is never
    applied as text (the first needs the analyst's decision, the second is a source edit).
    With ``comments``, the review's comments are merged into ``current.comments`` thread by
    thread: a thread Brief Editor exported keeps its id and gains the reviewer's replies and
    resolved state; new threads are added; no existing thread or reply is ever dropped.
    """
    wanted = set(accepted)
    chosen = [c for c in review.changes if c.id in wanted and not c.conflict and c.kind != "note"]
    brief = current
    # Notes first (found by their cites), then text edits from the end of each field
    # backwards, so that one never moves the words of the next; paragraphs last.
    for change in chosen:
        if change.kind in ("cite-delete", "cite-move"):
            brief = _cite(brief, change)
    edits = [e for c in chosen if c.kind not in ("paragraph-insert", "paragraph-delete",
                                                 "cite-delete", "cite-move") for e in c.edits]
    edits.sort(key=lambda e: (e.place.section or "", e.place.field, e.place.index, -e.start))
    for edit in edits:
        brief = _edit(brief, edit)
    for change in chosen:
        if change.kind == "paragraph-delete":
            brief = _delete_paragraph(brief, change)
    inserts = sorted((c for c in chosen if c.kind == "paragraph-insert"),
                     key=lambda c: c.detail.get("order", 0))
    for change in inserts:
        brief = _insert_paragraph(brief, change, review)
    if comments and review.comments:
        brief = dataclasses.replace(brief, comments=merge_comments(brief.comments,
                                                                   review.comments))
    return brief


# ---------------------------------------------------------------------- text


def _candidates(brief: Brief, place: Place) -> list[Place]:
    """``place``, then its neighbours in the same list, nearest first."""
    if place.section is None or place.field not in _LIST_FIELDS:
        return [place]
    count = len(_list(brief, place.section, place.field))
    others = sorted((i for i in range(count) if i != place.index),
                    key=lambda i: abs(i - place.index))
    return [place] + [Place(place.section, place.field, i) for i in others]


def _find(text: str, edit: Edit) -> int | None:
    start, expect = edit.start, edit.expect
    pre, post = edit.context
    if text[start:start + len(expect)] == expect and text[:start].endswith(pre) \
            and text[start + len(expect):].startswith(post):
        return start
    if not text and not expect:
        return 0  # words typed into an empty field
    for width in (24, 10, 4):
        before, after = pre[-width:], post[:width]
        needle = before + expect + after
        if not needle:
            continue
        hits = []
        at = text.find(needle)
        while at >= 0:
            hits.append(at + len(before))
            at = text.find(needle, at + 1)
        if hits:
            return min(hits, key=lambda h: abs(h - start))
    return None


def _edit(brief: Brief, edit: Edit) -> Brief:
    for place in _candidates(brief, edit.place):
        inline = field_inline(brief, place)
        if inline is None:
            continue
        at = _find(inline_text(inline), edit)
        if at is None:
            continue
        end = at + len(edit.expect)
        if edit.marks is not None:
            return _set_field(brief, place, set_marks(inline, at, end, edit.marks))
        return _set_field(brief, place, replace_text(inline, at, end, edit.text))
    log.info("review: %r is no longer in %s; not applied", edit.expect, edit.place)
    return brief


def _cite(brief: Brief, change: ReviewChange) -> Brief:
    note: Note | None = change.detail.get("note")
    if note is None:
        return brief
    index = current_note_index(brief, change.place, note, change.detail.get("offset", 0))
    inline = field_inline(brief, change.place)
    if index is None or inline is None:
        return brief
    without, removed = remove_note(inline, index)
    brief = _set_field(brief, change.place, without)
    target: Place | None = change.detail.get("to")
    if change.kind == "cite-move" and target is not None and removed is not None:
        inline = field_inline(brief, target)
        if inline is not None:
            brief = _set_field(brief, target, insert_note(inline, change.detail.get("to_offset", 0),
                                                          removed))
    return brief


# ---------------------------------------------------------------------- paragraphs


def _list(brief: Brief, section_id: str | None, name: str) -> tuple[Inline, ...]:
    for s in brief.sections:
        if s.id == section_id:
            value = getattr(s, name, ())
            return value if isinstance(value, tuple) else ()
    return ()


def _nearest(values: tuple[Inline, ...], text: str | None, index: int) -> int | None:
    hits = [i for i, v in enumerate(values) if inline_text(v) == text]
    return min(hits, key=lambda i: abs(i - index)) if hits else None


def _set_list(brief: Brief, section_id: str | None, name: str, values: tuple[Inline, ...],
              *, at: int, delta: int, under_subheading: bool = False) -> Brief:
    """The list ``name`` of a section replaced, one paragraph added (delta 1) or removed
    (delta -1) at ``at``: a narrative's subheadings and figures, placed by paragraph
    numbers, keep their places in the text."""
    sections = []
    for s in brief.sections:
        if s.id == section_id:
            changes: dict = {name: values}
            if name == "body":
                def moved(before: int | None) -> int | None:
                    if before is None or before < at or (before == at and (
                            delta < 0 or under_subheading)):
                        return before
                    return max(0, before + delta)
                changes["subheadings"] = tuple(
                    dataclasses.replace(sub, before=moved(sub.before))
                    for sub in getattr(s, "subheadings", ()))
                changes["figures"] = tuple(
                    dataclasses.replace(f, after=moved(f.after)) if hasattr(f, "after") else f
                    for f in s.figures)
            s = dataclasses.replace(s, **changes)
        sections.append(s)
    return dataclasses.replace(brief, sections=tuple(sections))


def _delete_paragraph(brief: Brief, change: ReviewChange) -> Brief:
    place = change.place
    values = _list(brief, place.section, place.field)
    at = _nearest(values, change.detail.get("expect", change.before), place.index)
    if at is None:
        return brief
    return _set_list(brief, place.section, place.field, values[:at] + values[at + 1:],
                     at=at, delta=-1)


def _insert_paragraph(brief: Brief, change: ReviewChange, review: Review) -> Brief:
    place = change.place
    if not any(s.id == place.section for s in brief.sections):
        return brief
    values = _list(brief, place.section, place.field)
    after_text = change.detail.get("after_text")
    if after_text is None:
        at = 0
    else:
        found = _nearest(values, after_text, place.index - 1)
        at = found + 1 if found is not None else min(place.index, len(values))
    # Paragraphs the reviewer typed before this one, at the same place, and already
    # accepted, stay before it.
    order = change.detail.get("order", 0)
    earlier = {inline_text(c.new_paragraph or ()) for c in review.changes
               if c.kind == "paragraph-insert" and c.place.section == place.section
               and c.place.field == place.field and c.detail.get("after_text") == after_text
               and c.detail.get("order", 0) < order}
    while at < len(values) and inline_text(values[at]) in earlier:
        at += 1
    new = change.new_paragraph or ()
    # Typed under a subheading, the paragraph is the first of its part: the subheading stays
    # before it; typed at the end of the part before, it goes before the subheading.
    return _set_list(brief, place.section, place.field, values[:at] + (new,) + values[at:],
                     at=at, delta=1,
                     under_subheading=change.detail.get("after_field") == "subheading")


def _set_field(brief: Brief, place: Place, inline: Inline) -> Brief:
    """``brief`` with the field at ``place`` set; location and parties take the text."""
    if place.field in ("location", "parties"):
        sections = list(brief.sections)
        for i, section in enumerate(sections):
            if section.id == place.section and isinstance(section, EventSection):
                text = inline_text(inline)
                value: object = text if place.field == "location" else tuple(
                    p.strip() for p in text.split(";") if p.strip())
                sections[i] = dataclasses.replace(section, **{place.field: value})
        return dataclasses.replace(brief, sections=tuple(sections))
    if place.section is None and place.field != "summary":
        return brief
    try:
        return with_inline_at(brief, place, inline)
    except KeyError:  # the section is gone since the export: nothing to change
        return brief


def merge_comments(ours: tuple[Comment, ...], theirs: tuple[Comment, ...]) -> tuple[Comment, ...]:
    """The analyst's threads with the review's merged in: by id, replies by id, none lost."""
    out = list(ours)
    index = {c.id: i for i, c in enumerate(out)}
    for c in theirs:
        if c.id not in index:
            index[c.id] = len(out)
            out.append(c)
            continue
        mine = out[index[c.id]]
        have = {r.id for r in mine.replies}
        replies = mine.replies + tuple(r for r in c.replies if r.id not in have)
        out[index[c.id]] = dataclasses.replace(mine, replies=replies, resolved=c.resolved)
    return tuple(out)
