"""The house styles of an exported brief, as data: Word's own style names, our look.

Styles are declared here once and built into ``word/styles.xml`` by ``docx_notes`` (the
module that owns the XML). With no reference document every style below is written; with
a team's reference .docx only the styles it lacks are added, so the team's look wins.
Names are Word's internal names ("heading 1", "footnote text"): Word recognises them as its
built-in styles whatever the language of its user interface.
"""

from __future__ import annotations

from dataclasses import dataclass

# Fonts that Word users have; LibreOffice substitutes metric-compatible ones when present.
BODY_FONT = "Calibri"
HEADING_FONT = "Calibri"


@dataclass(frozen=True)
class StyleDef:
    """One style: its id, Word name, type and the inner XML of its properties."""

    style_id: str
    name: str
    kind: str  # "paragraph" | "character" | "table" | "numbering"
    based_on: str = ""
    next_style: str = ""
    ppr: str = ""  # children of w:pPr
    rpr: str = ""  # children of w:rPr
    default: bool = False
    ui_priority: int | None = None
    qformat: bool = False
    semi_hidden: bool = False


# Ids used by the writer; the key is the role, looked up once per export.
PARAGRAPH = "paragraph"
CHARACTER = "character"

STYLES: tuple[StyleDef, ...] = (
    StyleDef("Normal", "Normal", PARAGRAPH, default=True, qformat=True,
             ppr='<w:spacing w:after="160" w:line="264" w:lineRule="auto"/>'),
    StyleDef("DefaultParagraphFont", "Default Paragraph Font", CHARACTER, default=True,
             ui_priority=1, semi_hidden=True),
    StyleDef("TableNormal", "Normal Table", "table", default=True, ui_priority=99,
             semi_hidden=True),
    StyleDef("NoList", "No List", "numbering", default=True, ui_priority=99, semi_hidden=True),
    StyleDef("Title", "Title", PARAGRAPH, based_on="Normal", next_style="Normal",
             ui_priority=10, qformat=True,
             ppr='<w:keepNext/><w:spacing w:after="60" w:line="240" w:lineRule="auto"/>',
             rpr=f'<w:rFonts w:ascii="{HEADING_FONT}" w:hAnsi="{HEADING_FONT}" '
                 f'w:cs="{HEADING_FONT}"/><w:b/><w:bCs/><w:color w:val="1F3864"/>'
                 '<w:sz w:val="36"/><w:szCs w:val="36"/>'),
    StyleDef("Subtitle", "Subtitle", PARAGRAPH, based_on="Normal", next_style="Normal",
             ui_priority=11, qformat=True,
             ppr='<w:keepNext/><w:spacing w:after="40"/>',
             rpr='<w:color w:val="404040"/><w:sz w:val="24"/><w:szCs w:val="24"/>'),
    StyleDef("Byline", "Byline", PARAGRAPH, based_on="Normal", next_style="Normal",
             qformat=True, ppr='<w:spacing w:after="40"/>',
             rpr='<w:i/><w:iCs/><w:color w:val="404040"/>'),
    StyleDef("Summary", "Summary", PARAGRAPH, based_on="Normal", next_style="Normal",
             qformat=True, ppr='<w:spacing w:before="160" w:after="160"/>',
             rpr='<w:i/><w:iCs/>'),
    StyleDef("Heading1", "heading 1", PARAGRAPH, based_on="Normal", next_style="Normal",
             ui_priority=9, qformat=True,
             ppr='<w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="120"/>'
                 '<w:outlineLvl w:val="0"/>',
             rpr=f'<w:rFonts w:ascii="{HEADING_FONT}" w:hAnsi="{HEADING_FONT}" '
                 f'w:cs="{HEADING_FONT}"/><w:b/><w:bCs/><w:color w:val="1F3864"/>'
                 '<w:sz w:val="28"/><w:szCs w:val="28"/>'),
    StyleDef("Heading2", "heading 2", PARAGRAPH, based_on="Normal", next_style="Normal",
             ui_priority=9, qformat=True,
             ppr='<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="80"/>'
                 '<w:outlineLvl w:val="1"/>',
             rpr=f'<w:rFonts w:ascii="{HEADING_FONT}" w:hAnsi="{HEADING_FONT}" '
                 f'w:cs="{HEADING_FONT}"/><w:b/><w:bCs/><w:color w:val="1F3864"/>'
                 '<w:sz w:val="24"/><w:szCs w:val="24"/>'),
    StyleDef("EventDetail", "Event Detail", PARAGRAPH, based_on="Normal", next_style="Normal",
             qformat=True, ppr='<w:keepNext/><w:spacing w:after="40"/>'),
    StyleDef("ListBullet", "List Bullet", PARAGRAPH, based_on="Normal", ui_priority=99,
             ppr='<w:spacing w:after="120"/>'),
    StyleDef("Figure", "Figure", PARAGRAPH, based_on="Normal", next_style="Caption",
             qformat=True, ppr='<w:keepNext/><w:spacing w:before="120" w:after="60"/>'
                               '<w:jc w:val="center"/>'),
    StyleDef("Caption", "caption", PARAGRAPH, based_on="Normal", next_style="Normal",
             ui_priority=35, qformat=True,
             ppr='<w:keepNext/><w:spacing w:after="20"/><w:jc w:val="center"/>',
             rpr='<w:i/><w:iCs/><w:sz w:val="20"/><w:szCs w:val="20"/>'),
    StyleDef("FigureCredit", "Figure Credit", PARAGRAPH, based_on="Normal",
             next_style="Normal", qformat=True,
             ppr='<w:spacing w:after="200"/><w:jc w:val="center"/>',
             rpr='<w:color w:val="595959"/><w:sz w:val="16"/><w:szCs w:val="16"/>'),
    StyleDef("Header", "header", PARAGRAPH, based_on="Normal", ui_priority=99,
             ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>',
             rpr='<w:sz w:val="18"/><w:szCs w:val="18"/>'),
    StyleDef("Footer", "footer", PARAGRAPH, based_on="Normal", ui_priority=99,
             ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
             rpr='<w:sz w:val="18"/><w:szCs w:val="18"/>'),
    StyleDef("FootnoteText", "footnote text", PARAGRAPH, based_on="Normal", ui_priority=99,
             ppr='<w:spacing w:after="40" w:line="240" w:lineRule="auto"/>',
             rpr='<w:sz w:val="20"/><w:szCs w:val="20"/>'),
    StyleDef("EndnoteText", "endnote text", PARAGRAPH, based_on="Normal", ui_priority=99,
             ppr='<w:spacing w:after="60" w:line="240" w:lineRule="auto"/>',
             rpr='<w:sz w:val="20"/><w:szCs w:val="20"/>'),
    StyleDef("Strong", "Strong", CHARACTER, based_on="DefaultParagraphFont", ui_priority=22,
             qformat=True, rpr='<w:b/><w:bCs/>'),
    StyleDef("Hyperlink", "Hyperlink", CHARACTER, based_on="DefaultParagraphFont",
             ui_priority=99, rpr='<w:color w:val="0563C1"/><w:u w:val="single"/>'),
    StyleDef("FootnoteReference", "footnote reference", CHARACTER,
             based_on="DefaultParagraphFont", ui_priority=99,
             rpr='<w:vertAlign w:val="superscript"/>'),
    StyleDef("EndnoteReference", "endnote reference", CHARACTER,
             based_on="DefaultParagraphFont", ui_priority=99,
             rpr='<w:vertAlign w:val="superscript"/>'),
    StyleDef("DraftMark", "Draft Mark", CHARACTER, based_on="DefaultParagraphFont",
             qformat=True,
             rpr='<w:b/><w:bCs/><w:color w:val="C00000"/><w:spacing w:val="40"/>'
                 '<w:sz w:val="24"/><w:szCs w:val="24"/>'),
    StyleDef("Marking", "Marking", CHARACTER, based_on="DefaultParagraphFont", qformat=True,
             rpr='<w:b/><w:bCs/>'),
)

# The document defaults of the house style; the language is filled in per brief.
DOC_DEFAULTS_RPR = (
    f'<w:rFonts w:ascii="{BODY_FONT}" w:eastAsia="{BODY_FONT}" w:hAnsi="{BODY_FONT}" '
    f'w:cs="{BODY_FONT}"/><w:sz w:val="22"/><w:szCs w:val="22"/>'
)
DOC_DEFAULTS_PPR = '<w:spacing w:after="160" w:line="264" w:lineRule="auto"/>'

# Roles the writer asks for, mapped to the Word name it looks up first (case-insensitive).
ROLES: dict[str, str] = {s.style_id: s.name for s in STYLES}
