"""The XML layer of the DOCX export: notes parts, runs, styles, numbering and settings.

python-docx has no footnote API, so the notes parts are built here at its oxml level, the
way python-docx 1.2 adds its comments part: the part is created on demand from default XML
(separator and continuation separator), related to the document part, and filled. This is
the only module of the export that touches ``docx.oxml`` or lxml; ``docx_writer`` lays the
plan out through python-docx's public API and asks this module for everything below it.

Paragraphs are not built through ``Paragraph.add_run``: python-docx's proxies look the
style up by name and walk the tree on every call. Each style is looked up once, runs are
written as escaped XML strings, and all the paragraphs of a part are parsed in one go, which
is about three times faster than making the same runs element by element with lxml.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import oxml_parser, parse_xml
from docx.oxml.shape import CT_Inline
from docx.parts.numbering import NumberingPart
from lxml import etree

from brief_editor.export.docx_styles import (
    DOC_DEFAULTS_PPR,
    DOC_DEFAULTS_RPR,
    StyleDef,
)
from brief_editor.export.plan import NoteRef
from brief_editor.model import Link, Styled

if TYPE_CHECKING:
    from brief_editor.export.docx_zotero import CitationField

_SubElement = etree.SubElement
# Elements made through python-docx's parser get its element classes (CT_P, CT_Style…).
_make = oxml_parser.makeelement
W_P = qn("w:p")
W_PPR = qn("w:pPr")
W_RPR = qn("w:rPr")
W_LANG = qn("w:lang")
W_VAL = qn("w:val")
W_TYPE = qn("w:type")

# Marks of the plan and of the notes engine, as run properties in the order the schema
# wants them (CT_RPr is a sequence: b, i, smallCaps, u, vertAlign, lang).
_MARK_ORDER = ("bold", "italic", "smallcaps", "underline", "superscript", "subscript")
_MARK_XML: dict[str, str] = {
    "bold": "<w:b/>",
    "italic": "<w:i/>",
    "smallcaps": "<w:smallCaps/>",
    "underline": '<w:u w:val="single"/>',
    "superscript": '<w:vertAlign w:val="superscript"/>',
    "subscript": '<w:vertAlign w:val="subscript"/>',
}
_BREAKS = re.compile(r"(\t|\r\n|\r|\n)")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Every namespace a fragment of runs may use, declared once on the wrapper it is parsed in.
_FRAGMENT_OPEN = f'<w:body {nsdecls("w", "r", "wp", "a", "pic")}>'


class NoteKind:
    """Element names of one kind of note: footnotes or endnotes."""

    def __init__(self, kind: str) -> None:
        if kind not in ("footnote", "endnote"):
            raise ValueError(kind)
        self.kind = kind
        self.text_style = "FootnoteText" if kind == "footnote" else "EndnoteText"
        self.ref_style = "FootnoteReference" if kind == "footnote" else "EndnoteReference"
        self.partname = f"/word/{kind}s.xml"
        self.content_type = CT.WML_FOOTNOTES if kind == "footnote" else CT.WML_ENDNOTES
        self.reltype = RT.FOOTNOTES if kind == "footnote" else RT.ENDNOTES


FOOTNOTES = NoteKind("footnote")
ENDNOTES = NoteKind("endnote")


def note_kind(notes_mode: str) -> NoteKind:
    """The kind of note for the plan's ``notes_mode`` ("footnotes" or "endnotes")."""
    return FOOTNOTES if notes_mode == "footnotes" else ENDNOTES


# --------------------------------------------------------------------------- runs


class RunWriter:
    """Writes paragraphs and runs of plan spans for one part (body, header or notes).

    A paragraph is a list of XML strings until it is placed; the strings of many paragraphs
    are parsed in one go. Building each run as lxml elements cost three times as much.
    """

    def __init__(self, part: Part, *, language: str, styles: dict[str, str],
                 kind: NoteKind) -> None:
        self._part = part
        self._styles = styles
        self._kind = kind
        self._lang = f'<w:lang w:val="{_attr(language)}"/>'
        self._plain = f"<w:r><w:rPr>{self._lang}</w:rPr>"
        self._run_starts: dict[tuple[str | None, frozenset[str]], str] = {}
        self._link_ids: dict[str, str] = {}
        self._next_rid = 1

    @property
    def styles(self) -> dict[str, str]:
        return self._styles

    # Paragraphs -------------------------------------------------------------

    def paragraph(self, style: str | None, *, keep_next: bool = False, num_id: int | None = None,
                  right_tab: int | None = None, align: str | None = None) -> list[str]:
        """A new paragraph (a list of XML strings) in the style of role ``style``."""
        ppr = []
        if style:
            ppr.append(f'<w:pStyle w:val="{_attr(self._styles[style])}"/>')
        if keep_next:
            ppr.append("<w:keepNext/>")
        if num_id is not None:
            ppr.append(f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
        if right_tab is not None:
            ppr.append(f'<w:tabs><w:tab w:val="right" w:pos="{right_tab}"/></w:tabs>')
        if align:
            ppr.append(f'<w:jc w:val="{align}"/>')
        return [f"<w:p><w:pPr>{''.join(ppr)}</w:pPr>" if ppr else "<w:p>"]

    # Runs -------------------------------------------------------------------

    def run(self, p: list[str], text: str, marks: Iterable[str] = (), *,
            char_style: str | None = None) -> None:
        """Append a run of ``text`` with ``marks`` (and a character style)."""
        if not marks and char_style is None:
            start = self._plain
        else:
            key = (char_style, frozenset(marks))
            start = self._run_starts.get(key)
            if start is None:
                start = self._run_starts[key] = self._run_start(*key)
        p.append(f"{start}{_text_xml(text)}</w:r>")

    def _run_start(self, char_style: str | None, marks: frozenset[str]) -> str:
        rpr = []
        if char_style:
            rpr.append(f'<w:rStyle w:val="{_attr(self._styles[char_style])}"/>')
        rpr.extend(_MARK_XML[m] for m in _MARK_ORDER if m in marks)
        return f"<w:r><w:rPr>{''.join(rpr)}{self._lang}</w:rPr>"

    def label(self, p: list[str], label: str) -> None:
        """A bold label ("Date:") in the Strong style, and the space after it."""
        self.run(p, label, char_style="Strong")
        self.run(p, " ")

    def spans(self, p: list[str], spans: Sequence[Any]) -> None:
        """Append plan or note spans: text, styled text, links and note references."""
        for span in spans:
            if isinstance(span, str):
                p.append(f"{self._plain}{_text_xml(span)}</w:r>")
            elif isinstance(span, Styled):
                self.run(p, span.text, span.marks)
            elif isinstance(span, Link):
                self.link(p, span.url, span.text or span.url)
            elif isinstance(span, NoteRef):
                self.note_reference(p, span.number)

    def link(self, p: list[str], url: str, text: str) -> None:
        """A live hyperlink to ``url``, its relationship held by this writer's part."""
        p.append(f'<w:hyperlink r:id="{self._link_rid(url)}" w:history="1">')
        self.run(p, text, char_style="Hyperlink")
        p.append("</w:hyperlink>")

    def note_reference(self, p: list[str], number: int) -> None:
        """The superscript mark of note ``number`` in running text."""
        k = self._kind
        p.append(f'<w:r><w:rPr><w:rStyle w:val="{_attr(self._styles[k.ref_style])}"/>'
                 f'{self._lang}</w:rPr><w:{k.kind}Reference w:id="{number}"/></w:r>')

    def note_mark(self, p: list[str]) -> None:
        """The number of the note itself, at the start of its text."""
        k = self._kind
        p.append(f'<w:r><w:rPr><w:rStyle w:val="{_attr(self._styles[k.ref_style])}"/>'
                 f"{self._lang}</w:rPr><w:{k.kind}Ref/></w:r>")

    def page_field(self, p: list[str]) -> None:
        """A PAGE field, shown as "1" until a reader updates it."""
        r = self._plain
        p.append(f'{r}<w:fldChar w:fldCharType="begin"/></w:r>'
                 f'{r}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
                 f'{r}<w:fldChar w:fldCharType="separate"/></w:r>'
                 f'{r}<w:t>1</w:t></w:r>'
                 f'{r}<w:fldChar w:fldCharType="end"/></w:r>')

    def field(self, p: list[str], instruction: str, result: Sequence[Any]) -> None:
        """A field: its instruction (escaped here like any text) and its shown result."""
        r = self._plain
        p.append(f'{r}<w:fldChar w:fldCharType="begin"/></w:r>'
                 f'{r}<w:instrText xml:space="preserve">{_escape(instruction)}</w:instrText></w:r>'
                 f'{r}<w:fldChar w:fldCharType="separate"/></w:r>')
        self.spans(p, result)
        p.append(f'{r}<w:fldChar w:fldCharType="end"/></w:r>')

    def tab(self, p: list[str]) -> None:
        """A tab run (to the paragraph's next tab stop)."""
        p.append(f"{self._plain}<w:tab/></w:r>")

    def picture_run(self, p: list[str], inline: Any) -> None:
        """A run holding a drawing (``wp:inline``)."""
        xml = etree.tostring(inline, encoding="unicode")
        p.append(f"{self._plain}<w:drawing>{xml}</w:drawing></w:r>")

    def _link_rid(self, url: str) -> str:
        # python-docx's relate_to scans every relationship per call (quadratic for a brief
        # with thousands of linked notes); one dict per part keeps it linear.
        rid = self._link_ids.get(url)
        if rid is None:
            rels = self._part.rels
            while f"rId{self._next_rid}" in rels:
                self._next_rid += 1
            rid = f"rId{self._next_rid}"
            rels.add_relationship(RT.HYPERLINK, url, rid, is_external=True)
            self._link_ids[url] = rid
        return rid


def close(p: list[str]) -> str:
    """The XML of a finished paragraph."""
    p.append("</w:p>")
    return "".join(p)


def _escape(text: str) -> str:
    # The plan has dropped what XML cannot hold; this guards writers given other text.
    if _NOT_XML.search(text):
        text = _NOT_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(text: str) -> str:
    return _escape(text).replace('"', "&quot;")


def _text_xml(text: str) -> str:
    if "\t" not in text and "\n" not in text and "\r" not in text:
        return f'<w:t xml:space="preserve">{_escape(text)}</w:t>'
    out = []
    for piece in _BREAKS.split(text):
        if not piece:
            continue
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\n", "\r", "\r\n"):
            out.append("<w:br/>")
        else:
            out.append(f'<w:t xml:space="preserve">{_escape(piece)}</w:t>')
    return "".join(out)


# --------------------------------------------------------------------------- placing


def element_of(proxy: Any) -> Any:
    """The lxml element behind a python-docx proxy (document, header, footer, paragraph)."""
    return proxy._element


def _parse_fragment(paragraphs: Sequence[str]) -> list[Any]:
    root = parse_xml(f"{_FRAGMENT_OPEN}{''.join(paragraphs)}</w:body>")
    return list(root)


def append_to_body(document: Any, paragraphs: Sequence[str]) -> None:
    """Parse the paragraphs' XML at once and put them before the body's ``w:sectPr``."""
    body = element_of(document).body
    sect_pr = body.find(qn("w:sectPr"))
    for el in _parse_fragment(paragraphs):
        if sect_pr is None:
            body.append(el)
        else:
            sect_pr.addprevious(el)


def clear_body(document: Any) -> None:
    """Remove a template's content, keeping the body's final section properties."""
    body = element_of(document).body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def insert_into_story(story: Any, paragraphs: Sequence[str], index: int | None = None) -> None:
    """Put paragraphs into a header or footer: at ``index``, or at the end."""
    el = element_of(story)
    for i, p in enumerate(_parse_fragment(paragraphs)):
        if index is None:
            el.append(p)
        else:
            el.insert(index + i, p)


def remove_paragraphs(story: Any) -> None:
    """Empty a header or footer that python-docx created with one blank paragraph."""
    el = element_of(story)
    for p in el.findall(W_P):
        el.remove(p)


class Pictures:
    """Inline pictures in the body, numbered without rescanning the document each time.

    python-docx's ``Run.add_picture`` finds the next drawing id by an XPath over the whole
    document for every picture, which grows quadratically with a long brief's figures.
    """

    def __init__(self, document_part: Any) -> None:
        self._part = document_part
        used = [int(v) for v in document_part.element.xpath("//wp:docPr/@id")
                if str(v).isdigit()]
        self._next_id = max(used, default=0) + 1

    def add(self, writer: RunWriter, p: list[str], data: bytes, width: int, height: int,
            alt: str) -> None:
        """Append a run holding the picture, ``width`` × ``height`` EMU, to ``p``."""
        rid, image = self._part.get_or_add_image(io.BytesIO(data))
        inline = CT_Inline.new_pic_inline(self._next_id, rid, image.filename, width, height)
        self._next_id += 1
        inline.docPr.set("descr", alt)
        writer.picture_run(p, inline)


# --------------------------------------------------------------------------- notes parts


def _default_notes_xml(kind: NoteKind) -> bytes:
    """The empty notes part: Word's separator and continuation separator (ids -1 and 0)."""
    k = kind.kind
    spacing = '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    return (
        f'<w:{k}s {nsdecls("w", "r")}>'
        f'<w:{k} w:type="separator" w:id="-1"><w:p>{spacing}'
        f'<w:r><w:separator/></w:r></w:p></w:{k}>'
        f'<w:{k} w:type="continuationSeparator" w:id="0"><w:p>{spacing}'
        f'<w:r><w:continuationSeparator/></w:r></w:p></w:{k}>'
        f'</w:{k}s>'
    ).encode()


class NotesPart:
    """``word/footnotes.xml`` or ``word/endnotes.xml``, created on demand and related."""

    def __init__(self, document_part: Any, kind: NoteKind, *, language: str,
                 styles: dict[str, str]) -> None:
        # A reference document made by Word brings its own (empty) notes part, which
        # python-docx loads as an opaque blob: replace it with ours.
        for rid, rel in list(document_part.rels.items()):
            if rel.reltype == kind.reltype:
                document_part.drop_rel(rid)
        self.kind = kind
        self.element = parse_xml(_default_notes_xml(kind))
        self.part = _NotesXmlPart(PackURI(kind.partname), kind.content_type, self.element,
                                  document_part.package)
        document_part.relate_to(self.part, kind.reltype)
        self.writer = RunWriter(self.part, language=language, styles=styles, kind=kind)
        self._notes: list[str] = []

    def add(self, number: int, spans: Sequence[Any], field: CitationField | None = None) -> None:
        """Add note ``number``: its mark, a space, then its text with marks and links;
        ``field`` (docx_zotero.CitationField) wraps the cites' words in Zotero's field."""
        w, k = self.writer, self.kind.kind
        p = w.paragraph(self.kind.text_style)
        w.note_mark(p)
        w.run(p, " ")
        if field is not None:
            w.field(p, field.instruction, spans[: field.length])
            spans = spans[field.length:]
        w.spans(p, spans)
        self._notes.append(f'<w:{k} w:id="{number}">{close(p)}</w:{k}>')

    def finish(self) -> None:
        """Put the notes added so far into the part, after the separators.

        They are written as the text they are, not parsed into the part's tree and
        serialised again: the bytes are the ones lxml would write for them (a test parses
        the part and serialises it with lxml to hold it so), at a fraction of the cost for
        thousands of notes with their Zotero fields.
        """
        self.part.raw_children += "".join(self._notes)
        self._notes = []


class _NotesXmlPart(XmlPart):
    """A notes part whose notes are kept as XML text after the tree's own children."""

    raw_children = ""

    @property
    def blob(self) -> bytes:
        blob = super().blob
        if not self.raw_children:
            return blob
        closing = f"</{self._element.prefix}:{etree.QName(self._element).localname}>".encode()
        if not blob.endswith(closing):  # pragma: no cover - lxml writes the closing tag last
            raise ValueError("unexpected end of the notes part")
        return blob[: -len(closing)] + self.raw_children.encode("utf-8") + closing


# --------------------------------------------------------------------------- styles


def install_styles(styles: Any, defs: Sequence[StyleDef], *, replace: bool,
                   language: str) -> dict[str, str]:
    """Put our styles into ``word/styles.xml``; return our style id → id to use.

    ``replace`` (no reference document): the template's styles go and ours come in.
    Otherwise each of ours that the document already has, by Word name or by id, is used
    as it is, and only the missing ones are added.
    """
    root = element_of(styles)
    w_style = qn("w:style")
    if replace:
        for el in root.findall(w_style):
            root.remove(el)
        _set_doc_defaults(root, rpr=DOC_DEFAULTS_RPR, ppr=DOC_DEFAULTS_PPR)
    by_name: dict[tuple[str, str], str] = {}
    ids: set[str] = set()
    for el in root.findall(w_style):
        sid = el.get(qn("w:styleId")) or ""
        name_el = el.find(qn("w:name"))
        name = (name_el.get(W_VAL) if name_el is not None else sid) or sid
        by_name.setdefault((el.get(W_TYPE) or "paragraph", name.lower()), sid)
        ids.add(sid)
    mapping: dict[str, str] = {}
    missing: list[StyleDef] = []
    for d in defs:
        found = by_name.get((d.kind, d.name.lower()))
        if found is None and d.style_id in ids:
            found = d.style_id
        if found is None:
            missing.append(d)
            mapping[d.style_id] = d.style_id
        else:
            mapping[d.style_id] = found
    for d in missing:
        root.append(parse_xml(_style_xml(d, mapping)))
    _set_language(root, language)
    return mapping


def _style_xml(d: StyleDef, mapping: dict[str, str]) -> str:
    default = ' w:default="1"' if d.default else ""
    parts = [f'<w:style {nsdecls("w")} w:type="{d.kind}"{default} w:styleId="{d.style_id}">',
             f'<w:name w:val="{d.name}"/>']
    if d.based_on:
        parts.append(f'<w:basedOn w:val="{mapping.get(d.based_on, d.based_on)}"/>')
    if d.next_style:
        parts.append(f'<w:next w:val="{mapping.get(d.next_style, d.next_style)}"/>')
    if d.ui_priority is not None:
        parts.append(f'<w:uiPriority w:val="{d.ui_priority}"/>')
    if d.semi_hidden:
        parts.append("<w:semiHidden/><w:unhideWhenUsed/>")
    if d.qformat:
        parts.append("<w:qFormat/>")
    if d.ppr:
        parts.append(f"<w:pPr>{d.ppr}</w:pPr>")
    if d.rpr:
        parts.append(f"<w:rPr>{d.rpr}</w:rPr>")
    parts.append("</w:style>")
    return "".join(parts)


def _set_doc_defaults(root: Any, *, rpr: str, ppr: str) -> None:
    old = root.find(qn("w:docDefaults"))
    if old is not None:
        root.remove(old)
    root.insert(0, parse_xml(
        f'<w:docDefaults {nsdecls("w")}><w:rPrDefault><w:rPr>{rpr}</w:rPr></w:rPrDefault>'
        f'<w:pPrDefault><w:pPr>{ppr}</w:pPr></w:pPrDefault></w:docDefaults>'
    ))


def _set_language(root: Any, language: str) -> None:
    """The document's default language, so text typed later in Word is checked in it too."""
    defaults = root.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = parse_xml(f'<w:docDefaults {nsdecls("w")}/>')
        root.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = _make(qn("w:rPrDefault"))
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(W_RPR)
    if rpr is None:
        rpr = _SubElement(rpr_default, W_RPR)
    lang = rpr.find(W_LANG)
    if lang is None:
        # lang sits late in CT_RPr: before eastAsianLayout, specVanish, oMath only.
        lang = _make(W_LANG)
        later = [c for c in rpr if c.tag in (qn("w:eastAsianLayout"), qn("w:specVanish"),
                                              qn("w:oMath"))]
        if later:
            later[0].addprevious(lang)
        else:
            rpr.append(lang)
    lang.set(W_VAL, language)


def style_num_id(styles: Any, style_id: str) -> int | None:
    """The list a paragraph style numbers its paragraphs with, if it names one."""
    for el in element_of(styles).findall(qn("w:style")):
        if el.get(qn("w:styleId")) == style_id:
            num_id = el.find(f"{W_PPR}/{qn('w:numPr')}/{qn('w:numId')}")
            if num_id is not None and num_id.get(W_VAL, "0") != "0":
                return int(num_id.get(W_VAL))
    return None


def set_style_num_id(styles: Any, style_id: str, num_id: int) -> None:
    """Make a paragraph style a list style (Word's List Bullet carries its list so)."""
    for el in element_of(styles).findall(qn("w:style")):
        if el.get(qn("w:styleId")) != style_id:
            continue
        ppr = el.find(W_PPR)
        if ppr is None:
            ppr = _make(W_PPR)
            rpr = el.find(W_RPR)
            if rpr is not None:
                rpr.addprevious(ppr)
            else:
                el.append(ppr)
        old = ppr.find(qn("w:numPr"))
        if old is not None:
            ppr.remove(old)
        numpr = parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/>'
                          f'<w:numId w:val="{num_id}"/></w:numPr>')
        # numPr follows pStyle, keepNext, keepLines, pageBreakBefore, framePr, widowControl.
        early = {qn(f"w:{t}") for t in ("pStyle", "keepNext", "keepLines", "pageBreakBefore",
                                         "framePr", "widowControl")}
        index = sum(1 for c in ppr if c.tag in early)
        ppr.insert(index, numpr)


# --------------------------------------------------------------------------- numbering

_BULLETS = ("\u2022", "\u25e6", "\u25aa")


def _bullet_abstract_num_xml(abstract_id: int) -> str:
    levels = []
    for level in range(9):
        left = 720 * (level + 1)
        levels.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
            f'<w:lvlText w:val="{_BULLETS[level % 3]}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{left}" w:hanging="360"/></w:pPr></w:lvl>'
        )
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:nsid w:val="42524631"/><w:multiLevelType w:val="hybridMultilevel"/>'
        f'{"".join(levels)}</w:abstractNum>'
    )


def add_bullet_list(document_part: Any) -> int:
    """Add a bulleted list definition to ``word/numbering.xml``; return its ``numId``."""
    try:
        numbering = document_part.part_related_by(RT.NUMBERING)
    except KeyError:
        # python-docx's NumberingPart.new() is not implemented; make the empty part here.
        numbering = NumberingPart(PackURI("/word/numbering.xml"), CT.WML_NUMBERING,
                                  parse_xml(f'<w:numbering {nsdecls("w")}/>'),
                                  document_part.package)
        document_part.relate_to(numbering, RT.NUMBERING)
    root = numbering.element
    abstract_ids = [int(v) for v in root.xpath("./w:abstractNum/@w:abstractNumId")]
    num_ids = [int(v) for v in root.xpath("./w:num/@w:numId")]
    abstract_id = max(abstract_ids, default=-1) + 1
    num_id = max(num_ids, default=0) + 1
    abstract = parse_xml(_bullet_abstract_num_xml(abstract_id))
    # The schema wants every abstractNum before the first num.
    first_num = root.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        _insert_before(root, abstract, ("w:numIdMacAtCleanup",))
    num = parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                    f'<w:abstractNumId w:val="{abstract_id}"/></w:num>')
    _insert_before(root, num, ("w:numIdMacAtCleanup",))
    return num_id


def clear_numbering(document_part: Any) -> None:
    """Remove a template's list definitions (the house style defines its own)."""
    try:
        numbering = document_part.part_related_by(RT.NUMBERING)
    except KeyError:
        return
    root = numbering.element
    for child in list(root):
        root.remove(child)


# --------------------------------------------------------------------------- settings

# CT_Settings is a long sequence; footnotePr and endnotePr sit just before these.
_SETTINGS_AFTER_NOTES = tuple(f"w:{t}" for t in (
    "compat", "docVars", "rsids", "attachedSchema", "themeFontLang", "clrSchemeMapping",
    "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
    "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
    "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
)) + ("m:mathPr",)

_SECT_AFTER_NOTES = tuple(f"w:{t}" for t in (
    "type", "pgSz", "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols",
    "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter",
    "docGrid", "printerSettings", "sectPrChange",
))


def set_note_settings(settings: Any, document: Any, kind: NoteKind) -> None:
    """Arabic numbers, counted through the document; endnotes at its end.

    Word numbers endnotes i, ii, iii by default and a team template may restart footnotes
    on each page; the notes must carry the numbers the plan (and the PDF) gives them.
    """
    k = kind.kind
    root = element_of(settings)
    old = root.find(qn(f"w:{k}Pr"))
    if old is not None:
        root.remove(old)
    pos = '<w:pos w:val="docEnd"/>' if k == "endnote" else ""
    doc_pr = parse_xml(
        f'<w:{k}Pr {nsdecls("w")}>{pos}<w:numFmt w:val="decimal"/>'
        f'<w:numStart w:val="1"/><w:numRestart w:val="continuous"/>'
        f'<w:{k} w:id="-1"/><w:{k} w:id="0"/></w:{k}Pr>'
    )
    successors = _SETTINGS_AFTER_NOTES + (("w:endnotePr",) if k == "footnote" else ())
    _insert_before(root, doc_pr, successors)

    sect = element_of(document).body.find(qn("w:sectPr"))
    if sect is None:
        return
    old = sect.find(qn(f"w:{k}Pr"))
    if old is not None:
        sect.remove(old)
    sect_notes = parse_xml(
        f'<w:{k}Pr {nsdecls("w")}><w:numFmt w:val="decimal"/><w:numStart w:val="1"/>'
        f'<w:numRestart w:val="continuous"/></w:{k}Pr>'
    )
    successors = _SECT_AFTER_NOTES + (("w:endnotePr",) if k == "footnote" else ())
    _insert_before(sect, sect_notes, successors)


def forget_proofing(settings: Any) -> None:
    """Drop ``w:proofState``: a template's "spelling clean" would stop Word checking ours."""
    root = element_of(settings)
    for el in root.findall(qn("w:proofState")):
        root.remove(el)


def _insert_before(parent: Any, child: Any, successors: Sequence[str]) -> None:
    tags = {qn(s) for s in successors}
    for existing in parent:
        if existing.tag in tags:
            existing.addprevious(child)
            return
    parent.append(child)
