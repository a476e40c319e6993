"""Read the parts of a reviewed DOCX: body paragraphs, notes and comments, changes kept.

Every paragraph becomes a list of pieces in document order: text with its status
("same", "ins" for a tracked insertion, "del" for a tracked deletion; a move is a deletion
here and an insertion there), note references, comment range marks and formatting changes
(``w:rPrChange``), each with the author and date Word or LibreOffice recorded. Nothing is
resolved here; ``mapping`` decides what the pieces mean for the brief.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from brief_editor.review.types import ReviewError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAX_PART = 200 * 1024 * 1024  # a part larger than this is not a brief's export


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class Revision:
    """Who made a tracked change, and when."""

    author: str
    date: str
    kind: str  # "ins" | "del" | "moveFrom" | "moveTo" | "format"
    move: str = ""  # the name pairing a moveFrom with its moveTo


@dataclass
class Piece:
    """Text, a note reference or a comment mark, in document order."""

    kind: str  # "text" | "note" | "cstart" | "cend"
    text: str = ""
    status: str = "same"  # "same" | "ins" | "del"
    revision: Revision | None = None
    marks: frozenset[str] = frozenset()
    old_marks: frozenset[str] | None = None  # set when the run carries a w:rPrChange
    format_revision: Revision | None = None
    ref: str = ""  # note id, or comment id


@dataclass
class DocParagraph:
    """One paragraph of the body (or of a note), as pieces."""

    pieces: list[Piece] = field(default_factory=list)
    bookmarks: list[str] = field(default_factory=list)
    style: str = ""
    numbered: bool = False
    mark_revision: Revision | None = None  # the paragraph mark inserted or deleted

    def text(self, view: str) -> str:
        """The text before the tracked changes ("before") or after them ("after")."""
        hide = "ins" if view == "before" else "del"
        return "".join(p.text for p in self.pieces if p.kind == "text" and p.status != hide)


@dataclass(frozen=True)
class WordComment:
    """A comment of comments.xml, with its thread links from commentsExtended.xml."""

    id: str
    author: str
    date: str
    text: str
    para_ids: tuple[str, ...]
    parent_para: str | None = None
    done: bool = False


@dataclass
class ReviewedPackage:
    """What a reviewed DOCX holds, read once."""

    paragraphs: list[DocParagraph]
    notes: dict[str, DocParagraph]  # note id → its text (paragraphs joined)
    note_kind: str
    comments: list[WordComment]
    custom_xml: list[bytes]
    custom_properties: dict[str, str]
    last_modified_by: str
    modified: str


def read_package(path: Path) -> ReviewedPackage:
    """Read ``path``; ReviewError when it is not a readable DOCX."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise ReviewError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if head == _OLE_MAGIC:
        raise ReviewError(f"{path}: is encrypted (password-protected) or an old .doc; "
                          "save it as a .docx without a password and try again")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ReviewError(f"{path}: not a Word document (.docx): {exc}") from None
    with archive:
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            raise ReviewError(f"{path}: not a Word document (.docx): it has no word/document.xml")

        def part(name: str) -> etree._Element | None:
            if name not in names:
                return None
            info = archive.getinfo(name)
            if info.file_size > _MAX_PART:
                raise ReviewError(f"{path}: {name} is too large to be a brief's export")
            try:
                return etree.fromstring(archive.read(name),
                                        etree.XMLParser(resolve_entities=False, huge_tree=True))
            except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, ValueError) as exc:
                raise ReviewError(f"{path}: {name} is damaged ({_first_line(exc)})") from None

        document = part("word/document.xml")
        assert document is not None
        body = document.find(w("body"))
        paragraphs = [_paragraph(p) for p in body.iter(w("p"))] if body is not None else []
        note_kind = "endnote"
        notes: dict[str, DocParagraph] = {}
        for kind in ("footnote", "endnote"):
            root = part(f"word/{kind}s.xml")
            if root is None:
                continue
            found = _notes(root, kind)
            if found:
                notes.update(found)
                note_kind = kind
        comments = _comments(part("word/comments.xml"), part("word/commentsExtended.xml"))
        custom_xml = [archive.read(n) for n in sorted(names)
                      if n.startswith("customXml/item") and n.endswith(".xml")
                      and "itemProps" not in n and archive.getinfo(n).file_size < _MAX_PART]
        props = _custom_properties(part("docProps/custom.xml"))
        who, when = _core(part("docProps/core.xml"))
    return ReviewedPackage(paragraphs, notes, note_kind, comments, custom_xml, props, who, when)


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _revision(el: etree._Element, kind: str) -> Revision:
    return Revision(el.get(w("author"), ""), el.get(w("date"), ""), kind, el.get(w("name"), ""))


_MARK_TAGS = {w("b"): "bold", w("i"): "italic", w("u"): "underline"}
_VAL = w("val")
_VERT = w("vertAlign")
_OFF = ("0", "false", "none", "off")
_NO_MARKS: frozenset[str] = frozenset()


def _marks(rpr: etree._Element | None) -> frozenset[str]:
    if rpr is None:
        return _NO_MARKS
    marks = set()
    for child in rpr:
        tag = child.tag
        if tag in _MARK_TAGS:
            if child.get(_VAL, "true") not in _OFF:
                marks.add(_MARK_TAGS[tag])
        elif tag == _VERT and child.get(_VAL) in ("superscript", "subscript"):
            marks.add(child.get(_VAL))
    return frozenset(marks) if marks else _NO_MARKS


class _Walker:
    """Walks the children of a paragraph, keeping the tracked-change state of each run."""

    def __init__(self, para: DocParagraph) -> None:
        self.para = para
        self.in_field_code = False
        self.move_state: dict[str, Revision] = {}

    def walk(self, el: etree._Element, status: str, revision: Revision | None) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            local = tag.rsplit("}", 1)[-1]
            if local == "r":
                self.run(child, status, revision)
            elif local in ("ins", "moveTo"):
                self.walk(child, "ins", _revision(child, local))
            elif local in ("del", "moveFrom"):
                self.walk(child, "del", _revision(child, local))
            elif local in ("hyperlink", "smartTag", "customXml", "fldSimple", "sdt",
                           "sdtContent", "dir", "bdo"):
                self.walk(child, status, revision)
            elif local == "bookmarkStart":
                self.para.bookmarks.append(child.get(w("name"), ""))
            elif local == "commentRangeStart":
                self.para.pieces.append(Piece("cstart", ref=child.get(w("id"), "")))
            elif local == "commentRangeEnd":
                self.para.pieces.append(Piece("cend", ref=child.get(w("id"), "")))

    def run(self, r: etree._Element, status: str, revision: Revision | None) -> None:
        rpr = r.find(w("rPr"))
        marks = _marks(rpr)
        old_marks = None
        fmt_rev = None
        if rpr is not None:
            change = rpr.find(w("rPrChange"))
            if change is not None:
                old_marks = _marks(change.find(w("rPr")))
                fmt_rev = _revision(change, "format")
        # A run in our own note reference style is the note mark, not text; so is a
        # superscript "1" LibreOffice writes for an anchor: only the reference element counts.
        for child in r:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            local = tag.rsplit("}", 1)[-1]
            if local == "fldChar":
                kind = child.get(w("fldCharType"))
                self.in_field_code = kind == "begin"
                continue
            if local == "instrText" or self.in_field_code:
                continue
            text = None
            if local in ("t", "delText"):
                text = child.text or ""
            elif local == "tab":
                text = "\t"
            elif local in ("br", "cr"):
                text = "\n"
            elif local == "noBreakHyphen":
                text = "\u2011"
            elif local in ("footnoteReference", "endnoteReference"):
                self.para.pieces.append(Piece("note", status=status, revision=revision,
                                              ref=child.get(w("id"), "")))
                continue
            if text:
                self.para.pieces.append(Piece("text", text, status, revision, marks, old_marks,
                                              fmt_rev))


def _paragraph(p: etree._Element) -> DocParagraph:
    para = DocParagraph()
    ppr = p.find(w("pPr"))
    if ppr is not None:
        style = ppr.find(w("pStyle"))
        para.style = style.get(w("val"), "") if style is not None else ""
        para.numbered = ppr.find(w("numPr")) is not None
        rpr = ppr.find(w("rPr"))
        if rpr is not None:
            for kind in ("ins", "del", "moveTo", "moveFrom"):
                mark = rpr.find(w(kind))
                if mark is not None:
                    para.mark_revision = _revision(mark, kind)
    _Walker(para).walk(p, "same", None)
    return para


def _notes(root: etree._Element, kind: str) -> dict[str, DocParagraph]:
    found: dict[str, DocParagraph] = {}
    for note in root.findall(w(kind)):
        if note.get(w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        joined = DocParagraph()
        for i, p in enumerate(note.iter(w("p"))):
            para = _paragraph(p)
            if i:
                joined.pieces.append(Piece("text", " "))
            joined.pieces.extend(para.pieces)
        found[note.get(w("id"), "")] = joined
    return found


def _comments(root: etree._Element | None, extended: etree._Element | None) -> list[WordComment]:
    if root is None:
        return []
    links: dict[str, tuple[str | None, bool]] = {}
    if extended is not None:
        for ex in extended.iter(f"{{{W15}}}commentEx"):
            links[ex.get(f"{{{W15}}}paraId", "")] = (
                ex.get(f"{{{W15}}}paraIdParent"), ex.get(f"{{{W15}}}done") in ("1", "true"))
    out = []
    for c in root.findall(w("comment")):
        paras = list(c.iter(w("p")))
        para_ids = tuple(p.get(f"{{{W14}}}paraId", "") for p in paras)
        texts = []
        for p in paras:
            para = _paragraph(p)
            texts.append(para.text("after"))
        parent, done = None, False
        if para_ids and para_ids[-1] in links:
            parent, done = links[para_ids[-1]]
        out.append(WordComment(c.get(w("id"), ""), c.get(w("author"), ""), c.get(w("date"), ""),
                               "\n".join(texts).strip(), para_ids, parent, done))
    return out


def _custom_properties(root: etree._Element | None) -> dict[str, str]:
    if root is None:
        return {}
    out = {}
    for prop in root:
        name = prop.get("name")
        if name and len(prop):
            out[name] = prop[0].text or ""
    return out


def _core(root: etree._Element | None) -> tuple[str, str]:
    if root is None:
        return "", ""
    cp = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    dcterms = "http://purl.org/dc/terms/"
    who = root.find(f"{{{cp}}}lastModifiedBy")
    when = root.find(f"{{{dcterms}}}modified")
    return ((who.text or "") if who is not None else "",
            (when.text or "") if when is not None else "")
