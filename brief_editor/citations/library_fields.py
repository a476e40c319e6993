"""Field helpers shared by the library formats: dates, made-up ids, tidy text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from typing import Any

_SPACES = re.compile(r"\s+")
# 2020, 2020-03, 2020-03-15, 2020/03/15/ (RIS), 2020-03-15T10:00:00Z; "/" also separates ranges.
_DATE = re.compile(
    r"^\s*(?P<y>-?\d{1,4})(?:[-/](?P<m>\d{1,2})?(?:[-/](?P<d>\d{1,2})?)?)?/?(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?\s*$"
)
_RANGE = re.compile(r"^\s*(\d{4}(?:-\d\d){0,2})\s*/\s*(\d{4}(?:-\d\d){0,2})\s*$")


def tidy(text: str) -> str:
    """One line of text: runs of white space (line breaks of a wrapped field) made one space."""
    if _ODD_SPACE.search(text) is None:  # most values: nothing to squeeze
        return text.strip()
    return _SPACES.sub(" ", text).strip()


_ODD_SPACE = re.compile(r"[^\S ]| {2}")


def date_parts(year: Any, month: Any = None, day: Any = None) -> list[int] | None:
    """[year, month, day] as far as they are valid numbers, or None without a year."""
    y = _int(year)
    if y is None:
        return None
    parts = [y]
    m = _int(month)
    if m is not None and 1 <= m <= 12:
        parts.append(m)
        d = _int(day)
        if d is not None and 1 <= d <= 31:
            parts.append(d)
    return parts


def csl_date(text: str) -> dict[str, Any] | None:
    """A CSL date from text such as ``2020``, ``2020-03-15``, ``2020/03/15/`` or a range.

    Text that is no such date is kept as ``{"literal": …}`` so nothing is lost.
    """
    text = tidy(text)
    if not text:
        return None
    ranged = _RANGE.match(text)
    if ranged:
        first, second = (csl_date(ranged.group(i)) for i in (1, 2))
        if first and second and "date-parts" in first and "date-parts" in second:
            return {"date-parts": [first["date-parts"][0], second["date-parts"][0]]}
    match = _DATE.match(text)
    if match:
        parts = date_parts(match.group("y"), match.group("m"), match.group("d"))
        if parts is not None:
            return {"date-parts": [parts]}
    return {"literal": text}


def first_date_parts(value: Any) -> list[int] | None:
    """The first [year, month, day] of a CSL date, as integers, or None."""
    if not isinstance(value, Mapping):
        return None
    parts = value.get("date-parts")
    if not (isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]):
        return None
    first = parts[0]
    return date_parts(*first[:3])


def date_literal(value: Any) -> str:
    """The text of a CSL date that has no date parts (``literal`` or ``raw``), or ""."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, Mapping):
        for key in ("literal", "raw"):
            text = value.get(key)
            if isinstance(text, str) and text.strip():
                return text.strip()
    return ""


def iso(parts: list[int]) -> str:
    """2020, 2020-03 or 2020-03-15."""
    text = f"{parts[0]:04d}"
    for part in parts[1:3]:
        text += f"-{part:02d}"
    return text


def make_id(data: Mapping[str, Any], taken: Collection[str]) -> str:
    """An id like ``smith2020`` (first author, year), made unique with a, b, c…."""
    stem = ""
    for role in ("author", "editor"):
        names = data.get(role)
        if isinstance(names, list) and names and isinstance(names[0], Mapping):
            name = names[0].get("family") or names[0].get("literal") or ""
            stem = _ascii_word(name if isinstance(name, str) else "")
            if stem:
                break
    if not stem:
        title = data.get("title")
        stem = _ascii_word(title if isinstance(title, str) else "") or "item"
    parts = first_date_parts(data.get("issued"))
    stem += str(parts[0]) if parts else ""
    candidate, n = stem, 0
    while candidate in taken:
        n += 1
        candidate = stem + letter_suffix(n)
    return candidate


def letter_suffix(n: int) -> str:
    """The n-th (from 1) of a, b, …, z, aa, ab, …: the letters that tell keys apart."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[A-Za-z0-9]+", folded)
    return words[0].lower() if words else ""


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,4}\s*", value):
        return int(value)
    return None
