"""The DOCX and the PDF of one brief look like one publication: the same typeface (the
PDF embeds the metric twin of the Word font) and the same title line."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pypdf
import pytest
from lxml import etree

from brief_editor.cli import main as cli_main

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "tiny.brief"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Metric twins, as published by their makers (Google's Carlito and Huerta's Caladea).
TWINS = {"Calibri": "Carlito", "Cambria": "Caladea"}


def docx_fonts(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/styles.xml"))
    return {el.get(f"{W}ascii") for el in root.iter(f"{W}rFonts")} - {None}


def docx_title(path: Path) -> str:
    import docx

    return docx.Document(str(path)).paragraphs[0].text


def pdf_fonts(path: Path) -> set[str]:
    names = set()
    for page in pypdf.PdfReader(path).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            base = str(font.get_object()["/BaseFont"])
            names.add(base.split("+", 1)[-1].lstrip("/").split("-")[0])
    return names


def pdf_first_line(path: Path) -> str:
    text = pypdf.PdfReader(path).pages[0].extract_text()
    return next(line.strip() for line in text.splitlines() if line.strip())


def export_both(tmp_path: Path, profile: dict | None) -> tuple[Path, Path]:
    args = []
    if profile is not None:
        team = tmp_path / "team.json"
        team.write_text(json.dumps({"version": 1, **profile}), encoding="utf-8")
        args = ["--profile", str(team)]
    docx_path, pdf_path = tmp_path / "tiny.docx", tmp_path / "tiny.pdf"
    for out in (docx_path, pdf_path):
        assert cli_main(["export", str(FIXTURE), "-o", str(out), *args]) == 0
    return docx_path, pdf_path


@pytest.mark.parametrize(("profile", "word_font"), [
    (None, "Calibri"), ({"font": "Cambria"}, "Cambria"), ({"font": "Calibri"}, "Calibri"),
])
def test_the_pdf_is_set_in_the_twin_of_the_word_font(tmp_path: Path, profile, word_font) -> None:
    docx_path, pdf_path = export_both(tmp_path, profile)
    assert docx_fonts(docx_path) == {word_font}
    assert pdf_fonts(pdf_path) == {TWINS[word_font]}


def test_both_print_the_same_title_line(tmp_path: Path) -> None:
    docx_path, pdf_path = export_both(tmp_path, None)
    assert docx_title(docx_path) == "Security Brief: Example Desk"
    assert pdf_first_line(pdf_path) == docx_title(docx_path)


def test_a_profile_without_a_font_name_is_refused(tmp_path: Path) -> None:
    from brief_editor.storage.profile import ProfileError, load_profile

    team = tmp_path / "team.json"
    team.write_text(json.dumps({"version": 1, "font": " "}), encoding="utf-8")
    with pytest.raises(ProfileError, match="'font'"):
        load_profile(team)
