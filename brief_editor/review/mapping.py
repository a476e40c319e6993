"""From a reviewed package and its export snapshot to changes on the current brief.

Each paragraph that carries a ``_BE`` bookmark is a field of the snapshot. Its text before
and after the tracked changes is compared with the snapshot's: when the text before the
changes is the snapshot's, each tracked change is one change of the review, with its author
and date; when it is not, the reviewer edited without tracking, and the differences are
found word by word (``tracked`` False). Every change is then carried onto the current
brief by ``merge.rebase_edit``; a change to words the analyst also changed is a conflict.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from brief_editor.model import (
    Brief,
    Comment,
    CommentAnchor,
    CommentReply,
    EventSection,
    Inline,
    Note,
    Place,
    inline_text,
    notes_in,
    numbered_notes,
)
from brief_editor.review.inline_edit import note_offsets
from brief_editor.review.merge import diff_regions
from brief_editor.review.package import DocParagraph, Piece, Revision

TEXT_FIELDS = ("summary", "heading", "event", "implications", "body", "caption")
LIST_FIELDS = ("event", "implications", "body")


# ----------------------------------------------------------------------- the brief's fields


def field_inline(brief: Brief, place: Place) -> Inline | None:
    """The Inline at ``place``, or None when the brief has no such field."""
    if place.section is None:
        return brief.meta.summary if place.field == "summary" else None
    section = _section(brief, place.section)
    if section is None:
        return None
    if place.field == "heading":
        return section.heading
    if place.field == "caption":
        figs = section.figures
        return figs[place.index].caption if place.index < len(figs) else None
    if place.field == "subheading":
        subs = getattr(section, "subheadings", ())
        return subs[place.index].text if place.index < len(subs) else None
    values = getattr(section, place.field, None)
    if place.field in ("location", "parties"):
        if not isinstance(section, EventSection):
            return None
        return (section.location,) if place.field == "location" else ("; ".join(section.parties),)
    if isinstance(values, tuple) and place.index < len(values):
        return values[place.index]
    return None


def field_list(brief: Brief, section_id: str, name: str) -> tuple[Inline, ...]:
    section = _section(brief, section_id)
    value = getattr(section, name, None) if section is not None else None
    return value if isinstance(value, tuple) else ()


_INDEX: list = [None, {}]  # the last brief looked into and its sections by id


def _section(brief: Brief, section_id: str | None):
    # A review looks sections up by id thousands of times, in two briefs in turn.
    if _INDEX[0] is not brief:
        _INDEX[0], _INDEX[1] = brief, {}
        for s in brief.sections:
            _INDEX[1].setdefault(s.id, s)
    return _INDEX[1].get(section_id)


class PlaceMap:
    """Snapshot places → current places: a paragraph the analyst added shifts the others."""

    def __init__(self, snapshot: Brief, current: Brief) -> None:
        self.snapshot = snapshot
        self.current = current
        self._lists: dict[tuple[str, str], dict[int, int]] = {}

    def current_place(self, place: Place) -> Place | None:
        if place.section is not None and _section(self.current, place.section) is None:
            return None
        if place.field not in LIST_FIELDS:
            return place if field_inline(self.current, place) is not None else None
        mapping = self._list_map(place.section or "", place.field)
        index = mapping.get(place.index)
        return None if index is None else Place(place.section, place.field, index)

    def insertion_index(self, section: str, name: str, after: int) -> int:
        """The current index for a paragraph the reviewer added after snapshot ``after``."""
        if after < 0:
            return 0
        mapping = self._list_map(section, name)
        for k in range(after, -1, -1):
            if k in mapping:
                return mapping[k] + 1
        return 0

    def _list_map(self, section: str, name: str) -> dict[int, int]:
        key = (section, name)
        if key not in self._lists:
            a = [inline_text(x) for x in field_list(self.snapshot, section, name)]
            b = [inline_text(x) for x in field_list(self.current, section, name)]
            mapping: dict[int, int] = {}
            matcher = SequenceMatcher(None, a, b, autojunk=False)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
                    for k in range(i2 - i1):
                        mapping[i1 + k] = j1 + k
                elif tag == "replace":
                    # Paragraphs the analyst rewrote and added around: pair the most alike.
                    for i in range(i1, i2):
                        best = max(range(j1, j2), key=lambda j, i=i: SequenceMatcher(
                            None, a[i], b[j], autojunk=False).ratio())
                        if best not in mapping.values():
                            mapping[i] = best
            self._lists[key] = mapping
        return self._lists[key]


def describe(brief: Brief, place: Place) -> str:
    """The place in words: 'section 2 (Drones over Sorvik), event paragraph 1'."""
    if place.section is None:
        return "the summary"
    section = _section(brief, place.section)
    number = brief.section_index(place.section) + 1 if section is not None else "?"
    heading = inline_text(section.heading) if section is not None else ""
    head = f"section {number}" + (f" ({_short(heading)})" if heading else "")
    what = {
        "heading": "heading", "location": "location", "parties": "parties",
        "event": f"event paragraph {place.index + 1}",
        "implications": f"implication {place.index + 1}",
        "body": f"paragraph {place.index + 1}", "caption": f"figure {place.index + 1} caption",
        "subheading": f"subheading {place.index + 1}",
    }.get(place.field, place.field)
    return f"{head}, {what}"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


# ----------------------------------------------------------------------- the paragraphs


@dataclass
class FieldText:
    """The pieces of one field's paragraph, label left out, with their offsets."""

    place: Place
    pieces: list[Piece]
    before: str = ""
    after: str = ""
    # The offset in ``before`` at which each piece starts.
    offsets: list[int] = field(default_factory=list)
    paragraph: DocParagraph | None = None


def field_text(para: DocParagraph, place: Place, prefix: str) -> FieldText:
    """The field's own pieces: the first ``len(prefix)`` original characters are the label."""
    skip = len(prefix)
    pieces: list[Piece] = []
    for piece in para.pieces:
        if skip > 0 and piece.kind == "text":
            if piece.status == "ins":
                continue  # words typed into the label are not the brief's
            if len(piece.text) <= skip:
                skip -= len(piece.text)
                continue
            piece = Piece(piece.kind, piece.text[skip:], piece.status, piece.revision,
                          piece.marks, piece.old_marks, piece.format_revision, piece.ref)
            skip = 0
        pieces.append(piece)
    out = FieldText(place, pieces, paragraph=para)
    pos = 0
    before, after = [], []
    for piece in pieces:
        out.offsets.append(pos)
        if piece.kind == "text":
            if piece.status != "ins":
                before.append(piece.text)
                pos += len(piece.text)
            if piece.status != "del":
                after.append(piece.text)
    out.before, out.after = "".join(before), "".join(after)
    return out


@dataclass(frozen=True)
class RawEdit:
    """A change of one field in snapshot coordinates, before it is carried onto the brief."""

    place: Place
    start: int
    end: int
    text: str
    before: str
    revision: Revision | None
    tracked: bool
    move: str = ""


def tracked_edits(ft: FieldText) -> list[RawEdit]:
    """The tracked changes of a field whose text before them is the snapshot's."""
    edits: list[RawEdit] = []
    group: list[tuple[int, Piece]] = []

    def flush() -> None:
        if not group:
            return
        start = group[0][0]
        deleted = "".join(p.text for _, p in group if p.status == "del")
        inserted = "".join(p.text for _, p in group if p.status == "ins")
        rev = group[0][1].revision
        move = next((p.revision.move or p.revision.kind for _, p in group
                     if p.revision and p.revision.kind in ("moveFrom", "moveTo")), "")
        edits.append(RawEdit(ft.place, start, start + len(deleted), inserted, deleted, rev, True,
                             move))
        group.clear()

    for offset, piece in zip(ft.offsets, ft.pieces, strict=True):
        if piece.kind != "text":
            continue
        if piece.status == "same":
            flush()
        else:
            if group and group[-1][1].revision and piece.revision and \
                    group[-1][1].revision.author != piece.revision.author:
                flush()
            group.append((offset, piece))
    flush()
    return edits


def untracked_edits(base: str, ft: FieldText) -> list[RawEdit]:
    """Word-level differences between the snapshot and the reviewed text."""
    return [RawEdit(ft.place, r.a0, r.a1, ft.after[r.b0:r.b1], base[r.a0:r.a1], None, False)
            for r in diff_regions(base, ft.after)]


def format_edits(ft: FieldText) -> list[tuple[int, int, Piece]]:
    """Runs whose marks the reviewer changed with tracking on: (start, end, piece)."""
    out = []
    for offset, piece in zip(ft.offsets, ft.pieces, strict=True):
        if piece.kind == "text" and piece.old_marks is not None and piece.status == "same" \
                and piece.old_marks != piece.marks:
            if out and out[-1][1] == offset and out[-1][2].marks == piece.marks \
                    and out[-1][2].old_marks == piece.old_marks:
                prev = out.pop()
                merged = Piece("text", prev[2].text + piece.text, "same", None, piece.marks,
                               piece.old_marks, piece.format_revision)
                out.append((prev[0], offset + len(piece.text), merged))
            else:
                out.append((offset, offset + len(piece.text), piece))
    return out


def change_id(*parts: object) -> str:
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"r{digest[:10]}"


def marks_words(marks: Iterable[str]) -> str:
    marks = sorted(marks)
    return ", ".join(marks) if marks else "plain"


# ----------------------------------------------------------------------- notes


@dataclass
class NoteRef:
    """A note reference in the reviewed body: the field and offset it sits at."""

    docx_id: str
    status: str
    revision: Revision | None
    place: Place | None
    offset: int  # in the snapshot text of the field (the text before the tracked changes)
    text_before: str
    text_after: str


def snapshot_note_offsets(snapshot: Brief) -> dict[int, tuple[Place, int, int, Note]]:
    """Note number → (place, index among the field's notes, offset, note)."""
    out: dict[int, tuple[Place, int, int, Note]] = {}
    counts: dict[Place, int] = {}
    offsets_cache: dict[Place, list[int]] = {}
    for placed in numbered_notes(snapshot):
        place = placed.place
        index = counts.get(place, 0)
        counts[place] = index + 1
        if place not in offsets_cache:
            inline = field_inline(snapshot, place) or ()
            offsets_cache[place] = note_offsets(inline)
        offs = offsets_cache[place]
        out[placed.number] = (place, index, offs[index] if index < len(offs) else 0, placed.note)
    return out


def note_plain(para: DocParagraph, view: str) -> str:
    return " ".join(para.text(view).split())


def current_note_index(current: Brief, place: Place, note: Note, offset: int) -> int | None:
    """The index, among the notes of the current field, of the note most like ``note``."""
    inline = field_inline(current, place)
    if inline is None:
        return None
    notes = notes_in(inline)
    offs = note_offsets(inline)
    same = [i for i, n in enumerate(notes) if n == note]
    if not same:
        return None
    return min(same, key=lambda i: abs(offs[i] - offset))


# ----------------------------------------------------------------------- comments


def comment_thread_ids(snapshot: Brief) -> dict[tuple[str, str], str]:
    """(author, text) of each exported thread's first comment → its thread id."""
    out: dict[tuple[str, str], str] = {}
    for c in snapshot.comments:
        out.setdefault((c.author, " ".join(c.text.split())), c.id)
    return out


def merge_thread(existing: Comment | None, thread_id: str, author: str, date: str, text: str,
                 anchor: CommentAnchor, replies: list[tuple[str, str, str]], resolved: bool,
                 snapshot_resolved: bool | None) -> Comment:
    """A thread as the review leaves it: replies matched by author and words, none lost."""
    kept: list[CommentReply] = list(existing.replies) if existing else []
    known = {(r.author, " ".join(r.text.split())) for r in kept}
    for r_author, r_date, r_text in replies:
        key = (r_author, " ".join(r_text.split()))
        if key in known:
            continue
        known.add(key)
        rid = f"{thread_id}-{change_id(r_author, r_date, r_text)[1:9]}"
        kept.append(CommentReply(rid, r_author, r_date, r_text))
    if existing is not None:
        # The reviewer's click on Resolve (or Reopen) wins; otherwise the analyst's state.
        state = resolved if snapshot_resolved is None or resolved != snapshot_resolved \
            else existing.resolved
        return Comment(existing.id, existing.anchor, existing.author, existing.date,
                       existing.text, tuple(kept), state, existing.extra)
    return Comment(thread_id, anchor, author, date, text, tuple(kept), resolved)

