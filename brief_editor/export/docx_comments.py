"""The brief's review comments as real Word comments, with their replies and resolved state.

Word keeps a thread in three parts: ``comments.xml`` holds every comment and reply (one
``w:comment`` each, its paragraph carrying a ``w14:paraId``), ``commentsExtended.xml`` says
which comment answers which (``w15:paraIdParent``) and whether a thread is resolved
(``w15:done``), and ``commentsIds.xml`` gives each a durable id. In the text, a comment and
its replies mark the same range (``w:commentRangeStart``/``End``) followed by a reference
run. LibreOffice reads and writes the same parts, so a thread survives either word processor.

The anchor is the comment's stretch of the field's running text (offsets into
``inline_text``, where a note counts for nothing); when the words there are no longer the
quoted ones, the quote is looked for in the paragraph, and failing that the comment marks the
paragraph's end, so a thread is never dropped from an export.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx.opc.packuri import PackURI
from docx.opc.part import Part

from brief_editor.export.plan import NoteRef
from brief_editor.model import Comment, Link, Place, Styled

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
W15_NS = "http://schemas.microsoft.com/office/word/2012/wordml"
W16CID_NS = "http://schemas.microsoft.com/office/word/2016/wordml/cid"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"

CT_COMMENTS = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
CT_COMMENTS_EX = ("application/vnd.openxmlformats-officedocument.wordprocessingml."
                  "commentsExtended+xml")
CT_COMMENTS_IDS = "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsIds+xml"
RT_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
RT_COMMENTS_EX = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
RT_COMMENTS_IDS = "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds"


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _escape(text: str) -> str:
    text = _NOT_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(text: str) -> str:
    return _escape(text).replace('"', "&quot;")


@dataclass(frozen=True)
class _Entry:
    """One Word comment: a thread's first comment or one of its replies."""

    word_id: int
    thread: str
    reply: str | None
    author: str
    date: str
    text: str
    parent: int | None  # the word id of the thread's first comment, for a reply
    done: bool


def _para_id(word_id: int) -> str:
    # paraId is a hex number below 0x80000000; a fixed base keeps them clear of Word's own.
    return f"{0x1E000000 + word_id:08X}"


def _durable_id(thread: str, reply: str | None, word_id: int) -> str:
    digest = hashlib.sha256(f"{thread}/{reply}/{word_id}".encode()).hexdigest()
    return f"{int(digest[:8], 16) & 0x7FFFFFFF:08X}"


class CommentWriter:
    """Places the brief's comments in the paragraphs of their fields, then writes the parts."""

    def __init__(self, comments: Sequence[Comment], clean: Any = None) -> None:
        self._clean = clean or (lambda text: text)
        self.by_place: dict[tuple[str | None, str, int], list[Comment]] = {}
        for comment in comments:
            a = comment.anchor
            self.by_place.setdefault((a.section, a.field, a.index), []).append(comment)
        self.entries: list[_Entry] = []
        self._placed: set[str] = set()
        self._comments = list(comments)

    def has(self, place: Place) -> bool:
        return (place.section, place.field, place.index) in self.by_place

    # ------------------------------------------------------------------ in the text

    def spans(self, writer: Any, p: list[str], spans: Sequence[Any], place: Place) -> None:
        """Write ``spans`` into ``p`` with the ranges of the comments anchored at ``place``."""
        comments = self.by_place.get((place.section, place.field, place.index), [])
        text = "".join(s if isinstance(s, str) else getattr(s, "text", "") for s in spans)
        marks: list[tuple[int, int, str]] = []  # (offset, 0 start / 1 end, xml)
        for comment in comments:
            if comment.id in self._placed:
                continue
            self._placed.add(comment.id)
            start, end = _find_anchor(text, comment)
            ids = self._thread_entries(comment)
            marks.append((start, 0, "".join(f'<w:commentRangeStart w:id="{i}"/>' for i in ids)))
            marks.append((end, 1, "".join(
                f'<w:commentRangeEnd w:id="{i}"/><w:r><w:commentReference w:id="{i}"/></w:r>'
                for i in ids)))
        if not marks:
            writer.spans(p, spans)
            return
        marks.sort(key=lambda m: (m[0], m[1]))
        pos = 0
        queue = list(marks)
        for span in spans:
            if isinstance(span, NoteRef):
                # A range that starts here starts before the note; one that ends here ends
                # after it, so a comment on words carrying a note covers the note too.
                while queue and queue[0][0] == pos and queue[0][1] == 0:
                    p.append(queue.pop(0)[2])
                writer.spans(p, [span])
                continue
            value = span if isinstance(span, str) else span.text
            end = pos + len(value)
            cut = pos
            while queue and queue[0][0] < end or (queue and queue[0][0] == pos):
                offset, _kind, xml = queue.pop(0)
                offset = max(offset, cut)
                if offset > cut:
                    writer.spans(p, [_slice(span, cut - pos, offset - pos)])
                    cut = offset
                p.append(xml)
            if end > cut:
                writer.spans(p, [_slice(span, cut - pos, end - pos)])
            pos = end
        for _offset, _kind, xml in queue:
            p.append(xml)

    def place_leftovers(self, p: list[str], exported: set[tuple[str | None, str, int]]) -> None:
        """Comments whose field is not in the export: a point range here, in ``p``."""
        for comment in self._comments:
            a = comment.anchor
            if comment.id in self._placed or (a.section, a.field, a.index) in exported:
                continue
            self._placed.add(comment.id)
            ids = self._thread_entries(comment)
            p.extend(f'<w:commentRangeStart w:id="{i}"/>' for i in ids)
            p.extend(f'<w:commentRangeEnd w:id="{i}"/><w:r><w:commentReference w:id="{i}"/>'
                     "</w:r>" for i in ids)

    def _thread_entries(self, comment: Comment) -> list[int]:
        first = len(self.entries)
        self.entries.append(_Entry(first, comment.id, None, comment.author, comment.date,
                                   comment.text, None, comment.resolved))
        ids = [first]
        for reply in comment.replies:
            word_id = len(self.entries)
            self.entries.append(_Entry(word_id, comment.id, reply.id, reply.author, reply.date,
                                       reply.text, first, comment.resolved))
            ids.append(word_id)
        return ids

    # ------------------------------------------------------------------ the parts

    def id_map(self) -> dict[str, list[str | None]]:
        """Word comment id → [thread id, reply id or None], for the export snapshot."""
        return {str(e.word_id): [e.thread, e.reply] for e in self.entries}

    def add_parts(self, document_part: Any) -> None:
        """Write comments.xml, commentsExtended.xml and commentsIds.xml and relate them."""
        if not self.entries:
            return
        package = document_part.package
        for rid, rel in list(document_part.rels.items()):
            if rel.reltype in (RT_COMMENTS, RT_COMMENTS_EX, RT_COMMENTS_IDS):
                document_part.drop_rel(rid)
        comments, extended, ids = [], [], []
        for e in self.entries:
            para = _para_id(e.word_id)
            date = f' w:date="{_attr(e.date)}"' if e.date else ""
            initials = "".join(w[0] for w in e.author.split() if w)[:4]
            body = "".join(f"<w:r><w:t xml:space=\"preserve\">{_escape(self._clean(line))}"
                           "</w:t></w:r>" if i == 0 else
                           f"<w:r><w:br/><w:t xml:space=\"preserve\">"
                           f"{_escape(self._clean(line))}</w:t></w:r>"
                           for i, line in enumerate(e.text.split("\n")))
            comments.append(
                f'<w:comment w:id="{e.word_id}" w:author="{_attr(self._clean(e.author))}"{date}'
                f' w:initials="{_attr(self._clean(initials))}">'
                f'<w:p w14:paraId="{para}" w14:textId="77777777">'
                f'<w:r><w:annotationRef/></w:r>{body}</w:p></w:comment>')
            parent = (f' w15:paraIdParent="{_para_id(e.parent)}"' if e.parent is not None
                      else "")
            extended.append(f'<w15:commentEx w15:paraId="{para}"{parent}'
                            f' w15:done="{1 if e.done else 0}"/>')
            ids.append(f'<w16cid:commentId w16cid:paraId="{para}" '
                       f'w16cid:durableId="{_durable_id(e.thread, e.reply, e.word_id)}"/>')
        head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        ignorable = f'xmlns:mc="{MC_NS}" mc:Ignorable="w14 w15 w16cid"'
        parts = (
            ("/word/comments.xml", CT_COMMENTS, RT_COMMENTS,
             f'<w:comments xmlns:w="{W_NS}" xmlns:w14="{W14_NS}" xmlns:w15="{W15_NS}" '
             f'xmlns:w16cid="{W16CID_NS}" {ignorable}>{"".join(comments)}</w:comments>'),
            ("/word/commentsExtended.xml", CT_COMMENTS_EX, RT_COMMENTS_EX,
             f'<w15:commentsEx xmlns:w="{W_NS}" xmlns:w14="{W14_NS}" xmlns:w15="{W15_NS}" '
             f'xmlns:w16cid="{W16CID_NS}" {ignorable}>{"".join(extended)}</w15:commentsEx>'),
            ("/word/commentsIds.xml", CT_COMMENTS_IDS, RT_COMMENTS_IDS,
             f'<w16cid:commentsIds xmlns:w="{W_NS}" xmlns:w14="{W14_NS}" xmlns:w15="{W15_NS}" '
             f'xmlns:w16cid="{W16CID_NS}" {ignorable}>{"".join(ids)}</w16cid:commentsIds>'),
        )
        for name, content_type, reltype, xml in parts:
            part = Part(PackURI(name), content_type, (head + xml).encode("utf-8"), package)
            document_part.relate_to(part, reltype)


def _find_anchor(text: str, comment: Comment) -> tuple[int, int]:
    a = comment.anchor
    start, end = max(0, min(a.start, len(text))), max(0, min(a.end, len(text)))
    if a.quote and text[start:end] != a.quote:
        found = text.find(a.quote)
        if found >= 0:
            return found, found + len(a.quote)
        return len(text), len(text)
    return start, max(start, end)


def _slice(span: Any, start: int, end: int) -> Any:
    if isinstance(span, str):
        return span[start:end]
    if isinstance(span, Styled):
        return Styled(span.text[start:end], span.marks)
    if isinstance(span, Link):
        return Link(span.url, span.text[start:end])
    return span
