"""A library entry whose key another work already has: when it is that work, and its new key.

Exports reuse keys for different works: Scopus makes a key of the first author's name and
the year, so one author's two papers of 2022 are both ``Nguyen2022`` (69 of the 893 entries
of one real export), and a brief may already hold a source under a key a library uses for
something else. Such an entry is imported under the key with a letter appended —
``Nguyen2022a``, then ``b``, ``c``… (``z`` is followed by ``aa``) — the scheme Better BibTeX
(Zotero) and JabRef use to tell keys apart, which reads like the "2022a" of author–year
citing, and the one our made-up RIS ids already follow (``make_id``). The key the library
gave it is kept in ``custom.original_key``, so the source can still be traced to its entry
and a later import of the same library recognises it instead of adding it again.

An entry is the same work as the one holding its key when the usual test says so (DOI, URL,
or title with container, ``same_work``), when its fields are those of the source (a library
imported again), or — lacking all of DOI, URL and container on both sides — when type,
title and year agree.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from brief_editor.citations.library_fields import date_literal, first_date_parts, letter_suffix
from brief_editor.citations.library_match import normalize_text, same_work, work_keys

ORIGINAL_KEY = "original_key"  # under ``custom``: the key the library file gave the entry
SAME_FIELDS = "same fields"
SAME_TITLE_AND_YEAR = "same title and year"


def free_key(key: str, taken: Collection[str]) -> str:
    """``key`` with the first letters (a, b, …, z, aa, …) that make it a key not ``taken``."""
    n = 1
    while (candidate := key + letter_suffix(n)) in taken:
        n += 1
    return candidate


def original_key(data: Mapping[str, Any]) -> str | None:
    """The key a library gave a source imported under another one, or None."""
    custom = data.get("custom")
    value = custom.get(ORIGINAL_KEY) if isinstance(custom, Mapping) else None
    return value if isinstance(value, str) and value else None


def rekeyed(data: Mapping[str, Any], new_key: str) -> dict[str, Any]:
    """A copy of ``data`` with the id ``new_key`` and its old id in ``custom.original_key``."""
    out = dict(data)
    custom = dict(out["custom"]) if isinstance(out.get("custom"), Mapping) else {}
    custom[ORIGINAL_KEY] = str(data.get("id") or "")
    out["id"] = new_key
    out["custom"] = custom
    return out


def same_entry(a: Mapping[str, Any], b: Mapping[str, Any]) -> str | None:
    """Why two entries under one key are the same work ("same DOI", …), or None."""
    reason = same_work(a, b)
    if reason is not None:
        return reason
    if _cited_fields(a) == _cited_fields(b):
        return SAME_FIELDS
    if work_keys(a) or work_keys(b):
        return None  # a DOI, URL or container that did not match: two works
    title = normalize_text(a.get("title"))
    if (title and title == normalize_text(b.get("title")) and _year(a) == _year(b)
            and a.get("type") == b.get("type")):
        return SAME_TITLE_AND_YEAR
    return None


def _cited_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """Everything but the id and our own ``custom`` (grades, aliases, the original key)."""
    return {k: v for k, v in data.items() if k not in ("id", "custom")}


def _year(data: Mapping[str, Any]) -> Any:
    issued = data.get("issued")
    parts = first_date_parts(issued)
    return parts[0] if parts else date_literal(issued)
