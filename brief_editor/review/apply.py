"""Apply the accepted changes of a review to the current brief: a pure function."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable
from typing import Any

from brief_editor.model import Brief, Comment, EventSection, Inline, Place, inline_text
from brief_editor.review.inline_edit import insert_note, remove_note, replace_text, set_marks
from brief_editor.review.mapping import field_inline
from brief_editor.review.types import Review, ReviewChange

log = logging.getLogger(__name__)


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
    # Every operation is (place, offset, order, function of the Inline); within a field they
    # run from the end backwards, so that one never shifts the offsets of the next.
    ops: dict[Place, list[tuple[int, int, Any]]] = {}
    inserts: list[ReviewChange] = []
    deletes: list[ReviewChange] = []
    moved_notes: list[tuple[ReviewChange, Any]] = []  # (the move, the note taken out)
    for change in chosen:
        if change.kind == "paragraph-insert":
            inserts.append(change)
        elif change.kind == "paragraph-delete":
            deletes.append(change)
        elif change.kind in ("cite-delete", "cite-move"):
            index = change.detail.get("note_index")
            if index is None:
                continue
            offset = change.detail.get("from_offset", 10**9)
            ops.setdefault(change.place, []).append(
                (offset, 2, _note_remover(index, change, moved_notes)))
        else:
            for edit in change.edits:
                if edit.marks is not None:
                    fn = _marker(edit.start, edit.end, edit.expect, edit.marks)
                else:
                    fn = _replacer(edit.start, edit.end, edit.expect, edit.text)
                ops.setdefault(edit.place, []).append((edit.start, 1, fn))
    brief = current
    # Notes come out first (by index, which text edits never change), then the text edits.
    for place, todo in ops.items():
        todo.sort(key=lambda t: (-t[1], -t[0]))
        inline = field_inline(brief, place)
        if inline is None:
            continue
        for _offset, _order, fn in todo:
            inline = fn(inline)
        brief = _set_field(brief, place, inline)
    for change, note in moved_notes:
        target: Place | None = change.detail.get("to")
        if target is None:
            continue
        inline = field_inline(brief, target)
        if inline is None:
            continue
        brief = _set_field(brief, target, insert_note(inline, change.detail.get("to_offset", 0),
                                                      note))
    brief = _paragraphs(brief, inserts, deletes)
    if comments and review.comments:
        brief = dataclasses.replace(brief, comments=merge_comments(brief.comments,
                                                                   review.comments))
    return brief


def _replacer(start: int, end: int, expect: str, text: str):
    def run(inline: Inline) -> Inline:
        if inline_text(inline)[start:end] != expect:
            log.info("review: the words at %d-%d changed since the review was read", start, end)
            return inline
        return replace_text(inline, start, end, text)
    return run


def _marker(start: int, end: int, expect: str, marks: tuple[str, ...]):
    def run(inline: Inline) -> Inline:
        if inline_text(inline)[start:end] != expect:
            return inline
        return set_marks(inline, start, end, marks)
    return run


def _note_remover(index: int, change: ReviewChange, moved: list):
    def run(inline: Inline) -> Inline:
        out, note = remove_note(inline, index)
        if note is not None and change.kind == "cite-move":
            moved.append((change, note))
        return out
    return run


def _set_field(brief: Brief, place: Place, inline: Inline) -> Brief:
    if place.section is None:
        if place.field == "summary":
            return dataclasses.replace(brief, meta=dataclasses.replace(brief.meta,
                                                                       summary=inline))
        return brief
    sections = list(brief.sections)
    for i, section in enumerate(sections):
        if section.id != place.section:
            continue
        if place.field == "heading":
            sections[i] = dataclasses.replace(section, heading=inline)
        elif place.field == "caption":
            figs = list(section.figures)
            figs[place.index] = dataclasses.replace(figs[place.index], caption=inline)
            sections[i] = dataclasses.replace(section, figures=tuple(figs))
        elif place.field == "location" and isinstance(section, EventSection):
            sections[i] = dataclasses.replace(section, location=inline_text(inline))
        elif place.field == "parties" and isinstance(section, EventSection):
            parties = tuple(p.strip() for p in inline_text(inline).split(";") if p.strip())
            sections[i] = dataclasses.replace(section, parties=parties)
        else:
            values = list(getattr(section, place.field))
            values[place.index] = inline
            sections[i] = dataclasses.replace(section, **{place.field: tuple(values)})
    return dataclasses.replace(brief, sections=tuple(sections))


def _paragraphs(brief: Brief, inserts: list[ReviewChange],
                deletes: list[ReviewChange]) -> Brief:
    """Paragraphs and bullets added and removed, each list rebuilt once."""
    groups: dict[tuple[str, str], tuple[list[ReviewChange], list[ReviewChange]]] = {}
    for c in inserts:
        groups.setdefault((c.place.section or "", c.place.field), ([], []))[0].append(c)
    for c in deletes:
        groups.setdefault((c.place.section or "", c.place.field), ([], []))[1].append(c)
    sections = list(brief.sections)
    for (section_id, name), (ins, dels) in groups.items():
        for i, section in enumerate(sections):
            if section.id != section_id or not isinstance(getattr(section, name, None), tuple):
                continue
            values: list[Inline] = list(getattr(section, name))
            gone = {c.place.index for c in dels}
            before: dict[int, list[Inline]] = {}
            for c in ins:
                before.setdefault(c.place.index, []).append(c.new_paragraph or ())
            out: list[Inline] = []
            for k in range(len(values) + 1):
                out.extend(before.get(k, ()))
                if k < len(values) and k not in gone:
                    out.append(values[k])
            sections[i] = dataclasses.replace(section, **{name: tuple(out)})
    return dataclasses.replace(brief, sections=tuple(sections))


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
