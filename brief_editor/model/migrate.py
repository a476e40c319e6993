"""Upgrades of older ``.brief`` files to the current version, one step at a time.

Each step takes the raw JSON of version N and returns that of version N+1. A file is
migrated in memory when loaded; it is written in the current version on the next save.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from brief_editor.model.document import FORMAT_VERSION
from brief_editor.model.errors import BriefFormatError

Raw = dict[str, Any]


def _from_0(raw: Raw) -> Raw:
    """Version 0 (the prototype) kept notes as ``{"cite": [...]}`` and sections untyped.

    It had ``masthead`` instead of ``meta``, ``library`` instead of ``sources``, and every
    section was an event section without a ``kind``.
    """
    upgraded: Raw = {"format": raw.get("format"), "version": 1}
    upgraded["meta"] = raw.get("masthead", {})
    if "style" in raw:
        upgraded["style"] = raw["style"]
    sections = []
    for section in raw.get("sections", []):
        if isinstance(section, dict):
            section = {"id": section.get("id"), "kind": "event", **section}
            for key in ("heading",):
                if key in section:
                    section[key] = _upgrade_inline_0(section[key])
            for key in ("event", "implications"):
                if isinstance(section.get(key), list):
                    section[key] = [_upgrade_inline_0(p) for p in section[key]]
        sections.append(section)
    upgraded["sections"] = sections
    upgraded["sources"] = raw.get("library", [])
    return upgraded


def _upgrade_inline_0(inline: Any) -> Any:
    if not isinstance(inline, list):
        return inline
    out = []
    for span in inline:
        if isinstance(span, dict) and "cite" in span:
            cites = span["cite"] if isinstance(span["cite"], list) else [span["cite"]]
            span = {"note": {"cites": cites}}
        out.append(span)
    return out


def _from_1(raw: Raw) -> Raw:
    """Version 2 only adds what version 1 did not have (``comments``): nothing to change."""
    return {**raw, "version": 2}


MIGRATIONS: dict[int, Callable[[Raw], Raw]] = {0: _from_0, 1: _from_1}


def migrate(raw: Raw) -> Raw:
    """Bring raw JSON of any known older version up to FORMAT_VERSION."""
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise BriefFormatError("'version' must be a whole number", path="version")
    if version > FORMAT_VERSION:
        raise BriefFormatError(
            f"this file is format version {version}, but this program reads up to version "
            f"{FORMAT_VERSION}; install a newer Brief Editor to open it",
            path="version",
        )
    while version < FORMAT_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise BriefFormatError(f"format version {version} is not known", path="version")
        raw = step(raw)
        version = raw["version"]
    return raw
