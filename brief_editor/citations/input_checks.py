"""Checks for what would make notes or an export fail (E005–E008, issue 15).

``check`` passing must mean ``notes`` and ``export`` work: a figure that cannot be laid
out, a language tag citeproc-js cannot take, source data the CSL processor chokes on (a
null in a name list, a number that is not finite) and a paragraph too long to lay out are
errors here, each naming its place.
"""

from __future__ import annotations

import binascii
import math
from collections.abc import Iterator
from typing import Any

from brief_editor.citations.csl_locales import is_language_tag
from brief_editor.model import Brief, EventSection, NarrativeSection, Place, inline_text
from brief_editor.model.figure_image import FigureImageError, figure_image_size

# The same limit as the export plan's (export/plan.py MAX_TEXT_CHARS).
MAX_TEXT_CHARS = 200_000
# CSL name variables: lists of name objects.
_NAME_FIELDS = ("author", "editor", "translator", "container-author", "collection-editor",
                "composer", "director", "interviewer", "illustrator", "original-author",
                "recipient", "reviewed-author", "editorial-director")


Found = tuple[str, str, Place]


def input_problems(brief: Brief) -> Iterator[Found]:
    """(check id, message, place) for each problem of E005–E008, in this order: the
    language, then the sources, then each section's figures and paragraphs."""
    yield from language_problems(brief)
    yield from sources_problems(brief)
    for section in brief.sections:
        yield from section_problems(section)


def language_problems(brief: Brief) -> Iterator[Found]:
    language = brief.meta.effective_language
    if not is_language_tag(language):
        shown = language if len(language) <= 40 else language[:40] + "…"
        yield ("E006", f"meta.language {shown!a} is not a language tag such as en-GB or fr-FR.",
               Place(None, "meta", 0))


def sources_problems(brief: Brief) -> Iterator[Found]:
    for index, source in enumerate(brief.sources):
        if _clean(source.data):  # the common case, told without building any path
            continue
        for path, why in _bad_values(source.data):
            name = source.id or f"{index + 1}"
            yield ("E007", f"Source {name}: {path} {why}; the notes cannot be worded.",
                   Place(None, "source", index))


def section_problems(section: Any) -> Iterator[Found]:
    figures = getattr(section, "figures", ()) or ()
    for number, figure in enumerate(figures):
        label = getattr(figure, "id", None) or f"figure {number + 1}"
        try:
            data = figure.image_bytes()
            figure_image_size(data, figure.media_type)
        except (FigureImageError, binascii.Error, ValueError) as exc:
            yield ("E005", f"Figure {label}: {exc}.", Place(section.id, "caption", number))
    for field, inlines in _texts(section):
        for number, inline in enumerate(inlines):
            length = len(inline_text(inline))
            if length > MAX_TEXT_CHARS:
                yield ("E008", f"A paragraph of {length:,} characters is longer than the "
                       f"{MAX_TEXT_CHARS:,} one paragraph may have: split it.",
                       Place(section.id, field, number))


def source_problem(data: Any) -> str | None:
    """The first value of a source's data that the CSL processor cannot take, or None."""
    for path, why in _bad_values(data):
        return f"{path} {why}"
    return None


def _texts(section: Any) -> Iterator[tuple[str, tuple[Any, ...]]]:
    if isinstance(section, EventSection):
        yield "event", tuple(section.event)
        yield "implications", tuple(section.implications)
    elif isinstance(section, NarrativeSection):
        yield "body", tuple(section.body)


_NAME_FIELD_SET = frozenset(_NAME_FIELDS)
_PLAIN = (str, int, type(None))  # bool is an int


_LEAVES = frozenset((str, int, bool, type(None)))


def _clean(data: Any) -> bool:
    """True when ``_bad_values(data)`` finds nothing (a library of 100,000 sources is read
    at every opening: this walk builds no path and no generator, and looks at the exact
    types of JSON values first; anything else goes through ``_clean_any``)."""
    kind = type(data)
    if kind in _LEAVES:
        return True
    if kind is float:
        return math.isfinite(data)
    if kind is dict:
        for key, value in data.items():
            if key in _NAME_FIELD_SET and value is not None:
                if not isinstance(value, list):
                    return False
                for name in value:
                    if type(name) is dict and _NAME_FIELD_SET.isdisjoint(name):
                        for part in name.values():  # a name's parts: strings, mostly
                            if type(part) not in _LEAVES and not _clean(part):
                                return False
                    elif not isinstance(name, dict) or not _clean(name):
                        return False
                if type(value) is list:
                    continue  # every name looked at
            if type(value) not in _LEAVES and not _clean(value):
                return False
        return True
    if kind is list:
        for value in data:  # noqa: SIM110 - a loop, not all(): no generator for each list
            if type(value) not in _LEAVES and not _clean(value):
                return False
        return True
    return _clean_any(data)


def _clean_any(data: Any) -> bool:
    """``_clean`` for any value (subclasses of the JSON types too)."""
    if isinstance(data, _PLAIN):
        return True
    if isinstance(data, float):
        return math.isfinite(data)
    if isinstance(data, dict):
        for key, value in data.items():
            if key in _NAME_FIELD_SET and value is not None and (
                    not isinstance(value, list) or
                    not all(isinstance(name, dict) for name in value)):
                return False
            if not _clean_any(value):
                return False
        return True
    if isinstance(data, list):
        return all(_clean_any(value) for value in data)
    return True


def _bad_values(data: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(data, float) and not math.isfinite(data):
        yield path or "a value", f"is {data!r}, not a number"
    elif isinstance(data, dict):
        for key, value in data.items():
            where = f"{path}.{key}" if path else str(key)
            if key in _NAME_FIELDS and value is not None:
                if not isinstance(value, list):
                    yield where, "is not a list of names"
                    continue
                for i, name in enumerate(value):
                    if not isinstance(name, dict):
                        yield f"{where}[{i}]", "is not a name (family and given)"
            yield from _bad_values(value, where)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _bad_values(value, f"{path}[{i}]")
