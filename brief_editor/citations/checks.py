"""The checks of CITATIONS.md: broken notes and sources, unsourced quotations, hand-typed notes.

``run_checks`` walks the brief once, in reading order, and returns every problem with its
place, so the editor can jump to it and the command line can print it. Problems come in
document order (summary, then each section's text in reading order, a section's own
problem such as W102 after its text), then the sources in library order, then the masthead.

Decisions the contract leaves open:

- W106 treats ``[1]`` … ``[999]`` (and lists such as ``[2, 3]`` or ``[4–6]``) as typed
  markers; four digits such as ``[2021]`` are years. Superscript digits (``³``, ``¹²``) and
  digits in a span marked superscript count too, except an exponent after a digit
  (``10⁶``) or a unit (``m²``, ``km³``).
- W105 also looks at a cite's prefix and suffix, which are typed by hand as well; it
  matches "ibid" and "ibidem" as whole words, in any case.
- W104 treats ``http`` and ``https`` as the same scheme, drops a ``doi.org`` prefix and
  ``doi:`` from DOIs, and compares title and container only when both are present; two
  sources with the same id are left to E004.
- W107 covers ``webpage``, ``post``, ``post-weblog``, ``article-newspaper`` and
  ``article-magazine``; a ``broadcast`` often has no URL and is left alone.
- W108 looks only at cited sources, and leaves to W107 a date that a web or news source
  lacks: a chapter without its book, an article without its journal, a book or report
  without a year (often a BibTeX ``crossref`` whose parent is missing from the file).
- E001–E004 stay errors whatever a profile says: a brief with them prints wrong notes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from brief_editor.citations.library_match import (  # normalize_*: re-exported for callers
    BY_DOI,
    BY_TITLE,
    BY_URL,
    normalize_doi,  # noqa: F401
    normalize_url,  # noqa: F401
    work_keys,
)
from brief_editor.citations.quotes import FlatText, Quotation, flatten, unsourced_quotations
from brief_editor.errors import BriefEditorError
from brief_editor.model import (
    Brief,
    EventSection,
    Inline,
    InlineSlot,
    NarrativeSection,
    Note,
    Place,
    Source,
    inline_text,
    inlines_in_reading_order,
)
from brief_editor.model.bulk import paused_gc
from brief_editor.model.places import capitalized, name_of_event

if TYPE_CHECKING:
    from brief_editor.citations.writing import Finding, WritingChecker, WritingSettings

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)


@dataclass(frozen=True)
class CheckInfo:
    """One check of CITATIONS.md: its id, default severity and what it catches."""

    id: str
    severity: str
    title: str


CHECKS: dict[str, CheckInfo] = {
    info.id: info
    for info in (
        CheckInfo("E001", ERROR, "a cite names a source that is not in the sources"),
        CheckInfo("E002", ERROR, "a note with neither cites nor comment"),
        CheckInfo("E003", ERROR, "a source without a title, id or type"),
        CheckInfo("E004", ERROR, "two sources with the same id"),
        CheckInfo("E005", ERROR, "a figure image that is too large, truncated or unreadable"),
        CheckInfo("E006", ERROR, "a language that is not a language tag"),
        CheckInfo("E007", ERROR, "source data the notes cannot be worded from"),
        CheckInfo("E008", ERROR, "a text too long to lay out"),
        CheckInfo("W101", WARNING, "a direct quotation in a sentence that carries no note"),
        CheckInfo("W102", WARNING, "an event section with no cite"),
        CheckInfo("W103", WARNING, "a source that no note cites"),
        CheckInfo("W104", WARNING, "two sources that are the same work"),
        CheckInfo("W105", WARNING, "“Ibid.” typed by hand"),
        CheckInfo("W106", WARNING, "a note marker typed by hand"),
        CheckInfo("W107", WARNING, "a web or news source without a date or a URL"),
        CheckInfo("W108", WARNING, "a cited source without the container or date its type needs"),
        CheckInfo("W201", WARNING, "masthead incomplete"),
        CheckInfo("W202", INFO, "the week does not start on a Monday"),
        CheckInfo("W301", INFO, "an unknown word (spelling)"),
        CheckInfo("W302", WARNING, "a non-standard expression of likelihood"),
        CheckInfo("W303", WARNING, "likelihood and confidence in one statement"),
        CheckInfo("W304", WARNING, "straight quotes or mixed quote styles"),
        CheckInfo("W305", WARNING, "past a length limit of the team profile"),
    )
}
CHECK_IDS = tuple(CHECKS)
FIXED_ERRORS = frozenset(i for i, info in CHECKS.items() if info.severity == ERROR)

WEB_NEWS_TYPES = frozenset(
    ("webpage", "post", "post-weblog", "article-newspaper", "article-magazine")
)

# W108: the container each type is printed with, and the types a note dates.
NEEDS_CONTAINER = {
    "article-journal": "journal (container-title)",
    "article-magazine": "magazine (container-title)",
    "article-newspaper": "newspaper (container-title)",
    "chapter": "book (container-title)",
    "paper-conference": "proceedings (container-title)",
    "entry-encyclopedia": "encyclopedia (container-title)",
    "entry-dictionary": "dictionary (container-title)",
}
NEEDS_DATE = frozenset((
    "article-journal", "chapter", "paper-conference", "book", "report", "thesis",
    "entry-encyclopedia", "entry-dictionary",
))


def _filled(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


_IBID = re.compile(r"\bibid(?:em)?\b\.?", re.IGNORECASE)
_BRACKET_MARKER = re.compile(r"\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]")
_SUPER_DIGITS = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_DIGITS_ONLY = re.compile(r"\s*\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\s*")
_LETTERS_BEFORE = re.compile(r"[A-Za-z]+$")
_UNITS = frozenset(["m", "cm", "mm", "km", "ft", "in", "mi", "yd"])
_SPACES = re.compile(r"\s+")

EXCERPT_CHARS = 60


def _may_hold_ibid(text: str) -> bool:
    """False when ``text`` cannot hold a match of ``_IBID`` (the common case, found by a
    substring search in C: the case-blind expression is slow over a long paragraph).

    Besides the letters' own capitals, the case-blind "i" also matches "İ" and "ı"; they
    lower-case to something else, so a text holding them is left to the expression.
    """
    return "bid" in text.lower() or "\u0130" in text or "\u0131" in text


def _may_hold_super(text: str) -> bool:
    """False when ``text`` holds none of the superscript digits ``_SUPER_DIGITS`` finds."""
    return not text.isascii() and any(digit in text for digit in _SUPERSCRIPTS)


_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


class CheckSettingsError(BriefEditorError):
    """A severity override that names no check or no severity."""


@dataclass(frozen=True)
class Problem:
    """One finding of a check: what, how serious, and where to go to mend it."""

    id: str
    severity: str
    message: str
    place: Place

    def as_json(self) -> dict[str, Any]:
        """The object of ``check --json`` (CLI.md)."""
        return {
            "id": self.id,
            "severity": self.severity,
            "message": self.message,
            "where": self.place.as_json(),
        }


def validate_severities(overrides: Mapping[str, Any]) -> dict[str, str]:
    """Check a map of check id → severity, raising CheckSettingsError on the first bad entry."""
    result: dict[str, str] = {}
    for key, value in overrides.items():
        if key not in CHECKS:
            raise CheckSettingsError(
                f"'{key}' is not a check id (known: {', '.join(CHECK_IDS)})"
            )
        if value not in SEVERITIES:
            raise CheckSettingsError(
                f"the severity of {key} must be one of {', '.join(SEVERITIES)}, not {value!r}"
            )
        if key in FIXED_ERRORS and value != ERROR:
            raise CheckSettingsError(f"{key} is always an error: it means the notes print wrong")
        result[key] = value
    return result


def severity_map(overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """The severity of every check: the defaults of CITATIONS.md with the overrides applied."""
    result = {key: info.severity for key, info in CHECKS.items()}
    if overrides:
        result.update(validate_severities(overrides))
    return result


def has_errors(problems: Iterable[Problem]) -> bool:
    """True when any problem is at error severity (export refuses, ``check`` exits 1)."""
    return any(p.severity == ERROR for p in problems)


def run_checks(
    brief: Brief,
    *,
    severities: Mapping[str, str] | None = None,
    only: Collection[str] | None = None,
    writing: WritingSettings | None = None,
) -> list[Problem]:
    """Every problem of the brief, in document order, then sources, then masthead.

    ``only`` names the checks to run (all when None): an export needs only the checks at
    error severity, and skipping the text scans of the others saves it a pass over the text.
    The writing checks W301–W305 run only when ``writing`` is given (the command line and
    the editor give the profile's and the user's settings).
    """
    with paused_gc():  # a library of 100,000 sources is looked over (model/bulk.py)
        return _run_checks(brief, severities, only, writing)


def _run_checks(brief: Brief, severities: Mapping[str, str] | None,
                only: Collection[str] | None, writing: WritingSettings | None) -> list[Problem]:
    wanted = frozenset(CHECKS) if only is None else frozenset(only)
    checker = _Checker(brief, severity_map(severities), wanted)
    if writing is not None:
        # Imported here: the spelling machinery is loaded only where writing is checked.
        from brief_editor.citations.writing import WritingChecker

        checker.writing = WritingChecker(brief, writing, wanted)
    checker.check_text()
    checker.check_sources()
    checker.check_meta()
    # What would make `notes` or `export` fail (citations/input_checks.py).
    from brief_editor.citations.input_checks import input_problems

    for check_id, message, place in input_problems(brief):
        if check_id in wanted:
            checker.problems.append(checker.problem(check_id, message, place))
    if only is None:
        return checker.problems
    return [p for p in checker.problems if p.id in wanted]


def blocking_checks(severities: Mapping[str, str] | None = None) -> frozenset[str]:
    """The ids of the checks that block an export under ``severities`` (error severity)."""
    return frozenset(k for k, v in severity_map(severities).items() if v == ERROR)


# ----------------------------------------------------------------------------- helpers


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """Text squeezed to one line and cut at a word near ``limit`` characters."""
    text = _SPACES.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + "…"


_WORK_KINDS = {BY_DOI: "DOI", BY_URL: "URL", BY_TITLE: "title and container"}


def _has_date(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if not isinstance(value, dict):
        return False
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        first = parts[0][0]
        if isinstance(first, int) or (isinstance(first, str) and first.strip()):
            return True
    return any(isinstance(value.get(k), str) and value[k].strip() for k in ("literal", "raw"))


@dataclass(frozen=True)
class _SourceIds:
    """The ids a note may cite: the sources' own and their aliases (a library's
    near-duplicate keys, each citing the source kept in its place), and the ids folded."""

    source_ids: frozenset[str]
    alias_of: dict[str, str]

    @cached_property
    def ids_folded(self) -> dict[str, str]:
        """The ids by their case-folded form, for E001's "did you mean" (made only when a
        cite names no source: folding 100,000 ids at every opening costs a tenth of a second)."""
        return {i.casefold(): i for i in self.source_ids}


_last_ids: tuple[tuple[Source, ...], _SourceIds] | None = None


def _source_ids(sources: tuple[Source, ...]) -> _SourceIds:
    """``_SourceIds`` of ``sources``, kept for the last sources seen: the editor's checks
    make a checker or two per refresh, and a library may hold 100,000 sources."""
    global _last_ids
    last = _last_ids
    if last is not None and last[0] is sources:
        return last[1]
    own: set[str] = set()
    with_aliases: list[tuple[str, list[Any]]] = []
    for source in sources:  # Source.id and Source.aliases, read once each
        data = source.data
        sid = data.get("id")
        if not (isinstance(sid, str) and sid):
            continue
        own.add(sid)
        custom = data.get("custom")
        aliases = custom.get("aliases") if isinstance(custom, dict) else None
        if isinstance(aliases, list) and aliases:
            with_aliases.append((sid, aliases))
    alias_of = {a: sid for sid, aliases in with_aliases for a in aliases
                if isinstance(a, str) and a and a not in own}
    all_ids = own | set(alias_of)
    ids = _SourceIds(frozenset(all_ids), alias_of)
    _last_ids = (sources, ids)
    return ids


def _source_name(source: Source, index: int) -> str:
    return f"“{source.id}”" if source.id else f"number {index + 1} (no id)"


def _long_date(day: dt.date) -> str:
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


class _Checker:
    """One pass over a brief, collecting problems in order."""

    def __init__(self, brief: Brief, severities: dict[str, str],
                 wanted: frozenset[str] = frozenset(CHECKS)):
        self.brief = brief
        self.severities = severities
        self.wanted = wanted
        self.problems: list[Problem] = []
        ids = _source_ids(brief.sources)
        self.source_ids: frozenset[str] | set[str] = ids.source_ids
        self.alias_of = ids.alias_of
        self._ids = ids
        self.cited: set[str] = set()
        self.note_number = 0
        self.writing: WritingChecker | None = None
        self._scans_text = bool({"W101", "W105", "W106"} & wanted)

    def problem(self, check_id: str, message: str, place: Place) -> Problem:
        return Problem(check_id, self.severities[check_id], message, place)

    # ------------------------------------------------------------------ text, in order

    def check_text(self) -> None:
        current: str | None = None
        section_has_cite = False
        section_problems: list[Problem] = []
        sections = {s.id: s for s in self.brief.sections}

        def close_section() -> None:
            section = sections.get(current) if current is not None else None
            if isinstance(section, EventSection) and not section_has_cite:
                section_problems.append(self.uncited_event(section))
            section_problems.extend(self.part_end(section))

        for slot in inlines_in_reading_order(self.brief):
            section_id = slot.place.section
            if section_id != current:
                close_section()
                self.problems.extend(section_problems)
                section_problems = []
                current, section_has_cite = section_id, False
            cites_here = self._check_slot(slot, section_problems)
            section_has_cite = section_has_cite or cites_here
        close_section()
        self.problems.extend(section_problems)

    def part_end(self, section: EventSection | NarrativeSection | None) -> list[Problem]:
        """The writing checks of a whole part: W305 for a section (None: the summary)."""
        if self.writing is None:
            return []
        if section is None:
            findings = self.writing.summary_end(self.brief)
            place = Place(None, "summary", 0)
        else:
            findings = self.writing.section_end(section)
            field = "event" if isinstance(section, EventSection) else "body"
            place = Place(section.id, field, 0)
        return [self.problem(f.id, f.message, place) for f in findings]

    def _writing_found(self, findings: list[Finding], place: Place, offset: int | None,
                       found: list[tuple[int, int, Problem]]) -> None:
        for finding in findings:
            at = finding.offset if offset is None else offset
            found.append((at, len(found), self.problem(finding.id, finding.message, place)))

    def uncited_event(self, section: EventSection) -> Problem:
        """W102 for an event section none of whose notes cites a source."""
        heading = excerpt(inline_text(section.heading))
        # Without a heading, the place and date say which event (never its id): the
        # message is kept per section by the live checks, so it names no position.
        name = f"the event “{heading}”" if heading else name_of_event(section)
        return self.problem(
            "W102",
            f"{capitalized(name)} cites no source: add a note citing where the "
            "event is reported.",
            Place(section.id, "event", 0),
        )

    def _check_slot(self, slot: InlineSlot, out: list[Problem]) -> bool:
        """Check one Inline; return whether any of its notes cites a source."""
        inline = slot.inline
        if not inline:
            return False
        place = slot.place
        writing = self.writing
        notes = [s for s in inline if isinstance(s, Note)]
        if writing is None and not self._scans_text:
            # An export asks for the errors only: the notes' checks need no flat text, and
            # in their own order they are already in the order of their offsets.
            flat = None
            offsets: list[int] = list(range(len(notes)))
        else:
            flat = flatten(inline)
            offsets = flat.notes
        found: list[tuple[int, int, Problem]] = []  # (offset, order, problem)
        any_cite = False
        for offset, note in zip(offsets, notes, strict=True):
            self.note_number += 1
            any_cite = any_cite or bool(note.cites)
            for problem in self._check_note(note, place):
                found.append((offset, len(found), problem))
            if writing is not None and note.comment:
                self._writing_found(writing.text("note", inline_text(note.comment)), place,
                                    offset, found)
        if flat is None:
            out.extend(problem for _, _, problem in found)
            return any_cite
        # The three scans of the text are the costly part of a check; skip unwanted ones.
        if "W101" in self.wanted:
            for quote in unsourced_quotations(flat):
                found.append((quote.start, len(found), self._w101(quote, place)))
        if "W105" in self.wanted:
            for offset, problem in self._hand_typed(flat.text, place, "text"):
                found.append((offset, len(found), problem))
        if "W106" in self.wanted:
            for offset, problem in self._typed_markers(flat, place):
                found.append((offset, len(found), problem))
        if writing is not None:
            self._writing_found(writing.text(place.field, flat.text), place, None, found)
        found.sort(key=lambda item: (item[0], item[1]))
        out.extend(problem for _, _, problem in found)
        return any_cite

    def _check_note(self, note: Note, place: Place) -> list[Problem]:
        number = self.note_number
        problems: list[Problem] = []
        comment_text = inline_text(note.comment) if note.comment else ""
        if not note.cites and not comment_text.strip():
            problems.append(self.problem(
                "E002",
                f"Note {number} is empty: cite a source in it, write a comment, or delete it.",
                place,
            ))
        for cite in note.cites:
            if cite.source in self.source_ids:
                self.cited.add(self.alias_of.get(cite.source, cite.source))
                continue
            hint = ""
            near = self._ids.ids_folded.get(cite.source.strip().casefold())
            if near is not None:
                hint = f" (did you mean “{near}”?)"
            problems.append(self.problem(
                "E001",
                f"Note {number} cites “{cite.source}”, which is not among the sources{hint}: "
                "add that source or pick another.",
                place,
            ))
        for cite in note.cites:
            for typed in (cite.prefix, cite.suffix):
                if typed:
                    problems.extend(p for _, p in self._hand_typed(typed, place, f"note {number}"))
        if comment_text:
            problems.extend(
                p for _, p in self._hand_typed(comment_text, place, f"note {number}")
            )
        return problems

    def _hand_typed(self, text: str, place: Place, where: str) -> list[tuple[int, Problem]]:
        """W105 for every "Ibid." typed into ``text``."""
        found: list[tuple[int, Problem]] = []
        if not _may_hold_ibid(text):
            return found
        for match in _IBID.finditer(text):
            found.append((match.start(), self.problem(
                "W105",
                f"“{match.group()}” is typed by hand in the {where}: delete it and cite the "
                "source in a note; the program writes Ibid. itself, and keeps it right when "
                "notes move.",
                place,
            )))
        return found

    def _typed_markers(self, flat: FlatText, place: Place) -> list[tuple[int, Problem]]:
        """W106 for note numbers typed into the text."""
        text = flat.text
        found: list[tuple[int, Problem]] = []
        advice = ": delete it and insert a note; the program numbers notes itself."
        for match in _BRACKET_MARKER.finditer(text):
            found.append((match.start(), self.problem(
                "W106", f"“{match.group()}” looks like a note number typed by hand{advice}", place,
            )))
        for match in _SUPER_DIGITS.finditer(text) if _may_hold_super(text) else ():
            if self._is_exponent(text, match.start()):
                continue
            found.append((match.start(), self.problem(
                "W106", f"Superscript “{match.group()}” looks like a note number typed by "
                f"hand{advice}", place,
            )))
        for start, end in flat.superscripts:
            span = text[start:end]
            if _DIGITS_ONLY.fullmatch(span) and not self._is_exponent(text, start):
                found.append((start, self.problem(
                    "W106", f"The superscript “{span.strip()}” looks like a note number typed "
                    f"by hand{advice}", place,
                )))
        return found

    @staticmethod
    def _is_exponent(text: str, start: int) -> bool:
        if start and text[start - 1].isdigit():
            return True
        letters = _LETTERS_BEFORE.search(text, max(0, start - 3), start)
        if letters is None:
            return False
        token = letters.group()
        before = letters.start() - 1
        whole_word = before < 0 or not text[before].isalpha()
        return whole_word and token in _UNITS

    def _w101(self, quote: Quotation, place: Place) -> Problem:
        return self.problem(
            "W101",
            f"The quotation “{excerpt(quote.inner)}” ({quote.words} words) is in a sentence "
            "with no note: add a note citing who said or wrote it.",
            place,
        )

    # ------------------------------------------------------------------------- sources

    def check_sources(self) -> None:
        # A library may hold 100,000 sources, nearly all without a problem: each source's
        # fields are read once, the common checks are made in this loop (not a method call
        # each), and a place and a name are made only for a problem.
        first_by_id: dict[str, int] = {}
        seen: dict[tuple[str, str], int] = {}  # (reason, value) → the first source's index
        sources = self.brief.sources
        cited = self.cited
        problems = self.problems
        web_news, needs_container, needs_date = WEB_NEWS_TYPES, NEEDS_CONTAINER, NEEDS_DATE
        for index, source in enumerate(sources):
            data = source.data
            sid = data.get("id")
            if not (isinstance(sid, str) and sid):
                sid = None
            stype = data.get("type")
            if not (isinstance(stype, str) and stype):
                stype = None
            title = data.get("title")
            place: Place | None = None
            if sid is None or stype is None or not (isinstance(title, str) and title.strip()):
                missing = [what for what, ok in (
                    ("an id", sid is not None),
                    ("a type", stype is not None),
                    ("a title", isinstance(title, str) and bool(title.strip())),
                ) if not ok]
                place = Place(None, "source", index)
                problems.append(self.problem(
                    "E003",
                    f"Source {_source_name(source, index)} has no "
                    f"{' and no '.join(m.split(' ', 1)[1] for m in missing)}"
                    f": give it {', '.join(missing)}, or its notes cannot name the work.",
                    place,
                ))
            duplicate = False
            if sid is not None:
                if sid in first_by_id:
                    duplicate = True
                    place = place or Place(None, "source", index)
                    problems.append(self.problem(
                        "E004",
                        f"Sources {first_by_id[sid] + 1} and {index + 1} both have the id "
                        f"“{sid}”: give each source its own id.",
                        place,
                    ))
                else:
                    first_by_id[sid] = index
            if not duplicate:
                # W104: the library import's definition of one work (work_keys): title and
                # container count only in the same year, edition and volume.
                reported = False
                for key in work_keys(source):  # (reason, value) pairs
                    if not key[1]:
                        continue
                    earlier = seen.setdefault(key, index)
                    if earlier != index and not reported:
                        reported = True
                        place = place or Place(None, "source", index)
                        problems.append(self._same_work(source, index, earlier,
                                                        _WORK_KINDS[key[0]], place))
            if stype in web_news:
                # W107: a web or news source without a date or a URL.
                url = data.get("URL")
                if not (_has_date(data.get("issued")) and isinstance(url, str)
                        and url.strip()):
                    place = place or Place(None, "source", index)
                    problems.append(self._web_news(source, index, place))
            if sid in cited:
                # W108: a cited source without the container or date its type needs.
                if (stype in needs_container and not _filled(data.get("container-title"))
                        or stype in needs_date and stype not in web_news
                        and not _has_date(data.get("issued"))):
                    place = place or Place(None, "source", index)
                    problems.append(self._container_date(source, index, place))
            elif sid is not None and not duplicate:
                problems.append(self.problem(
                    "W103",
                    f"Source {_source_name(source, index)} is not cited by any note: cite it "
                    "or remove it.",
                    place or Place(None, "source", index),
                ))

    def _same_work(self, source: Source, index: int, earlier: int, kind: str,
                   place: Place) -> Problem:
        other = self.brief.sources[earlier]
        return self.problem(
            "W104",
            f"Source {_source_name(source, index)} has the same {kind} as source "
            f"{_source_name(other, earlier)}: they look like one work; keep one and "
            "point the notes at it.",
            place,
        )

    def _web_news(self, source: Source, index: int, place: Place) -> Problem:
        missing = []
        if not _has_date(source.data.get("issued")):
            missing.append("date (issued)")
        url = source.data.get("URL")
        if not (isinstance(url, str) and url.strip()):
            missing.append("URL")
        return self.problem(
            "W107",
            f"Source {_source_name(source, index)} ({source.type}) has no "
            f"{' and no '.join(missing)}: a reader cannot find or date it.",
            place,
        )

    def _container_date(self, source: Source, index: int, place: Place) -> Problem:
        kind = source.type or ""
        missing = []
        if kind in NEEDS_CONTAINER and not _filled(source.data.get("container-title")):
            missing.append(NEEDS_CONTAINER[kind])
        if (kind in NEEDS_DATE and kind not in WEB_NEWS_TYPES
                and not _has_date(source.data.get("issued"))):
            missing.append("date (issued)")
        return self.problem(
            "W108",
            f"Source {_source_name(source, index)} ({kind}) is cited but has no "
            f"{' and no '.join(missing)}: its notes will print without it.",
            place,
        )

    # -------------------------------------------------------------------------- masthead

    def check_meta(self) -> None:
        meta = self.brief.meta
        place = Place(None, "meta", 0)
        missing = []
        if meta.issue is None:
            missing.append("issue number")
        if meta.week_of is None:
            missing.append("week")
        if not any(a.strip() for a in meta.authors):
            missing.append("author")
        if missing:
            self.problems.append(self.problem(
                "W201",
                f"The masthead has no {', no '.join(missing)}: fill in the issue details.",
                place,
            ))
        if meta.week_of is not None and meta.week_of.weekday() != 0:
            monday = meta.week_of - dt.timedelta(days=meta.week_of.weekday())
            self.problems.append(self.problem(
                "W202",
                f"The week of {_long_date(meta.week_of)} does not start on a Monday; the "
                f"masthead would usually read the week of {_long_date(monday)}.",
                place,
            ))


def problems_in(inline: Inline, place: Place) -> list[Problem]:
    """The text checks (W101, W105, W106) for one Inline, as the editor checks while typing."""
    checker = _Checker(Brief(), severity_map())
    checker.source_ids = set()
    out: list[Problem] = []
    checker._check_slot(InlineSlot(place, inline), out)
    return [p for p in out if p.id in ("W101", "W105", "W106")]
