"""A fast, streaming reader of BibTeX's block structure: entries, @string macros, comments.

bibtexparser reads 10,000 entries in seconds; a 100,000-entry library must import in ten
(issue 16). This scanner walks the text once with compiled regular expressions, resolves
``@string`` macros and ``#`` concatenations, and yields each entry with its fields (names
lower-cased, outer braces or quotes removed, LaTeX left for the caller to decode). It
understands well-formed BibTeX only: at the first thing it does not, it yields a
``Unreadable`` span (from that entry to the next entry at the start of a line), which the
caller hands to bibtexparser for its precise error message and its tolerant recovery.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class Scanned:
    """One entry: ``@entry_type{key, name = value, …}`` as it starts at ``line``."""

    entry_type: str
    key: str
    fields: dict[str, str]
    line: int
    duplicate_fields: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Unreadable:
    """Text the scanner cannot read: ``text[start:end]``, starting at ``line``."""

    start: int
    end: int
    line: int


_WS = r"[ \t\r\n]*"
_START = re.compile(r"@" + _WS + r"([A-Za-z][\w-]*)" + _WS + r"([{(])")
_LINE_START = re.compile(r"\n[ \t]*@[ \t]*[A-Za-z][\w-]*[ \t]*[{(]")
_KEY = re.compile(_WS + r"([^,\s{}()=\"#%']*)" + _WS + ",")
# A name may end in " 1", " 2"…: Scopus numbers repeated fields so ("funding_text\u00a01").
_NAME = r"([A-Za-z_][\w:.+/\-]*(?:[ \u00a0]\d+)?)"
_FIELD = re.compile(_WS + _NAME + _WS + "=" + _WS)
# The common field in one match: name = {plain} / "plain" / 2021, then "," or the end.
# No backslash inside: an escaped brace (\}) needs the careful path.
_SIMPLE_FIELD = re.compile(
    _WS + _NAME + _WS + "=" + _WS
    + r"(?:\{([^{}@\\]*)\}|\"([^\"{}@\\]*)\"|(\d+))" + _WS + r"([,})])" + _WS
)
_BARE = re.compile(r"[\w:.+/\-']+")
_AFTER = re.compile(_WS + r"(#|,|[})])" + _WS)
_CLOSE = re.compile(_WS + r"[})]")
_BRACE = re.compile(r"(?<!\\)[{}]")
_QUOTE_OR_BRACE = re.compile(r'(?<!\\)[{}"]')
_DIGITS = re.compile(r"\d+")

SKIPPED_TYPES = frozenset(("comment", "preamble"))


class _Fail(Exception):
    pass


def scan(text: str) -> Iterator[Scanned | Unreadable]:
    """The entries of ``text`` in order, and the spans the scanner could not read."""
    strings: dict[str, str] = {}
    position = 0
    line, counted = 1, 0
    length = len(text)
    while True:
        start_match = _START.search(text, position)
        if start_match is None:
            return
        start = start_match.start()
        line += text.count("\n", counted, start)
        counted = start
        kind = start_match.group(1)
        closer = "}" if start_match.group(2) == "{" else ")"
        lowered = kind.lower()
        try:
            if lowered in SKIPPED_TYPES:
                position = _skip_group(text, start_match.end() - 1, closer)
                continue
            if lowered == "string":
                name, value, position = _string(text, start_match.end(), strings, closer)
                strings[name.lower()] = value
                continue
            entry, position = _entry(text, start_match.end(), kind, line, strings, closer)
            yield entry
        except _Fail:
            # The span runs to the end of the next entry at a line's start, so that
            # bibtexparser sees where the broken entry was cut short (and reads that one).
            after = _LINE_START.search(text, start + 1)
            if after is not None:
                after = _LINE_START.search(text, after.end())
            end = after.start() + 1 if after is not None else length
            yield Unreadable(start, end, line)
            position = end


def _entry(text: str, at: int, kind: str, line: int, strings: dict[str, str],
           closer: str) -> tuple[Scanned, int]:
    key_match = _KEY.match(text, at)
    if key_match is None:
        raise _Fail
    entry = Scanned(kind, key_match.group(1), {}, line)
    position = key_match.end()
    while True:
        close = _CLOSE.match(text, position)
        if close is not None:
            if text[close.end() - 1] != closer:
                raise _Fail
            return entry, close.end()
        simple = _SIMPLE_FIELD.match(text, position)
        if simple is not None:
            name, braced, quoted, number, after = simple.groups()
            value = braced if braced is not None else quoted if quoted is not None else number
            position = simple.end()
            if after != ",":
                if after != closer:
                    raise _Fail
                ended = True
            else:
                ended = False
            name = name.lower()
        else:
            name_match = _FIELD.match(text, position)
            if name_match is None:
                raise _Fail
            value, position, ended = _value(text, name_match.end(), strings, closer)
            name = name_match.group(1).lower()
        if name in entry.fields:
            entry.duplicate_fields.append(name)
        else:
            entry.fields[name] = value
        if ended:
            return entry, position


def _string(text: str, at: int, strings: dict[str, str],
            closer: str) -> tuple[str, str, int]:
    name_match = _FIELD.match(text, at)
    if name_match is None:
        raise _Fail
    value, position, ended = _value(text, name_match.end(), strings, closer)
    if not ended:
        close = _CLOSE.match(text, position)
        if close is None:
            raise _Fail
        position = close.end()
    return name_match.group(1), value, position


def _value(text: str, at: int, strings: dict[str, str],
           closer: str) -> tuple[str, int, bool]:
    """A field's value from ``at``: (the value, where the next field starts, entry closed)."""
    parts: list[str] = []
    position = at
    while True:
        char = text[position:position + 1]
        if char == "{":
            end = _closing_brace(text, position)
            parts.append(text[position + 1:end])
            position = end + 1
        elif char == '"':
            end = _closing_quote(text, position)
            parts.append(text[position + 1:end])
            position = end + 1
        else:
            bare = _BARE.match(text, position)
            if bare is None:
                raise _Fail
            word = bare.group(0)
            parts.append(word if _DIGITS.fullmatch(word) else strings.get(word.lower(), word))
            position = bare.end()
        after = _AFTER.match(text, position)
        if after is None:
            raise _Fail
        symbol = after.group(1)
        position = after.end()
        if symbol == "#":
            continue
        value = parts[0] if len(parts) == 1 else "".join(parts)
        if symbol == ",":
            return value, position, False
        if symbol != closer:
            raise _Fail
        return value, position, True


def _closing_brace(text: str, at: int) -> int:
    """Where the brace opened at ``at`` closes; _Fail when an entry starts on a line first."""
    depth = 0
    position = at
    while True:
        found = _BRACE.search(text, position)
        if found is None:
            raise _Fail
        depth += 1 if found.group(0) == "{" else -1
        position = found.end()
        if depth == 0:
            end = found.start()
            if "\n@" in text[at:end] and _LINE_START.search(text, at, end):
                raise _Fail  # a missing brace: bibtexparser says where
            return end


def _closing_quote(text: str, at: int) -> int:
    depth = 0
    position = at + 1
    while True:
        found = _QUOTE_OR_BRACE.search(text, position)
        if found is None:
            raise _Fail
        char = found.group(0)
        position = found.end()
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                raise _Fail
        elif depth == 0 and text[found.start() - 1] != "\\":
            end = found.start()
            if "\n@" in text[at:end] and _LINE_START.search(text, at, end):
                raise _Fail
            return end


def _skip_group(text: str, at: int, closer: str) -> int:
    """After a @comment{…} or @preamble{…}: past its closing brace (or the line)."""
    if closer == ")":
        end = text.find(")", at)
        return len(text) if end < 0 else end + 1
    try:
        return _closing_brace(text, at) + 1
    except _Fail:
        end = text.find("\n", at)
        return len(text) if end < 0 else end + 1
