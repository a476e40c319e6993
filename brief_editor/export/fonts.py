"""One typeface for both exports: the family the DOCX names, and its twin for the PDF.

Word shows a DOCX in Calibri or Cambria, fonts a PDF may not embed and Linux does not
have. Carlito and Caladea (SIL Open Font License) have the same metrics, so the PDF set in
them has the same line breaks and page count as the document in Word. They are fetched by
``make vendor-fonts`` into ``brief_editor/_vendor/fonts`` and used from there, never from
the system, so a brief looks the same on every machine.

The team profile's ``font`` names the family once, for both exports (default Calibri).
"""

from __future__ import annotations

from pathlib import Path

from brief_editor.resources import vendor_dir

DEFAULT_FONT = "Calibri"
# A Word family → the free family with the same metrics that the PDF embeds.
METRIC_TWINS = {"calibri": "Carlito", "cambria": "Caladea"}
_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")


def bundled_fonts_dir() -> Path:
    return vendor_dir() / "fonts"


def pdf_family(name: str) -> str:
    """The family the PDF uses for ``name``: its metric twin, or itself."""
    return METRIC_TWINS.get(name.strip().casefold(), name.strip())


def bundled_family_dir(family: str) -> Path | None:
    """The bundled folder holding ``family`` (Carlito, Caladea), or None."""
    folder = bundled_fonts_dir()
    stem = family.replace(" ", "")
    if folder.is_dir() and any(p.name.startswith(stem + "-") for p in folder.iterdir()):
        return folder
    return None


def is_family_name(entry: str) -> bool:
    """A family name rather than a font file or folder (the profile may name either)."""
    return bool(entry.strip()) and "/" not in entry and "\\" not in entry \
        and not entry.lower().endswith(_SUFFIXES)


def docx_family(entries: tuple[str, ...]) -> str:
    """The family the DOCX names: the profile's font (the first entry), else Calibri."""
    return entries[0].strip() if entries and is_family_name(entries[0]) else DEFAULT_FONT
