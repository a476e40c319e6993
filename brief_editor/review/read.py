"""Read a reviewed DOCX back: its changes and comments, mapped onto the current brief."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from lxml import etree

from brief_editor.errors import BriefEditorError
from brief_editor.export.docx_review_map import (
    BOOKMARK_NAME,
    EXPORT_ID_PROPERTY,
    MAP_NAMESPACE,
    decode_payload,
    load_snapshot_copy,
)
from brief_editor.model import (
    Brief,
    Comment,
    CommentAnchor,
    Place,
    Source,
    inline_text,
    parse,
)
from brief_editor.review.mapping import (
    LIST_FIELDS,
    FieldText,
    NoteRef,
    PlaceMap,
    RawEdit,
    change_id,
    comment_thread_ids,
    current_note_index,
    describe,
    field_inline,
    field_text,
    format_edits,
    marks_words,
    merge_thread,
    note_plain,
    snapshot_note_offsets,
    tracked_edits,
    untracked_edits,
)
from brief_editor.review.merge import Region, diff_regions, map_offset, rebase_edit
from brief_editor.review.package import DocParagraph, ReviewedPackage, read_package
from brief_editor.review.types import Edit, Review, ReviewChange, ReviewError
from brief_editor.storage.paths import AppPaths


def read_review(current: Brief, docx_path: str | os.PathLike[str], *,
                snapshot: Brief | None = None, paths: AppPaths | None = None) -> Review:
    """Read ``docx_path``, a reviewed export of ``current``, into a Review.

    The export snapshot (the brief as it was exported) is read from the DOCX itself, or
    from the copy kept in the user's data folder under the export id when a word processor
    dropped it; ``snapshot`` overrides both. Raises ReviewError (one line naming the file)
    for a file that is not a DOCX, is corrupt or encrypted, carries no Brief Editor map, or
    is a review of another issue.
    """
    path = Path(docx_path)
    package = read_package(path)
    payload = _payload(package, path, paths)
    if snapshot is None:
        try:
            snapshot = parse(payload.get("brief"))
        except BriefEditorError as exc:
            raise ReviewError(f"{path}: the snapshot in its review map cannot be read "
                              f"({exc})") from None
    _check_same_issue(snapshot, current, path)
    return _Reader(path, package, payload, snapshot, current).review()


def _payload(package: ReviewedPackage, path: Path, paths: AppPaths | None) -> dict[str, Any]:
    for blob in package.custom_xml:
        try:
            root = etree.fromstring(blob, etree.XMLParser(resolve_entities=False,
                                                          huge_tree=True))
        except etree.XMLSyntaxError:
            continue
        if root.tag == f"{{{MAP_NAMESPACE}}}reviewMap":
            try:
                return decode_payload(root.text or "")
            except BriefEditorError as exc:
                raise ReviewError(f"{path}: {exc}") from None
    export_id = package.custom_properties.get(EXPORT_ID_PROPERTY, "")
    if export_id:
        kept = load_snapshot_copy(export_id, paths)
        if kept is not None:
            return kept
        raise ReviewError(f"{path}: the word processor dropped the review map of export "
                          f"{export_id}, and this computer keeps no copy of it; review a DOCX "
                          "exported on this computer")
    if any(BOOKMARK_NAME.match(b) for p in package.paragraphs for b in p.bookmarks):
        raise ReviewError(f"{path}: the review map of this export is missing; export the brief "
                          "again and have the new DOCX reviewed")
    raise ReviewError(f"{path}: not a review of a Brief Editor export (it carries no review "
                      "map); only a DOCX exported by Brief Editor can be read back")


def _context(text: str, start: int, end: int, width: int = 24) -> tuple[str, str]:
    return text[max(0, start - width):start], text[end:end + width]


def _list(brief: Brief, section_id: str, name: str) -> tuple:
    for s in brief.sections:
        if s.id == section_id:
            value = getattr(s, name, ())
            return value if isinstance(value, tuple) else ()
    return ()


def _check_same_issue(snapshot: Brief, current: Brief, path: Path) -> None:
    s, c = snapshot.meta, current.meta
    if s.publication.strip() and c.publication.strip() and \
            s.publication.strip().casefold() != c.publication.strip().casefold():
        # Section ids such as s1, s2 recur in every publication: they prove nothing.
        issue = f" issue {s.issue}" if s.issue is not None else ""
        raise ReviewError(f"{path}: a review of {s.publication}{issue}, not of "
                          f"{c.publication} that is open")
    if s.publication == c.publication and s.issue is not None and c.issue is not None \
            and s.issue != c.issue:
        raise ReviewError(f"{path}: a review of issue {s.issue} of {s.publication or 'the brief'}"
                          f", not of issue {c.issue} that is open")
    ids_s = {x.id for x in snapshot.sections}
    ids_c = {x.id for x in current.sections}
    if ids_s and ids_c and not ids_s & ids_c:
        raise ReviewError(f"{path}: not a review of this brief (it is of "
                          f"\"{s.title or s.publication or 'another brief'}\", and none of its "
                          "sections is in this one)")


@dataclass
class _Range:
    place: Place | None
    start: int = 0
    end: int | None = None


@dataclass
class _State:
    fields: list[FieldText] = field(default_factory=list)
    new_paragraphs: list[tuple[Place, DocParagraph]] = field(default_factory=list)
    refs: list[NoteRef] = field(default_factory=list)
    ranges: dict[str, _Range] = field(default_factory=dict)
    seen: set[int] = field(default_factory=set)


class _Reader:
    """One reading of a review: the state of the walk and the changes found."""

    def __init__(self, path: Path, package: ReviewedPackage, payload: dict[str, Any],
                 snapshot: Brief, current: Brief) -> None:
        self.path = path
        self.package = package
        self.payload = payload
        self.snapshot = snapshot
        self.current = current
        self.export_id = str(payload.get("export_id", ""))
        self.places = PlaceMap(snapshot, current)
        self.entries: list[tuple[Place, str]] = []
        for raw in payload.get("paragraphs", []):
            try:
                section, name, index, prefix = raw
                self.entries.append((Place(section, str(name), int(index)), str(prefix)))
            except (TypeError, ValueError):
                raise ReviewError(f"{path}: the review map in this file is damaged") from None
        self.fixed = {" ".join(str(t).split()) for t in payload.get("fixed", [])}
        self.changes: list[ReviewChange] = []
        self._regions: dict[Place, list[Region]] = {}
        self.sources: dict[str, Source] = snapshot.source_by_id()

    # ------------------------------------------------------------------ the walk

    def review(self) -> Review:
        state = self._walk()
        self._text_changes(state)
        self._paragraph_changes(state)
        self._note_changes(state)
        comments = self._comments(state)
        return Review(self.export_id, tuple(self.changes), tuple(comments), str(self.path))

    def _walk(self) -> _State:
        state = _State()
        last: Place | None = None
        for para in self.package.paragraphs:
            entry = None
            for name in para.bookmarks:
                m = BOOKMARK_NAME.match(name)
                if m and int(m.group(1)) < len(self.entries) and int(m.group(1)) not in state.seen:
                    entry = int(m.group(1))
                    break
            if entry is not None:
                state.seen.add(entry)
                place, prefix = self.entries[entry]
                ft = field_text(para, place, prefix)
                state.fields.append(ft)
                last = place
                for offset, piece in zip(ft.offsets, ft.pieces, strict=True):
                    self._mark(state, piece, place, offset, ft)
                continue
            for piece in para.pieces:
                if piece.kind == "cstart":
                    state.ranges.setdefault(piece.ref, _Range(last))
                elif piece.kind == "cend" and piece.ref in state.ranges:
                    state.ranges[piece.ref].end = state.ranges[piece.ref].start
            if last is None:
                continue  # the masthead
            text = " ".join(para.text("after").split())
            if not text:
                continue
            original = " ".join(para.text("before").split())
            # A paragraph typed with tracking on is all insertion; one typed without is
            # text that no exported paragraph had (labels and the masthead are known).
            all_new = all(p.status == "ins" for p in para.pieces if p.kind == "text")
            if all_new or (original and original not in self.fixed):
                state.new_paragraphs.append((last, para))
        return state

    def _mark(self, state: _State, piece, place: Place, offset: int, ft: FieldText) -> None:
        if piece.kind == "note":
            note = self.package.notes.get(piece.ref)
            state.refs.append(NoteRef(
                piece.ref, piece.status, piece.revision, place, offset,
                note_plain(note, "before") if note else "", note_plain(note, "after") if note else ""))
        elif piece.kind == "cstart":
            state.ranges[piece.ref] = _Range(place, offset)
        elif piece.kind == "cend":
            rng = state.ranges.get(piece.ref)
            if rng is not None and rng.place == place:
                rng.end = offset

    # ------------------------------------------------------------------ helpers

    def _base(self, place: Place) -> str:
        inline = field_inline(self.snapshot, place)
        return inline_text(inline) if inline is not None else ""

    def _ours(self, place: Place | None) -> str:
        if place is None:
            return ""
        inline = field_inline(self.current, place)
        return inline_text(inline) if inline is not None else ""

    def _regions_for(self, place: Place, cur: Place | None) -> list[Region]:
        if place not in self._regions:
            self._regions[place] = diff_regions(self._base(place), self._ours(cur))
        return self._regions[place]

    def _who(self, revision) -> tuple[str, str]:
        if revision is not None:
            return revision.author, revision.date
        return self.package.last_modified_by, self.package.modified

    def _add(self, kind: str, place: Place, cur: Place | None, author: str, date: str,
             before: str, after: str, *, tracked: bool, conflict: bool = False, ours: str = "",
             edits: tuple[Edit, ...] = (), key: object = "", **extra: Any) -> None:
        where_place = cur or place
        brief = self.current if cur is not None else self.snapshot
        where = describe(brief, where_place) if where_place.section is None or \
            any(s.id == where_place.section for s in brief.sections) else where_place.field
        if cur is None and kind not in ("note",):
            conflict, ours = True, ours or "(the analyst deleted this since the export)"
        self.changes.append(ReviewChange(
            id=change_id(self.export_id, kind, place, key, before, after),
            kind=kind, author=author, date=date, place=where_place,
            where=extra.pop("where", where), before=before, after=after, tracked=tracked,
            conflict=conflict, ours=ours, edits=edits, **extra))

    # ------------------------------------------------------------------ text

    def _text_changes(self, state: _State) -> None:
        for ft in state.fields:
            place = ft.place
            base = self._base(place)
            cur = self.places.current_place(place)
            if place.field in LIST_FIELDS and ft.before.strip() and not ft.after.strip():
                continue  # the whole paragraph went: a paragraph-delete (below)
            raw = tracked_edits(ft) if ft.before == base else untracked_edits(base, ft)
            self._pair_moves(raw, place, cur)
            for s, e, piece in format_edits(ft) if ft.before == base else []:
                self._format_change(place, cur, base, s, e, piece)

    def _pair_moves(self, raw: list[RawEdit], place: Place, cur: Place | None) -> None:
        # Moves whose both ends are in this field become one change; others stand alone.
        pending = list(raw)
        while pending:
            edit = pending.pop(0)
            partner = None
            if edit.move:
                for other in pending:
                    if other.move and ((other.text and other.text == edit.before) or
                                       (edit.text and edit.text == other.before)):
                        partner = other
                        break
            if partner is not None:
                pending.remove(partner)
                self._text_change("move", [edit, partner], place, cur)
            else:
                kind = ("insert" if not edit.before else "delete" if not edit.text
                        else "replace")
                self._text_change(kind, [edit], place, cur)

    def _text_change(self, kind: str, raw: list[RawEdit], place: Place,
                     cur: Place | None) -> None:
        base = self._base(place)
        ours = self._ours(cur)
        regions = self._regions_for(place, cur)
        edits = []
        conflict, ours_words = False, ""
        for r in raw:
            rb = rebase_edit(base, ours, r.start, r.end, r.text, regions)
            if rb.already:
                continue
            conflict = conflict or rb.conflict
            ours_words = ours_words or rb.ours
            if cur is not None:
                edits.append(Edit(cur, rb.start, rb.end, r.text, ours[rb.start:rb.end],
                                  context=_context(ours, rb.start, rb.end)))
        if not edits and cur is not None:
            return
        first = raw[0]
        author, date = self._who(first.revision)
        if kind == "move":
            before = next(r.before for r in raw if r.before)
            after = before
        else:
            before, after = first.before, first.text
        self._add(kind, place, cur, author, date, before, after, tracked=first.tracked,
                  conflict=conflict, ours=ours_words, edits=tuple(edits),
                  key=(first.start, first.end))

    def _format_change(self, place: Place, cur: Place | None, base: str, s: int, e: int,
                       piece) -> None:
        ours = self._ours(cur)
        rb = rebase_edit(base, ours, s, e, base[s:e], self._regions_for(place, cur))
        author, date = self._who(piece.format_revision)
        text = base[s:e]
        edits = (Edit(cur, rb.start, rb.end, text, ours[rb.start:rb.end],
                      marks=tuple(sorted(piece.marks)), context=_context(ours, rb.start, rb.end)),
                 ) if cur is not None else ()
        self._add("format", place, cur, author, date, f"{text} ({marks_words(piece.old_marks)})",
                  f"{text} ({marks_words(piece.marks)})", tracked=True, conflict=rb.conflict,
                  ours=rb.ours, edits=edits, key=(s, e))

    # ------------------------------------------------------------------ paragraphs

    def _paragraph_changes(self, state: _State) -> None:
        found = {ft.place: ft for ft in state.fields}
        for n, (place, _prefix) in enumerate(self.entries):
            if place.field not in LIST_FIELDS:
                continue
            ft = found.get(place)
            base = self._base(place)
            if ft is not None and not (ft.before.strip() and not ft.after.strip()):
                continue
            cur = self.places.current_place(place)
            revision = None
            if ft is not None:
                revision = next((p.revision for p in ft.pieces if p.status == "del"), None)
            elif n in state.seen:
                continue
            author, date = self._who(revision)
            ours = self._ours(cur)
            conflict = cur is not None and ours != base
            self._add("paragraph-delete", place, cur, author, date, base, "",
                      tracked=revision is not None, conflict=conflict,
                      ours=ours if conflict else "", key=place.index,
                      detail={"expect": ours})
        counts: dict[tuple[str | None, str, int], int] = {}
        for after, para in state.new_paragraphs:
            self._paragraph_insert(after, para, counts)

    def _paragraph_insert(self, after: Place, para: DocParagraph,
                          counts: dict[tuple[str | None, str, int], int]) -> None:
        if after.section is None:
            return  # after the summary: no list of the brief to add it to
        section = next((s for s in self.snapshot.sections if s.id == after.section), None)
        if section is None:
            return
        bullet = para.numbered or "bullet" in para.style.lower() or "list" in para.style.lower()
        if bullet and section.kind == "event":
            name = "implications"
        elif section.kind == "event":
            name = "event"
        else:
            name = "body"
        snap_after = self._snapshot_after(section, after, name)
        first_index = self.places.insertion_index(after.section, name, snap_after)
        key = (after.section, name, snap_after)
        index = first_index + counts.get(key, 0)
        counts[key] = counts.get(key, 0) + 1
        text = para.text("after").strip()
        revision = next((p.revision for p in para.pieces if p.status == "ins"), None) \
            or para.mark_revision
        author, date = self._who(revision)
        cur_section = any(s.id == after.section for s in self.current.sections)
        place = Place(after.section, name, index)
        siblings = [inline_text(x) for x in _list(self.current, after.section, name)]
        previous = siblings[first_index - 1] if 0 < first_index <= len(siblings) else None
        self._add("paragraph-insert", place, place if cur_section else None, author, date, "",
                  text, tracked=revision is not None, new_paragraph=(text,),
                  key=(snap_after, counts[key]),
                  detail={"after_text": previous, "order": counts[key] - 1,
                          "after_field": after.field})

    @staticmethod
    def _snapshot_after(section, after: Place, name: str) -> int:
        """The index of the list ``name`` that a paragraph typed after ``after`` follows."""
        count = len(getattr(section, name, ()))
        if after.field == name:
            return after.index
        if after.field == "subheading":
            subs = getattr(section, "subheadings", ())
            return subs[after.index].before - 1 if after.index < len(subs) else count - 1
        if after.field == "caption":
            figs = section.figures
            placed = getattr(figs[after.index], "after", None) if after.index < len(figs) else None
            return (placed if placed is not None else count) - 1
        if after.field == "implications" and name == "event":
            return count - 1  # after the bullets: the end of the event text
        return -1  # after the heading, location or parties: the start

    # ------------------------------------------------------------------ notes

    def _note_changes(self, state: _State) -> None:
        table = snapshot_note_offsets(self.snapshot)
        texts = {int(k): " ".join(str(v).split()) for k, v in self.payload.get("notes", {}).items()}
        numbers = sorted(table)
        old_refs = [r for r in state.refs if r.status != "ins"]
        new_refs = [r for r in state.refs if r.status == "ins"]
        aligned: dict[int, NoteRef] = {}
        if len(old_refs) == len(numbers):
            aligned = dict(zip(numbers, old_refs, strict=True))
        else:
            a = [texts.get(n, "") for n in numbers]
            b = [r.text_before for r in old_refs]
            for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
                if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
                    for k in range(i2 - i1):
                        aligned[numbers[i1 + k]] = old_refs[j1 + k]
        used_new: set[int] = set()
        for number in numbers:
            place, index, offset, note = table[number]
            cur = self.places.current_place(place)
            ref = aligned.get(number)
            snap_text = texts.get(number, "")
            if ref is None or ref.status == "del":
                target = None
                if ref is not None:
                    for i, other in enumerate(new_refs):
                        if i not in used_new and other.text_after == (ref.text_before or snap_text):
                            target = other
                            used_new.add(i)
                            break
                self._cite_change(number, place, cur, offset, note, ref, target)
            if ref is not None and ref.text_after != snap_text and ref.status != "del":
                self._note_text_change(number, place, cur, note, snap_text, ref)
        for i, ref in enumerate(new_refs):
            if i in used_new:
                continue
            author, date = self._who(ref.revision)
            where = f"a new note in {describe(self.snapshot, ref.place)}" if ref.place else "a new note"
            self._add("note", ref.place or Place(None, "summary"),
                      self.places.current_place(ref.place) if ref.place else None,
                      author, date, "", ref.text_after, tracked=True, key=ref.docx_id,
                      where=where)

    def _cite_change(self, number: int, place: Place, cur: Place | None, offset: int, note,
                     ref: NoteRef | None, target: NoteRef | None) -> None:
        author, date = self._who(ref.revision if ref else None)
        sources = ", ".join(c.source for c in note.cites) or "a comment"
        index = current_note_index(self.current, cur, note, offset) if cur else None
        cur_offset = map_offset(offset, self._regions_for(place, cur)) if cur else offset
        detail: dict[str, Any] = {"note_index": index, "note": note, "offset": cur_offset}
        source = note.cites[0].source if note.cites else None
        if target is not None and target.place is not None:
            to_cur = self.places.current_place(target.place)
            regions = self._regions_for(target.place, to_cur)
            to_offset = map_offset(target.offset, regions)
            detail.update({"to": to_cur, "to_offset": to_offset})
            self._add("cite-move", place, cur, author, date, f"note {number} ({sources})",
                      f"moved to {describe(self.snapshot, target.place)}", tracked=True,
                      conflict=index is None or to_cur is None, source_id=source,
                      note_number=number, detail=detail, key=number)
            return
        self._add("cite-delete", place, cur, author, date, f"note {number} ({sources})", "",
                  tracked=ref is not None, conflict=index is None, source_id=source,
                  note_number=number, detail=detail, key=number,
                  ours="" if index is not None else "(the note is no longer there)")

    def _note_text_change(self, number: int, place: Place, cur: Place | None, note,
                          before: str, ref: NoteRef) -> None:
        source = self._source_of_change(note, before, ref.text_after)
        tracked = ref.text_before == before
        revision = None
        doc_note = self.package.notes.get(ref.docx_id)
        if doc_note is not None:
            revision = next((p.revision for p in doc_note.pieces if p.status != "same"), None)
        author, date = self._who(revision)
        title = self.sources[source].title if source in self.sources else ""
        what = f"the title of source {source}" if title and title not in ref.text_after \
            else f"source {source}" if source else "a comment"
        self._add("note", place, cur, author, date, before, ref.text_after,
                  tracked=tracked and revision is not None, source_id=source,
                  note_number=number, key=number,
                  where=f"note {number} ({describe(self.snapshot, place)}): the reviewer "
                        f"changed {what}; edit the source, not the note")

    def _source_of_change(self, note, before: str, after: str) -> str | None:
        if not note.cites:
            return None
        if len(note.cites) == 1:
            return note.cites[0].source
        regions = diff_regions(before, after)
        if not regions:
            return note.cites[0].source
        at = regions[0].a0
        # Cites are printed in order, joined by "; ": the change lies in the cite whose
        # stretch holds it.
        bounds = [i for i, ch in enumerate(before) if ch == ";"]
        index = sum(1 for b in bounds if b < at)
        return note.cites[min(index, len(note.cites) - 1)].source

    # ------------------------------------------------------------------ comments

    def _comments(self, state: _State) -> list[Comment]:
        words = self.package.comments
        by_para = {pid: c for c in words for pid in c.para_ids if pid}
        replies: dict[str, list] = {}
        tops = []
        for c in words:
            parent = by_para.get(c.parent_para or "")
            if parent is not None and parent.id != c.id:
                replies.setdefault(parent.id, []).append(c)
            else:
                tops.append(c)
        known = comment_thread_ids(self.snapshot)
        exported_replies = {(r.author, " ".join(r.text.split())) for c in self.snapshot.comments
                            for r in c.replies}
        if not any(c.parent_para for c in words):
            # No thread links (LibreOffice 7 writes no commentsExtended.xml): a reply comes
            # back as a comment of its own on its thread's words, right after the thread.
            tops = self._thread_by_range(tops, state, replies, exported_replies)
        snap_threads = {c.id: c for c in self.snapshot.comments}
        current_threads = {c.id: c for c in self.current.comments}
        out = []
        for c in tops:
            if (c.author, " ".join(c.text.split())) in exported_replies:
                continue  # a reply the brief already holds, come back unlinked
            thread_id = known.get((c.author, " ".join(c.text.split())))
            existing = current_threads.get(thread_id or "") or snap_threads.get(thread_id or "")
            snap = snap_threads.get(thread_id or "")
            anchor = self._anchor(state.ranges.get(c.id))
            rs = [(r.author, r.date, r.text) for r in replies.get(c.id, [])]
            done = c.done or any(r.done for r in replies.get(c.id, []))
            if thread_id is None:
                thread_id = "w" + change_id(self.export_id, c.author, c.date, c.text)[1:11]
                existing = current_threads.get(thread_id)
                snap = None
            out.append(merge_thread(existing, thread_id, c.author, c.date, c.text, anchor, rs,
                                    done, snap.resolved if snap else None))
        return out

    def _thread_by_range(self, tops: list, state: _State, replies: dict[str, list],
                         exported_replies: set[tuple[str, str]]) -> list:
        out: list = []
        for c in tops:
            rng = state.ranges.get(c.id)
            key = (c.author, " ".join(c.text.split()))
            if out and rng is not None and key not in exported_replies:
                head = out[-1]
                head_rng = state.ranges.get(head.id)
                if head_rng is not None and (head_rng.place, head_rng.start, head_rng.end) == \
                        (rng.place, rng.start, rng.end) and (head.date or "") <= (c.date or "~"):
                    replies.setdefault(head.id, []).append(c)
                    continue
            out.append(c)
        return out

    def _anchor(self, rng: _Range | None) -> CommentAnchor:
        if rng is None or rng.place is None:
            first = self.current.sections[0].id if self.current.sections else None
            return CommentAnchor(first, "heading" if first else "summary", 0, 0, 0, "")
        place = rng.place
        base = self._base(place)
        start = min(rng.start, len(base))
        end = min(rng.end if rng.end is not None else start, len(base))
        quote = base[start:end]
        cur = self.places.current_place(place)
        if cur is None:
            return CommentAnchor(place.section, place.field, place.index, start, end, quote)
        regions = self._regions_for(place, cur)
        cs, ce = map_offset(start, regions), map_offset(end, regions)
        ours = self._ours(cur)
        if ours[cs:ce] != quote and quote and quote in ours:
            cs = ours.find(quote)
            ce = cs + len(quote)
        return CommentAnchor(cur.section, cur.field, cur.index, cs, max(cs, ce), quote)
