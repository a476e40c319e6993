"""The XML layer of the DOCX export: notes parts, runs, styles, numbering and settings.

python-docx has no footnote API, so the notes parts are built here at its oxml level, the
way python-docx 1.2 adds its comments part: the part is created on demand from default XML
(separator and continuation separator), related to the document part, and filled. This is
the only module of the export that touches ``docx.oxml`` or lxml; ``docx_writer`` lays the
plan out through python-docx's public API and asks this module for everything below it.

Runs are built with lxml directly rather than through ``Paragraph.add_run``: python-docx's
proxies look the style up by name and walk the tree for every call, which made a 2,000-note
brief several times slower to write.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

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

_SubElement = etree.SubElement
# Elements made through python-docx's parser get its element classes (CT_P, CT_R…), so the
# public API keeps working on paragraphs built here (a picture is added to one).
_make = oxml_parser.makeelement
W_P = qn("w:p")
W_PPR = qn("w:pPr")
W_PSTYLE = qn("w:pStyle")
W_R = qn("w:r")
W_RPR = qn("w:rPr")
W_RSTYLE = qn("w:rStyle")
W_T = qn("w:t")
W_TAB = qn("w:tab")
W_BR = qn("w:br")
W_LANG = qn("w:lang")
W_VAL = qn("w:val")
W_ID = qn("w:id")
W_TYPE = qn("w:type")
W_HYPERLINK = qn("w:hyperlink")
W_HISTORY = qn("w:history")
R_ID = qn("r:id")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# Marks of the plan and of the notes engine, as run properties in the order the schema
# wants them (CT_RPr is a sequence: b, i, smallCaps, u, vertAlign, lang).
_MARK_ORDER = ("bold", "italic", "smallcaps", "underline", "superscript", "subscript")
_MARK_XML: dict[str, tuple[str, str | None]] = {
    "bold": (qn("w:b"), None),
    "italic": (qn("w:i"), None),
    "smallcaps": (qn("w:smallCaps"), None),
    "underline": (qn("w:u"), "single"),
    "superscript": (qn("w:vertAlign"), "superscript"),
    "subscript": (qn("w:vertAlign"), "subscript"),
}
_BREAKS = re.compile(r"(\t|\r\n|\r|\n)")


class NoteKind:
    """Element names of one kind of note: footnotes or endnotes."""

    def __init__(self, kind: str) -> None:
        if kind not in ("footnote", "endnote"):
            raise ValueError(kind)
        self.kind = kind
        self.root = qn(f"w:{kind}s")
        self.note = qn(f"w:{kind}")
        self.ref_mark = qn(f"w:{kind}Ref")
        self.reference = qn(f"w:{kind}Reference")
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
    """Writes paragraphs and runs of plan spans into one part (body, header or notes)."""

    def __init__(self, part: Part, *, language: str, styles: dict[str, str],
                 kind: NoteKind) -> None:
        self._part = part
        self._language = language
        self._styles = styles
        self._kind = kind
        self._link_ids: dict[str, str] = {}
        self._next_rid = 1

    # Paragraphs -------------------------------------------------------------

    def paragraph(self, style: str | None, *, keep_next: bool = False, num_id: int | None = None,
                  right_tab: int | None = None, align: str | None = None) -> Any:
        """A new, detached ``w:p`` in the style of role ``style``."""
        p = _make(W_P)
        if style or keep_next or num_id is not None or right_tab is not None or align:
            ppr = _SubElement(p, W_PPR)
            if style:
                _SubElement(ppr, W_PSTYLE).set(W_VAL, self._styles[style])
            if keep_next:
                _SubElement(ppr, qn("w:keepNext"))
            if num_id is not None:
                numpr = _SubElement(ppr, qn("w:numPr"))
                _SubElement(numpr, qn("w:ilvl")).set(W_VAL, "0")
                _SubElement(numpr, qn("w:numId")).set(W_VAL, str(num_id))
            if right_tab is not None:
                tabs = _SubElement(ppr, qn("w:tabs"))
                tab = _SubElement(tabs, W_TAB)
                tab.set(W_VAL, "right")
                tab.set(qn("w:pos"), str(right_tab))
            if align:
                _SubElement(ppr, qn("w:jc")).set(W_VAL, align)
        return p

    # Runs -------------------------------------------------------------------

    def run(self, parent: Any, text: str, marks: Iterable[str] = (), *,
            char_style: str | None = None) -> Any:
        """Append a run of ``text`` with ``marks`` (and a character style) to ``parent``."""
        r = _SubElement(parent, W_R)
        rpr = _SubElement(r, W_RPR)
        if char_style:
            _SubElement(rpr, W_RSTYLE).set(W_VAL, self._styles[char_style])
        if marks:
            present = set(marks)
            for mark in _MARK_ORDER:
                if mark in present:
                    tag, val = _MARK_XML[mark]
                    el = _SubElement(rpr, tag)
                    if val is not None:
                        el.set(W_VAL, val)
        _SubElement(rpr, W_LANG).set(W_VAL, self._language)
        _add_text(r, text)
        return r

    def label(self, p: Any, label: str) -> None:
        """A bold label ("Date:") in the Strong style, and the space after it."""
        self.run(p, label, char_style="Strong")
        self.run(p, " ")

    def spans(self, p: Any, spans: Sequence[Any]) -> None:
        """Append plan or note spans: text, styled text, links and note references."""
        for span in spans:
            if isinstance(span, str):
                self.run(p, span)
            elif isinstance(span, Styled):
                self.run(p, span.text, span.marks)
            elif isinstance(span, Link):
                self.link(p, span.url, span.text or span.url)
            elif isinstance(span, NoteRef):
                self.note_reference(p, span.number)

    def link(self, p: Any, url: str, text: str) -> None:
        """A live hyperlink to ``url``, its relationship held by this writer's part."""
        h = _SubElement(p, W_HYPERLINK)
        h.set(R_ID, self._link_rid(url))
        h.set(W_HISTORY, "1")
        self.run(h, text, char_style="Hyperlink")

    def note_reference(self, p: Any, number: int) -> None:
        """The superscript mark of note ``number`` in running text."""
        r = _SubElement(p, W_R)
        rpr = _SubElement(r, W_RPR)
        _SubElement(rpr, W_RSTYLE).set(W_VAL, self._styles[self._kind.ref_style])
        _SubElement(rpr, W_LANG).set(W_VAL, self._language)
        _SubElement(r, self._kind.reference).set(W_ID, str(number))

    def page_field(self, p: Any) -> None:
        """A PAGE field, shown as "1" until a reader updates it."""
        for piece in ("begin", " PAGE ", "separate", "1", "end"):
            r = _SubElement(p, W_R)
            rpr = _SubElement(r, W_RPR)
            _SubElement(rpr, W_LANG).set(W_VAL, self._language)
            if piece in ("begin", "separate", "end"):
                _SubElement(r, qn("w:fldChar")).set(qn("w:fldCharType"), piece)
            elif piece == " PAGE ":
                instr = _SubElement(r, qn("w:instrText"))
                instr.set(XML_SPACE, "preserve")
                instr.text = piece
            else:
                _SubElement(r, W_T).text = piece

    def tab(self, p: Any) -> None:
        """A tab run (to the paragraph's next tab stop)."""
        r = _SubElement(p, W_R)
        _SubElement(_SubElement(r, W_RPR), W_LANG).set(W_VAL, self._language)
        _SubElement(r, W_TAB)

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


def _add_text(r: Any, text: str) -> None:
    if "\t" not in text and "\n" not in text and "\r" not in text:
        t = _SubElement(r, W_T)
        t.set(XML_SPACE, "preserve")
        t.text = text
        return
    for piece in _BREAKS.split(text):
        if not piece:
            continue
        if piece == "\t":
            _SubElement(r, W_TAB)
        elif piece in ("\n", "\r", "\r\n"):
            _SubElement(r, W_BR)
        else:
            t = _SubElement(r, W_T)
            t.set(XML_SPACE, "preserve")
            t.text = piece


# --------------------------------------------------------------------------- placing


def element_of(proxy: Any) -> Any:
    """The lxml element behind a python-docx proxy (document, header, footer, paragraph)."""
    return proxy._element


def body_appender(document: Any) -> Any:
    """A function that appends a ``w:p`` to the body, before its closing ``w:sectPr``."""
    body = element_of(document).body
    sect_pr = body.find(qn("w:sectPr"))
    if sect_pr is None:
        return body.append
    return sect_pr.addprevious


def clear_body(document: Any) -> None:
    """Remove a template's content, keeping the body's final section properties."""
    body = element_of(document).body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def append_to(story: Any, p: Any) -> None:
    """Append ``w:p`` at the end of a header or footer."""
    element_of(story).append(p)


def prepend_to(story: Any, p: Any, index: int = 0) -> None:
    """Insert ``w:p`` at ``index`` of a header or footer (a template's own stays below)."""
    element_of(story).insert(index, p)


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

    def __init__(self, document_part: Any, *, language: str) -> None:
        self._part = document_part
        self._language = language
        used = [int(v) for v in document_part.element.xpath("//wp:docPr/@id")
                if str(v).isdigit()]
        self._next_id = max(used, default=0) + 1

    def add(self, p: Any, data: bytes, width: int, height: int, alt: str) -> None:
        """Append a run holding the picture, ``width`` × ``height`` EMU, to ``p``."""
        rid, image = self._part.get_or_add_image(io.BytesIO(data))
        inline = CT_Inline.new_pic_inline(self._next_id, rid, image.filename, width, height)
        self._next_id += 1
        inline.docPr.set("descr", alt)
        r = _SubElement(p, W_R)
        _SubElement(_SubElement(r, W_RPR), W_LANG).set(W_VAL, self._language)
        _SubElement(r, qn("w:drawing")).append(inline)


def paragraph_text(p: Any) -> str:
    """The text of one ``w:p`` (for warnings and tests)."""
    return "".join(t.text or "" for t in p.iter(W_T))


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
        self.part = XmlPart(PackURI(kind.partname), kind.content_type, self.element,
                            document_part.package)
        document_part.relate_to(self.part, kind.reltype)
        self.writer = RunWriter(self.part, language=language, styles=styles, kind=kind)

    def add(self, number: int, spans: Sequence[Any]) -> None:
        """Add note ``number``: its mark, a space, then its text with marks and links."""
        w = self.writer
        note = _SubElement(self.element, self.kind.note)
        note.set(W_ID, str(number))
        p = w.paragraph(self.kind.text_style)
        note.append(p)
        r = _SubElement(p, W_R)
        rpr = _SubElement(r, W_RPR)
        _SubElement(rpr, W_RSTYLE).set(W_VAL, w._styles[self.kind.ref_style])
        _SubElement(rpr, W_LANG).set(W_VAL, w._language)
        _SubElement(r, self.kind.ref_mark)
        w.run(p, " ")
        w.spans(p, spans)


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


def _insert_before(parent: Any, child: Any, successors: Sequence[str]) -> None:
    tags = {qn(s) for s in successors}
    for existing in parent:
        if existing.tag in tags:
            existing.addprevious(child)
            return
    parent.append(child)
