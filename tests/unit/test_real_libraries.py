"""Real library files, imported and cited as a user would (issue 12: "every key in a real
bibliography can be cited after import", "parent fields are inherited").

``make test`` fetches the files, pinned by version and sha256 (scripts/fetch-test-data.sh),
into tests/_fetched/libraries: Nelson Beebe's TUGboat bibliography (2,720 articles, TeX
in every other title), biblatex's own example file (crossref, @set, @string, subtitles),
BibTeX's xampl.bib (crossref, @preamble tricks), and a Scopus export as BibTeX and RIS
(below). Nothing here is copied into the project. Each file is read twice: by our import, and by pandoc 3 (pypandoc-binary, a
reader we did not write); the keys are listed from the raw text by a pattern of its own.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pypandoc
import pytest

from brief_editor.citations.checks import run_checks
from brief_editor.citations.library import import_library_into, merge_linked, read_library
from brief_editor.citations.notes import NoteRenderer
from brief_editor.model import Brief, Cite, NarrativeSection, Note, Style
from brief_editor.storage.files import read_brief, save_brief

LIBRARIES = Path(__file__).resolve().parents[1] / "_fetched" / "libraries"
FILES = ("tugboat.bib", "biblatex-examples.bib", "xampl.bib")

# Where pandoc and we read an entry differently on purpose, with the reason.
TITLE_DIFFERS = {
    "jcg": "an @periodical's issue: pandoc makes its issuetitle the title, we keep the "
           "journal's title",
    # pandoc drops a macro it does not know and joins the words on either side of it.
    "Kakiuchi:TB12-3-422": r"pandoc: “systeman enhancement” (\Dash Autolayouter\Dash)",
    "Sojka:TB17-3-244": r"pandoc: “TeX2Acrobatics” (\TeX2\acro{PDF}\Dash Acrobatics)",
    "Lazrek:TB25-2-141": r"pandoc: “RyrabTypesetting” (Ry{\d{D}}Arab\Dash Typesetting)",
}
FIELD_DIFFERS = {
    ("article-minimal", "container-title"): r"pandoc drops \mbox{G-Animal's}",
    ("article-full", "container-title"): r"pandoc drops \mbox{G-Animal's}",
    ("whole-journal", "container-title"): r"pandoc drops \mbox{G-Animal's}",
    ("booklet-full", "publisher"): "howpublished: pandoc a publisher, we the medium",
    ("misc-full", "publisher"): "howpublished: pandoc a publisher, we the medium",
    ("inproceedings-full", "publisher"): "pandoc adds the organization to the publisher",
    ("proceedings-full", "publisher"): "pandoc adds the organization to the publisher",
    ("kant:kpv", "container-title"): "pandoc: the maintitle; we: the volume's booktitle",
    ("kant:ku", "container-title"): "pandoc: the maintitle; we: the volume's booktitle",
    ("nietzsche:historie", "container-title"): "pandoc: the maintitle; we: the booktitle",
    ("jcg", "container-title"): TITLE_DIFFERS["jcg"],
    ("jcg", "issue"): TITLE_DIFFERS["jcg"],
}
AUTHORS_DIFFER = {
    "mastersthesis-minimal": r"pandoc makes {\'{E}}douard part of the family name",
    "mastersthesis-full": r"pandoc makes {\'{E}}douard part of the family name",
    "Boston:TB8-2-220": "the author field holds a place and a date, not names",
    "Munster:TB8-2-221": "the author field holds a place and a date, not names",
    "Lindner:TB10-3-368": r"pandoc drops the second author, written in \rlap{…}",
    "Searcoid:TB12-1-139": "Irish names in a private slash notation (M/iche/al /O Searc/oid)",
    "Pappas:TB15-1-19": "a nickname in parentheses: pandoc makes it part of the family name",
    "Levien:TB21-2-103": "a pseudonym with the name in parentheses",
}


def _path(name: str) -> Path:
    path = LIBRARIES / name
    assert path.is_file(), f"{path} is missing: `make test-data` fetches it"
    return path


def _raw_entries(name: str) -> list[tuple[str, str, str]]:
    """(type, key, body) of each entry, found in the raw text without our scanner."""
    text = _path(name).read_text(encoding="utf-8", errors="replace")
    found = re.finditer(r"^\s*@\s*(\w+)\s*[{(]\s*([^,\s]+)\s*,(.*?)(?=^\s*@|\Z)", text,
                        re.MULTILINE | re.DOTALL)
    return [(m.group(1).lower(), m.group(2), m.group(3)) for m in found
            if m.group(1).lower() not in ("string", "preamble", "comment", "xdata")]


@functools.cache
def _pandoc(name: str) -> dict[str, dict[str, Any]]:
    done = subprocess.run(
        [pypandoc.get_pandoc_path(), "-f", "biblatex", "-t", "csljson", str(_path(name))],
        capture_output=True, text=True, check=True, timeout=120)
    return {item["id"]: item for item in json.loads(done.stdout)}


@functools.cache
def _imported(name: str) -> Brief:
    return import_library_into(Brief(), _path(name)).brief


@functools.cache
def _notes(name: str) -> dict[str, str]:
    """Each key's first note in Chicago, the key cited alone in a note of its own."""
    keys = [key for _, key, _ in _raw_entries(name)]
    brief = _citing(name, keys)
    return {key: note.text for key, note in zip(keys, NoteRenderer().render(brief), strict=True)}


def _citing(name: str, keys: list[str]) -> Brief:
    body = tuple(("Text.", Note(cites=(Cite(source=key),))) for key in keys)
    return Brief(style=Style(citation_style="chicago-notes", ibid=False),
                 sections=(NarrativeSection(id="s1", heading=("H",), body=body),),
                 sources=_imported(name).sources)


def _plain(text: Any) -> str:
    """Text for comparison: no markup or TeX math, one kind of quote, case-folded."""
    text = re.sub(r"<[^>]+>|\$[^$]*\$", " ", str(text or ""))
    text = text.replace("ı", "i").replace("’", "'").replace("\u2006", " ")  # pandoc: ı́ for í
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _words_kept(theirs: Any, ours: Any) -> bool:
    """Every word pandoc reads is in our text (we may read more: TeX logos, dashes)."""
    squeezed = re.sub(r"\W", "", _plain(ours))
    return all(word in squeezed for word in re.findall(r"\w+", _plain(theirs)))


def _families(names: Any) -> list[str]:
    out = []
    for name in names or ():
        parts = (name.get("dropping-particle"), name.get("non-dropping-particle"),
                 name.get("family"), name.get("literal"))
        out.append(_plain(" ".join(p for p in parts if p)))
    return out


def _year(item: dict[str, Any]) -> Any:
    parts = (item.get("issued") or {}).get("date-parts") or [[None]]
    return parts[0][0] if parts[0] else None


@pytest.mark.parametrize("name", FILES)
def test_every_key_of_a_real_library_can_be_cited_after_import(name: str) -> None:
    keys = [key for _, key, _ in _raw_entries(name)]
    assert len(keys) == len(set(keys))
    resolves = _imported(name).source_by_id()
    assert [key for key in keys if key not in resolves] == []  # aliases of duplicates too
    problems = run_checks(_citing(name, keys))
    assert [p.message for p in problems if p.id in ("E001", "E002")] == []
    notes = _notes(name)
    assert [key for key in keys if not notes[key].strip()] == []


@pytest.mark.parametrize("name", FILES)
def test_each_key_prints_its_own_entry_as_pandoc_reads_it(name: str) -> None:
    """The note of each key shows that entry's title, issue and first page: a key kept as
    an alias of another entry (a duplicate) must not print a different article."""
    notes = _notes(name)
    theirs = _pandoc(name)
    wrong = []
    for key, note in notes.items():
        item = theirs.get(key, {})
        title = item.get("volume-title") or item.get("title")
        if title and key not in TITLE_DIFFERS and not _words_kept(title, note):
            wrong.append((key, "title", title, note))
        for field in ("volume", "issue"):
            value = str(item.get(field) or "")
            if value and not re.search(rf"(?<![\w.]){re.escape(value)}(?![\w.])", note):
                wrong.append((key, field, value, note))
        if item.get("type") == "article-journal":  # Chicago prints pages in notes for these
            first_page = _plain(re.split(r"[-–]", str(item.get("page") or ""))[0])
            if first_page and first_page not in _plain(note):
                wrong.append((key, "page", first_page, note))
        if (item.get("type") == "chapter" and item.get("container-title")
                and (key, "container-title") not in FIELD_DIFFERS):
            book = _plain(item["container-title"]).split(":")[0]
            if f"in {book}" not in _plain(note):
                wrong.append((key, "in", book, note))
    assert wrong == []
    assert sum(1 for key in notes if theirs.get(key, {}).get("title")) >= len(notes) * 0.9


@pytest.mark.parametrize("name", FILES)
def test_every_entry_reads_as_pandoc_reads_it(name: str) -> None:
    """Containers, volumes, issues, pages, years, authors and editors of every entry."""
    theirs = _pandoc(name)
    sources = _imported(name).source_by_id()
    differ = []
    compared = 0
    for key, item in theirs.items():
        if key not in sources:
            continue  # an @set: pandoc lists it, it cites its first member (below)
        ours = sources[key].data
        for field in ("container-title", "volume", "issue", "publisher", "publisher-place"):
            if field == "container-title" and ours.get("type") == "book":
                continue  # pandoc's volume-title mapping of a multi-volume work, see above
            a, b = _plain(ours.get(field)), _plain(item.get(field)).replace("; ", " and ")
            if item.get(field) is not None and a != b and (key, field) not in FIELD_DIFFERS:
                differ.append((key, field, ours.get(field), item.get(field)))
            compared += item.get(field) is not None
        if _year(item) is not None and _year(ours) != _year(item):
            differ.append((key, "year", ours.get("issued"), item.get("issued")))
        for role in ("author", "editor"):
            if key in AUTHORS_DIFFER or not item.get(role):
                continue
            if _families(ours.get(role)) != _families(item.get(role)):
                differ.append((key, role, ours.get(role), item.get(role)))
            compared += 1
    assert differ == []
    assert compared > len(theirs)


def test_parent_fields_are_inherited_as_pandoc_reads_them() -> None:
    """Each crossref child gets its parent's container, publisher, place, editors, date."""
    inherited = 0
    for name in ("biblatex-examples.bib", "xampl.bib"):
        theirs = _pandoc(name)
        sources = _imported(name).source_by_id()
        children = [key for _, key, body in _raw_entries(name)
                    if re.search(r"^\s*crossref\s*=", body, re.MULTILINE | re.IGNORECASE)]
        assert children
        for key in children:
            ours, item = sources[key].data, theirs[key]
            for field in ("container-title", "publisher", "publisher-place", "editor"):
                if item.get(field) is None:
                    continue  # pandoc does not resolve "WHOLE-JOURNAL" (keys ignore case)
                if field == "editor":
                    assert _families(ours.get(field)) == _families(item[field]), key
                else:
                    assert _plain(ours.get(field)) == _plain(item[field]).replace("; ", " and ")
                inherited += 1
            if _year(item) is not None:
                assert _year(ours) == _year(item), key
                inherited += 1
    assert inherited >= 10


def test_a_set_key_cites_its_first_member() -> None:
    notes = _notes("biblatex-examples.bib")
    sets = [(key, re.search(r"entryset\s*=\s*\{\s*([^,}\s]+)", body))
            for kind, key, body in _raw_entries("biblatex-examples.bib") if kind == "set"]
    assert len(sets) == 2
    for key, first in sets:
        assert first is not None
        assert notes[key] == notes[first.group(1)]


# A real Scopus export (one search, 2020), as BibTeX and as RIS. pandoc cannot read either
# ("funding_text 1" field names, references on continuation lines), so the fields are read
# back from the raw text by patterns of this test's own.
# Entries the export itself breaks: a stray "}" inside an abstract. The import must name
# each with its line; no reader can tell where their fields end.
SCOPUS_BROKEN = {"Oshima20133608", "Albrecht2013773", "Kikitsu2013693"}


def _scopus_bib_entries() -> dict[str, dict[str, str]]:
    """The first entry of each key: its title, year and DOI as the raw text has them."""
    entries: dict[str, dict[str, str]] = {}
    for _, key, body in _raw_entries("scopus.bib"):
        fields = dict(re.findall(r"^(title|year|doi)=\{(.*?)\},?$", body, re.MULTILINE))
        entries.setdefault(key, fields)
    return entries


def test_every_key_of_a_scopus_bibtex_export_can_be_cited() -> None:
    entries = _scopus_bib_entries()
    assert len(entries) > 800
    imported = _scopus_import()
    resolves = imported.brief.source_by_id()
    assert {key for key in entries if key not in resolves} == SCOPUS_BROKEN
    for key in SCOPUS_BROKEN:  # named, with the line where it starts
        assert [s for s in imported.skipped if s.startswith(f"{key} (line ")], key
    keys = [key for key in entries if key in resolves]
    notes = NoteRenderer().render(_citing_sources(imported.brief, keys))
    wrong = []
    for key, note in zip(keys, notes, strict=True):
        fields = entries[key]
        doi = fields.get("doi", "").lower()
        if (not _words_kept(fields["title"], note.text) or fields["year"] not in note.text
                or doi not in note.text.lower()):
            wrong.append((key, fields, note.text))
    assert wrong == []


def test_every_record_of_a_scopus_ris_export_can_be_cited() -> None:
    text = _path("scopus.ris").read_text(encoding="utf-8-sig")
    records = re.findall(r"^TY  - .*?^ER  -", text, re.MULTILINE | re.DOTALL)
    assert len(records) > 800
    imported = import_library_into(Brief(), _path("scopus.ris"))
    sources = imported.brief.sources
    # Each record is a source, or a duplicate of one (same DOI: RIS has no keys to keep).
    assert len(sources) + len(imported.skipped) == len(records)
    assert all(s.endswith("(same DOI)") for s in imported.skipped)
    by_doi = {str(s.data.get("DOI", "")).lower(): s.id for s in sources}
    ids = []
    for record in records:
        doi = re.search(r"^DO  - (.+)$", record, re.MULTILINE)
        title = re.search(r"^TI  - (.+)$", record, re.MULTILINE)
        assert title is not None
        ids.append((by_doi.get(doi.group(1).strip().lower()) if doi else None, title.group(1)))
    kept = [(sid, title) for sid, title in ids if sid is not None]
    assert len(kept) > 700
    notes = NoteRenderer().render(_citing_sources(imported.brief, [sid for sid, _ in kept]))
    assert [(sid, title) for (sid, title), note in zip(kept, notes, strict=True)
            if not _words_kept(title, note.text)] == []


def _citing_sources(brief: Brief, keys: list[str]) -> Brief:
    body = tuple(("Text.", Note(cites=(Cite(source=key),))) for key in keys)
    problems = run_checks(Brief(sections=(NarrativeSection(id="s1", heading=("H",),
                                                           body=body),),
                                sources=brief.sources))
    assert [p.message for p in problems if p.id == "E001"] == []
    return Brief(style=Style(citation_style="chicago-notes", ibid=False),
                 sections=(NarrativeSection(id="s1", heading=("H",), body=body),),
                 sources=brief.sources)


# Scopus makes a key of the first author and the year, so one export gives one key to
# different works (Nguyen2022 four times). Each work after the first comes in under a key
# of its own (Nguyen2022a, …), named in the report with its line; a true duplicate (the
# same DOI, or the same title, container, year, volume, issue and first page as an entry
# before it, as this test reads the raw text) is still skipped.
_SCOPUS_ENTRY = re.compile(r"^@\s*(\w+)\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)
_RENAMED = re.compile(r"^(\S+) \(line (\d+)\) → (\S+): the key is taken by .*, a different work$")


def _scopus_raw() -> list[tuple[int, str, str]]:
    """(line, key, text) of each entry of the BibTeX export, found by a pattern of our own."""
    text = _path("scopus.bib").read_text(encoding="utf-8")
    found = list(_SCOPUS_ENTRY.finditer(text))
    ends = [m.start() for m in found[1:]] + [len(text)]
    return [(text.count("\n", 0, m.start()) + 1, m.group(2), text[m.start():end])
            for m, end in zip(found, ends, strict=True)]


def _scopus_fields(body: str) -> dict[str, str]:
    fields = dict(re.findall(r"^(\w+)=\{(.*?)\},?$", body, re.MULTILINE))
    return {k: _plain(v) for k, v in fields.items()}


def _twin(fields: dict[str, str], before: list[dict[str, str]]) -> bool:
    """Whether an earlier entry is the same work: same DOI, or same title and container
    in the same year, volume and issue, from the same first page."""
    def work(f: dict[str, str]) -> tuple[str, ...]:
        page = re.split(r"[-–]", f.get("pages", ""))[0]
        return tuple(f.get(k, "") for k in ("title", "journal", "year", "volume", "number")) + (
            page,)
    return any((fields.get("doi") and fields.get("doi") == other.get("doi"))
               or work(fields) == work(other) for other in before)


@functools.cache
def _scopus_import() -> Any:
    return import_library_into(Brief(), _path("scopus.bib"))


def test_each_work_under_a_repeated_scopus_key_is_imported_under_a_key_of_its_own() -> None:
    raw = _scopus_raw()
    imported = _scopus_import()
    renamed = {int(m.group(2)): (m.group(1), m.group(3))
               for m in map(_RENAMED.match, imported.renamed) if m}
    assert len(renamed) == len(imported.renamed)
    skipped = {int(m.group(1)): text for text in imported.skipped
               if (m := re.search(r" \(line (\d+)\): ", text))}
    seen: dict[str, int] = {}
    before: list[dict[str, str]] = []
    others = []
    for line, key, body in raw:
        fields = _scopus_fields(body)
        if key in seen and key not in SCOPUS_BROKEN:
            if _twin(fields, before):
                assert "duplicate of" in skipped[line], (line, skipped.get(line))
            else:
                assert renamed.get(line, (None,))[0] == key, (line, key, skipped.get(line))
                others.append(line)
        seen.setdefault(key, line)
        before.append(fields)
    assert len(others) >= 60  # the export's different works under a repeated key
    assert sorted(renamed) == others

    # Each new key's note prints its own work, as pandoc reads that entry of the export
    # (given alone under a key naming its line: pandoc cannot read the whole export).
    theirs = _pandoc_entries(raw, set(others))
    new_keys = [renamed[line][1] for line in others]
    notes = NoteRenderer().render(_citing_sources(imported.brief, new_keys))
    wrong = []
    for line, new_key, note in zip(others, new_keys, notes, strict=True):
        item = theirs[f"line{line}"]
        text = _plain(note.text)
        if (not _words_kept(item["title"], note.text) or str(_year(item)) not in text
                or _plain(item.get("DOI", "")) not in text
                or _plain(item.get("volume", "")) not in text):
            wrong.append((line, new_key, item["title"], note.text))
    assert wrong == []
    by_id = imported.brief.source_by_id()
    assert all(by_id[renamed[line][1]].custom.get("original_key") == renamed[line][0]
               for line in others)


def _pandoc_entries(raw: list[tuple[int, str, str]], lines: set[int]) -> dict[str, Any]:
    chunks = []
    for line, key, body in raw:
        if line in lines:
            body = body.replace("{" + key + ",", "{line" + str(line) + ",", 1)
            # Scopus numbers repeated fields ("funding_text\u00a01="): no BibTeX name.
            chunks.append(re.sub(r"^\w+\s\d+=.*\n", "", body, flags=re.MULTILINE))
    done = subprocess.run(
        [pypandoc.get_pandoc_path(), "-f", "biblatex", "-t", "csljson"], input="\n".join(chunks),
        capture_output=True, text=True, check=True, timeout=120)
    items = {item["id"]: item for item in json.loads(done.stdout)}
    assert len(items) == len(lines)
    return items


def test_importing_the_scopus_export_again_adds_nothing() -> None:
    imported = _scopus_import()
    again = import_library_into(imported.brief, _path("scopus.bib"))
    assert again.added == [] and again.renamed == []
    assert again.brief is imported.brief
    assert len(again.skipped) == len(_scopus_raw())


def test_broken_scopus_entries_are_named_with_their_line_and_nothing_else_is_lost(
        tmp_path: Path) -> None:
    raw = _scopus_raw()
    imported = _scopus_import()
    # Every entry of the file is a source, or a line of the report that says why not.
    assert len(imported.added) + len(imported.skipped) == len(raw)
    lines = {key: line for line, key, _ in raw if key in SCOPUS_BROKEN}
    assert len(lines) == len(SCOPUS_BROKEN)
    # Each is named with the line where it starts, and the line of the field whose braces
    # do not match (its own "{" and "}" counted here), where the user has to fix it.
    for line, key, body in raw:
        if key in SCOPUS_BROKEN:
            fault = next(line + n for n, text in enumerate(body.splitlines()) if n and
                         text.count("{") != text.count("}") and text.strip() != "}")
            message = [s for s in imported.skipped if s.startswith(f"{key} (line {line}): ")]
            assert len(message) == 1 and message[0].endswith(f"(line {fault})"), message
    brief_path = tmp_path / "issue.brief"
    save_brief(brief_path, Brief())
    library = tmp_path / "scopus export.bib"
    library.write_bytes(_path("scopus.bib").read_bytes())
    done = subprocess.run(
        [sys.executable, "-m", "brief_editor", "sources", "import", str(brief_path), str(library)],
        capture_output=True, text=True, timeout=300, env=dict(os.environ))
    assert done.returncode == 0 and done.stderr == ""
    out = done.stdout.splitlines()
    assert out[0] == f"Added {len(imported.added)} source(s) from {library}"
    for key, line in lines.items():
        assert [text for text in out if text.startswith(f"Skipped {key} (line {line}): malformed")]
    assert len([text for text in out if text.startswith("Renamed ")]) == len(imported.renamed)
    assert len(read_brief(brief_path).sources) == len(imported.added)


def test_a_linked_scopus_export_keys_its_works_as_an_import_does_on_every_read() -> None:
    """Linked instead of imported, the export gives the same works the same keys, and
    reading it again, even in the reverse order, changes nothing: no cite changes work."""
    read = read_library(_path("scopus.bib"))
    linked, report = merge_linked(Brief(), read.items)
    imported = _scopus_import()
    assert {s.id: s.title for s in linked.sources} == \
        {s.id: s.title for s in imported.brief.sources}
    assert len(report.renamed) == len(imported.renamed) >= 60
    for order in (read.items, list(reversed(read.items))):
        again, report = merge_linked(linked, order)
        assert again is linked, (report.added, report.updated)
