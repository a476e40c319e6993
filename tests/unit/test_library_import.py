"""Importing a library into a brief: duplicates skipped and explained, linked libraries merged."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from brief_editor.citations.library import (
    find_duplicate,
    import_library_into,
    merge_linked,
    read_library,
    same_work,
)
from brief_editor.model import Brief, Source
from brief_editor.storage.files import read_brief

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
LIBRARY = FIXTURES / "library"

WIRE = {"id": "wire1", "type": "article-newspaper", "title": "Talks Resume in Geneva",
        "container-title": "Example Wire", "URL": "https://example.org/talks",
        "DOI": "10.1000/Wire"}


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        ({"id": "wire1", "type": "book", "title": "Unrelated"}, "same id"),
        ({"id": "x", "type": "webpage", "DOI": "https://doi.org/10.1000/WIRE"}, "same DOI"),
        ({"id": "x", "type": "webpage", "DOI": "doi:10.1000/wire"}, "same DOI"),
        ({"id": "x", "type": "webpage", "URL": "HTTP://EXAMPLE.org/talks/#top"}, "same URL"),
        ({"id": "x", "type": "webpage", "title": " talks  RESUME in geneva",
          "container-title": "EXAMPLE WIRE"}, "same title and container"),
    ],
)
def test_find_duplicate_matches_id_doi_url_and_title_with_container(item, reason) -> None:
    assert find_duplicate([Source(WIRE)], item) == f"duplicate of source 'wire1' ({reason})"


@pytest.mark.parametrize(
    "item",
    [
        {"id": "x", "type": "webpage", "title": "Talks Resume in Geneva"},  # no container
        {"id": "x", "type": "webpage", "URL": "https://example.org/talks?page=2"},
        {"id": "x", "type": "webpage", "URL": "https://example.org/talks/more"},
        {"id": "x", "type": "webpage", "DOI": "10.1000/wire2"},
    ],
)
def test_different_works_are_not_duplicates(item) -> None:
    assert find_duplicate([Source(WIRE)], item) is None


def test_same_work_ignores_ids_and_names_the_reason() -> None:
    assert same_work(Source(WIRE), {"id": "wire1"}) is None
    assert same_work(Source(WIRE), Source({"URL": "https://example.org/talks/"})) == "same URL"


def test_import_adds_new_entries_and_explains_each_skipped_one() -> None:
    brief = read_brief(FIXTURES / "tiny.brief")
    result = import_library_into(brief, LIBRARY / "import.bib")
    assert result.added == ["wire1a", "study2021", "handbook2019"]
    # Another page under the brief's key wire1: added under a key of its own.
    assert result.renamed == [
        "wire1 (line 4) → wire1a: the key is taken by source 'wire1', a different work"]
    assert result.skipped == [
        "wirecopy (line 9): duplicate of source 'wire1' (same URL); “wirecopy” now cites it",
        "wiretitle (line 15): duplicate of source 'wire1' (same title and container); "
        "“wiretitle” now cites it",
        "study2021again (line 29): duplicate of entry 'study2021' at line 21 of the library "
        "(same DOI); “study2021again” now cites it",
        result.skipped[3],
    ]
    assert result.skipped[3].startswith("broken (line 37): malformed: ")
    assert [s.id for s in result.brief.sources] == ["wire1", "wire1a", "study2021",
                                                    "handbook2019"]
    assert result.brief.sources[1].title == "Some Other Page With the Same Key"
    assert result.brief.sources[1].custom == {"original_key": "wire1"}
    # The kept sources answer to the skipped keys too, so notes citing them still resolve.
    assert result.brief.sources[0].aliases == ("wirecopy", "wiretitle")
    assert result.brief.sources[2].aliases == ("study2021again",)
    assert {k: v for k, v in result.brief.sources[0].data.items() if k != "custom"} == {
        k: v for k, v in brief.sources[0].data.items() if k != "custom"}
    assert result.brief.sources[3].data["author"] == [{"literal": "World Health Organization"}]
    assert brief.sources == read_brief(FIXTURES / "tiny.brief").sources  # input untouched


def test_importing_the_same_library_twice_adds_nothing_the_second_time() -> None:
    brief = read_brief(FIXTURES / "tiny.brief")
    once = import_library_into(brief, LIBRARY / "accents.bib")
    twice = import_library_into(once.brief, LIBRARY / "accents.bib")
    assert len(once.added) == 6
    assert twice.added == []
    assert twice.brief is once.brief
    assert all("(same id)" in line for line in twice.skipped)


def test_csl_json_import_skips_a_duplicate_url_with_other_case_and_fragment() -> None:
    brief = read_brief(FIXTURES / "tiny.brief")
    result = import_library_into(brief, LIBRARY / "sample.json")
    assert result.added == ["zot2", "zot4"]
    assert ("zot1 (line 2): duplicate of source 'wire1' (same URL); “zot1” now cites it"
            in result.skipped)
    assert ("zot5 (line 36): duplicate of entry 'zot4' at line 29 of the library "
            "(same title and container); “zot5” now cites it") in result.skipped
    assert result.brief.sources[1].data["custom"] == {"reliability": "A", "credibility": "2"}


def test_ris_made_up_ids_never_collide_with_the_briefs_ids() -> None:
    brief = Brief(sources=(Source({"id": "muller2019", "type": "book", "title": "Other"}),))
    result = import_library_into(brief, LIBRARY / "sample.ris")
    assert "muller2019a" in result.added  # the record without ID, renamed, not skipped
    ids = [s.id for s in result.brief.sources]
    assert len(ids) == len(set(ids))


# ----------------------------------------------------------------------------- linked library


def test_merge_linked_updates_by_id_keeps_grades_adds_new_and_removes_nothing() -> None:
    graded = dict(WIRE, custom={"reliability": "B", "credibility": "2"})
    mine = {"id": "mine", "type": "webpage", "title": "Typed by hand", "URL": "https://a.example"}
    brief = Brief(sources=(Source(graded), Source(mine)))
    entries = [
        dict(WIRE, title="Talks Resume in Geneva (updated)"),
        {"id": "fresh", "type": "book", "title": "A New Book"},
        {"id": "copy", "type": "webpage", "URL": "https://a.example/"},
    ]
    merged, report = merge_linked(brief, entries)
    assert report.updated == ["wire1"]
    assert report.added == ["fresh"]
    assert report.skipped == ["copy: duplicate of source 'mine' (same URL)"]
    assert [s.id for s in merged.sources] == ["wire1", "mine", "fresh"]
    assert merged.sources[0].title == "Talks Resume in Geneva (updated)"
    assert merged.sources[0].custom == {"reliability": "B", "credibility": "2"}
    assert merged.sources[1] == brief.sources[1]


def test_merge_linked_with_nothing_new_returns_the_same_brief() -> None:
    brief = Brief(sources=(Source(dict(WIRE, custom={"reliability": "A"})),))
    merged, report = merge_linked(brief, [dict(WIRE)])
    assert merged is brief
    assert not report.changed


def test_merge_linked_accepts_what_read_library_returns() -> None:
    read = read_library(LIBRARY / "malformed.bib")
    merged, report = merge_linked(Brief(), read.items)
    # The file gives "good1" to two works: the second comes in under a key of its own.
    assert report.added == ["good1", "good2", "good3", "good1a"]
    assert report.renamed == ["good1 (line 26) → good1a: the library gives “good1” to "
                              "another work too"]
    assert merged.source_by_id()["good1a"].custom == {"original_key": "good1"}
    # The file is re-read after a change; the entry that stays is updated in place.
    again, report = merge_linked(merged, [dict(read.items[0].data, title="Retitled")])
    assert report.updated == ["good1"] and report.added == []
    assert [s.title for s in again.sources][:1] == ["Retitled"]


ONE = {"id": "Nguyen2022", "type": "article-journal", "title": "Tides of the Strait",
       "container-title": "Littoral Review", "DOI": "10.1000/tides"}
TWO = {"id": "Nguyen2022", "type": "article-journal", "title": "Salt and Silt",
       "container-title": "Harbour Studies", "DOI": "10.1000/silt"}
THREE = {"id": "Nguyen2022", "type": "report", "title": "Dredging Notes",
         "container-title": "Port Almery Authority", "DOI": "10.1000/dredge"}


def _works(brief: Brief) -> dict[str, str]:
    return {s.id: s.title for s in brief.sources}


def test_a_linked_file_that_gives_one_key_to_two_works_keeps_both() -> None:
    merged, report = merge_linked(Brief(), [ONE, TWO, dict(TWO)])
    assert _works(merged) == {"Nguyen2022": "Tides of the Strait",
                              "Nguyen2022a": "Salt and Silt"}
    assert report.added == ["Nguyen2022", "Nguyen2022a"]
    assert report.renamed == ["Nguyen2022 → Nguyen2022a: the library gives “Nguyen2022” to "
                              "another work too"]
    assert report.skipped == ["Nguyen2022: the library has this id twice; the first entry "
                              "is used"]


def test_each_work_keeps_its_key_on_every_read_in_any_order() -> None:
    graded = dict(ONE, custom={"reliability": "B"})
    brief, _ = merge_linked(Brief(sources=(Source(graded),)), [ONE, TWO])
    for order in ([ONE, TWO], [TWO, ONE]):
        again, report = merge_linked(brief, order)
        assert again is brief, report
    # A work updated in the library updates its own source, whichever comes first.
    retitled = dict(TWO, title="Salt and Silt, Revised")
    again, report = merge_linked(brief, [retitled, ONE])
    assert report.updated == ["Nguyen2022a"] and report.added == []
    assert _works(again) == {"Nguyen2022": "Tides of the Strait",
                             "Nguyen2022a": "Salt and Silt, Revised"}
    assert again.source_by_id()["Nguyen2022"].custom == {"reliability": "B"}
    # A third work under the key: a third key; the others stay.
    again, report = merge_linked(brief, [THREE, TWO, ONE])
    assert report.added == ["Nguyen2022b"] and report.updated == []
    assert again.source_by_id()["Nguyen2022b"].title == "Dredging Notes"


def test_a_work_edited_in_the_library_keeps_the_key_it_had() -> None:
    """A key's own work, edited past recognition (a new DOI), is still that key's work when
    no other source under the key is it; the other works keep theirs."""
    brief, _ = merge_linked(Brief(), [ONE, TWO])
    edited = dict(ONE, title="Tides of the Strait (corrected)", DOI="10.1000/tides-2")
    again, report = merge_linked(brief, [TWO, edited])
    assert report.updated == ["Nguyen2022"] and report.added == []
    assert _works(again)["Nguyen2022"] == "Tides of the Strait (corrected)"
    assert _works(again)["Nguyen2022a"] == "Salt and Silt"


# ----------------------------------------------------------------------------- command line


def test_cli_sources_import_adds_sources_and_reports_skipped_ones(tmp_path: Path) -> None:
    brief_path = tmp_path / "tiny.brief"
    shutil.copy(FIXTURES / "tiny.brief", brief_path)
    library = tmp_path / "LIB.bib"
    shutil.copy(LIBRARY / "import.bib", library)
    done = subprocess.run(
        [sys.executable, "-m", "brief_editor", "sources", "import", str(brief_path), str(library)],
        capture_output=True, text=True, timeout=120, env=dict(os.environ),
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"Added 3 source(s) from {library}"
    assert ("Renamed wire1 (line 4) → wire1a: the key is taken by source 'wire1', "
            "a different work") in lines
    assert "Skipped wirecopy (line 9): duplicate of source 'wire1' (same URL); “wirecopy” now cites it" in lines
    assert any(line.startswith("Skipped broken (line 37): malformed:") for line in lines)
    assert done.stderr == ""
    saved = json.loads(brief_path.read_text(encoding="utf-8"))
    assert [s["id"] for s in saved["sources"]] == ["wire1", "wire1a", "study2021",
                                                   "handbook2019"]

    again = subprocess.run(
        [sys.executable, "-m", "brief_editor", "sources", "import", str(brief_path), str(library)],
        capture_output=True, text=True, timeout=120, env=dict(os.environ),
    )
    assert again.returncode == 0
    assert again.stdout.splitlines()[0] == f"Added 0 source(s) from {library}"


def test_cli_sources_import_of_an_unreadable_library_is_one_line_and_exit_2(
    tmp_path: Path,
) -> None:
    brief_path = tmp_path / "tiny.brief"
    shutil.copy(FIXTURES / "tiny.brief", brief_path)
    before = brief_path.read_bytes()
    library = tmp_path / "bad.json"
    library.write_text("[{", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "brief_editor", "sources", "import", str(brief_path), str(library)],
        capture_output=True, text=True, timeout=120, env=dict(os.environ),
    )
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1
    assert str(library) in done.stderr and "not JSON" in done.stderr
    assert brief_path.read_bytes() == before
