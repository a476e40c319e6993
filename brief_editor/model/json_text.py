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
    if kind is str:
        out.append(encode_basestring(value))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + _STEP
        first = True
        if any(type(key) is not str for key in value):
            out.append(json.dumps(value, indent=2, ensure_ascii=False).replace("\n", newline))
            return
        for key, item in value.items():
            out.append(("{" if first else ",") + inner + encode_basestring(key) + ": ")
            first = False
            _write(item, out, inner)
        out.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + _STEP
        first = True
        for item in value:
            out.append(("[" if first else ",") + inner)
            first = False
            _write(item, out, inner)
        out.append(newline + "]")
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif kind is int:
        out.append(int.__repr__(value))
    else:  # floats, subclasses, anything json.dumps itself must judge
        out.append(json.dumps(value, indent=2, ensure_ascii=False).replace("\n", newline))
