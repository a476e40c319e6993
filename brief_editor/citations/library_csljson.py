"""CSL-JSON libraries (Zotero, pandoc, citeproc): an array of items, read and written as is."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from brief_editor.citations.library_model import LibraryError, LibraryItem, LibraryProblem
from brief_editor.model import Source
from brief_editor.model.raw_checks import surrogate_path

_WHITESPACE = " \t\r\n"


def read_csl_json(text: str, path: Path) -> tuple[list[LibraryItem], list[LibraryProblem]]:
    """Parse a CSL-JSON array: items with an id and a type are kept, others reported.

    One pass over the text: each element is decoded where it starts, and lines are counted
    from the previous element only, so a 100,000-item library reads in linear time.
    """
    try:
        value, starts = _elements(text)
    except json.JSONDecodeError as exc:
        raise LibraryError(
            path, f"not JSON: {exc.msg} (column {exc.colno})", line=exc.lineno
        ) from None
    except RecursionError:
        raise LibraryError(path, "not a CSL-JSON library: nested too deeply") from None
    except ValueError as exc:  # a number of thousands of digits
        raise LibraryError(path, f"not a CSL-JSON library: {str(exc)[:120]}") from None
    if isinstance(value, dict) and "id" in value and "type" in value:
        value = [value]
    elif not isinstance(value, list):
        raise LibraryError(path, "not a CSL-JSON library: expected an array of items [{…}, …]")

    items: list[LibraryItem] = []
    problems: list[LibraryProblem] = []
    line, counted = 1, 0
    for index, raw in enumerate(value):
        start = starts[index]
        line += text.count("\n", counted, start)
        counted = start
        item, problem = _item(raw, index, line)
        if problem is not None:
            problems.append(problem)
        elif item is not None:
            items.append(item)
    return items, problems


def _item(raw: Any, index: int, line: int | None) -> tuple[LibraryItem | None, LibraryProblem | None]:
    if not isinstance(raw, dict):
        return None, LibraryProblem(
            f"an item must be an object {{…}}, not {type(raw).__name__}", line, index
        )
    data = dict(raw)
    bad = non_finite_path(data)
    if bad is not None:
        # NaN and Infinity are not JSON: written into a brief, no other reader could open it.
        key = data.get("id") if isinstance(data.get("id"), str) else None
        return None, LibraryProblem(f"{bad} is NaN or Infinity, not a number", line, index,
                                    key=key)
    bad = surrogate_path(data)
    if bad is not None:
        # JSON's "\ud800" alone is no character: such text can never be saved as UTF-8.
        key = data.get("id") if isinstance(data.get("id"), str) else None
        return None, LibraryProblem(f"{bad} holds a lone surrogate, which is not text", line,
                                    index, key=key if key and surrogate_path(key) is None
                                    else None)
    ident = data.get("id")
    if isinstance(ident, int) and not isinstance(ident, bool):
        data["id"] = ident = str(ident)  # some exports number their items
    if not isinstance(ident, str) or not ident.strip():
        return None, LibraryProblem("the item has no \"id\"", line, index)
    kind = data.get("type")
    if not isinstance(kind, str) or not kind.strip():
        return None, LibraryProblem("the item has no \"type\"", line, index, key=ident)
    return LibraryItem(data=data, line=line, index=index), None


def non_finite_path(value: Any, path: str = "") -> str | None:
    """Where in ``value`` a NaN or Infinity sits ("issued.date-parts[0][0]"), or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return path or "the value"
    if isinstance(value, dict):
        for key, item in value.items():
            found = non_finite_path(item, f"{path}.{key}" if path else str(key))
            if found is not None:
                return found
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found = non_finite_path(item, f"{path}[{i}]")
            if found is not None:
                return found
    return None


def _first_char(text: str) -> int:
    return len(text) - len(text.lstrip(_WHITESPACE + "\ufeff"))


def _elements(text: str) -> tuple[Any, list[int]]:
    """The decoded JSON value and, when it is an array, where each element starts.

    Raises JSONDecodeError (with the line and column) for text that is not JSON.
    """
    decoder = _DECODER
    position = _first_char(text)
    if not text.startswith("[", position):
        value, end = decoder.raw_decode(text, position)
        _expect_end(text, end)
        return value, [position]
    values: list[Any] = []
    starts: list[int] = []
    position = _skip(text, position + 1)
    if text.startswith("]", position):
        _expect_end(text, position + 1)
        return values, starts
    while True:
        starts.append(position)
        value, position = decoder.raw_decode(text, position)
        values.append(value)
        position = _skip(text, position)
        if text.startswith(",", position):
            position = _skip(text, position + 1)
            continue
        if text.startswith("]", position):
            _expect_end(text, position + 1)
            return values, starts
        raise json.JSONDecodeError("Expecting ',' delimiter", text, position)


_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\r\n]*")


def _skip(text: str, position: int) -> int:
    return _SPACE.match(text, position).end()  # type: ignore[union-attr]


def _expect_end(text: str, position: int) -> None:
    position = _skip(text, position)
    if position != len(text):
        raise json.JSONDecodeError("Extra data", text, position)


def csl_json_text(sources: Iterable[Source]) -> str:
    """The sources as a CSL-JSON array, UTF-8 text (the caller writes it, atomically)."""
    return json.dumps([s.data for s in sources], ensure_ascii=False, indent=2) + "\n"
