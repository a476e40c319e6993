"""Benchmark cases for library import: 100,000 entries of CSL-JSON, BibTeX and RIS.

``import-100000-csljson``, ``import-100000-bibtex`` and ``import-100000-ris`` each time
``brief-editor sources import`` (the command line, as a whole process) bringing one
generated library into an empty brief; ``pandoc-read-100000-*`` time pandoc 3 (from the
``pypandoc-binary`` wheel, extra ``bench``) reading the same file into CSL-JSON in the same
run. ``import-10000-*`` and ``import-40000-*`` show whether the time grows linearly (issue
16: 40k at most six times 10k).

The libraries are made up but shaped like real exports: journal articles, chapters whose
book is a ``crossref`` parent, reports, news; names with particles and accents, DOIs,
pages, LaTeX accents in BibTeX, and one near-duplicate in fifty.
``python benchmarks/cases_import.py FOLDER`` writes the files alone.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FORMATS = {"csljson": ".json", "bibtex": ".bib", "ris": ".ris"}
PANDOC_FORMATS = {"csljson": "csljson", "bibtex": "biblatex", "ris": "ris"}
SIZES = (10_000, 40_000, 100_000)

FAMILIES = ("Marković", "Okafor", "van der Berg", "Haddad", "Vogt", "García Márquez",
            "Nakamura", "O'Neill", "Dubois", "Kowalski", "Lindqvist", "Ramírez")
GIVEN = ("Dragana", "Adaeze", "Pieter", "Samir", "Lena", "Gabriel", "Yuki", "Siobhán",
         "Claire", "Tomasz", "Astrid", "Elena")
WORDS = ("border", "corridor", "ceasefire", "election", "reform", "energy", "grain",
         "sanctions", "dialogue", "region", "security", "mission", "talks", "trade",
         "migration", "court", "drone", "port", "budget", "coalition")
JOURNALS = ("Journal of Regional Studies", "Security Dialogue", "International Affairs",
            "East European Politics", "Survival")
PUBLISHERS = ("Eastfield Press", "Cambridge University Press", "Routledge", "Polity")


@dataclass
class Entry:
    """One generated work, written out in each format below."""

    key: str
    kind: str  # article, chapter, report, news, book (a chapter's crossref parent)
    title: str
    authors: list[tuple[str, str]]
    year: int
    month: int
    container: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    publisher: str = ""
    parent: str = ""
    editors: list[tuple[str, str]] = field(default_factory=list)


def entries(count: int, seed: int = 12) -> list[Entry]:
    """``count`` works; every tenth block of five is a book with four chapters."""
    rng = random.Random(seed)
    out: list[Entry] = []
    while len(out) < count:
        i = len(out)
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 8))).capitalize()
        authors = [(rng.choice(FAMILIES), rng.choice(GIVEN)) for _ in range(rng.randint(1, 4))]
        year, month = rng.randint(1990, 2025), rng.randint(1, 12)
        if i % 50 == 0 and count - i >= 5:
            book = Entry(f"book{i}", "book", f"Handbook of {title}", [], year, month,
                         publisher=rng.choice(PUBLISHERS),
                         editors=[(rng.choice(FAMILIES), rng.choice(GIVEN))])
            out.append(book)
            for c in range(4):
                out.append(Entry(f"ch{i}-{c}", "chapter", f"{title} part {c + 1}",
                                 authors, year, month, pages=f"{10 + 20 * c}-{29 + 20 * c}",
                                 parent=book.key))
            continue
        kind = ("article", "article", "report", "news")[i % 4]
        entry = Entry(f"k{i}", kind, title, authors, year, month)
        if kind == "article":
            entry.container = rng.choice(JOURNALS)
            entry.volume, entry.issue = str(rng.randint(1, 60)), str(rng.randint(1, 6))
            first = rng.randint(1, 400)
            entry.pages = f"{first}-{first + rng.randint(5, 30)}"
            entry.doi = f"10.{1000 + i % 9000}/bench.{i}"
        elif kind == "report":
            entry.publisher = rng.choice(PUBLISHERS)
        else:
            entry.container = "The Daily Ledger"
        if i % 50 == 7 and out:  # a near-duplicate: another key for the entry before
            previous = out[-1]
            entry = Entry(f"dup{i}", previous.kind, previous.title, previous.authors,
                          previous.year, previous.month, previous.container, previous.volume,
                          previous.issue, previous.pages, previous.doi, previous.publisher,
                          previous.parent, previous.editors)
        out.append(entry)
    return out


# ----------------------------------------------------------------------------- writers

def _csl_names(names: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"family": f, "given": g} for f, g in names]


def csl_json(items: list[Entry]) -> str:
    parents = {e.key: e for e in items if e.kind == "book"}
    out: list[dict[str, Any]] = []
    kinds = {"article": "article-journal", "chapter": "chapter", "report": "report",
             "news": "article-newspaper", "book": "book"}
    for e in items:
        data: dict[str, Any] = {"id": e.key, "type": kinds[e.kind], "title": e.title,
                                "issued": {"date-parts": [[e.year, e.month]]}}
        if e.authors:
            data["author"] = _csl_names(e.authors)
        if e.editors:
            data["editor"] = _csl_names(e.editors)
        parent = parents.get(e.parent)
        container = e.container or (parent.title if parent else "")
        publisher = e.publisher or (parent.publisher if parent else "")
        for key, value in (("container-title", container), ("volume", e.volume),
                           ("issue", e.issue), ("page", e.pages), ("DOI", e.doi),
                           ("publisher", publisher)):
            if value:
                data[key] = value
        out.append(data)
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


def _tex(text: str) -> str:
    return (text.replace("ć", "{\\'c}").replace("í", "{\\'i}").replace("á", "{\\'a}")
            .replace("å", "{\\aa}").replace("ö", "{\\\"o}").replace("'", "'"))


def _bib_names(names: list[tuple[str, str]]) -> str:
    return " and ".join(f"{_tex(f)}, {_tex(g)}" for f, g in names)


def bibtex(items: list[Entry]) -> str:
    kinds = {"article": "article", "chapter": "incollection", "report": "techreport",
             "news": "article", "book": "book"}
    blocks = []
    for e in items:
        fields = [("title", "{" + e.title + "}"), ("year", str(e.year)),
                  ("month", ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
                             "oct", "nov", "dec")[e.month - 1])]
        if e.authors:
            fields.append(("author", "{" + _bib_names(e.authors) + "}"))
        if e.editors:
            fields.append(("editor", "{" + _bib_names(e.editors) + "}"))
        if e.kind == "news":
            fields.append(("entrysubtype", "{newspaper}"))
        for key, value in (("journal", e.container), ("volume", e.volume),
                           ("number", e.issue), ("pages", e.pages.replace("-", "--")),
                           ("doi", e.doi), ("publisher", e.publisher),
                           ("institution", ""), ("crossref", e.parent)):
            if value:
                fields.append((key, "{" + value + "}"))
        body = "".join(f"  {k} = {v},\n" for k, v in fields)
        blocks.append(f"@{kinds[e.kind]}{{{e.key},\n{body}}}\n")
    return "\n".join(blocks)


def ris(items: list[Entry]) -> str:
    parents = {e.key: e for e in items if e.kind == "book"}
    kinds = {"article": "JOUR", "chapter": "CHAP", "report": "RPRT", "news": "NEWS",
             "book": "BOOK"}
    lines: list[str] = []
    for e in items:
        lines.append(f"TY  - {kinds[e.kind]}")
        lines.append(f"ID  - {e.key}")
        lines.append(f"TI  - {e.title}")
        lines.extend(f"AU  - {f}, {g}" for f, g in e.authors)
        lines.extend(f"ED  - {f}, {g}" for f, g in e.editors)
        lines.append(f"PY  - {e.year}/{e.month:02d}//")
        parent = parents.get(e.parent)
        container = e.container or (parent.title if parent else "")
        for tag, value in (("T2", container), ("VL", e.volume), ("IS", e.issue),
                           ("SP", e.pages.split("-")[0] if e.pages else ""),
                           ("EP", e.pages.split("-")[1] if e.pages else ""),
                           ("DO", e.doi), ("PB", e.publisher or (parent.publisher if parent else ""))):
            if value:
                lines.append(f"{tag}  - {value}")
        lines.append("ER  - ")
        lines.append("")
    return "\n".join(lines) + "\n"


WRITERS: dict[str, Callable[[list[Entry]], str]] = {
    "csljson": csl_json, "bibtex": bibtex, "ris": ris}


def library_path(folder: Path, kind: str, count: int) -> Path:
    """The generated library of ``count`` entries (written once)."""
    path = folder / f"library-{count}{FORMATS[kind]}"
    if not path.exists():
        path.write_text(WRITERS[kind](entries(count)), encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- cases

EMPTY_BRIEF = {"format": "brief-editor", "version": 1, "meta": {}, "sections": [],
               "sources": []}


def _import(kind: str, count: int) -> Callable[[Path], list[str]]:
    def prepare(folder: Path) -> list[str]:
        library = library_path(folder, kind, count)
        empty = folder / "empty.brief"
        empty.write_text(json.dumps(EMPTY_BRIEF), encoding="utf-8")
        brief = folder / f"import-{kind}-{count}.brief"
        # Each run starts from an empty brief; copying it is a millisecond of the time.
        # The installed ``brief-editor`` command, as a user runs it.
        script = Path(sys.executable).with_name("brief-editor")
        command = [str(script)] if script.exists() else [sys.executable, "-m", "brief_editor"]
        return ["sh", "-c", 'cp "$1" "$2" && shift 2 && exec "$@"', "sh", str(empty),
                str(brief), *command, "sources", "import", str(brief), str(library)]

    return prepare


def _pandoc(kind: str, count: int) -> Callable[[Path], list[str]]:
    def prepare(folder: Path) -> list[str]:
        from benchmarks.cases_docx import pandoc_path

        pandoc = pandoc_path()
        if pandoc is None:
            raise RuntimeError("pandoc 3 is missing: pip install -e '.[bench]'")
        library = library_path(folder, kind, count)
        return [pandoc, "-f", PANDOC_FORMATS[kind], "-t", "csljson", str(library),
                "-o", str(folder / f"pandoc-{kind}-{count}.json")]

    return prepare


def provide(ctx: Any) -> Iterator[Any]:
    """The import cases as the runner's ``Bench`` values (sizes are fixed here)."""
    runner = sys.modules.get("__main__")
    bench = getattr(runner, "Bench", None)
    if bench is None:
        from benchmarks.run import Bench as bench
    for kind in FORMATS:
        for count in SIZES:
            yield bench(f"import-{count}-{kind}", "import", count, _import(kind, count),
                        repeat=1 if count < 100_000 else None,
                        description="brief-editor sources import into an empty brief")
        yield bench(f"pandoc-read-100000-{kind}", "import", 100_000, _pandoc(kind, 100_000),
                    repeat=1, description=f"pandoc 3 -f {PANDOC_FORMATS[kind]} -t csljson")


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    target.mkdir(parents=True, exist_ok=True)
    for kind in FORMATS:
        for count in SIZES:
            print(library_path(target, kind, count))
