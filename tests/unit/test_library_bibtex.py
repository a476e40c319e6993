"""BibTeX libraries: LaTeX decoded, names split, broken entries reported by line, export escaped."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from brief_editor.citations.library import bibtex_text, read_library
from brief_editor.model import Source

LIBRARY = Path(__file__).resolve().parent.parent / "fixtures" / "library"


def _by_id(path: Path) -> dict[str, dict]:
    return {item.id: item.data for item in read_library(path).items}


def test_latex_accents_braces_and_dashes_are_decoded() -> None:
    items = _by_id(LIBRARY / "accents.bib")
    article = items["mueller2020"]
    assert article["title"] == "The Protégé Story – NATO and the Étude of 50% & More"
    assert article["container-title"] == "Journal of European Studies"
    assert article["author"] == [
        {"family": "Müller", "given": "Jörg"},
        {"family": "García Márquez", "given": "Gabriel"},
        {"literal": "United Nations"},
    ]
    assert article["type"] == "article-journal"
    assert article["issued"] == {"date-parts": [[2020, 3]]}
    assert article["page"] == "12-34"
    assert article["DOI"] == "10.1000/ABC.123"
    assert article["issue"] == "3"


def test_book_names_with_particles_suffix_string_macro_and_place() -> None:
    book = _by_id(LIBRARY / "accents.bib")["fontaine1999"]
    assert book["type"] == "book"
    assert book["title"] == "Fables & Sonatas"
    assert book["author"] == [
        {"family": "de la Fontaine", "given": "Jean"},
        {"family": "van Beethoven", "given": "Ludwig", "suffix": "Jr."},
    ]
    assert book["editor"] == [{"family": "Doe", "given": "Jane"}]
    assert book["publisher"] == "United Nations Publications"  # @string resolved
    assert book["publisher-place"] == "Paris"
    assert book["issued"] == {"date-parts": [[1999]]}


def test_online_entry_keeps_its_url_verbatim_and_reads_biblatex_dates() -> None:
    page = _by_id(LIBRARY / "accents.bib")["unwebsite2024"]
    assert page["type"] == "webpage"
    # %20 and ~ are part of the address, not a LaTeX comment and a non-breaking space.
    assert page["URL"] == "https://reliefweb.int/report/sudan/situation%20report?id=1&x=~2#top"
    assert page["container-title"] == "ReliefWeb"
    assert page["author"] == [{"literal": "Office for the Coordination of Humanitarian Affairs"}]
    assert page["issued"] == {"date-parts": [[2024, 2, 15]]}
    assert page["accessed"] == {"date-parts": [[2024, 3, 1]]}


def test_entry_types_map_to_csl_types() -> None:
    items = _by_id(LIBRARY / "accents.bib")
    assert items["smith2018"]["type"] == "chapter"
    assert items["smith2018"]["container-title"] == "An Edited Volume"
    report = items["crisis2021"]
    assert report["type"] == "report"
    assert report["publisher"] == "International Crisis Group"
    assert report["number"] == "171"
    assert report["issued"] == {"date-parts": [[2021, 7]]}  # month = {July}
    assert items["nourl"]["type"] == "document"
    assert items["nourl"]["issued"] == {"literal": "n.d."}


def test_malformed_entries_are_reported_with_line_numbers_and_good_ones_kept() -> None:
    read = read_library(LIBRARY / "malformed.bib")
    # A key given twice is no fault of the entry: both are read, and the import decides
    # (the same work is skipped, another work gets a key of its own).
    assert [(item.id, item.line) for item in read.items] == [
        ("good1", 1), ("good2", 13), ("good3", 24), ("good1", 26)
    ]
    assert read.items[0].data["title"] == "First Good Entry"
    assert read.items[3].data["title"] == "The same key again"
    lines = [str(problem) for problem in read.problems]
    assert [problem.line for problem in read.problems] == [8, 20, 28]
    # The field to fix and its line, not where the parser gave up (the next entry).
    assert lines[0] == "broken1 (line 8): malformed: a '{' in the author field is never closed " \
                       "(line 9)"
    assert lines[1].startswith("entry at line 20: malformed: ")
    assert "comma" in lines[1]
    assert lines[2] == "twotitles (line 28): malformed: the field(s) title given twice"


def test_parser_warnings_do_not_leak_to_the_log(caplog) -> None:
    read_library(LIBRARY / "malformed.bib")
    assert not [r for r in caplog.records if r.name.startswith("bibtexparser")]


def test_text_without_entries_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "notes.bib"
    path.write_text("This is not BibTeX at all.\n", encoding="utf-8")
    read = read_library(path)
    assert read.items == ()
    assert "no BibTeX entries" in str(read.problems[0])


# ----------------------------------------------------------------------------- export


def test_export_escapes_specials_keeps_utf8_and_braces_organizations() -> None:
    source = Source({
        "id": "un 2024", "type": "report", "title": "Aid & Access: 50% of {NATO} $ in #Sudan_x",
        "author": [{"literal": "United Nations"}],
        "publisher": "Café Press", "issued": {"date-parts": [[2024, 3, 5]]},
        "URL": "https://example.org/a%20b?x=1&y=~z", "page": "3–5",
    })
    text = bibtex_text([source])
    assert text.startswith("@techreport{un_2024,\n")
    assert "  author = {{United Nations}},\n" in text
    assert r"Aid \& Access: 50\% of {\{NATO\}} \$ in \#Sudan\_x" in text
    assert "institution = {Café Press}" in text  # UTF-8, not {\'e}
    assert "url = {https://example.org/a%20b?x=1&y=~z}" in text
    assert "pages = {3--5}" in text
    assert "month = mar," in text
    assert text.count("{") == text.count("}")


def test_export_then_import_keeps_titles_authors_and_dates(tmp_path: Path) -> None:
    original = read_library(LIBRARY / "accents.bib")
    path = tmp_path / "out.bib"
    path.write_text(bibtex_text(Source(item.data) for item in original.items), encoding="utf-8")
    again = read_library(path)
    assert again.problems == ()
    assert len(again.items) == len(original.items)
    for before, after in zip(original.items, again.items, strict=True):
        for key in ("id", "type", "title", "author", "editor", "issued", "accessed",
                    "container-title", "URL", "DOI", "publisher", "page"):
            assert after.data.get(key) == before.data.get(key), (before.id, key)


def test_grades_survive_export_and_import(tmp_path: Path) -> None:
    graded = Source({"id": "wire", "type": "article-newspaper", "title": "Talks Resume",
                     "custom": {"reliability": "B", "credibility": "2",
                                "note": "Wire copy; 50% of its sources are named & on record"}})
    half = Source({"id": "blog", "type": "post", "title": "A Post", "custom": {"credibility": "5"}})
    plain = Source({"id": "book", "type": "book", "title": "A Book"})
    path = tmp_path / "graded.bib"
    text = bibtex_text([graded, half, plain])
    assert "reliability = {B}" in text and "credibility = {2}" in text
    path.write_text(text, encoding="utf-8")
    again = {item.id: item.data for item in read_library(path).items}
    assert again["wire"]["custom"] == graded.data["custom"]
    assert again["blog"]["custom"] == {"credibility": "5"}
    assert "custom" not in again["book"]


def test_a_grade_outside_the_scale_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "odd.bib"
    path.write_text("@misc{x, title = {X}, reliability = {Z}, credibility = {9},\n"
                    "  annote = {Checked against the wire.}}\n", encoding="utf-8")
    (item,) = read_library(path).items
    assert item.data["custom"] == {"note": "Checked against the wire."}


def test_types_without_a_bibtex_entry_type_survive_a_round_trip(tmp_path: Path) -> None:
    sources = [
        Source({"id": "case1", "type": "legal_case", "title": "A v. B",
                "issued": {"date-parts": [[1990]]}}),
        Source({"id": "news1", "type": "article-newspaper", "title": "Talks Resume",
                "container-title": "Example Wire", "issued": {"date-parts": [[2024, 3, 4]]}}),
        Source({"id": "blog1", "type": "post-weblog", "title": "A Post",
                "container-title": "A Blog", "URL": "https://blog.example/post"}),
    ]
    path = tmp_path / "types.bib"
    path.write_text(bibtex_text(sources), encoding="utf-8")
    read = {item.id: item.data for item in read_library(path).items}
    assert read["case1"]["type"] == "legal_case"
    assert read["news1"]["type"] == "article-newspaper"
    assert read["news1"]["container-title"] == "Example Wire"
    assert read["news1"]["issued"] == {"date-parts": [[2024, 3, 4]]}
    assert read["blog1"]["type"] == "post-weblog"
    assert read["blog1"]["container-title"] == "A Blog"


def test_names_with_particles_compound_families_and_suffixes_round_trip(tmp_path: Path) -> None:
    names = [
        {"family": "van Gogh", "given": "Vincent"},
        {"family": "García Márquez", "given": "Gabriel"},
        {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
        {"literal": "Médecins Sans Frontières, Belgium"},
        {"family": "Aristotle"},
    ]
    path = tmp_path / "names.bib"
    path.write_text(bibtex_text([Source({"id": "n", "type": "book", "title": "T",
                                          "author": names})]), encoding="utf-8")
    assert read_library(path).items[0].data["author"] == names


_TITLE_CHARS = st.characters(
    codec="utf-8", categories=("L", "N", "P", "S", "Zs"), exclude_characters="\u2028\u2029"
)


@settings(max_examples=200, deadline=None)
@given(st.text(_TITLE_CHARS, min_size=1, max_size=40))
def test_any_title_survives_export_and_import(tmp_path_factory, title: str) -> None:
    title = " ".join(title.split())
    if not title:
        return
    path = tmp_path_factory.mktemp("rt") / "t.bib"
    path.write_text(bibtex_text([Source({"id": "t", "type": "book", "title": title})]),
                    encoding="utf-8")
    read = read_library(path)
    assert read.problems == ()
    assert read.items[0].data["title"] == title


def test_tex_ligatures_and_specials_in_titles_round_trip(tmp_path: Path) -> None:
    titles = ["A -- B --- C", "``quoted''", "?` hm !`", "x^y", "a\\b", "{", "$x$", "~", "100%"]
    path = tmp_path / "tricky.bib"
    path.write_text(bibtex_text(Source({"id": f"t{i}", "type": "book", "title": t})
                                for i, t in enumerate(titles)), encoding="utf-8")
    assert [item.data["title"] for item in read_library(path).items] == titles


def test_string_macros_and_concatenations_are_resolved(tmp_path: Path) -> None:
    path = tmp_path / "macros.bib"
    path.write_text(
        '@string{un = "United Nations"}\n'
        "@string{office = {Office of the }}\n"
        '@book{cat, title = "Peace" # " and " # {Security}, publisher = office # un,\n'
        "  year = 2021, month = jan}\n"
        "@book{, title = {No key}}\n",
        encoding="utf-8",
    )
    read = read_library(path)
    book = read.items[0].data
    assert book["title"] == "Peace and Security"
    assert book["publisher"] == "Office of the United Nations"
    assert book["issued"] == {"date-parts": [[2021, 1]]}
    assert [str(p) for p in read.problems] == [
        "entry at line 5: malformed: the entry has no key (@type{key, …})"
    ]
