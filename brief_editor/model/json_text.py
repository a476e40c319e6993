"""JSON text indented as ``json.dumps(value, indent=2, ensure_ascii=False)`` writes it, faster.

With ``indent`` the standard library falls back to its pure-Python encoder, a chain of
generators that costs seconds for a brief with 100,000 sources. This writer walks the value
once, lets the C encoder escape every string, and gives byte-for-byte the same text
(tests/unit/test_json_text.py compares the two); anything unusual (a non-string key, a
float, a type of another kind) is handed to ``json.dumps`` itself.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # the C function where CPython has it
from typing import Any

_STEP = "  "


def dumps_indented(value: Any) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``, as the same text."""
    out: list[str] = []
    _write(value, out, "\n")
    return "".join(out)


def _write(value: Any, out: list[str], newline: str) -> None:
    kind = type(value)
    if kind is dict:
        if not value:
            out.append("{}")
            return
        mark = len(out)
        inner = newline + _STEP
        separator = "{" + inner
        for key, item in value.items():
            if type(key) is not str:  # let the standard library convert odd keys
                del out[mark:]
                out.append(_standard(value, newline))
                return
            leaf = _leaf(item)
            if leaf is not None:
                out.append(separator + encode_basestring(key) + ": " + leaf)
            else:
                out.append(separator + encode_basestring(key) + ": ")
                _write(item, out, inner)
            separator = "," + inner
        out.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + _STEP
        separator = "[" + inner
        for item in value:
            leaf = _leaf(item)
            if leaf is not None:
                out.append(separator + leaf)
            else:
                out.append(separator)
                _write(item, out, inner)
            separator = "," + inner
        out.append(newline + "]")
    else:
        leaf = _leaf(value)
        out.append(leaf if leaf is not None else _standard(value, newline))


def _leaf(value: Any) -> str | None:
    """A string, whole number, true, false or null as JSON; None for anything else."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    return None


def _standard(value: Any, newline: str) -> str:
    """Floats, subclasses, anything json.dumps itself must judge, at this indentation."""
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", newline)
