"""Issue 12, item 2 and 6: BibTeX parents are inherited; TeX math prints as Unicode.

The fixture ``inherit.bib`` was written for these tests; each expectation follows the
biblatex manual's inheritance rules (appendix B), set by hand. The real-library check
compares with pandoc 3, a reader we did not write, where pandoc is installed.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from brief_editor.citations.checks import run_checks
from brief_editor.citations.library import import_library_into, read_library
from brief_editor.model import Brief, Cite, NarrativeSection, Note

LIBRARY = Path(__file__).resolve().parent.parent / "fixtures" / "library"
INHERIT = LIBRARY / "inherit.bib"


def _items() -> dict[str, dict]:
    read = read_library(INHERIT)
    assert read.problems == ()
    return {item.id: item.data for item in read.items}


def test_a_paper_inherits_its_proceedings_and_keeps_its_own_fields() -> None:
    items = _items()
    paper = items["khan2015"]
    assert paper["title"] == "Counting Crossings from Satellite Images"  # not the parent's
    assert paper["container-title"] == "Proceedings of the Workshop on Border Data (BD 2015)"
    assert paper["editor"] == [{"family": "Okafor", "given": "Adaeze"},
                               {"family": "van der Berg", "given": "Pieter"}]
    assert paper["publisher"] == "Eastfield Press"
    assert paper["publisher-place"] == "Rotterdam"
    assert paper["issued"] == {"date-parts": [[2015, 9]]}
    # The child's own booktitle and year win over the parent's.
    other = items["lee2015"]
    assert other["container-title"] == "Border Data 2015: Short Papers"
    assert other["issued"]["date-parts"][0][0] == 2016
    # The parent stays a source of its own.
    assert items["bd2015"]["type"] == "book"


def test_a_chapter_inherits_its_book_as_container_and_book_author() -> None:
    chapter = _items()["history-ch2"]
    assert chapter["title"] == "The Corridor Years"
    assert chapter["container-title"] == "A History of the Northern Region"
    assert chapter["author"] == [{"family": "Marković", "given": "Dragana"}]
    assert chapter["container-author"] == chapter["author"]
    assert chapter["publisher"] == "Cambridge University Press"


def test_xdata_fills_fields_and_a_set_key_cites_its_first_member() -> None:
    items = _items()
    assert "ledger" not in items and "pair" not in items  # @xdata and @set are no sources
    talks = items["talks"]
    assert talks["container-title"] == "The Daily Ledger"
    assert talks["publisher"] == "Ledger Group"
    assert talks["custom"]["aliases"] == ["pair"]


def test_tex_math_prints_as_unicode() -> None:
    item = _items()["math"]
    assert item["title"] == "Bounds for A* Search and H₂O Transport at p ≤ 0.05"
    assert item["container-title"] == "Journal of α-Helices"


def test_check_warns_about_a_cited_child_whose_parent_is_missing(tmp_path: Path) -> None:
    imported = import_library_into(Brief(), INHERIT).brief
    keys = ["khan2015", "history-ch2", "pair", "orphan"]
    body = tuple(("Text.", Note(cites=(Cite(source=k),))) for k in keys)
    brief = Brief(sections=(NarrativeSection(id="s1", heading=("H",), body=body),),
                  sources=imported.sources)
    problems = run_checks(brief)
    assert not [p for p in problems if p.id == "E001"]  # the set's key resolves too
    w108 = [p.message for p in problems if p.id == "W108"]
    assert len(w108) == 1 and "“orphan”" in w108[0] and "journal" in w108[0]


def _pandoc() -> str | None:
    try:
        import pypandoc
        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return None


def test_parents_are_filled_in_as_pandoc_fills_them() -> None:
    pandoc = _pandoc()
    if pandoc is None:
        pytest.skip("pandoc 3 (pypandoc-binary, the bench extra) is not installed")
    done = subprocess.run([pandoc, "-f", "biblatex", "-t", "csljson", str(INHERIT)],
                          capture_output=True, text=True, check=True, timeout=60)
    theirs = {d["id"]: d for d in json.loads(done.stdout)}
    ours = _items()
    for key in ("khan2015", "lee2015", "history-ch2"):
        for field in ("container-title", "publisher", "publisher-place"):
            # pandoc changes the case of biblatex titles; the words are what matters.
            assert (str(ours[key].get(field)).casefold()
                    == str(theirs[key].get(field)).casefold()), (key, field)
        assert ([n.get("family") for n in ours[key].get("editor", [])]
                == [_family(n) for n in theirs[key].get("editor", [])]), key


def _family(name: dict) -> str:
    """pandoc's family name with its particle ("van der" + "Berg"), as we keep it."""
    parts = (name.get("dropping-particle"), name.get("non-dropping-particle"), name.get("family"))
    return " ".join(p for p in parts if p)
