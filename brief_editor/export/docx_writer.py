"""Lays an export plan out as a Word document, with Word's own footnotes or endnotes.

The document structure (sections, page setup, headers, footers, pictures, properties) goes
through python-docx's public API; paragraphs, runs and the notes parts are built by
``docx_notes``, the one module that works at the XML level. Every style is looked up once
per export: python-docx looks a style up by name for every paragraph, which dominated the
time of a large brief.

The same plan gives the same bytes: core properties come from the brief, never the clock,
and the zip entries carry a fixed timestamp.
"""

from __future__ import annotations

import io
import logging
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.opc.pkgwriter import PackageWriter
from docx.shared import Emu, Inches, Mm

from brief_editor import __version__
from brief_editor.export import docx_notes as x
from brief_editor.export.docx_font import set_house_font
from brief_editor.export.docx_review_map import ReviewMarks, save_snapshot_copy
from brief_editor.export.docx_styles import STYLES
from brief_editor.export.docx_zotero import citation_field
from brief_editor.export.errors import ExportError
from brief_editor.export.plan import (
    Bullet,
    FigureBlock,
    Heading,
    LabeledLine,
    ListLabel,
    NoteRef,
    Paragraph,
    Plan,
    SectionCredit,
    plan_text,
)
from brief_editor.model import Place
from brief_editor.storage.atomic import atomic_write

log = logging.getLogger(__name__)

PAPER_SIZES = {"letter": (Inches(8.5), Inches(11)), "a4": (Mm(210), Mm(297))}
MARGIN = Inches(1)
HEADER_DISTANCE = Inches(0.5)
# Pictures are laid out at 96 dpi, shrunk to the text width and to this share of its height.
PIXEL = Emu(9525)
MAX_PICTURE_HEIGHT_SHARE = 0.6
# 1980-01-01, the zip format's first day: no clock time ends up in the file.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def write_docx(plan: Plan, output: Path, *, reference_docx: Path | None = None,
               font: str | None = None) -> list[str]:
    """Write ``plan`` to ``output`` atomically; return warnings beyond the plan's own."""
    data, warnings, marks = _render(plan, reference_docx, font)
    atomic_write(output, data)
    if marks is not None:  # in case a word processor drops the custom XML part
        save_snapshot_copy(marks.payload, data=marks.payload_json)
    return warnings


def render_docx(plan: Plan, *, reference_docx: Path | None = None,
                font: str | None = None) -> tuple[bytes, list[str]]:
    """The .docx bytes for ``plan``, and warnings a user should see.

    ``font`` is the team profile's family (default Calibri); a reference document's own
    styles keep their fonts.
    """
    data, warnings, _map = _render(plan, reference_docx, font)
    return data, warnings


def _render(plan: Plan, reference_docx: Path | None,
            font: str | None) -> tuple[bytes, list[str], ReviewMarks | None]:
    warnings: list[str] = []
    document = _base_document(reference_docx)
    builder = _DocxBuilder(document, plan, house=reference_docx is None)
    builder.build()
    if reference_docx is None and font:
        set_house_font(document.styles, font)
    marks = builder.marks if builder.review_map is not None else None
    return _package_bytes(document), warnings, marks


def _base_document(reference_docx: Path | None) -> Document:
    """python-docx's template stripped to our house base, or the team's reference .docx."""
    if reference_docx is None:
        document = docx.Document()
        _strip_template(document)
        return document
    path = Path(reference_docx)
    if not path.is_file():
        raise ExportError(f"{path}: the reference document does not exist")
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, SyntaxError) as exc:
        raise ExportError(f"{path}: not a Word document that can serve as a reference "
                          f"({exc})") from None
    except ValueError as exc:
        # python-docx refuses a .dotx: its main part has the template content type.
        raise ExportError(f"{path}: use a .docx as the reference document, not a template "
                          f"or other file ({exc})") from None
    except OSError as exc:
        raise ExportError(f"{path}: the reference document cannot be read "
                          f"({exc.strerror or exc})") from None
    x.clear_body(document)
    return document


def _strip_template(document: Document) -> None:
    """Drop what python-docx's template carries that a brief has no use for."""
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype in (_STYLES_WITH_EFFECTS, RT.CUSTOM_XML):
            part.drop_rel(rid)
    package_rels = part.package.rels
    for rid, rel in list(package_rels.items()):
        # The template's thumbnail shows another document's first page in file browsers.
        if rel.reltype == RT.THUMBNAIL:
            package_rels.pop(rid)
    x.clear_numbering(part)


def _app_properties(package, organization: str) -> None:
    """Replace docProps/app.xml: the template's holds another document's statistics."""
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            package.rels.pop(rid)
    blob = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        '2006/docPropsVTypes">'
        f"<Application>Brief Editor {escape(__version__)}</Application>"
        "<DocSecurity>0</DocSecurity>"
        f"<Company>{escape(organization)}</Company>"
        "<LinksUpToDate>false</LinksUpToDate>"
        "</Properties>"
    ).encode()
    part = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, blob, package)
    package.relate_to(part, RT.EXTENDED_PROPERTIES)


class _FixedZipWriter:
    """python-docx's physical package writer, with fixed timestamps in every entry, so the
    same brief gives the same bytes.

    ``Document.save`` compresses every part with the clock's time; rewriting that archive
    with fixed times meant inflating and deflating the whole document a second time, about
    a sixth of a large export. The entries are the same, in the same order.
    """

    def __init__(self, out: io.BytesIO) -> None:
        self._zip = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        entry = zipfile.ZipInfo(pack_uri.membername, date_time=ZIP_EPOCH)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.create_system = 0
        entry.external_attr = 0
        self._zip.writestr(entry, blob)

    def close(self) -> None:
        self._zip.close()


def _package_bytes(document: Document) -> bytes:
    """The .docx bytes of ``document``: ``OpcPackage.save`` through ``_FixedZipWriter``."""
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    writer = _FixedZipWriter(out)
    # PackageWriter.write's three steps, given our writer instead of its zip file.
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, parts)
    writer.close()
    return out.getvalue()


# Core properties are limited to 255 characters (python-docx enforces the OPC limit).
PROPERTY_LIMIT = 255


def _fit(value: str) -> str:
    if len(value) <= PROPERTY_LIMIT:
        return value
    return value[:PROPERTY_LIMIT - 1].rstrip() + "\u2026"


def _joined_fit(values: tuple[str, ...]) -> str:
    """As many whole values, joined with "; ", as the limit allows."""
    out = ""
    for value in values:
        candidate = f"{out}; {value}" if out else value
        if len(candidate) > PROPERTY_LIMIT:
            break
        out = candidate
    return out or _fit(values[0]) if values else ""


class _DocxBuilder:
    """One export: the plan's blocks, notes, header, footer and properties into a document."""

    def __init__(self, document: Document, plan: Plan, *, house: bool) -> None:
        self.document = document
        self.plan = plan
        self.house = house
        self.language = plan.info.language
        self.kind = x.note_kind(plan.notes_mode)
        self.styles = x.install_styles(document.styles, STYLES, replace=house,
                                       language=self.language)
        self.section = document.sections[0]
        if house:
            width, height = PAPER_SIZES.get(plan.paper, PAPER_SIZES["letter"])
            s = self.section
            s.page_width, s.page_height = width, height
            s.left_margin = s.right_margin = s.top_margin = s.bottom_margin = MARGIN
            s.header_distance = s.footer_distance = HEADER_DISTANCE
        self.text_width = int(self.section.page_width - self.section.left_margin
                              - self.section.right_margin)
        self.text_height = int(self.section.page_height - self.section.top_margin
                               - self.section.bottom_margin)
        self.body = x.RunWriter(document.part, language=self.language, styles=self.styles,
                                kind=self.kind)
        self.paragraphs: list[str] = []
        self.add = lambda p: self.paragraphs.append(x.close(p))
        self.bullet_num_id = self._bullet_list()
        self.pictures = x.Pictures(document.part)
        # The review round trip's map: bookmarks, comments and the snapshot (docx_review_map).
        self.marks = ReviewMarks(plan)
        self.review_map: dict | None = None

    def build(self) -> None:
        self._masthead()
        self._blocks()
        x.append_to_body(self.document, self.paragraphs)
        self._notes()
        self._headers()
        self._footers()
        self._properties()
        x.forget_proofing(self.document.settings)
        if self.marks.finish(self.document):
            self.review_map = self.marks.payload

    # ------------------------------------------------------------------ body

    def _bullet_list(self) -> int:
        bullet_style = self.styles["ListBullet"]
        if not self.house:
            num_id = x.style_num_id(self.document.styles, bullet_style)
            if num_id is not None:
                return num_id  # the team's own bullets
        num_id = x.add_bullet_list(self.document.part)
        x.set_style_num_id(self.document.styles, bullet_style, num_id)
        return num_id

    def _masthead(self) -> None:
        m, w, add = self.plan.masthead, self.body, self.add
        title = ": ".join(t for t in (m.publication, m.title) if t)
        for style, text in (("Title", title), ("Subtitle", m.dateline), ("Byline", m.byline),
                            *(("Byline", c) for c in m.credits)):
            if text:
                p = w.paragraph(style)
                w.run(p, text)
                add(p)
        if m.summary:
            p = w.paragraph("Summary")
            self.marks.spans(w, p, m.summary, Place(None, "summary", 0))
            add(p)

    def _blocks(self) -> None:
        w, add = self.body, self.add
        for block in self.plan.blocks:
            if isinstance(block, Heading):
                if not plan_text(block.spans).strip():
                    # A section without a heading: no empty Heading paragraph (Word lists
                    # it in the navigation pane); a note marker it holds stays.
                    if not any(isinstance(s, NoteRef) for s in block.spans):
                        continue
                    p = w.paragraph("Normal", keep_next=True)
                else:
                    style = f"Heading{block.level}"
                    p = w.paragraph(style if style in self.styles else "Heading1")
                self.marks.spans(w, p, block.spans, block.place)
            elif isinstance(block, LabeledLine):
                p = w.paragraph("EventDetail")
                w.label(p, block.label)
                self.marks.spans(w, p, block.spans, block.place, f"{block.label} ")
            elif isinstance(block, Paragraph):
                p = w.paragraph("Normal")
                if block.label:
                    w.label(p, block.label)
                self.marks.spans(w, p, block.spans, block.place,
                                 f"{block.label} " if block.label else "")
            elif isinstance(block, ListLabel):
                p = w.paragraph("Normal", keep_next=True)
                w.run(p, block.label, char_style="Strong")
            elif isinstance(block, Bullet):
                p = w.paragraph("ListBullet", num_id=self.bullet_num_id)
                self.marks.spans(w, p, block.spans, block.place)
            elif isinstance(block, FigureBlock):
                self._figure(block)
                continue
            elif isinstance(block, SectionCredit):
                p = w.paragraph("Byline")
                w.run(p, block.text)
            else:  # pragma: no cover - the plan has no other blocks
                raise TypeError(f"unknown block {block!r}")
            add(p)

    def _figure(self, figure: FigureBlock) -> None:
        w, add = self.body, self.add
        width = figure.width_px * PIXEL
        height = figure.height_px * PIXEL
        scale = min(1.0, self.text_width / width if width else 1.0,
                    self.text_height * MAX_PICTURE_HEIGHT_SHARE / height if height else 1.0)
        p = w.paragraph("Figure")
        self.pictures.add(w, p, figure.data, int(width * scale), int(height * scale), figure.alt)
        add(p)
        if figure.caption:
            p = w.paragraph("Caption")
            self.marks.spans(w, p, figure.caption, figure.caption_place)
            add(p)
        if figure.credit:
            p = w.paragraph("FigureCredit")
            w.run(p, figure.credit)
            add(p)

    def _notes(self) -> None:
        if not self.plan.notes:
            return
        notes = x.NotesPart(self.document.part, self.kind, language=self.language,
                            styles=self.styles)
        sources = self.plan.brief.source_by_id() if self.plan.brief is not None else {}
        items: dict[str, str] = {}  # each cited source's CSL-JSON, serialised once
        for note in self.plan.notes:
            notes.add(note.number, note.spans, citation_field(note, sources, items))
        notes.finish()
        x.set_note_settings(self.document.settings, self.document, self.kind)

    # ------------------------------------------------------------------ header and footer

    def _stories(self, which: str) -> list:
        s = self.section
        stories = [getattr(s, which)]
        if s.different_first_page_header_footer:
            stories.append(getattr(s, f"first_page_{which}"))
        if self.document.settings.odd_and_even_pages_header_footer:
            stories.append(getattr(s, f"even_page_{which}"))
        return stories

    def _headers(self) -> None:
        lines = []
        if self.plan.draft:
            lines.append(("DraftMark", "DRAFT"))
        if self.plan.marking:
            lines.append(("Marking", self.plan.marking))
        if not lines:
            return
        for header in self._stories("header"):
            fresh = header.is_linked_to_previous
            w = self._story_writer(header)
            if fresh:
                x.remove_paragraphs(header)
            paragraphs = []
            for char_style, text in lines:
                p = w.paragraph("Header", align="center")
                w.run(p, text, char_style=char_style)
                paragraphs.append(x.close(p))
            # A template's own header stays, under our lines.
            x.insert_into_story(header, paragraphs, 0)

    def _footers(self) -> None:
        for footer in self._stories("footer"):
            fresh = footer.is_linked_to_previous
            w = self._story_writer(footer)
            paragraphs = []
            if self.plan.marking:
                p = w.paragraph("Footer", align="center")
                w.run(p, self.plan.marking, char_style="Marking")
                paragraphs.append(x.close(p))
            if fresh:
                x.remove_paragraphs(footer)
                p = w.paragraph("Footer", right_tab=self.text_width // 635)
                if self.plan.organization:
                    w.run(p, self.plan.organization)
                w.tab(p)
                w.page_field(p)
                paragraphs.append(x.close(p))
            # The team's own footer is theirs: only a handling marking is added under it.
            if paragraphs:
                x.insert_into_story(footer, paragraphs)

    def _story_writer(self, story) -> x.RunWriter:
        return x.RunWriter(story.part, language=self.language, styles=self.styles,
                           kind=self.kind)

    # ------------------------------------------------------------------ properties

    def _properties(self) -> None:
        info = self.plan.info
        props = self.document.core_properties
        props.title = _fit(info.title)
        props.author = _fit("; ".join(info.authors))
        props.last_modified_by = _fit(info.authors[0] if info.authors else "")
        props.subject = _fit(info.subject)
        props.keywords = _joined_fit(info.keywords)
        props.language = info.language
        props.created = info.created
        props.modified = info.created
        props.revision = 1
        for name in ("comments", "category", "content_status", "identifier", "version"):
            if getattr(props, name):
                setattr(props, name, "")  # a template's own, not this brief's
        _app_properties(self.document.part.package, self.plan.organization)
