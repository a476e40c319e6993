"""RIS libraries (``TY  - JOUR`` … ``ER  -``), the export format of most reference databases.

A record runs from its ``TY`` line to its ``ER`` line. A record cut short (a new ``TY``
before ``ER``, or the end of the file) and lines outside any record are reported with
their line numbers; the other records are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from brief_editor.citations.library_fields import csl_date, make_id, tidy
from brief_editor.citations.library_model import LibraryItem, LibraryProblem

_RIS_DATE_INFO = re.compile(r"^(\d{4}/[^/]{0,2}/[^/]{0,2})/.+$")
_TAG = re.compile(r"^([A-Z][A-Z0-9])\s{1,2}-(?:\s(.*))?$")

RIS_TO_CSL = {
    "JOUR": "article-journal", "JFULL": "article-journal", "ABST": "article-journal",
    "EJOUR": "article-journal", "INPR": "article-journal",
    "NEWS": "article-newspaper",
    "MGZN": "article-magazine",
    "ELEC": "webpage", "WEB": "webpage",
    "BLOG": "post-weblog",
    "BOOK": "book", "EBOOK": "book", "EDBOOK": "book", "CTLG": "book", "ENCYC": "book",
    "CHAP": "chapter", "ECHAP": "chapter", "DICT": "entry-dictionary",
    "RPRT": "report", "GOVDOC": "report", "PAMP": "pamphlet",
    "CASE": "legal_case",
    "STAT": "legislation", "BILL": "bill", "HEAR": "hearing",
    "THES": "thesis",
    "CONF": "paper-conference", "CPAPER": "paper-conference",
    "PAT": "patent",
    "MAP": "map",
    "VIDEO": "motion_picture", "MPCT": "motion_picture", "ADVS": "motion_picture",
    "SOUND": "song", "MUSIC": "song",
    "ART": "graphic", "FIGURE": "figure",
    "PCOMM": "personal_communication", "ICOMM": "personal_communication",
    "UNPB": "manuscript", "MANSCPT": "manuscript",
    "DATA": "dataset", "DBASE": "dataset",
    "COMP": "software",
    "STAND": "standard",
    "GEN": "document",
}
# Type names some exports (EndNote, RefWorks) write out in full: "TY  - Journal Article".
LONG_TYPES = {
    "JOURNAL ARTICLE": "JOUR", "ELECTRONIC ARTICLE": "EJOUR", "BOOK": "BOOK",
    "EDITED BOOK": "EDBOOK", "BOOK SECTION": "CHAP", "BOOK CHAPTER": "CHAP",
    "REPORT": "RPRT", "THESIS": "THES", "CONFERENCE PROCEEDINGS": "CONF",
    "CONFERENCE PAPER": "CPAPER", "NEWSPAPER ARTICLE": "NEWS", "MAGAZINE ARTICLE": "MGZN",
    "WEB PAGE": "ELEC", "BLOG": "BLOG", "GOVERNMENT DOCUMENT": "GOVDOC", "CASE": "CASE",
    "STATUTE": "STAT", "GENERIC": "GEN", "DATASET": "DATA", "COMPUTER PROGRAM": "COMP",
}
BOOKISH = frozenset(("book", "chapter", "report", "thesis", "paper-conference", "pamphlet"))
JOIN_WITH_LINES = frozenset(("N1",))


@dataclass
class _Record:
    line: int
    kind: str
    tags: list[tuple[str, str]] = field(default_factory=list)

    by_tag: dict[str, list[str]] | None = None  # made once the record is complete

    def _index(self) -> dict[str, list[str]]:
        if self.by_tag is None:
            index: dict[str, list[str]] = {}
            for tag, value in self.tags:
                if value:
                    index.setdefault(tag, []).append(value)
            self.by_tag = index
        return self.by_tag

    def all(self, *names: str) -> list[str]:
        index = self._index()
        if len(names) == 1:
            return index.get(names[0], [])
        wanted = set(names)  # in file order, as the tags came
        return [value for tag, value in self.tags if tag in wanted and value]

    def first(self, *names: str) -> str:
        # In the order the names are given: JF before JO, and so on.
        index = self.by_tag if self.by_tag is not None else self._index()
        for name in names:
            values = index.get(name)
            if values:
                return values[0]
        return ""


def read_ris(text: str) -> tuple[list[LibraryItem], list[LibraryProblem]]:
    """Parse RIS text: the complete records as CSL items, the broken ones as problems."""
    records: list[_Record] = []
    problems: list[LibraryProblem] = []
    record: _Record | None = None
    stray_from: int | None = None  # first line of a run of fields outside any record
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        match = _TAG.match(line)
        if match is None:
            if record is not None and record.tags:
                tag, value = record.tags[-1]
                joiner = "\n" if tag in JOIN_WITH_LINES else " "
                record.tags[-1] = (tag, f"{value}{joiner}{line.strip()}".strip())
            elif record is None and stray_from is None:
                stray_from = number
            continue
        tag, value = match.group(1), (match.group(2) or "").strip()
        if tag == "TY":
            if record is not None:
                problems.append(_cut_short(record, f"a new record starts at line {number}"))
            if stray_from is not None:
                problems.append(_stray(stray_from))
                stray_from = None
            record = _Record(line=number, kind=value.upper())
        elif tag == "ER":
            if record is None:
                problems.append(_stray(stray_from if stray_from is not None else number))
                stray_from = None
                continue
            records.append(record)
            record = None
        elif record is None:
            if stray_from is None:
                stray_from = number
        else:
            record.tags.append((tag, value))
    if record is not None:
        problems.append(_cut_short(record, "the file ends first"))
    if stray_from is not None:
        problems.append(_stray(stray_from))

    items: list[LibraryItem] = []
    taken = {r.first("ID") for r in records if r.first("ID")}
    seen: set[str] = set()
    for record in records:
        if not record.kind:
            problems.append(LibraryProblem("the TY line names no type", record.line))
            continue
        data = record_to_csl(record)
        generated = "id" not in data
        if generated:
            data = {"id": make_id(data, taken | seen), **data}
        seen.add(data["id"])
        items.append(LibraryItem(data=data, line=record.line, id_generated=generated))
    problems.sort(key=lambda p: p.position)
    return items, problems


def _cut_short(record: _Record, why: str) -> LibraryProblem:
    return LibraryProblem(
        f"the record has no ER line ({why})", record.line, key=record.first("ID") or None
    )


def _stray(line: int) -> LibraryProblem:
    return LibraryProblem("lines outside a record (no TY line before them)", line)


def _names(values: list[str]) -> list[dict[str, str]]:
    names = []
    for value in values:
        parts = [tidy(p) for p in value.split(",")]
        if len(parts) == 1 or not parts[0]:
            names.append({"literal": tidy(value)})
            continue
        name = {"family": parts[0]}
        if len(parts) > 1 and parts[1]:
            name["given"] = parts[1]
        if len(parts) > 2 and parts[2]:
            name["suffix"] = ", ".join(p for p in parts[2:] if p)
        names.append(name)
    return names


def record_to_csl(record: _Record) -> dict[str, Any]:
    """One RIS record as a CSL-JSON item (without an id when the record has no ID)."""
    kind = RIS_TO_CSL.get(LONG_TYPES.get(record.kind, record.kind), "document")
    data: dict[str, Any] = {}
    if record.first("ID"):
        data["id"] = record.first("ID")
    data["type"] = kind
    title = record.first("TI", "T1", "CT") or record.first("ST")  # some give only ST
    if title:
        data["title"] = tidy(title)
    authors = _names(record.all("AU", "A1"))
    if authors:
        data["author"] = authors
    editors = _names(record.all("ED") + (record.all("A2") if kind in BOOKISH else []))
    if editors:
        data["editor"] = editors
    translators = _names(record.all("A4"))
    if translators:
        data["translator"] = translators
    if kind == "book":
        container = record.first("JF", "JO")
        series = record.first("T3", "T2")
    else:
        container = record.first("JF", "JO", "T2", "BT")
        series = record.first("T3")
    if container:
        data["container-title"] = tidy(container)
    if series:
        data["collection-title"] = tidy(series)
    short_container = record.first("J2", "JA")
    if short_container and short_container != container:
        data["container-title-short"] = tidy(short_container)

    issued = _issued(record)
    if issued:
        data["issued"] = issued
    accessed = record.first("Y2")
    if accessed and csl_date(accessed):
        data["accessed"] = csl_date(accessed)

    start, end = record.first("SP"), record.first("EP")
    if start and end and end != start:
        data["page"] = f"{start}-{end}"
    elif start:
        data["page"] = start
    simple = (
        ("UR", "URL"), ("DO", "DOI"), ("PB", "publisher"), ("CY", "publisher-place"),
        ("VL", "volume"), ("VO", "volume"), ("IS", "issue"), ("LA", "language"),
        ("ET", "edition"), ("ST", "title-short"), ("M3", "genre"),
    )
    present = record._index()
    for tag, key in simple:
        values = present.get(tag)
        if values and key not in data:  # VL before its variant VO
            data[key] = tidy(values[0])
    abstract = record.first("AB", "N2")
    if abstract:
        data["abstract"] = abstract.strip()
    notes = record.all("N1")
    if notes:
        data["note"] = "\n".join(n.strip() for n in notes)
    number = record.first("SN")
    if number:
        data["ISBN" if kind in BOOKISH else "ISSN"] = tidy(number)
    return data


def _issued(record: _Record) -> dict[str, Any] | None:
    # RIS dates are "YYYY/MM/DD/other info"; the fourth part is free text.
    values = [_RIS_DATE_INFO.sub(r"\1", v) for v in (record.first("DA"), record.first("PY", "Y1"))]
    candidates = [csl_date(v) for v in values if v]
    dated = [c for c in candidates if c and "date-parts" in c]
    if dated:
        return max(dated, key=lambda c: len(c["date-parts"][0]))
    return next((c for c in candidates if c), None)
