"""The CSL project's locale files (dates, "ed.", "and", "Ibid." in each language).

citeproc-js ships no locales. The pinned npm package we vendor with it carries only five
(en-US, de-DE, es-ES, fr-FR, nl-NL), so a British brief printed American dates. The
citeproc-py package on PyPI carries all of the CSL project's locale files (63 of them, with
the table of each language's primary dialect); we use its data files only, never its code,
and find them without importing it.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import logging
import re
import sys
from pathlib import Path

log = logging.getLogger(__name__)

# A BCP 47 tag as CSL uses them: "en", "en-GB", "zh-Hant-TW", "sr-Latn-RS" (RFC 5646's
# subtags: letters and digits, eight at most; 35 characters is its longest useful tag).
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")
MAX_LANGUAGE_TAG = 35


def is_language_tag(lang: str) -> bool:
    """Whether ``lang`` is shaped like a language tag (never a path, a key or a sentence)."""
    return (isinstance(lang, str) and len(lang) <= MAX_LANGUAGE_TAG
            and _LANGUAGE_TAG.fullmatch(lang) is not None)


@functools.cache
def locales_dir() -> Path | None:
    """The folder of ``locales-xx-XX.xml`` files, or None when citeproc-py is missing."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    candidates: list[Path] = []
    if frozen_root:  # a PyInstaller bundle keeps the data files only
        candidates.append(Path(frozen_root) / "citeproc" / "data" / "locales")
    try:
        spec = importlib.util.find_spec("citeproc")
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        candidates += [Path(p) / "data" / "locales" for p in spec.submodule_search_locations]
    for folder in candidates:
        if (folder / "locales-en-US.xml").is_file():
            return folder
    log.info("the CSL locale files (citeproc-py) are not installed")
    return None


@functools.cache
def _primary_dialects() -> dict[str, str]:
    folder = locales_dir()
    if folder is None:
        return {}
    try:
        table = json.loads((folder / "locales.json").read_text(encoding="utf-8"))
        dialects = table.get("primary-dialects", {})
    except (OSError, ValueError, AttributeError) as exc:
        log.warning("cannot read the CSL locale table: %s", exc)
        return {}
    return {k: v for k, v in dialects.items() if isinstance(k, str) and isinstance(v, str)}


@functools.cache  # asked on every notes refresh; the files do not change while we run
def locale_name(lang: str) -> str | None:
    """The locale file's name that serves ``lang``: itself, or its language's main dialect.

    "en-GB" → "en-GB"; "sr" → "sr-RS"; "pt-AO" (no file) → "pt-PT"; unknown → None.
    """
    folder = locales_dir()
    if folder is None or not is_language_tag(lang):
        return None
    if (folder / f"locales-{lang}.xml").is_file():
        return lang
    primary = _primary_dialects().get(lang.split("-")[0].lower())
    if primary and (folder / f"locales-{primary}.xml").is_file():
        return primary
    return None


@functools.cache
def locale_xml(name: str) -> str | None:
    """The XML of the locale file ``name`` (as given by :func:`locale_name`)."""
    folder = locales_dir()
    if folder is None:
        return None
    try:
        return (folder / f"locales-{name}.xml").read_text(encoding="utf-8")
    except OSError as exc:
        log.warning("cannot read the CSL locale %s: %s", name, exc)
        return None
