"""BibTeX/biblatex inheritance: ``crossref``, ``xdata`` and ``@set``, as biblatex does it.

A child entry inherits every field its ``crossref`` parent has and it lacks; its own fields
always win. Where biblatex maps a parent's field to another name, so do we: a
``@proceedings`` or ``@book``'s ``title`` becomes an ``@inproceedings`` or ``@incollection``'s
``booktitle`` (and ``subtitle`` its ``booksubtitle``), an ``@mvbook``'s ``title`` a volume's
``maintitle``, a ``@periodical``'s ``title`` an article's ``journaltitle``; the parent's own
``title`` never becomes the child's. Fields that only name or sort the parent itself
(``ids``, ``shorthand``, ``sortkey``, …) are not inherited (biblatex manual, appendix B).

``xdata = {a, b}`` copies the fields of the ``@xdata`` entries named, without mapping, and
the ``@xdata`` entries are no sources of their own. A ``@set`` entry groups other entries:
it is no source of its own either, and its key is kept as an alias of its first member
(``custom.aliases`` once imported), so that a note citing the set still resolves.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

NEVER_INHERITED = frozenset((
    "ids", "crossref", "xref", "entryset", "entrysubtype", "execute", "label", "options",
    "presort", "related", "relatedoptions", "relatedstring", "relatedtype", "shorthand",
    "shorthandintro", "sortkey", "xdata", "set",
))
_TITLES = ("title", "subtitle", "titleaddon", "shorttitle", "sorttitle", "indextitle",
           "indexsorttitle")

_BOOKS = ("book", "collection", "reference", "proceedings", "manual", "report")
_IN_BOOKS = ("inbook", "bookinbook", "suppbook", "incollection", "suppcollection",
             "inreference", "inproceedings", "conference")
_MV = ("mvbook", "mvcollection", "mvreference", "mvproceedings")


def _book_titles() -> dict[str, str]:
    return {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon"}


def _main_titles() -> dict[str, str]:
    return {"title": "maintitle", "subtitle": "mainsubtitle", "titleaddon": "maintitleaddon"}


def _mapping(parent: str, child: str) -> dict[str, str]:
    """Parent field → child field, for the title fields biblatex renames."""
    if parent in _MV and (child in _BOOKS or child in _IN_BOOKS):
        return _main_titles()
    if parent in _BOOKS and child in ("inbook", "bookinbook", "suppbook"):
        return {**_book_titles(), "author": "bookauthor"}
    if parent in _BOOKS and child in _IN_BOOKS:
        return _book_titles()
    if parent == "periodical" and child in ("article", "suppperiodical"):
        return {"title": "journaltitle", "subtitle": "journalsubtitle"}
    return {}


class Record(Protocol):
    entry_type: str
    key: str
    fields: dict[str, Any]
    line: int | None


def inherit_parents(records: Iterable[Record]) -> list[Record]:
    """The records with their parents' fields filled in; @xdata and @set records dropped."""
    records = list(records)
    by_key: dict[str, Record] = {}
    for record in records:  # a key given twice names its first entry, as in BibTeX
        by_key.setdefault(record.key.lower(), record)
    resolving: set[int] = set()  # records by id(): two entries may share a key
    done: set[int] = set()

    def resolve(record: Record) -> None:
        key = id(record)
        if key in done or key in resolving:  # a cycle: leave the entry as it stands
            return
        resolving.add(key)
        for xdata_key in _keys(record.fields.get("xdata")):
            source = by_key.get(xdata_key.lower())
            if source is not None and source is not record:
                resolve(source)
                for name, value in source.fields.items():
                    if name not in NEVER_INHERITED:
                        record.fields.setdefault(name, value)
        parent_key = record.fields.get("crossref")
        parent = by_key.get(parent_key.strip().lower()) if isinstance(parent_key, str) else None
        if parent is not None and parent is not record:
            resolve(parent)
            _inherit(record, parent)
        resolving.discard(key)
        done.add(key)

    out: list[Record] = []
    for record in records:
        resolve(record)
    for record in records:
        kind = record.entry_type.lower()
        if kind == "xdata":
            continue
        if kind == "set":
            members = _keys(record.fields.get("entryset"))
            first = by_key.get(members[0].lower()) if members else None
            if first is not None:
                aliases = first.fields.setdefault("__aliases", [])
                aliases.append(record.key)
            continue
        out.append(record)
    return out


def _inherit(child: Record, parent: Record) -> None:
    mapping = _mapping(parent.entry_type.lower(), child.entry_type.lower())
    fields = child.fields
    for name, value in parent.fields.items():
        if name in NEVER_INHERITED or name.startswith("__"):
            continue
        target = mapping.get(name)
        if target is not None:
            fields.setdefault(target, value)
            if name != "author":
                continue
        elif name in _TITLES and mapping:
            continue  # the parent's own title is never the child's
        fields.setdefault(name, value)


def _keys(value: Any) -> list[str]:
    if not isinstance(value, str):
        return []
    return [k.strip() for k in value.split(",") if k.strip()]
