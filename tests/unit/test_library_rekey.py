"""A key given to two different works (Scopus exports do it): the second is imported under
a key of its own (key + a, b, …), its own key kept in ``custom.original_key`` and reported;
the same work under the same key is still skipped; importing again adds nothing."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from brief_editor.citations.library import import_library_into
from brief_editor.citations.library_rekey import free_key
from brief_editor.citations.notes import NoteRenderer
from brief_editor.model import Brief, Cite, NarrativeSection, Note, Source, Style
from brief_editor.storage.files import read_brief, save_brief

# Three works under one key, the same work twice, and a later entry that already holds
# the key the first re-keyed entry would get: in each of the three formats.
BIB = """\
@article{Kim2022,
  author = {Kim, Jae},
  title = {Signal Detection for Patterned Media},
  journal = {IEEE Transactions on Magnetics},
  year = {2022},
  doi = {10.1109/TMAG.2022.1},
}

@article{Kim2022,
  author = {Kim, Jae},
  title = {Track Misregistration in Two Dimensions},
  journal = {Applied Sciences},
  year = {2022},
  doi = {10.3390/app2022.2},
}

@article{Kim2022,
  author = {Kim, Jae},
  title = {Signal Detection for Patterned Media},
  journal = {IEEE Transactions on Magnetics},
  year = {2022},
  doi = {10.1109/TMAG.2022.1},
}

@inproceedings{Kim2022,
  author = {Kim, Jae},
  title = {Coding for Heated-Dot Recording},
  booktitle = {Digests of the Intermag Conference},
  year = {2022},
  doi = {10.1109/INTMAG.2022.3},
}

@book{Kim2022a,
  author = {Kim, Jae},
  title = {A Book Already Keyed with a Letter},
  publisher = {Example Press},
  year = {2022},
}
"""

TITLES = ["Signal Detection for Patterned Media", "Track Misregistration in Two Dimensions",
          "Coding for Heated-Dot Recording", "A Book Already Keyed with a Letter"]


def _csl_json() -> str:
    items = [
        {"id": "Kim2022", "type": "article-journal", "title": TITLES[0],
         "container-title": "IEEE Transactions on Magnetics", "DOI": "10.1109/TMAG.2022.1"},
        {"id": "Kim2022", "type": "article-journal", "title": TITLES[1],
         "container-title": "Applied Sciences", "DOI": "10.3390/app2022.2"},
        {"id": "Kim2022", "type": "article-journal", "title": TITLES[0],
         "container-title": "IEEE Transactions on Magnetics", "DOI": "10.1109/TMAG.2022.1"},
        {"id": "Kim2022", "type": "paper-conference", "title": TITLES[2],
         "container-title": "Digests of the Intermag Conference", "DOI": "10.1109/INTMAG.2022.3"},
        {"id": "Kim2022a", "type": "book", "title": TITLES[3], "publisher": "Example Press"},
    ]
    return json.dumps(items, indent=1)


def _ris() -> str:
    records = [("JOUR", TITLES[0], "IEEE Transactions on Magnetics", "10.1109/TMAG.2022.1"),
               ("JOUR", TITLES[1], "Applied Sciences", "10.3390/app2022.2"),
               ("JOUR", TITLES[0], "IEEE Transactions on Magnetics", "10.1109/TMAG.2022.1"),
               ("CONF", TITLES[2], "Digests of the Intermag Conference",
                "10.1109/INTMAG.2022.3")]
    text = "".join(f"TY  - {kind}\nID  - Kim2022\nAU  - Kim, Jae\nTI  - {title}\nT2  - {box}\n"
                   f"PY  - 2022\nDO  - {doi}\nER  - \n\n" for kind, title, box, doi in records)
    return text + (f"TY  - BOOK\nID  - Kim2022a\nAU  - Kim, Jae\nTI  - {TITLES[3]}\n"
                   "PB  - Example Press\nPY  - 2022\nER  - \n")


LIBRARIES = {"lib.bib": BIB, "lib.json": _csl_json(), "lib.ris": _ris()}
# How each format's entries start a line: their lines, counted here, not by the reader.
STARTS = {"lib.bib": re.compile(r"@"), "lib.json": re.compile(r" \{"),
          "lib.ris": re.compile(r"TY  - ")}


def _starts(name: str) -> list[int]:
    return [n for n, line in enumerate(LIBRARIES[name].splitlines(), start=1)
            if STARTS[name].match(line)]


def _library(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_text(LIBRARIES[name], encoding="utf-8")
    return path


def _notes(brief: Brief, keys: list[str]) -> dict[str, str]:
    body = tuple(("Text.", Note(cites=(Cite(source=key),))) for key in keys)
    citing = Brief(style=Style(citation_style="chicago-notes", ibid=False),
                   sections=(NarrativeSection(id="s1", heading=("H",), body=body),),
                   sources=brief.sources)
    return {key: n.text for key, n in zip(keys, NoteRenderer().render(citing), strict=True)}


@pytest.mark.parametrize("name", sorted(LIBRARIES))
def test_each_work_under_a_shared_key_gets_a_key_of_its_own(tmp_path: Path, name: str) -> None:
    result = import_library_into(Brief(), _library(tmp_path, name))
    # Kim2022a is the file's own key for the book: the first re-keyed work takes "b".
    assert result.added == ["Kim2022", "Kim2022b", "Kim2022c", "Kim2022a"]
    first, second, third, fourth, _ = _starts(name)
    taken = f"the key is taken by entry 'Kim2022' at line {first} of the library"
    assert result.renamed == [f"Kim2022 (line {second}) → Kim2022b: {taken}, a different work",
                              f"Kim2022 (line {fourth}) → Kim2022c: {taken}, a different work"]
    # The same work under the same key is a true duplicate: skipped, and said so.
    assert result.skipped == [f"Kim2022 (line {third}): duplicate of entry 'Kim2022' at line "
                              f"{first} of the library (same id)"]
    by_id = result.brief.source_by_id()
    assert by_id["Kim2022b"].custom == {"original_key": "Kim2022"}
    assert "original_key" not in by_id["Kim2022"].custom
    # Each key's note prints its own work, the library's key the first one.
    notes = _notes(result.brief, ["Kim2022", "Kim2022b", "Kim2022c", "Kim2022a"])
    for key, title in zip(notes, TITLES, strict=True):
        assert title in notes[key], (key, notes[key])


@pytest.mark.parametrize("name", sorted(LIBRARIES))
def test_importing_the_same_library_again_adds_nothing(tmp_path: Path, name: str) -> None:
    path = _library(tmp_path, name)
    once = import_library_into(Brief(), path)
    # Saved and read back, as a user's brief is between two imports.
    save_brief(tmp_path / "issue.brief", once.brief)
    brief = read_brief(tmp_path / "issue.brief")
    for _ in range(2):
        again = import_library_into(brief, path)
        assert again.added == [] and again.renamed == []
        assert again.brief is brief
        brief = again.brief
    lines = {line.split(": ", 1)[1] for line in again.skipped}
    assert "duplicate of source 'Kim2022b' (same DOI), re-keyed from “Kim2022”" in lines
    assert "duplicate of source 'Kim2022c' (same DOI), re-keyed from “Kim2022”" in lines


def test_a_key_the_brief_has_for_another_work_is_not_taken_over(tmp_path: Path) -> None:
    mine = Source({"id": "Kim2022", "type": "webpage", "title": "A Page of My Own",
                   "URL": "https://example.org/mine"})
    aliased = Source({"id": "other", "type": "book", "title": "Another Book",
                      "custom": {"aliases": ["Kim2022b"]}})
    result = import_library_into(Brief(sources=(mine, aliased)), _library(tmp_path, "lib.bib"))
    # The brief's Kim2022 and the alias Kim2022b stay what they cite; the library's
    # three works come in under free keys.
    assert result.added == ["Kim2022c", "Kim2022d", "Kim2022e", "Kim2022a"]
    assert result.renamed[0].endswith("→ Kim2022c: the key is taken by source 'Kim2022', "
                                      "a different work")
    by_id = result.brief.source_by_id()
    assert by_id["Kim2022"].title == "A Page of My Own"
    assert by_id["Kim2022b"].title == "Another Book"
    assert by_id["Kim2022c"].title == TITLES[0]
    assert result.brief.sources[:2] == (mine, aliased)


def test_an_entry_without_doi_url_or_container_is_the_same_by_its_fields(tmp_path: Path) -> None:
    """Nothing tells two books apart but their fields: the same book imported again is
    skipped, not re-keyed at each import (no key-b, key-c storm); another book is re-keyed."""
    path = tmp_path / "books.bib"
    path.write_text("@book{roe, title = {Plain Book}, publisher = {P}, year = {2001}}\n"
                    "@book{roe, title = {Other Book}, publisher = {P}, year = {2001}}\n",
                    encoding="utf-8")
    brief = Brief(sources=(Source({"id": "roe", "type": "book", "title": "Plain  book",
                                   "issued": {"date-parts": [[2001]]},
                                   "custom": {"reliability": "B"}}),))
    result = import_library_into(brief, path)
    assert result.added == ["roea"]
    assert result.skipped == ["roe (line 1): duplicate of source 'roe' (same id)"]
    assert import_library_into(result.brief, path).added == []


def test_free_key_appends_letters_past_z() -> None:
    assert free_key("k", {"k"}) == "ka"
    assert free_key("k", {"k", "ka", "kb"}) == "kc"
    assert free_key("k", {"k"} | {f"k{chr(c)}" for c in range(ord("a"), ord("z") + 1)}) == "kaa"


def test_cli_reports_each_new_key_and_adds_nothing_the_second_time(tmp_path: Path) -> None:
    brief_path = tmp_path / "issue.brief"
    save_brief(brief_path, Brief())
    library = _library(tmp_path, "lib.json")

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "brief_editor", "sources", "import", str(brief_path),
             str(library)], capture_output=True, text=True, timeout=120, env=dict(os.environ))

    done = run()
    assert done.returncode == 0 and done.stderr == ""
    first, second, third, fourth, _ = _starts("lib.json")
    taken = f"the key is taken by entry 'Kim2022' at line {first} of the library"
    assert done.stdout.splitlines() == [
        f"Added 4 source(s) from {library}",
        f"Renamed Kim2022 (line {second}) → Kim2022b: {taken}, a different work",
        f"Renamed Kim2022 (line {fourth}) → Kim2022c: {taken}, a different work",
        f"Skipped Kim2022 (line {third}): duplicate of entry 'Kim2022' at line {first} of the "
        "library (same id)",
    ]
    saved = json.loads(brief_path.read_text(encoding="utf-8"))["sources"]
    assert [(s["id"], s.get("custom")) for s in saved] == [
        ("Kim2022", None), ("Kim2022b", {"original_key": "Kim2022"}),
        ("Kim2022c", {"original_key": "Kim2022"}), ("Kim2022a", None)]
    before = brief_path.read_bytes()
    again = run()
    assert again.returncode == 0 and again.stderr == ""
    assert again.stdout.splitlines()[0] == f"Added 0 source(s) from {library}"
    assert not [line for line in again.stdout.splitlines() if line.startswith("Renamed")]
    assert brief_path.read_bytes() == before


def test_cli_saves_a_new_alias_even_when_nothing_is_added(tmp_path: Path) -> None:
    """A near-duplicate under a new key adds no source but makes its key cite the one there:
    the brief must be saved, or a note citing that key is left unresolved (E001)."""
    brief_path = tmp_path / "issue.brief"
    save_brief(brief_path, Brief(sources=(Source({"id": "kim", "type": "article-journal",
                                                  "title": "T", "DOI": "10.1/x"}),)))
    library = tmp_path / "lib.json"
    library.write_text(json.dumps([{"id": "kim-copy", "type": "article-journal",
                                    "title": "T", "DOI": "10.1/X"}]), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "brief_editor", "sources", "import", str(brief_path),
         str(library)], capture_output=True, text=True, timeout=120, env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    assert read_brief(brief_path).sources[0].aliases == ("kim-copy",)


def test_a_work_given_twice_under_a_reused_key_is_added_once(tmp_path: Path) -> None:
    """Scopus lists a paper again under the key it gave another: the copy of the second
    work is a duplicate of the entry re-keyed a moment before, not a third source."""
    path = tmp_path / "lib.json"
    items = [{"id": "k", "type": "book", "title": "One", "DOI": "10.1/one"},
             {"id": "k", "type": "book", "title": "Two", "DOI": "10.1/two"},
             {"id": "k", "type": "book", "title": "Two", "DOI": "10.1/TWO"}]
    text = json.dumps(items, indent=1)
    path.write_text(text, encoding="utf-8")
    second = [n for n, line in enumerate(text.splitlines(), start=1) if line == " {"][1]
    result = import_library_into(Brief(), path)
    assert result.added == ["k", "ka"]
    assert len(result.renamed) == 1
    assert [line.split(": ", 1)[1] for line in result.skipped] == [
        f"duplicate of entry 'ka' at line {second} of the library (same DOI), re-keyed from “k”"]
