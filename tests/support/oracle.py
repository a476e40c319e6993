"""Run the citeproc-js oracle (``citeproc_oracle.js``) under Node from Python tests.

The oracle reads the CSL project's current locale files from sources independent of the
program's (citeproc-py's data files), so that a stale copy on either side shows up as a
difference: en-US from ``../shared/csl`` (the CSL project's file), the other languages npm
``@citation-js/plugin-csl`` carries from its locales.json (vendored for the tests only).
A language neither has (en-GB) is read from the program's files: see ORACLE_LOCALE_SOURCES.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from brief_editor.citations.csl_locales import locale_xml
from brief_editor.resources import vendor_dir

ORACLE_JS = Path(__file__).resolve().parent / "citeproc_oracle.js"
SHARED_CSL = Path(__file__).resolve().parents[3] / "shared" / "csl"
# Languages that only the program's own locale files provide.
SHARED_WITH_PROGRAM = ("en-GB",)


def oracle_unavailable() -> str | None:
    """Why the oracle cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "Node.js is not installed, so citeproc-js cannot run as the oracle"
    if not (vendor_dir() / "citeproc.js").is_file():
        return "citeproc-js is not vendored (run `make vendor`)"
    if not (vendor_dir() / "locales.json").is_file():
        return "the oracle's CSL locales are not vendored (run `make vendor`)"
    return None


@functools.cache
def oracle_locales() -> dict[str, str]:
    """{language: locale XML} as the oracle reads them, and ORACLE_LOCALE_SOURCES says whence."""
    locales = json.loads((vendor_dir() / "locales.json").read_text(encoding="utf-8"))
    ORACLE_LOCALE_SOURCES.update(dict.fromkeys(locales, "npm @citation-js/plugin-csl"))
    shared_en_us = SHARED_CSL / "locales-en-US.xml"
    if shared_en_us.is_file():
        locales["en-US"] = shared_en_us.read_text(encoding="utf-8")
        ORACLE_LOCALE_SOURCES["en-US"] = str(shared_en_us)
    for lang in SHARED_WITH_PROGRAM:
        xml = locale_xml(lang)
        if xml is not None and lang not in locales:
            locales[lang] = xml
            ORACLE_LOCALE_SOURCES[lang] = "the program's own locale files"
    return locales


ORACLE_LOCALE_SOURCES: dict[str, str] = {}


def citeproc_notes(
    style_xml: str,
    items: dict[str, dict[str, Any]],
    notes: list[list[dict[str, Any]]],
    *,
    lang: str = "en-US",
) -> list[str]:
    """citeproc-js's HTML for each note, with citeproc-js computing every position itself."""
    payload = {
        "citeproc": str(vendor_dir() / "citeproc.js"),
        "locales": oracle_locales(),
        "style": style_xml,
        "lang": lang,
        "items": items,
        "notes": notes,
    }
    done = subprocess.run(
        ["node", str(ORACLE_JS)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"citeproc oracle failed: {done.stderr.strip()}")
    return json.loads(done.stdout)
