"""A broken BibTeX entry is reported with the field and line to fix, not where the parser
gave up (the next entry, or "an entry key" made of an abstract's last words)."""

from __future__ import annotations

from pathlib import Path

import pytest

from brief_editor.citations.library import read_library
from brief_editor.citations.library_bibtex_braces import brace_fault


@pytest.mark.parametrize(("raw", "fault"), [
    ("@article{a,\n title = {A {B},\n year = {1}\n}", (2, "a '{' in the title field is never "
                                                        "closed")),
    ("@article{a,\n note = {x}y z},\n year = {1}\n}", (2, "a '}' in the note field has no '{' "
                                                       "to match: it ends the field early")),
    ("@article{a,\n title = {A} year = {2020}}", (2, "no comma after the title field")),
    ("@article{a,\n year = 2020\n title = {A}}", (3, "no comma after the year field")),
])
def test_the_field_whose_braces_do_not_match_is_found(raw: str, fault: tuple[int, str]) -> None:
    assert brace_fault(raw) == fault


@pytest.mark.parametrize("raw", [
    "@article{a,\n title = {A {B} C},\n year = {1}\n}",  # fine
    "@article{a,\n title = {A} # b,\n}",  # concatenation: the parser's own message stands
    "@article{a,\n title = \"A {B}\", year = 1}",
])
def test_entries_whose_braces_match_are_left_to_the_parser(raw: str) -> None:
    assert brace_fault(raw) is None


def test_a_stray_brace_in_an_abstract_names_its_line_and_loses_no_other_entry(
        tmp_path: Path) -> None:
    path = tmp_path / "export.bib"
    path.write_text(
        "@article{ok1, title = {Before}, year = {2013}}\n\n"
        "@ARTICLE{Oshima2013,\nauthor={Oshima, D.},\ntitle={MnGa Films},\n"
        "abstract={anisotropy Ku of \u223c}7\u00d7 106 erg/cc before the irradiation.},\n"
        "year={2013},\n}\n\n"
        "@article{ok2, title = {After}, year = {2013}}\n", encoding="utf-8")
    read = read_library(path)
    # bibtexparser alone would read the entry without its year: it is reported instead.
    assert [item.id for item in read.items] == ["ok1", "ok2"]
    assert [str(p) for p in read.problems] == [
        "Oshima2013 (line 3): malformed: a '}' in the abstract field has no '{' to match: it "
        "ends the field early (line 6)"]
