"""Reviewed DOCX files made with the markup Word itself writes, from one of our exports.

Each helper finds words in ``word/document.xml`` (or a notes part) and rewrites the run that
holds them the way Word records the edit: ``w:del`` with ``w:delText``, ``w:ins``,
``w:moveFrom``/``w:moveTo`` with their range marks, ``w:rPrChange`` for formatting, and
``comments.xml`` + ``commentsExtended.xml`` for comments and replies. The markup follows
ECMA-376 and what Word 2016+ saves; nothing here reads our own code's output back.
"""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
DATE = "2026-11-30T09:00:00Z"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


class WordReview:
    """An export opened for editing as Word would edit it; ``save`` writes the review."""

    def __init__(self, source: Path) -> None:
        with zipfile.ZipFile(source) as z:
            self.files = {n: z.read(n) for n in z.namelist()}
        self.doc = etree.fromstring(self.files["word/document.xml"])
        self.parts = {"word/document.xml": self.doc}
        self.next_id = 500
        self.comments: list[tuple[int, str, str, str, str | None, bool]] = []

    def part(self, name: str) -> etree._Element:
        if name not in self.parts:
            self.parts[name] = etree.fromstring(self.files[name])
        return self.parts[name]

    def _id(self) -> str:
        self.next_id += 1
        return str(self.next_id)

    # ------------------------------------------------------------------ finding words

    def _split(self, words: str, root: etree._Element | None = None, nth: int = 0):
        """Split the run holding ``words`` so they have a run of their own; return it."""
        root = self.doc if root is None else root
        seen = 0
        for t in root.iter(w("t")):
            text = t.text or ""
            at = text.find(words)
            if at < 0:
                continue
            if seen < nth:
                seen += 1
                continue
            run = t.getparent()
            parts = [text[:at], words, text[at + len(words):]]
            runs = []
            for piece in parts:
                r = copy.deepcopy(run)
                for child in list(r):
                    if child.tag != w("rPr"):
                        r.remove(child)
                nt = etree.SubElement(r, w("t"))
                nt.text = piece
                nt.set(XML_SPACE, "preserve")
                runs.append(r)
            parent = run.getparent()
            index = parent.index(run)
            parent.remove(run)
            kept = []
            for r, piece in zip(runs, parts, strict=True):
                if piece or r is runs[1]:
                    parent.insert(index, r)
                    index += 1
                    kept.append(r)
            return runs[1]
        raise AssertionError(f"{words!r} is not in the document")

    def _wrap(self, run: etree._Element, tag: str, author: str, **attrs: str) -> etree._Element:
        wrapper = etree.Element(w(tag))
        wrapper.set(w("id"), self._id())
        wrapper.set(w("author"), author)
        wrapper.set(w("date"), DATE)
        for k, v in attrs.items():
            wrapper.set(w(k), v)
        run.addprevious(wrapper)
        wrapper.append(run)
        return wrapper

    @staticmethod
    def _to_deleted(run: etree._Element) -> None:
        for t in run.findall(w("t")):
            t.tag = w("delText")

    # ------------------------------------------------------------------ tracked edits

    def delete(self, words: str, author: str = "Word Editor", root=None) -> None:
        run = self._split(words, root)
        self._to_deleted(run)
        self._wrap(run, "del", author)

    def insert_after(self, words: str, new: str, author: str = "Word Editor", root=None) -> None:
        run = self._split(words, root)
        added = copy.deepcopy(run)
        added.find(w("t")).text = new
        run.addnext(added)
        self._wrap(added, "ins", author)

    def replace(self, words: str, new: str, author: str = "Word Editor", root=None) -> None:
        run = self._split(words, root)
        added = copy.deepcopy(run)
        added.find(w("t")).text = new
        self._to_deleted(run)
        deleted = self._wrap(run, "del", author)
        deleted.addnext(added)
        self._wrap(added, "ins", author)

    def move(self, words: str, before_words: str, author: str = "Word Editor") -> None:
        """Move ``words`` to just before ``before_words``, as Word records a drag."""
        run = self._split(words)
        target = self._split(before_words)
        moved = copy.deepcopy(run)
        self._to_deleted(run)
        name = f"move{self._id()}"
        src = self._wrap(run, "moveFrom", author)
        src.addprevious(etree.Element(w("moveFromRangeStart"), {w("id"): self._id(),
                                                                 w("name"): name,
                                                                 w("author"): author,
                                                                 w("date"): DATE}))
        src.addnext(etree.Element(w("moveFromRangeEnd"), {w("id"): self._id()}))
        target.addprevious(moved)
        dst = self._wrap(moved, "moveTo", author)
        dst.addprevious(etree.Element(w("moveToRangeStart"), {w("id"): self._id(),
                                                               w("name"): name,
                                                               w("author"): author,
                                                               w("date"): DATE}))
        dst.addnext(etree.Element(w("moveToRangeEnd"), {w("id"): self._id()}))

    def italicize(self, words: str, author: str = "Word Editor") -> None:
        run = self._split(words)
        rpr = run.find(w("rPr"))
        if rpr is None:
            rpr = etree.Element(w("rPr"))
            run.insert(0, rpr)
        old = copy.deepcopy(rpr)
        rpr.insert(0, etree.Element(w("i")))
        change = etree.SubElement(rpr, w("rPrChange"), {w("id"): self._id(),
                                                        w("author"): author, w("date"): DATE})
        change.append(old)

    def delete_note_marker(self, note_id: str, author: str = "Word Editor") -> None:
        for kind in ("footnoteReference", "endnoteReference"):
            for ref in self.doc.iter(w(kind)):
                if ref.get(w("id")) == note_id:
                    self._wrap(ref.getparent(), "del", author)
                    return
        raise AssertionError(f"no note {note_id}")

    def move_note_marker(self, note_id: str, before_words: str,
                         author: str = "Word Editor") -> None:
        """Word's move of a note marker: moveFrom here, moveTo there with a copied note."""
        for kind in ("footnoteReference", "endnoteReference"):
            for ref in self.doc.iter(w(kind)):
                if ref.get(w("id")) != note_id:
                    continue
                run = ref.getparent()
                moved = copy.deepcopy(run)
                self._wrap(run, "moveFrom", author)
                part = self.part(f"word/{kind[:-9]}s.xml")
                notes = part.findall(w(kind[:-9]))
                new_id = str(max(int(n.get(w("id"))) for n in notes) + 1)
                copy_note = copy.deepcopy(next(n for n in notes if n.get(w("id")) == note_id))
                copy_note.set(w("id"), new_id)
                part.append(copy_note)
                moved.find(w(kind)).set(w("id"), new_id)
                target = self._split(before_words)
                target.addprevious(moved)
                self._wrap(moved, "moveTo", author)
                return
        raise AssertionError(f"no note {note_id}")

    def edit_note(self, note_words: str, new: str, author: str = "Word Editor") -> None:
        for name in ("word/endnotes.xml", "word/footnotes.xml"):
            if name in self.files:
                root = self.part(name)
                if any(note_words in (t.text or "") for t in root.iter(w("t"))):
                    self.replace(note_words, new, author, root=root)
                    return
        raise AssertionError(f"{note_words!r} is in no note")

    def paragraph_of(self, words: str) -> etree._Element:
        for t in self.doc.iter(w("t")):
            if words in (t.text or ""):
                p = t.getparent()
                while p.tag != w("p"):
                    p = p.getparent()
                return p
        raise AssertionError(f"{words!r} is not in the document")

    def delete_paragraph(self, words: str, author: str = "Word Editor") -> None:
        p = self.paragraph_of(words)
        for run in [r for r in p if r.tag == w("r")]:
            self._to_deleted(run)
            self._wrap(run, "del", author)
        ppr = p.find(w("pPr"))
        rpr = ppr.find(w("rPr"))
        if rpr is None:
            rpr = etree.SubElement(ppr, w("rPr"))
        etree.SubElement(rpr, w("del"), {w("id"): self._id(), w("author"): author,
                                          w("date"): DATE})

    def add_paragraph_after(self, words: str, text: str, author: str = "Word Editor", *,
                            tracked: bool = True) -> None:
        """A new paragraph in the same style (a new bullet after a bullet)."""
        p = self.paragraph_of(words)
        new = etree.Element(w("p"))
        ppr = copy.deepcopy(p.find(w("pPr")))
        new.append(ppr)
        if not tracked:
            run = etree.SubElement(new, w("r"))
            etree.SubElement(run, w("t")).text = text
            p.addnext(new)
            return
        # Word marks the paragraph mark it inserted on the paragraph before the new text.
        mark_rpr = p.find(w("pPr")).find(w("rPr"))
        if mark_rpr is None:
            mark_rpr = etree.SubElement(p.find(w("pPr")), w("rPr"))
        etree.SubElement(mark_rpr, w("ins"), {w("id"): self._id(), w("author"): author,
                                               w("date"): DATE})
        run = etree.SubElement(new, w("r"))
        t = etree.SubElement(run, w("t"))
        t.text = text
        p.addnext(new)
        self._wrap(run, "ins", author)

    # ------------------------------------------------------------------ untracked edits

    def retype(self, words: str, new: str) -> None:
        """An edit with tracking off: the words simply change."""
        for t in self.doc.iter(w("t")):
            if words in (t.text or ""):
                t.text = t.text.replace(words, new, 1)
                return
        raise AssertionError(f"{words!r} is not in the document")

    # ------------------------------------------------------------------ comments

    def comment(self, words: str, text: str, author: str = "Word Editor", *,
                through_note: bool = False, nth: int = 0) -> int:
        """A comment on ``words`` (and on the note marker after them, with ``through_note``)."""
        cid = len(self.comments) + 1000
        run = self._split(words, nth=nth)
        end_at = run
        if through_note:
            nxt = run.getnext()
            while nxt is not None and not nxt.iter(w("footnoteReference")) and \
                    not list(nxt.iter(w("endnoteReference"))):
                nxt = nxt.getnext()
            end_at = nxt if nxt is not None else run
        run.addprevious(etree.Element(w("commentRangeStart"), {w("id"): str(cid)}))
        end = etree.Element(w("commentRangeEnd"), {w("id"): str(cid)})
        end_at.addnext(end)
        ref_run = etree.Element(w("r"))
        etree.SubElement(ref_run, w("commentReference"), {w("id"): str(cid)})
        end.addnext(ref_run)
        self.comments.append((cid, author, text, f"{0x3A000000 + cid:08X}", None, False))
        return cid

    def reply(self, to: int, text: str, author: str = "Word Editor", *,
              resolve: bool = False) -> int:
        cid = len(self.comments) + 1000
        parent = next(c for c in self.comments if c[0] == to)
        self.comments.append((cid, author, text, f"{0x3A000000 + cid:08X}", parent[3], False))
        if resolve:
            self.comments = [c[:5] + (True,) if c[0] == to else c for c in self.comments]
        # Word puts a reply's range and reference at its parent's.
        start = next(e for e in self.doc.iter(w("commentRangeStart")) if e.get(w("id")) == str(to))
        start.addnext(etree.Element(w("commentRangeStart"), {w("id"): str(cid)}))
        end = next(e for e in self.doc.iter(w("commentRangeEnd")) if e.get(w("id")) == str(to))
        mark = etree.Element(w("commentRangeEnd"), {w("id"): str(cid)})
        end.addnext(mark)
        ref_run = etree.Element(w("r"))
        etree.SubElement(ref_run, w("commentReference"), {w("id"): str(cid)})
        mark.addnext(ref_run)
        return cid

    def resolve_existing(self, text: str) -> None:
        """Mark the exported comment whose words are ``text`` as done, as Word's Resolve."""
        root = self.part("word/comments.xml")
        ext = self.part("word/commentsExtended.xml")
        for c in root.findall(w("comment")):
            if text in "".join(t.text or "" for t in c.iter(w("t"))):
                para = c.findall(w("p"))[-1].get(f"{{{W14}}}paraId")
                for ex in ext:
                    if ex.get(f"{{{W15}}}paraId") == para:
                        ex.set(f"{{{W15}}}done", "1")
                return
        raise AssertionError(f"no comment {text!r}")

    def reply_to_existing(self, text: str, reply: str, author: str = "Word Editor") -> None:
        """Word's Reply on a comment the export carried."""
        root = self.part("word/comments.xml")
        ext = self.part("word/commentsExtended.xml")
        parent = next(c for c in root.findall(w("comment"))
                      if text in "".join(t.text or "" for t in c.iter(w("t"))))
        pid = parent.get(w("id"))
        para_parent = parent.findall(w("p"))[-1].get(f"{{{W14}}}paraId")
        new_id = str(max(int(c.get(w("id"))) for c in root.findall(w("comment"))) + 1)
        para = f"{0x3B000000 + int(new_id):08X}"
        c = etree.SubElement(root, w("comment"), {w("id"): new_id, w("author"): author,
                                                   w("date"): DATE, w("initials"): "WE"})
        p = etree.SubElement(c, w("p"), {f"{{{W14}}}paraId": para})
        r = etree.SubElement(p, w("r"))
        etree.SubElement(r, w("t")).text = reply
        etree.SubElement(ext, f"{{{W15}}}commentEx", {f"{{{W15}}}paraId": para,
                                                      f"{{{W15}}}paraIdParent": para_parent,
                                                      f"{{{W15}}}done": "0"})
        start = next(e for e in self.doc.iter(w("commentRangeStart")) if e.get(w("id")) == pid)
        start.addnext(etree.Element(w("commentRangeStart"), {w("id"): new_id}))
        end = next(e for e in self.doc.iter(w("commentRangeEnd")) if e.get(w("id")) == pid)
        mark = etree.Element(w("commentRangeEnd"), {w("id"): new_id})
        end.addnext(mark)

    # ------------------------------------------------------------------ saving

    def _comment_parts(self) -> None:
        if not self.comments:
            return
        body = []
        ext = []
        for cid, author, text, para, parent, done in self.comments:
            body.append(f'<w:comment w:id="{cid}" w:author="{author}" w:date="{DATE}" '
                        f'w:initials="WE"><w:p w14:paraId="{para}"><w:r><w:annotationRef/>'
                        f'</w:r><w:r><w:t>{text}</w:t></w:r></w:p></w:comment>')
            parent_attr = f' w15:paraIdParent="{parent}"' if parent else ""
            ext.append(f'<w15:commentEx w15:paraId="{para}"{parent_attr} '
                       f'w15:done="{1 if done else 0}"/>')
        ns = f'xmlns:w="{W}" xmlns:w14="{W14}" xmlns:w15="{W15}"'
        self.files["word/comments.xml"] = f'<w:comments {ns}>{"".join(body)}</w:comments>'.encode()
        self.files["word/commentsExtended.xml"] = \
            f'<w15:commentsEx {ns}>{"".join(ext)}</w15:commentsEx>'.encode()
        types = self.files["[Content_Types].xml"].decode()
        types = types.replace("</Types>", (
            '<Override PartName="/word/comments.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.wordprocessingml.comments+xml"/>'
            '<Override PartName="/word/commentsExtended.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"/></Types>'))
        self.files["[Content_Types].xml"] = types.encode()
        rels = self.files["word/_rels/document.xml.rels"].decode()
        rels = rels.replace("</Relationships>", (
            '<Relationship Id="rIdC1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/comments" Target="comments.xml"/>'
            '<Relationship Id="rIdC2" Type="http://schemas.microsoft.com/office/2011/'
            'relationships/commentsExtended" Target="commentsExtended.xml"/></Relationships>'))
        self.files["word/_rels/document.xml.rels"] = rels.encode()

    def save(self, target: Path) -> Path:
        for name, root in self.parts.items():
            self.files[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                              standalone=True)
        self._comment_parts()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in self.files.items():
                z.writestr(name, data)
        target.write_bytes(buffer.getvalue())
        return target
