"""Which cited sources could print alike in a note: citeproc-js's disambiguation peers.

citeproc-js tells two cites apart (Chicago's "Annual Report (2020)" beside "Annual Report
(2021)", a given name added to tell two Smiths apart, more names before "et al.") only
among the items it has registered, and only among those whose cites would otherwise print
alike. Wording each note with the whole document's items registered would cost a
registration of every item; wording it with none registered (as before) loses the
disambiguation. So the notes engine registers, for each note, the note's items and their
*peers*: the cited sources whose cites could collide with them.

The groups computed here are a safe superset of citeproc-js's ambiguity groups. A cite
prints its first name (the first contributor of the first name variable the item has,
which is also what a style's ``substitute`` falls back to); two cites whose first names
differ cannot print alike. Sources without any name print their title in its place, so
they are grouped by any form of their title. Names and titles are compared loosely
(case, accents, particles and punctuation ignored), which only makes groups larger.
A style whose ``givenname-disambiguation-rule`` looks at every name of the document
(``all-names``…) groups sources by every family name they carry.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

# Name variables in the order a style most often prints or substitutes them.
NAME_VARIABLES = (
    "author", "editor", "editorial-director", "collection-editor", "container-author",
    "translator", "composer", "director", "illustrator", "interviewer", "recipient",
    "original-author", "reviewed-author", "compiler", "chair", "contributor", "curator",
    "organizer", "performer", "producer", "executive-producer", "guest", "host", "narrator",
    "script-writer", "series-creator",
)
# A cite without names prints its title (or its short form: title-short, else the title up
# to its subtitle) where a name would be; the container's title never stands alone.
_TITLE_VARIABLES = ("title", "title-short")
_SUBTITLE = re.compile(r"[:?!.]")
_NOT_WORD = re.compile(r"[\W_]+")
_GLOBAL_GIVENNAME_RULE = re.compile(
    r"<citation\b[^>]*\bgivenname-disambiguation-rule=\"all-names", re.DOTALL)


_DISAMBIGUATES = re.compile(
    r"\bdisambiguate(?:-add-(?:names|givenname|year-suffix))?=\"true\"")


# Asked on every refresh; a style's text is long (Chicago's: 240 kB, 1.5 ms to search).
@functools.lru_cache(maxsize=16)
def style_disambiguates(style_xml: str) -> bool:
    """Whether the style asks citeproc-js to tell alike cites apart at all (without any of
    these attributes, registering peers could change no note)."""
    return _DISAMBIGUATES.search(style_xml) is not None


@functools.lru_cache(maxsize=16)
def every_name_matters(style_xml: str) -> bool:
    """Whether the style adds given names by every name of the document, not by cite."""
    return _GLOBAL_GIVENNAME_RULE.search(style_xml) is not None


def _loose(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_WORD.sub("", plain)


def _name_key(name: Any) -> str:
    if not isinstance(name, Mapping):
        return _loose(str(name))
    if name.get("literal"):
        return _loose(str(name["literal"]))
    parts = (name.get("non-dropping-particle"), name.get("family"))
    key = _loose("".join(str(p) for p in parts if p))
    return key or _loose(str(name.get("given") or ""))


def collision_keys(data: Mapping[str, Any], *, every_name: bool = False) -> tuple[str, ...]:
    """Keys such that two sources whose cites could print alike share at least one."""
    keys: list[str] = []
    for variable in NAME_VARIABLES:
        names = data.get(variable)
        if not isinstance(names, list) or not names:
            continue
        if every_name:
            keys.extend("n:" + _name_key(n) for n in names)
            continue
        return ("n:" + _name_key(names[0]),)
    if keys:
        return tuple(keys)
    for variable in _TITLE_VARIABLES:
        title = data.get(variable)
        if isinstance(title, str) and title.strip():
            keys.append("t:" + _loose(title))
            keys.append("t:" + _loose(_SUBTITLE.split(title, maxsplit=1)[0]))
    return tuple(keys) or ("t:",)


def peer_groups(keyed: Iterable[tuple[str, tuple[str, ...]]]) -> dict[str, tuple[str, ...]]:
    """{source id: the ids of its group, in the order given} for groups of two or more.

    ``keyed`` gives each cited source (in order of first cite) with its collision keys;
    sources sharing a key are peers, and so are peers of peers.
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    order: list[str] = []
    owner: dict[str, str] = {}
    for sid, keys in keyed:
        if sid in parent:
            continue
        parent[sid] = sid
        order.append(sid)
        for key in keys:
            other = owner.setdefault(key, sid)
            if other != sid:
                a, b = find(other), find(sid)
                if a != b:
                    parent[b] = a
    members: dict[str, list[str]] = {}
    for sid in order:
        members.setdefault(find(sid), []).append(sid)
    groups: dict[str, tuple[str, ...]] = {}
    for group in members.values():
        if len(group) > 1:
            frozen = tuple(group)
            for sid in group:
                groups[sid] = frozen
    return groups
