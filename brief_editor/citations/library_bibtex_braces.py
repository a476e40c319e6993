"""Where a BibTeX entry's braces go wrong: the field, and the line, a user must fix.

A parser that meets a stray brace reports what it expected where it gave up, which is
rarely where the fault is: a "}" inside an abstract (Scopus writes "Ku of ∼}7× 106" into
one) ends the field early, and the parser then complains of "an entry key" made of the
abstract's last words; a "{" never closed swallows the fields after it, and the parser
complains of the next entry. Walking the entry's fields with a brace count finds the
field, and the line within it, that a user has to correct.
"""

from __future__ import annotations

import re

_HEAD = re.compile(r"\s*@\s*\w+\s*\{[^,{}]*,")
# A field name as exports write them, with Scopus's numbered ones ("funding_text\u00a01").
_FIELD = re.compile(r"\s*([A-Za-z_][\w:.+/\-]*(?:[ \u00a0]\d+)?)\s*=\s*")
_BARE = re.compile(r"[^\s,{}#\"]+")
_SPACE = re.compile(r"\s*")


def brace_fault(raw: str) -> tuple[int, str] | None:
    """(line within ``raw``, from 1; what is wrong) for a field whose braces do not match.

    None when the fields' braces match, or when the entry is not laid out as fields this
    walk understands (``#`` concatenation, a missing "="): the parser's message stands.
    """
    head = _HEAD.match(raw)
    if head is None:
        return None
    pos, end = head.end(), len(raw)
    while True:
        pos = _SPACE.match(raw, pos).end()
        if pos >= end or raw[pos] == "}":
            return None
        field = _FIELD.match(raw, pos)
        if field is None:
            return None
        name, pos = field.group(1), field.end()
        start = pos
        if pos >= end:
            return None
        if raw[pos] == "{":
            pos = _closing(raw, pos)
            if pos < 0:
                return _line(raw, start), f"a '{{' in the {name} field is never closed"
            pos += 1
        elif raw[pos] == '"':
            close = raw.find('"', pos + 1)
            if close < 0:
                return None
            pos = close + 1
        else:
            bare = _BARE.match(raw, pos)
            if bare is None:
                return None
            pos = bare.end()
        after = _SPACE.match(raw, pos).end()
        if after >= end and raw[pos - 1] == "}":
            # The entry's own closing "}" ended this value: a "{" inside it never closed.
            return _line(raw, start), f"a '{{' in the {name} field is never closed"
        if after >= end or raw[after] == "}":
            return None
        if raw[after] == ",":
            pos = after + 1
            continue
        if _FIELD.match(raw, after) is not None:
            return _line(raw, after), f"no comma after the {name} field"
        if raw[pos - 1] == "}" and raw[after] != "#":
            # The value closed before its end: its last "}" had no "{" to match.
            return (_line(raw, pos - 1),
                    f"a '}}' in the {name} field has no '{{' to match: it ends the field early")
        return None


def _closing(raw: str, start: int) -> int:
    """The index of the "}" that closes the "{" at ``start``, or -1."""
    depth = 0
    for match in _BRACE.finditer(raw, start):
        depth += 1 if match.group() == "{" else -1
        if depth == 0:
            return match.start()
    return -1


_BRACE = re.compile(r"(?<!\\)[{}]")


def _line(raw: str, index: int) -> int:
    return raw.count("\n", 0, index) + 1
