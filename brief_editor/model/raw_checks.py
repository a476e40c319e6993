"""What JSON allows but a brief cannot hold: numbers of thousands of digits, lone surrogates.

Python's JSON reader turns ``\\ud800`` into a one-character string that no UTF-8 file can
hold: such a brief could be read but never saved, printed or exported. And an integer of
more than 4,300 digits stops the reader with an error that names no place. Both are found
here with the place they sit, for ``codec.loads`` to report.
"""

from __future__ import annotations

import re
from typing import Any

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LONG_NUMBER = re.compile(r"-?\d{4300,}")


def long_number_line(text: str) -> int | None:
    """The line of the first number too long to read, or None."""
    match = _LONG_NUMBER.search(text)
    return None if match is None else text.count("\n", 0, match.start()) + 1


def lone_surrogate_path(text: str, raw: Any) -> str | None:
    """The JSON path (``sources[0].title``) of the first string holding a lone surrogate."""
    if _SURROGATE_ESCAPE.search(text) is None:  # the common case: nothing to walk
        return None
    return _find(raw, "")


def surrogate_path(value: Any) -> str | None:
    """Where in parsed JSON ``value`` a string holds a lone surrogate, or None."""
    return _find(value, "")


def _find(value: Any, path: str) -> str | None:
    if isinstance(value, str):
        return path if _SURROGATE.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and _SURROGATE.search(key):
                return f"{path}.{key!a}" if path else f"{key!a}"
            found = _find(item, f"{path}.{key}" if path else str(key))
            if found is not None:
                return found
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found = _find(item, f"{path}[{i}]")
            if found is not None:
                return found
    return None
