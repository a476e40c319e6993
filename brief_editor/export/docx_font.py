"""The house styles of a DOCX set in the team profile's font instead of Calibri."""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn

from brief_editor.export.docx_notes import element_of
from brief_editor.export.docx_styles import BODY_FONT, HEADING_FONT

_FONT_ATTRIBUTES = tuple(qn(f"w:{a}") for a in ("ascii", "hAnsi", "eastAsia", "cs"))


def set_house_font(styles: Any, family: str) -> None:
    """Every font our house styles name (document defaults included) becomes ``family``."""
    if family in (BODY_FONT, HEADING_FONT) and BODY_FONT == HEADING_FONT:
        return
    ours = {BODY_FONT, HEADING_FONT}
    for fonts in element_of(styles).iter(qn("w:rFonts")):
        for attribute in _FONT_ATTRIBUTES:
            if fonts.get(attribute) in ours:
                fonts.set(attribute, family)
