"""Run the citeproc-js oracle (``citeproc_oracle.js``) under Node from Python tests."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from brief_editor.resources import vendor_dir

ORACLE_JS = Path(__file__).resolve().parent / "citeproc_oracle.js"


def oracle_unavailable() -> str | None:
    """Why the oracle cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "Node.js is not installed, so citeproc-js cannot run as the oracle"
    if not (vendor_dir() / "citeproc.js").is_file():
        return "citeproc-js is not vendored (run `make vendor`)"
    return None


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
        "locales": str(vendor_dir() / "locales.json"),
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
