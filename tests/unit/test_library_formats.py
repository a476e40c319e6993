"""CSL-JSON and RIS libraries, and files that cannot be read as a library at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from brief_editor.citations.library import (
    LibraryError,
    csl_json_text,
    read_library,
)
from brief_editor.errors import BriefEditorError
from brief_editor.model import Source

LIBRARY = Path(__file__).resolve().parent.parent / "fixtures" / "library"


def test_csl_json_items_are_kept_as_they_are() -> None:
    read = read_library(LIBRARY / "sample.json")
    assert read.format == "csl-json"
    items = {item.id: item for item in read.items}
    assert list(items) == ["zot1", "zot2", "zot4", "zot5"]
    assert items["zot2"].data["custom"] == {"reliability": "A", "credibility": "2"}
    assert items["zot2"].data["author"] == [{"literal": "United Nations"}]
    assert (items["zot1"].line, items["zot4"].line) == (2, 29)


def test_csl_json_items_without_id_or_type_are_reported_with_index_and_line() -> None:
    problems = [str(p) for p in read_library(LIBRARY / "sample.json").problems]
    assert problems == [
        'item 3 (line 20): malformed: the item has no "id"',
        "item 4 (line 24): malformed: an item must be an object {…}, not str",
        'zot3 (line 25): malformed: the item has no "type"',
    ]


def test_csl_json_export_is_an_array_that_reads_back(tmp_path: Path) -> None:
    sources = [Source({"id": "a", "type": "webpage", "title": "Ünïcode “quotes”",
                       "custom": {"reliability": "B"}}),
               Source({"id": "b", "type": "book", "title": "B"})]
    text = csl_json_text(sources)
    assert "Ünïcode “quotes”" in text  # UTF-8, not \u escapes
    path = tmp_path / "out.json"
    path.write_text(text, encoding="utf-8")
    assert [item.data for item in read_library(path).items] == [s.data for s in sources]


def test_ris_records_map_to_csl_items() -> None:
    read = read_library(LIBRARY / "sample.ris")
    items = {item.id: item for item in read.items}
    assert list(items) == ["wirenews2024", "muller2019", "chapter2015", "office2023"]
    news = items["wirenews2024"].data
    assert news["type"] == "article-newspaper"
    assert news["container-title"] == "Example Wire"
    assert news["issued"] == {"date-parts": [[2024, 3, 5]]}
    assert news["accessed"] == {"date-parts": [[2024, 3, 6]]}
    assert news["note"] == "Filed from the capital;\nsecond line of the note."
    article = items["muller2019"]
    assert article.id_generated  # no ID line: made from the first author and the year
    assert article.data["author"] == [{"family": "Müller", "given": "Jörg"},
                                      {"family": "Smith", "given": "John", "suffix": "Jr."}]
    assert article.data["issued"] == {"date-parts": [[2019, 6, 1]]}  # DA is more precise
    assert article.data["page"] == "101-119"
    assert article.data["abstract"] == "An abstract that runs over two lines."
    chapter = items["chapter2015"].data
    assert chapter["type"] == "chapter"
    assert chapter["editor"] == [{"family": "Editor", "given": "Edna"}]
    assert chapter["container-title"] == "The Book of Chapters"
    assert chapter["ISBN"] == "978-0-00-000000-2"
    assert items["office2023"].data["author"] == [{"literal": "Office for Example Affairs"}]


def test_broken_ris_records_are_reported_with_line_numbers() -> None:
    problems = [str(p) for p in read_library(LIBRARY / "sample.ris").problems]
    assert problems == [
        "entry at line 29: malformed: the record has no ER line "
        "(a new record starts at line 34)",
        "entry at line 53: malformed: lines outside a record (no TY line before them)",
        "entry at line 56: malformed: the record has no ER line (the file ends first)",
    ]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("missing.bib", None, "no such file"),
        ("latin1.bib", "@book{a,\n title={Caf\xe9}}\n".encode("latin-1"), "line 2: not UTF-8"),
        ("broken.json", b'[{"id": "a",\n "type": }]', "line 2: not JSON"),
        ("object.json", b'{"items": []}', "expected an array"),
        ("library.txt", b"", "use a .bib, .bibtex, .json (CSL-JSON) or .ris file"),
    ],
)
def test_unreadable_files_raise_one_error_naming_the_file(
    tmp_path: Path, name: str, content: bytes | None, expected: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(LibraryError) as caught:
        read_library(path)
    assert isinstance(caught.value, BriefEditorError)
    message = str(caught.value)
    assert message.startswith(str(path))
    assert expected in message


def test_a_single_csl_item_object_is_read_as_a_library_of_one(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"id": "x", "type": "book", "title": "X"}), encoding="utf-8")
    assert [item.id for item in read_library(path).items] == ["x"]


def test_ris_with_long_type_names_and_only_a_short_title(tmp_path: Path) -> None:
    # EndNote and RefWorks exports write the type out and may carry only ST and VO.
    path = tmp_path / "endnote.ris"
    path.write_text("\ufeffTY  - Journal Article\nAU  - Petrova, Yu. E.\nST  - Endometrial "
                    "receptors\nJO  - Gynecology\nVO  - 12\nPY  - 2009\nER  - \n",
                    encoding="utf-8")
    (item,) = read_library(path).items
    assert item.data["type"] == "article-journal"
    assert item.data["title"] == "Endometrial receptors"
    assert item.data["volume"] == "12"
