"""BibTeX and BibLaTeX libraries: read them into CSL items (bibtexparser 2), write them back.

Reading keeps every entry that parses and reports the others with their line numbers.
Values are LaTeX-decoded (``{\\"u}`` → ü, ``--`` → –), except verbatim fields (url, doi,
file…), where ``%`` or ``~`` are plain characters. A name wholly in braces
(``{{United Nations}}``) is an organization and becomes ``{"literal": …}``.

Writing produces UTF-8 BibTeX: special characters escaped, organizations in double
braces, words with capitals inside (NATO, iPhone) braced so a style cannot lower-case them.
Where BibTeX has no entry type for a CSL type, the entry is ``@misc`` with a ``csltype``
field, which BibTeX ignores and the reader here honours, so a round trip keeps the type.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import bibtexparser
from bibtexparser import middlewares as mw
from bibtexparser.library import Library
from bibtexparser.middlewares.names import parse_single_name_into_parts
from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ParsingFailedBlock,
)
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from brief_editor.citations.library_bibtex_braces import brace_fault
from brief_editor.citations.library_bibtex_inherit import inherit_parents
from brief_editor.citations.library_bibtex_scan import Unreadable, scan
from brief_editor.citations.library_fields import (
    csl_date,
    date_literal,
    date_parts,
    first_date_parts,
    iso,
    tidy,
)
from brief_editor.citations.library_model import LibraryError, LibraryItem, LibraryProblem
from brief_editor.citations.tex_text import decode_latex, fast_decode, math_to_unicode
from brief_editor.model import Source

log = logging.getLogger(__name__)

NAME_FIELDS = ("author", "editor", "translator")
# Name lists as bibtexparser's SeparateCoAuthors splits them (kept split when inherited).
NAME_SPLIT_FIELDS = frozenset(("author", "editor", "translator", "bookauthor"))
# Fields whose value is not LaTeX: decoding would eat a URL's "%20" as a comment.
VERBATIM_FIELDS = frozenset(("url", "doi", "eprint", "file", "pdf", "urlraw", "verba"))
ARTICLE_TYPES = frozenset(("article-journal", "article-newspaper", "article-magazine"))
WEB_TYPES = frozenset(("webpage", "post", "post-weblog"))

BIBTEX_TO_CSL = {
    "article": "article-journal",
    "book": "book", "mvbook": "book", "collection": "book", "mvcollection": "book",
    "proceedings": "book", "mvproceedings": "book", "reference": "book",
    "mvreference": "book",
    "booklet": "pamphlet",
    "inbook": "chapter", "incollection": "chapter", "bookinbook": "chapter",
    "suppbook": "chapter", "suppcollection": "chapter", "inreference": "chapter",
    "inproceedings": "paper-conference", "conference": "paper-conference",
    "techreport": "report", "report": "report", "manual": "report",
    "mastersthesis": "thesis", "phdthesis": "thesis", "thesis": "thesis",
    "online": "webpage", "electronic": "webpage", "www": "webpage", "webpage": "webpage",
    "unpublished": "manuscript",
    "patent": "patent",
    "dataset": "dataset",
    "software": "software",
    "periodical": "periodical",
    "standard": "standard",
    "jurisdiction": "legal_case",
    "legislation": "legislation",
    "movie": "motion_picture", "video": "motion_picture",
    "audio": "song", "music": "song",
    "artwork": "graphic", "image": "graphic",
    "letter": "personal_communication",
    "interview": "interview",
}
THESIS_GENRES = {"mastersthesis": "Master's thesis", "phdthesis": "PhD thesis"}
SUBTYPES = {"newspaper": "article-newspaper", "magazine": "article-magazine"}

CSL_TO_BIBTEX = {
    "article-journal": "article", "article-newspaper": "article", "article-magazine": "article",
    "book": "book", "chapter": "incollection", "paper-conference": "inproceedings",
    "report": "techreport", "thesis": "thesis", "webpage": "online", "pamphlet": "booklet",
    "manuscript": "unpublished", "patent": "patent", "dataset": "dataset",
    "software": "software", "periodical": "periodical", "standard": "standard",
    "legislation": "legislation", "interview": "interview", "motion_picture": "movie",
    "song": "audio", "graphic": "artwork", "personal_communication": "letter",
}
# Plain one-to-one fields: BibTeX name → CSL name (read), and back (write).
SIMPLE_FIELDS = (
    ("shorttitle", "title-short"),
    ("series", "collection-title"),
    ("volume", "volume"),
    ("edition", "edition"),
    ("isbn", "ISBN"),
    ("issn", "ISSN"),
    ("note", "note"),
    ("abstract", "abstract"),
    ("language", "language"),
    ("type", "genre"),
    ("eventtitle", "event-title"),
    ("venue", "event-place"),
    ("chapter", "chapter-number"),
    ("howpublished", "medium"),
)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


# ----------------------------------------------------------------------------- reading


_TEX_LOGOS = {
    "TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2ε", "BibTeX": "BibTeX", "AmS": "AMS",
    "AMS": "AMS", "AmSTeX": "AMS-TeX", "AmSLaTeX": "AMS-LaTeX", "MF": "Metafont",
    "MP": "MetaPost", "eTeX": "ε-TeX", "pdfTeX": "pdfTeX", "pdfLaTeX": "pdfLaTeX",
    "XeTeX": "XeTeX", "XeLaTeX": "XeLaTeX", "LuaTeX": "LuaTeX", "LuaLaTeX": "LuaLaTeX",
    "ConTeXt": "ConTeXt", "SliTeX": "SliTeX", "PiCTeX": "PiCTeX", "AllTeX": "(La)TeX",
    "METAFONT": "METAFONT", "METAPOST": "METAPOST", "XyMTeX": "XyMTeX",
    "Dash": "—",  # TUGboat's (ltugboat.cls) spaced em dash
}


# The BibTeX fields an import reads into a source (entry_to_csl and the inheritance).
_CITED_FIELDS = frozenset(
    {bib for bib, _ in SIMPLE_FIELDS} | NAME_SPLIT_FIELDS | VERBATIM_FIELDS | {
        "title", "subtitle", "titleaddon", "journal", "journaltitle", "journalsubtitle",
        "booktitle", "booksubtitle", "booktitleaddon", "maintitle", "publisher", "institution",
        "school", "organization", "location", "address", "year", "date", "month", "day",
        "pages", "number", "issue", "part", "crossref", "xdata", "entryset", "langid",
        "entrysubtype", "annote", "annotation"})


def _decoder() -> LatexNodes2Text:
    db = get_default_latex_context_db()
    db.add_context_category(
        "brief-editor-bibtex",
        prepend=True,
        macros=[
            MacroTextSpec("url", simplify_repl="%s"),
            MacroTextSpec("mbox", simplify_repl="%s"),
            # pylatexenc's parser gives these no argument, so "%s" would print as it stands;
            # the braced group after them prints by itself.
            MacroTextSpec("hbox", simplify_repl=""),
            MacroTextSpec("NoCaseChange", simplify_repl=""),
            MacroTextSpec("textasciicircum", simplify_repl="^"),
            MacroTextSpec("hyphen", simplify_repl="-"),  # biblatex's breakable hyphen
            # The TeX family's logos, common in computing bibliographies (TUGboat's has 1,000):
            # pylatexenc knows none of them and would drop the word from a title.
            *(MacroTextSpec(name, simplify_repl=text) for name, text in _TEX_LOGOS.items()),
        ],
    )
    return LatexNodes2Text(latex_context=db, keep_braced_groups=False, math_mode="verbatim")


_LATEX_SIGNS = re.compile(r"[\\{}~$%&#^_]|--|``|''|[?!]`")


class _DecodeLatex(mw.LatexDecodingMiddleware):
    """LaTeX decoding that leaves verbatim fields (url, doi, …) as they are."""

    def _transform_python_value_string(self, python_string: str) -> tuple[str, str]:
        # Most values are plain text; the LaTeX decoder is the slow part of a big import.
        if not _LATEX_SIGNS.search(python_string):
            return python_string, ""
        python_string = math_to_unicode(python_string)
        fast = fast_decode(python_string)
        if fast is not None:
            return fast, ""
        return super()._transform_python_value_string(python_string)

    def transform_entry(self, entry: Entry, library: Library) -> Block:
        kept = [entry.pop(key) for key in list(entry.fields_dict) if key in VERBATIM_FIELDS]
        block = super().transform_entry(entry, library)
        for field in kept:
            entry.set_field(field)
        return block


class _Concatenate(mw.LibraryMiddleware):
    """Join BibTeX concatenations (``"A" # macro # {B}``), which bibtexparser leaves as text."""

    def transform(self, library: Library) -> Library:
        strings = {key.lower(): _unenclose(s.value) for key, s in library.strings_dict.items()
                   if isinstance(s.value, str)}
        for entry in library.entries:
            for field in entry.fields:
                if isinstance(field.value, str) and "#" in field.value:
                    parts = _split_concatenation(field.value)
                    if len(parts) > 1:
                        field.value = "{" + "".join(
                            strings.get(p.lower(), p) if _is_macro(p) else _unenclose(p)
                            for p in parts
                        ) + "}"
        return library


def _is_macro(part: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z_][\w:.+/-]*", part))


def _unenclose(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] + value[-1] in ('""', "{}"):
        return value[1:-1]
    return value


def _split_concatenation(value: str) -> list[str]:
    """The parts of ``a # "b" # {c}`` split at top-level ``#``; one part if there is none."""
    parts, depth, quoted, start = [], 0, False, 0
    escaped = False
    for position, char in enumerate(value):
        if escaped:  # \{ \} \# \" are text, not braces, a hash or a quote
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(value[start:position].strip())
            start = position + 1
    parts.append(value[start:].strip())
    return parts if all(parts) else [value]


class _QuietSplitter(logging.Filter):
    """Drop bibtexparser's own warnings about broken blocks: they are reported as problems."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR


@contextmanager
def _quiet_bibtexparser() -> Iterator[None]:
    logger = logging.getLogger("bibtexparser")
    quiet = _QuietSplitter()
    targets = [logger, logging.getLogger("bibtexparser.splitter")]
    for target in targets:
        target.addFilter(quiet)
    try:
        yield
    finally:
        for target in targets:
            target.removeFilter(quiet)


def _parse_stack(decoder: LatexNodes2Text) -> list[Any]:
    return [
        _Concatenate(),
        mw.ResolveStringReferencesMiddleware(),
        mw.RemoveEnclosingMiddleware(),
        mw.NormalizeFieldKeys(),
        mw.SeparateCoAuthors(),
        _DecodeLatex(decoder=decoder),
        mw.MonthIntMiddleware(),
    ]


class _Record:
    """One entry's fields, as either reader gives them: names as lists, values decoded."""

    __slots__ = ("_texts", "entry_type", "fields", "key", "line")

    def __init__(self, entry_type: str, key: str, fields: dict[str, Any], line: int | None):
        self.entry_type = entry_type
        self.key = key
        self.fields = fields
        self.line = line
        self._texts: dict[str, str] | None = None

    @property
    def texts(self) -> dict[str, str]:
        """Each text field on one line (``tidy``), made once: a conversion asks ~40 times."""
        if self._texts is None:
            self._texts = {
                name: str(value) if isinstance(value, int) else tidy(value)
                for name, value in self.fields.items()
                if isinstance(value, (str, int)) and not isinstance(value, bool)
            }
        return self._texts

    @classmethod
    def of(cls, entry: Entry, line: int | None) -> _Record:
        return cls(entry.entry_type, entry.key, {f.key: f.value for f in entry.fields}, line)


def read_bibtex(text: str, path: Path) -> tuple[list[LibraryItem], list[LibraryProblem]]:
    """Parse BibTeX text: the good entries as CSL items, the others as problems.

    The fast scanner reads what is well formed; a span it cannot read goes to bibtexparser,
    which reports it with its line (and recovers the entries it can). Parents are then
    inherited (``crossref``, ``xdata``, ``@set``) before each entry becomes a CSL item.
    """
    decoder = _decoder()
    # A real library repeats its @string values (a journal, an editor's address) in every
    # entry: pylatexenc decodes each distinct value once (TUGboat's bibliography: 6 s → 0.5 s).
    slow = functools.lru_cache(maxsize=None)(decoder.latex_to_text)
    records: list[_Record] = []
    problems: list[LibraryProblem] = []
    for block in scan(text):
        if isinstance(block, Unreadable):
            found, failed = _read_slowly(text[block.start:block.end], block.line - 1, decoder,
                                         path)
            problems.extend(failed)
            candidates = found
        else:
            if set(block.duplicate_fields) & _CITED_FIELDS:
                # A field a note prints, given twice: which value is meant is not ours to
                # guess. Other fields repeat in real exports (Scopus writes funding_details
                # once a funder) and are not imported: the entry is kept, as BibTeX keeps it.
                fields = ", ".join(sorted(set(block.duplicate_fields) & _CITED_FIELDS))
                problems.append(LibraryProblem(f"the field(s) {fields} given twice", block.line,
                                               key=block.key or None))
                continue
            candidates = [_Record(block.entry_type, block.key, _decoded(block.fields, slow),
                                  block.line)]
        for record in candidates:
            if not record.key.strip():
                problems.append(LibraryProblem("the entry has no key (@type{key, …})",
                                               record.line))
                continue
            # A key given twice is kept: exports reuse keys for different works (Scopus),
            # and the import decides whether it is the same work or one to re-key.
            records.append(record)

    items: list[LibraryItem] = []
    for record in inherit_parents(records):
        try:
            data = entry_to_csl(record, decoder)
        except Exception as exc:  # keep the other entries whatever one of them holds
            log.debug("entry %s failed", record.key, exc_info=True)
            problems.append(LibraryProblem(f"cannot be converted ({exc})", record.line,
                                           key=record.key))
            continue
        items.append(LibraryItem(data=data, line=record.line))
    problems.sort(key=lambda p: p.position)
    if not items and not problems and text.strip():
        problems.append(LibraryProblem("no BibTeX entries (@article{…}, @book{…}, …) found"))
    return items, problems


def _read_slowly(chunk: str, offset: int, decoder: LatexNodes2Text,
                 path: Path) -> tuple[list[_Record], list[LibraryProblem]]:
    """bibtexparser on a span the scanner could not read; lines counted from ``offset``."""
    try:
        with _quiet_bibtexparser():
            library = bibtexparser.parse_string(chunk, parse_stack=_parse_stack(decoder))
    except Exception as exc:  # a parser bug on odd input: still a message naming the file
        log.debug("bibtexparser failed", exc_info=True)
        raise LibraryError(path, f"not readable as BibTeX ({type(exc).__name__}: {exc})") from None
    records: list[_Record] = []
    problems: list[LibraryProblem] = []
    for block in library.blocks:
        if isinstance(block, DuplicateBlockKeyBlock) and block.raw:
            # bibtexparser sets an entry with a key seen before aside, undecoded: read it
            # alone, so it is kept like any other entry (the import re-keys it or skips it).
            start = _line(block)
            again, failed = _read_slowly(block.raw, offset + (start or 1) - 1, decoder, path)
            records.extend(again)
            problems.extend(failed)
        elif isinstance(block, ParsingFailedBlock):
            problem = _problem(block)
            line = problem.line + offset if problem.line is not None else None
            fault = (brace_fault(block.raw) if block.raw and line is not None
                     and not isinstance(block, DuplicateFieldKeyBlock) else None)
            if fault is not None:  # the field and line to fix, not where the parser gave up
                problem = dataclasses.replace(
                    problem, message=f"{fault[1]} (line {line + fault[0] - 1})")
            problems.append(dataclasses.replace(problem, line=line))
        elif isinstance(block, Entry):
            line = _line(block)
            fault = brace_fault(block.raw) if block.raw and line is not None else None
            if fault is not None and line is not None:
                # bibtexparser read past the unmatched brace by guessing, and a field can be
                # lost in the guess (a stray "}" in an abstract cost the year): the entry
                # is reported with the line to fix, not imported half-read.
                where = line + offset
                problems.append(LibraryProblem(f"{fault[1]} (line {where + fault[0] - 1})",
                                               where, key=block.key))
                continue
            records.append(_Record.of(block, line + offset if line is not None else None))
    return records, problems


_MONTHS = {name: number for number, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
    ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
    ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
    ("dec", "december")), start=1) for name in names}
_AND = re.compile(r"(\{)|(\})|\s+and\s+", re.IGNORECASE)


def _decoded(fields: dict[str, str], slow: Any) -> dict[str, Any]:
    """The scanner's raw fields as the bibtexparser middlewares would leave them."""
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name in NAME_SPLIT_FIELDS:
            out[name] = split_names(value)
        elif name in VERBATIM_FIELDS:
            out[name] = value
        elif name == "month":
            month = _MONTHS.get(value.strip().lower())
            out[name] = month if month is not None else _decode(value, slow)
        else:
            out[name] = _decode(value, slow)
    return out


def _decode(value: str, slow: Any) -> str:
    if not _LATEX_SIGNS.search(value):
        return value
    return decode_latex(value, slow)


def split_names(value: str) -> list[str]:
    """A name list split at each top-level " and " (not inside braces)."""
    if " and " not in value.lower() and "\n" not in value and "\t" not in value:
        return [value.strip()] if value.strip() else []
    names: list[str] = []
    depth, start = 0, 0
    for match in _AND.finditer(value):
        if match.group(1):
            depth += 1
        elif match.group(2):
            depth -= 1
        elif depth == 0:
            names.append(value[start:match.start()].strip())
            start = match.end()
    names.append(value[start:].strip())
    return [n for n in names if n]


def _line(block: Block) -> int | None:
    # bibtexparser counts lines from 0.
    return block.start_line + 1 if block.start_line is not None else None


_KEY_IN_RAW = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s{}()=]+)\s*,")


def _problem(block: ParsingFailedBlock) -> LibraryProblem:
    line = _line(block)
    key = None
    if isinstance(block, DuplicateFieldKeyBlock):
        fields = ", ".join(sorted(block.duplicate_keys))
        entry = block.ignore_error_block
        key = entry.key if isinstance(entry, Entry) else None
        return LibraryProblem(f"the field(s) {fields} given twice", line, key=key)
    if block.raw:
        found = _KEY_IN_RAW.match(block.raw)
        key = found.group(1) if found else None
    error = block.error
    reason = getattr(error, "abort_reason", None) or str(error) or type(error).__name__
    reason = tidy(str(reason).replace("`", "'"))
    return LibraryProblem(reason, line, key=key)


def _value(entry: _Record, key: str) -> Any:
    return entry.fields.get(key)


def _text(entry: _Record, key: str) -> str:
    return entry.texts.get(key, "")


def csl_type(entry: _Record) -> str:
    """The CSL type of a BibTeX entry."""
    explicit = _text(entry, "csltype")
    if explicit:
        return explicit
    kind = entry.entry_type.lower()
    if kind == "article":
        return SUBTYPES.get(_text(entry, "entrysubtype").lower(), "article-journal")
    if kind == "misc":
        return "webpage" if _text(entry, "url") else "document"
    return BIBTEX_TO_CSL.get(kind, "document")


def _titled(title: str, subtitle: str, addon: str = "") -> str:
    """A title with its subtitle ("Title: Subtitle") and addendum ("…. Addendum")."""
    if not title:
        return ""
    full = f"{title}: {subtitle}" if subtitle else title
    return f"{full}. {addon}" if addon else full


def entry_to_csl(entry: _Record | Entry, decoder: LatexNodes2Text) -> dict[str, Any]:
    """One parsed (and LaTeX-decoded) BibTeX entry as a CSL-JSON item."""
    if isinstance(entry, Entry):
        entry = _Record.of(entry, _line(entry))
    text = entry.texts.get
    kind = csl_type(entry)
    data: dict[str, Any] = {"id": entry.key, "type": kind}
    title = text("title", "")
    subtitle = text("subtitle", "")
    if title and subtitle:
        title = f"{title}: {subtitle}"
    if title or subtitle:
        data["title"] = title or subtitle
    for role in NAME_FIELDS:
        names = _value(entry, role)
        if isinstance(names, str):
            names = [names]
        if isinstance(names, list):
            people = [name for name in (_name(n, decoder) for n in names) if name]
            if people:
                data[role] = people

    container = _titled(text("journaltitle", "") or text("journal", ""),
                        text("journalsubtitle", ""))
    if not container:
        # A parent's subtitle and title addendum come with its title (biblatex: booksubtitle,
        # booktitleaddon), as pandoc reads them too.
        container = _titled(text("booktitle", ""), text("booksubtitle", ""),
                            text("booktitleaddon", ""))
    if not container and kind in ("chapter", "paper-conference"):
        container = text("maintitle", "")  # a volume of an @mvbook parent
    organization = text("organization", "")
    if not container and kind in WEB_TYPES and organization:
        container, organization = organization, ""
    if container:
        data["container-title"] = container
    publisher = (text("publisher", "") or text("institution", "")
                 or text("school", "") or organization)
    if publisher:
        data["publisher"] = publisher
    place = text("location", "") or text("address", "")
    if place:
        data["publisher-place"] = place

    for bib, csl in SIMPLE_FIELDS:
        value = text(bib, "") if bib != "abstract" else _abstract(entry)
        if value:
            data[csl] = value
    if "language" not in data and text("langid", ""):
        data["language"] = text("langid", "")
    if text("part", "") and data.get("volume"):
        data["volume"] = f"{data['volume']}.{text('part', '')}"  # biblatex prints "7.2"
    if kind in ("chapter", "paper-conference"):
        # In a part of a book, BibTeX's ``type`` names the unit ("Part" 3), not a genre: as
        # a genre it made Chicago print "“Title” to Book", as for a foreword.
        data.pop("genre", None)
    if "genre" not in data and entry.entry_type.lower() in THESIS_GENRES:
        data["genre"] = THESIS_GENRES[entry.entry_type.lower()]
    number = text("number", "")
    issue = text("issue", "")
    if kind in ARTICLE_TYPES:
        issue = issue or number
    elif number:
        data["number"] = number
    if issue:
        data["issue"] = issue
    pages = text("pages", "")
    if pages:
        data["page"] = re.sub(r"\s*[–—]\s*|\s*-+\s*", "-", pages)

    url = text("url", "")
    howpublished = data.get("medium", "")
    if not url and re.match(r"https?://\S+$", howpublished):
        url = howpublished
        del data["medium"]
    if url:
        data["URL"] = url
        if kind == "document" and entry.entry_type.lower() == "misc":
            data["type"] = "webpage"
    doi = text("doi", "")
    if doi:
        data["DOI"] = doi

    issued = _issued(entry)
    if issued:
        data["issued"] = issued
    for bib, csl in (("urldate", "accessed"), ("origdate", "original-date")):
        text = _text(entry, bib)
        if text:
            date = csl_date(text)
            if date:
                data[csl] = date
    container_authors = _value(entry, "bookauthor")
    if isinstance(container_authors, list):
        people = [name for name in (_name(n, decoder) for n in container_authors) if name]
        if people:
            data["container-author"] = people
    grade = _grade(entry)
    aliases = _value(entry, "__aliases")  # the keys of @set entries this one heads
    if isinstance(aliases, list) and aliases:
        grade = {**grade, "aliases": list(aliases)}
    if grade:
        data["custom"] = grade
    return data


# The source grade (FORMAT.md's ``custom``) in BibTeX: two fields of our own, which BibTeX
# and biblatex skip, and the standard ``annotation`` (``annote`` in old BibTeX) for why the
# source is trusted. A value outside the scale is not a grade, so it is not read as one.
RELIABILITY = frozenset("ABCDEF")
CREDIBILITY = frozenset("123456")


def _grade(entry: _Record) -> dict[str, str]:
    grade: dict[str, str] = {}
    reliability = _text(entry, "reliability").upper()
    if reliability in RELIABILITY:
        grade["reliability"] = reliability
    credibility = _text(entry, "credibility")
    if credibility in CREDIBILITY:
        grade["credibility"] = credibility
    note = _text(entry, "annotation") or _text(entry, "annote")
    if note:
        grade["note"] = note
    return grade


def _grade_fields(data: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    custom = data.get("custom")
    if not isinstance(custom, Mapping):
        return
    reliability, credibility = custom.get("reliability"), custom.get("credibility")
    if isinstance(reliability, str) and reliability in RELIABILITY:
        yield "reliability", "{" + reliability + "}"
    if isinstance(credibility, str) and credibility in CREDIBILITY:
        yield "credibility", "{" + credibility + "}"
    note = custom.get("note")
    if isinstance(note, str) and note.strip():
        yield "annotation", "{" + escape_bibtex(note.strip()) + "}"


def _abstract(entry: _Record) -> str:
    value = _value(entry, "abstract")
    if not isinstance(value, str):
        return ""
    # Keep paragraph breaks; join the lines a wrapped field was broken into.
    paragraphs = re.split(r"\n\s*\n", value)
    return "\n\n".join(tidy(p) for p in paragraphs if p.strip())


def _issued(entry: _Record) -> dict[str, Any] | None:
    date = _text(entry, "date")
    if date:
        return csl_date(date)
    year = _text(entry, "year")
    if not year:
        return None
    parts = date_parts(year, _value(entry, "month"), _text(entry, "day"))
    if parts is None:
        return {"literal": year}
    return {"date-parts": [parts]}


def _fully_braced(text: str) -> bool:
    """True for ``{United Nations}``: one brace group spanning the whole text."""
    if not (text.startswith("{") and text.endswith("}")):
        return False
    depth = 0
    for position, char in enumerate(text):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and position != len(text) - 1:
                return False
    return depth == 0


def _name(raw: Any, decoder: LatexNodes2Text) -> dict[str, str] | None:
    """One BibTeX name as a CSL name; the same text always gives the same name, so a
    library's thousands of repeated authors are split once (copies are handed out)."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    known = _NAMES.get(raw)
    if known is None:
        known = _split_name(raw, decoder)
        if len(_NAMES) > 200_000:
            _NAMES.clear()
        _NAMES[raw] = known
    return dict(known) if known is not None else None


_NAMES: dict[str, dict[str, str] | None] = {}
_SPACED_ACCENT = re.compile(r"\\([HvucdbkrtG])\s+([A-Za-z])(?![A-Za-z])")
_SPACED_LETTER = re.compile(r"\\(i|j|o|O|l|L|ss|ae|AE|oe|OE|aa|AA)\s+(?=[A-Za-z])")
_PLAIN_NAME = re.compile(r"[^,{}\\~$%&#^_]+, [^,{}\\~$%&#^_]+")


def _split_name(raw: str, decoder: LatexNodes2Text) -> dict[str, str] | None:
    raw = tidy(raw)
    if _PLAIN_NAME.fullmatch(raw):
        # "Family Name, Given": every word of the family capitalised, so no "von" part;
        # bibtexparser splits it the same way, a hundred times slower.
        family, given = raw.split(", ")
        if all(word[:1].isupper() for word in family.split(" ")) and "-" not in given[:1]:
            return {"family": family, "given": given}

    def decode(text: str) -> str:
        return tidy(decode_latex(text, decoder.latex_to_text) if _LATEX_SIGNS.search(text)
                    else text)

    if _fully_braced(raw):
        return {"literal": decode(raw[1:-1])}
    # TeX eats the space after a control word: "Dezs\\H o Nagy" and "Anton\\'\\i n" are
    # two words each ("Dezső Nagy", "Antonín"), not a lower-case "von" word.
    raw = _SPACED_LETTER.sub(r"{\\\1}", _SPACED_ACCENT.sub(r"{\\\1{\2}}", raw))
    parts = parse_single_name_into_parts(raw, strict=False)
    family = decode(" ".join(parts.von + parts.last))
    given = decode(" ".join(parts.first))
    suffix = decode(" ".join(parts.jr))
    if not family:
        return {"literal": decode(raw)} if decode(raw) else None
    name = {"family": family}
    if given:
        name["given"] = given
    if suffix:
        name["suffix"] = suffix
    return name


# ----------------------------------------------------------------------------- writing

_UNSAFE_KEY = re.compile(r"[^\w:./+\-]", re.UNICODE)
_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "\u00a0": "~",
}
_ESCAPE_RE = re.compile("|".join(re.escape(c) for c in _ESCAPES))
# TeX ligatures that would turn into other characters: -- –, `` “, '' ”, ?` ¿, !` ¡.
_LIGATURES = re.compile(r"([-`'])(?=\1)|([?!])(?=`)")
_INNER_CAPITAL = re.compile(r"\w\S*[A-Z]")


def escape_bibtex(text: str) -> str:
    """Text as a BibTeX value: LaTeX specials escaped, ligatures broken, UTF-8 kept."""
    text = _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(0)], text)
    return _LIGATURES.sub(lambda m: m.group(0) + "{}", text)


def _protect_case(text: str) -> str:
    """Escape a title, bracing words with capitals inside (NATO, iPhone) against lower-casing."""
    pieces = re.split(r"(\s+)", text)
    out = []
    for piece in pieces:
        escaped = escape_bibtex(piece)
        out.append(f"{{{escaped}}}" if _INNER_CAPITAL.search(piece) else escaped)
    return "".join(out)


def _verbatim(text: str) -> str:
    # url and doi are not LaTeX; only braces would break the value.
    return text.replace("{", "%7B").replace("}", "%7D")


def _bib_name(name: Any) -> str:
    if not isinstance(name, Mapping):
        return ""
    literal = name.get("literal")
    if isinstance(literal, str) and literal.strip():
        return "{" + escape_bibtex(literal.strip()) + "}"
    family = " ".join(
        str(name[k]).strip() for k in ("dropping-particle", "non-dropping-particle", "family")
        if isinstance(name.get(k), str) and name[k].strip()
    )
    given = name.get("given") if isinstance(name.get("given"), str) else ""
    suffix = name.get("suffix") if isinstance(name.get("suffix"), str) else ""
    if not family:
        return "{" + escape_bibtex(given.strip()) + "}" if given.strip() else ""
    # A family name of several capitalised words (García Márquez) is braced so that
    # BibTeX does not read its first word as a given name or particle.
    family_tex = escape_bibtex(family)
    if " " in family and not re.match(r"[a-z]", family):
        family_tex = "{" + family_tex + "}"
    parts = [family_tex]
    if suffix.strip():
        parts.append(escape_bibtex(suffix.strip()))
    if given.strip():
        parts.append(escape_bibtex(given.strip()))
    elif suffix.strip():
        parts.append("")
    return ", ".join(parts)


def _str(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value.strip() if isinstance(value, str) else ""


def _bib_key(source: Source, taken: set[str]) -> str:
    key = _UNSAFE_KEY.sub("_", source.id or "") or "source"
    candidate, n = key, 1
    while candidate in taken:
        n += 1
        candidate = f"{key}_{n}"
    taken.add(candidate)
    return candidate


def _fields(data: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    """(name, value as written) for one CSL item; value includes braces or is a macro."""
    kind = _str(data, "type")
    if kind not in CSL_TO_BIBTEX:
        yield "csltype", "{" + escape_bibtex(kind or "document") + "}"
    elif kind in ("article-newspaper", "article-magazine"):
        yield "entrysubtype", "{" + kind.removeprefix("article-") + "}"
    for role in NAME_FIELDS:
        names = data.get(role)
        if isinstance(names, list):
            written = [n for n in (_bib_name(name) for name in names) if n]
            if written:
                yield role, "{" + " and ".join(written) + "}"
    if _str(data, "title"):
        yield "title", "{" + _protect_case(_str(data, "title")) + "}"
    container = _str(data, "container-title")
    if container:
        if kind in ("chapter", "paper-conference"):
            name = "booktitle"
        elif kind in WEB_TYPES:
            name = "organization"
        else:
            name = "journal"
        yield name, "{" + _protect_case(container) + "}"
    publisher = _str(data, "publisher")
    if publisher:
        name = {"report": "institution", "thesis": "institution"}.get(kind, "publisher")
        yield name, "{" + escape_bibtex(publisher) + "}"
    if _str(data, "publisher-place"):
        yield "address", "{" + escape_bibtex(_str(data, "publisher-place")) + "}"
    yield from _date_fields(data.get("issued"))
    number = _str(data, "issue") or _str(data, "number")
    if number:
        yield "number", "{" + escape_bibtex(number) + "}"
    page = _str(data, "page")
    if page:
        yield "pages", "{" + escape_bibtex(re.sub(r"\s*[-–—]+\s*", "--", page)).replace(
            "-{}-", "--") + "}"
    for bib, csl in SIMPLE_FIELDS:
        if _str(data, csl):
            yield bib, "{" + escape_bibtex(_str(data, csl)) + "}"
    if _str(data, "DOI"):
        yield "doi", "{" + _verbatim(_str(data, "DOI")) + "}"
    if _str(data, "URL"):
        yield "url", "{" + _verbatim(_str(data, "URL")) + "}"
    for csl, bib in (("accessed", "urldate"), ("original-date", "origdate")):
        value = data.get(csl)
        parts = first_date_parts(value)
        text = iso(parts) if parts else date_literal(value)
        if text:
            yield bib, "{" + escape_bibtex(text) + "}"
    yield from _grade_fields(data)


def _date_fields(value: Any) -> Iterable[tuple[str, str]]:
    parts = first_date_parts(value)
    if parts:
        yield "year", "{" + str(parts[0]) + "}"
        if len(parts) > 1:
            yield "month", MONTHS[parts[1] - 1]
        if len(parts) > 2:
            yield "day", "{" + str(parts[2]) + "}"
        return
    literal = date_literal(value)
    if literal:
        yield "year", "{" + escape_bibtex(literal) + "}"


def bibtex_text(sources: Iterable[Source]) -> str:
    """The sources as a UTF-8 BibTeX library (the caller writes it, atomically)."""
    blocks = []
    taken: set[str] = set()
    for source in sources:
        data = source.data
        kind = CSL_TO_BIBTEX.get(_str(data, "type"), "misc")
        key = _bib_key(source, taken)
        fields = list(_fields(data))
        body = "".join(f"  {name} = {value},\n" for name, value in fields)
        blocks.append(f"@{kind}{{{key},\n{body}}}\n")
    return "\n".join(blocks)
