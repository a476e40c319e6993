"""Source libraries: read BibTeX, CSL-JSON and RIS files, import them, export the sources.

Everything here works on the model only; writing files is the caller's job (layering:
citations knows the model, storage knows the disk), so export returns text —
``bibtex_text(sources)`` and ``csl_json_text(sources)`` — for ``atomic_write``.

Duplicates are matched by id, then as "the same work" (``same_work``: DOI, URL, or title
with container), the definition check W104 shares.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brief_editor.citations.library_bibtex import bibtex_text, read_bibtex
from brief_editor.citations.library_csljson import csl_json_text, read_csl_json
from brief_editor.citations.library_fields import make_id
from brief_editor.citations.library_match import (
    normalize_doi,
    normalize_text,
    normalize_url,
    same_work,
    work_keys,
)
from brief_editor.citations.library_model import (
    LibraryError,
    LibraryItem,
    LibraryProblem,
    LibraryRead,
)
from brief_editor.citations.library_rekey import free_key, original_key, rekeyed, same_entry
from brief_editor.citations.library_ris import read_ris
from brief_editor.model import Brief, Source
from brief_editor.model.bulk import paused_gc
from brief_editor.safe_read import UnreadableFile, read_regular_file

__all__ = [
    "FORMATS", "ImportResult", "LibraryError", "LibraryItem", "LibraryProblem", "LibraryRead",
    "MergeReport", "bibtex_text", "csl_json_text", "find_duplicate", "import_library_into",
    "library_format", "merge_linked", "normalize_doi", "normalize_text", "normalize_url",
    "read_library", "same_work", "work_keys",
]

log = logging.getLogger(__name__)

FORMATS = {".bib": "bibtex", ".bibtex": "bibtex", ".json": "csl-json", ".ris": "ris"}
MAX_LIBRARY_BYTES = 256 * 1024 * 1024


def library_format(path: Path) -> str:
    """"bibtex", "csl-json" or "ris", from the file name; LibraryError for anything else."""
    kind = FORMATS.get(Path(path).suffix.lower())
    if kind is None:
        raise LibraryError(
            path, "not a library file: use a .bib, .bibtex, .json (CSL-JSON) or .ris file"
        )
    return kind


def read_library(path: Path) -> LibraryRead:
    """Read a library file; malformed entries are skipped and listed in ``problems``.

    Raises LibraryError (naming the file, and the line where known) when the file as a
    whole cannot be read: missing, not UTF-8, not JSON, an unknown extension.
    """
    path = Path(path)
    kind = library_format(path)
    text = _read_text(path)
    if kind == "bibtex":
        items, problems = read_bibtex(text, path)
    elif kind == "csl-json":
        items, problems = read_csl_json(text, path)
    else:
        items, problems = read_ris(text)
    log.debug("read %s: %d entries, %d problems", path, len(items), len(problems))
    return LibraryRead(path=path, format=kind, items=tuple(items), problems=tuple(problems))


def _read_text(path: Path) -> str:
    try:
        data = read_regular_file(path, MAX_LIBRARY_BYTES,
                                 too_large="is too large to be a library file")
    except UnreadableFile as exc:
        raise LibraryError(path, str(exc).replace("a file", "a library file")) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise LibraryError(
            path,
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save or export the library as UTF-8",
            line=line,
        ) from None


# ----------------------------------------------------------------------------- duplicates


class _Index:
    """Ids and work keys seen so far, each with how a report names its owner.

    Owners are numbered (``owner``), so that an import can find the source a skipped
    near-duplicate should point at.
    """

    def __init__(self) -> None:
        self.ids: dict[str, tuple[str, int]] = {}
        self.works: dict[tuple[str, str], tuple[str, int]] = {}
        self.labels: dict[int, str] = {}

    def add(self, data: Mapping[str, Any], label: str, owner: int = -1,
            keys: list[tuple[str, str]] | None = None) -> None:
        self.labels[owner] = label
        ident = data.get("id")
        if isinstance(ident, str) and ident:
            self.ids.setdefault(ident, (label, owner))
        for key in work_keys(data) if keys is None else keys:
            self.works.setdefault(key, (label, owner))

    def add_sources(self, sources: Iterable[Source]) -> None:
        for owner, source in enumerate(sources):
            self.add(source.data, f"source '{source.id}'", owner)
            for alias in source.aliases:
                self.ids.setdefault(alias, (f"source '{source.id}'", owner))

    def find(self, data: Mapping[str, Any], *, by_id: bool = True,
             keys: list[tuple[str, str]] | None = None) -> str | None:
        found = self.find_owner(data, by_id=by_id, keys=keys)
        return None if found is None else found[0]

    def find_owner(self, data: Mapping[str, Any], *, by_id: bool = True,
                   keys: list[tuple[str, str]] | None = None) -> tuple[str, int, bool] | None:
        """(why, owner, matched by work rather than id) for a duplicate, or None."""
        ident = data.get("id")
        if by_id and isinstance(ident, str) and ident in self.ids:
            label, owner = self.ids[ident]
            return f"duplicate of {label} (same id)", owner, False
        for key in work_keys(data) if keys is None else keys:
            if key in self.works:
                label, owner = self.works[key]
                return f"duplicate of {label} ({key[0]})", owner, True
        return None


def find_duplicate(existing: Iterable[Source], item: Mapping[str, Any]) -> str | None:
    """Why ``item`` duplicates one of ``existing`` ("duplicate of source 'x' (same DOI)"), or None.

    Matched by id, then by DOI, URL, or title with container (``same_work``).
    """
    index = _Index()
    index.add_sources(existing)
    return index.find(item)


# ----------------------------------------------------------------------------- import


@dataclass(frozen=True)
class ImportResult:
    """A brief with a library's new entries appended, and what was left out and why."""

    brief: Brief
    added: list[str]
    skipped: list[str]  # one human-readable line each, in file order
    # Entries added under a new key, theirs being another work's (library_rekey): one line
    # each, in file order: "Nguyen2022 (line 268) → Nguyen2022a: …".
    renamed: list[str] = field(default_factory=list)


def import_library_into(brief: Brief, path: Path) -> ImportResult:
    """Append a library file's entries to the brief's sources, skipping duplicates (see
    ``_import_library_into``), without the garbage collector walking them all meanwhile."""
    with paused_gc():
        return _import_library_into(brief, path)


def _import_library_into(brief: Brief, path: Path) -> ImportResult:
    """Append a library file's entries to the brief's sources, skipping duplicates.

    Entries that duplicate a source of the brief, or an earlier entry of the same file,
    are skipped, as are malformed entries; ``skipped`` says which and why. A skipped entry
    that is the same work under another key leaves that key as an alias of the source
    kept (``custom.aliases``), so a note may still cite it. An entry whose key a different
    work already has is added under a new key (``library_rekey``), listed in ``renamed``.
    Raises LibraryError when the file cannot be read at all.
    """
    read = read_library(path)
    index = _Index()
    index.add_sources(brief.sources)
    sources: list[dict[str, Any]] = [s.data for s in brief.sources]
    aliased: set[int] = set()
    taken = {s.id for s in brief.sources if s.id}
    rekeys = _Rekeys(brief.sources, read, index)
    added = 0
    skipped: list[tuple[tuple[int, int], str]] = [(p.position, str(p)) for p in read.problems]
    renamed: list[tuple[tuple[int, int], str]] = []
    for item in read.items:
        data = dict(item.data)
        if item.id_generated and data.get("id") in taken:
            data["id"] = make_id(data, taken | set(index.ids))
            item = dataclasses.replace(item, data=data)
        keys = work_keys(data)
        if not item.id_generated and item.id in index.ids:
            why = rekeys.duplicate(data, sources, keys)
            if why is not None:
                skipped.append((_position(item), f"{item.label()}: {why}"))
                continue
            data = rekeys.rekey(data, len(sources))
            holder = index.labels.get(index.ids[item.id][1], "another entry")
            renamed.append((_position(item), f"{item.label()} → {data['id']}: the key is "
                                             f"taken by {holder}, a different work"))
        found = index.find_owner(data, keys=keys)
        if found is not None:
            why, owner, by_work = found
            if by_work and not item.id_generated and item.id and item.id not in index.ids:
                _add_alias(sources, owner, item.id, aliased)
                index.ids[item.id] = index.ids.get(str(sources[owner].get("id")), (why, owner))
                why += f"; “{item.id}” now cites it"
            skipped.append((_position(item), f"{item.label()}: {why}"))
            continue
        where = f" at line {item.line}" if item.line is not None else ""
        index.add(data, f"entry '{data['id']}'{where} of the library", len(sources), keys)
        taken.add(data["id"])
        sources.append(data)
        added += 1
    skipped.sort(key=lambda pair: pair[0])
    renamed.sort(key=lambda pair: pair[0])
    old = len(brief.sources)
    if added or aliased:
        kept = tuple(Source(data=sources[i]) if i in aliased else s
                     for i, s in enumerate(brief.sources))
        new_brief = dataclasses.replace(
            brief, sources=kept + tuple(Source(data=d) for d in sources[old:]))
    else:
        new_brief = brief
    return ImportResult(
        brief=new_brief,
        added=[str(d.get("id") or "") for d in sources[old:]],
        skipped=[text for _, text in skipped],
        renamed=[text for _, text in renamed],
    )


class _Rekeys:
    """What an import needs to tell an entry whose key is taken from a different work.

    ``reserved`` holds every key a new key must not take: the brief's ids and aliases and
    every key of the library (a later entry keeps its own key); ``renamed_from`` the
    sources already imported under a new key, by the key their library gave them, so that
    importing a library again finds them rather than adding them again.
    """

    def __init__(self, existing: Iterable[Source], read: LibraryRead, index: _Index) -> None:
        self.index = index
        self.reserved: set[str] = set(index.ids)
        for item in read.items:
            self.reserved.add(item.id)
            self.reserved.update(Source(data=item.data).aliases)
        self.reserved.update(p.key for p in read.problems if p.key)
        self.renamed_from: dict[str, list[int]] = {}
        for owner, source in enumerate(existing):
            key = original_key(source.data)
            if key is not None:
                self.renamed_from.setdefault(key, []).append(owner)

    def duplicate(self, data: dict[str, Any], sources: list[dict[str, Any]],
                  keys: list[tuple[str, str]]) -> str | None:
        """Why an entry whose key is taken is a work already there, or None."""
        ident = str(data["id"])
        holder = self.index.ids[ident][1]
        if same_entry(data, sources[holder]) is not None:
            return f"duplicate of {self.index.labels.get(holder, 'a source')} (same id)"
        for owner in self.renamed_from.get(ident, ()):
            reason = same_entry(data, sources[owner])
            if reason is not None:
                return (f"duplicate of {self.index.labels.get(owner, 'a source')} ({reason}), "
                        f"re-keyed from “{ident}”")
        return self.index.find(data, by_id=False, keys=keys)

    def rekey(self, data: dict[str, Any], owner: int) -> dict[str, Any]:
        """``data`` under a key of its own, remembered for the entries that follow."""
        ident = str(data["id"])
        new_key = free_key(ident, self.reserved)
        self.reserved.add(new_key)
        self.renamed_from.setdefault(ident, []).append(owner)
        return rekeyed(data, new_key)


def _add_alias(sources: list[dict[str, Any]], owner: int, alias: str, aliased: set[int]) -> None:
    """Record ``alias`` in the kept source's ``custom.aliases`` (a copy of its data)."""
    data = dict(sources[owner])
    custom = dict(data["custom"]) if isinstance(data.get("custom"), Mapping) else {}
    aliases = [a for a in custom.get("aliases", ()) if isinstance(a, str)]
    if alias not in aliases:
        aliases.append(alias)
    custom["aliases"] = aliases
    data["custom"] = custom
    sources[owner] = data
    aliased.add(owner)


def _position(item: LibraryItem) -> tuple[int, int]:
    return (item.line if item.line is not None else -1,
            item.index if item.index is not None else -1)


# ----------------------------------------------------------------------------- linked library


@dataclass(frozen=True)
class MergeReport:
    """What re-reading a linked library changed in the brief."""

    added: list[str]
    updated: list[str]
    skipped: list[str]  # one human-readable line each
    # Entries added under a new key, the file giving theirs to another work too
    # (library_rekey): "Nguyen2022 (line 268) → Nguyen2022a: …", one line each.
    renamed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)


def merge_linked(
    brief: Brief, entries: Iterable[Mapping[str, Any] | LibraryItem]
) -> tuple[Brief, MergeReport]:
    """Bring the brief up to date with a linked library's entries (e.g. Better BibTeX).

    A source whose id an entry has is replaced by that entry, keeping the brief's own
    ``custom`` fields (grades, notes), so cites still point at it. An entry with a new id
    is appended unless it is the same work as a source already there. Nothing is ever
    removed: an entry missing from the file (deleted in Zotero, or a file read half-written)
    leaves its source alone, since notes may cite it.

    A key the file gives to several different works (Scopus does) is one work's; each
    other work is added under the key with a letter appended (``library_rekey``), listed
    in ``renamed``, and found again by its work on every later read, whatever the order of
    the entries in the file, so a cite never changes work. Entries that are the same work
    under one key are one entry: the first is used.
    """
    with paused_gc():
        return _merge_linked(brief, list(entries))


def _merge_linked(brief: Brief, entries: list[Mapping[str, Any] | LibraryItem]
                  ) -> tuple[Brief, MergeReport]:
    sources = list(brief.sources)
    position = {s.id: i for i, s in reversed(list(enumerate(sources))) if s.id}
    index = _Index()
    index.add_sources(sources)
    datas = [dict(e.data if isinstance(e, LibraryItem) else e) for e in entries]
    keys = _LinkedKeys(sources, datas, position)
    added: list[str] = []
    updated: list[str] = []
    skipped: list[str] = []
    renamed: list[str] = []
    for n, (entry, data) in enumerate(zip(entries, datas, strict=True)):
        ident = data.get("id")
        label = entry.label() if isinstance(entry, LibraryItem) else str(ident)
        if not isinstance(ident, str) or not ident or not isinstance(data.get("type"), str):
            skipped.append(f"{ident or 'an entry'}: has no id or no type")
            continue
        action = keys.action.get(n, position.get(ident, _NEW))
        if action == _TWICE:
            skipped.append(f"{label}: the library has this id twice; the first entry is used")
            continue
        if action >= 0:
            old = sources[action]
            data["id"] = old.id  # a re-keyed work keeps the key it was given
            if old.custom:
                data["custom"] = {**_dict(data.get("custom")), **old.custom}
            if data != old.data:
                sources[action] = Source(data=data)
                updated.append(old.id)
            continue
        why = index.find(data, by_id=False)
        if why is not None:
            skipped.append(f"{label}: {why}")
            continue
        if action == _REKEY:
            data = keys.rekey(data)
            renamed.append(f"{label} → {data['id']}: the library gives “{ident}” to "
                           "another work too")
        index.add(data, f"source '{data['id']}'")
        position.setdefault(data["id"], len(sources))
        sources.append(Source(data=data))
        added.append(data["id"])
    report = MergeReport(added=added, updated=updated, skipped=skipped, renamed=renamed)
    if not report.changed:
        return brief, report
    return dataclasses.replace(brief, sources=tuple(sources)), report


# What an entry of a linked file does, besides updating the source at an index (≥ 0).
_NEW, _REKEY, _TWICE = -1, -2, -3


class _LinkedKeys:
    """What each entry does whose key the file gives to several works (``action``: entry
    index → source index or _NEW, _REKEY, _TWICE), and the new keys of the works after the
    first.

    The works under one key are matched to the brief's sources under that key or re-keyed
    from it, work by work (``same_entry``), before any is applied, so the order of the
    entries in the file does not matter. An entry that is the same work as an earlier one
    under its key is that entry again (_TWICE). A work left without a source takes the
    key's own source if no work matched it (its work was edited in the library), or the
    key itself if the brief has no source under it; the others are new, under new keys.
    """

    def __init__(self, sources: list[Source], datas: list[dict[str, Any]],
                 position: Mapping[str, int]) -> None:
        groups: dict[str, list[int]] = {}
        for n, data in enumerate(datas):
            ident = data.get("id")
            if isinstance(ident, str) and ident:
                groups.setdefault(ident, []).append(n)
        self.reserved: set[str] = set(position) | set(groups)
        for source in sources:
            self.reserved.update(source.aliases)
        renamed_from: dict[str, list[int]] = {}
        for at, source in enumerate(sources):
            key = original_key(source.data)
            if key is not None:
                renamed_from.setdefault(key, []).append(at)
        self.action: dict[int, int] = {}
        for ident, group in groups.items():
            if len(group) > 1:
                self._share(ident, group, sources, datas, position.get(ident),
                            renamed_from.get(ident, []))

    def _share(self, ident: str, group: list[int], sources: list[Source],
               datas: list[dict[str, Any]], keyed: int | None, renamed: list[int]) -> None:
        distinct: list[int] = []
        for n in group:
            if any(same_entry(datas[n], datas[m]) is not None for m in distinct):
                self.action[n] = _TWICE
            else:
                distinct.append(n)
        free = ([keyed] if keyed is not None else []) + renamed
        unmatched: list[int] = []
        for n in distinct:
            match = next((at for at in free if same_entry(datas[n], sources[at].data)), None)
            if match is None:
                unmatched.append(n)
            else:
                self.action[n] = match
                free.remove(match)
        for k, n in enumerate(unmatched):
            if k == 0 and keyed is None:
                self.action[n] = _NEW
            elif k == 0 and keyed in free:
                self.action[n] = keyed
            else:
                self.action[n] = _REKEY

    def rekey(self, data: dict[str, Any]) -> dict[str, Any]:
        new_key = free_key(str(data["id"]), self.reserved)
        self.reserved.add(new_key)
        return rekeyed(data, new_key)


def _dict(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, Mapping) else {}
