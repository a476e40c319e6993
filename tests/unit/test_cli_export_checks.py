"""What the checks do to ``brief-editor export``: errors refuse it, --force marks it DRAFT.

An export runs only the checks at error severity, so these tests pin down that a team's
profile raising a warning to an error still blocks the export, through a real process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from brief_editor.citations.checks import blocking_checks, run_checks
from brief_editor.model import loads

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"

UNSOURCED_QUOTE = "An official said “we will not sign this text as it stands.”"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "brief_editor", *args], capture_output=True,
                          text=True, env=dict(os.environ), timeout=120)


def quoted_brief(tmp_path: Path) -> Path:
    """The tiny fixture with a quotation that carries no note (W101, a warning by default)."""
    raw = json.loads((FIXTURES / "tiny.brief").read_text(encoding="utf-8"))
    raw["sections"][0]["implications"] = [[UNSOURCED_QUOTE]]
    path = tmp_path / "quoted.brief"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return path


def strict_profile(tmp_path: Path) -> Path:
    path = tmp_path / "strict.json"
    path.write_text(json.dumps({"version": 1, "severities": {"W101": "error"}}), encoding="utf-8")
    return path


def header_texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).sections[0].header.paragraphs if p.text]


@pytest.mark.parametrize("severities", [None, {"W101": "error"}, {"W103": "error", "W201": "error"}])
@pytest.mark.parametrize("sample", ["sample-issue.brief", "footnotes-a4.brief"])
def test_only_the_blocking_checks_find_exactly_the_errors(sample: str, severities) -> None:
    raw = json.loads((SAMPLES / sample).read_text(encoding="utf-8"))
    raw["sections"][0]["implications"] = [[UNSOURCED_QUOTE]]
    raw["sources"].append({"id": "unused-x", "type": "book", "title": "Never Cited"})
    as_shipped = loads((SAMPLES / sample).read_text(encoding="utf-8"))
    for brief in (as_shipped, loads(json.dumps(raw))):
        every = run_checks(brief, severities=severities)
        blocking = run_checks(brief, severities=severities, only=blocking_checks(severities))
        assert blocking == [p for p in every if p.severity == "error"]


def test_a_warning_does_not_block_the_export(tmp_path: Path) -> None:
    out = tmp_path / "quoted.docx"
    done = run_cli("export", str(quoted_brief(tmp_path)), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "DRAFT" not in header_texts(out)


def test_a_warning_raised_to_an_error_refuses_the_export(tmp_path: Path) -> None:
    brief = quoted_brief(tmp_path)
    out = tmp_path / "quoted.docx"
    done = run_cli("export", str(brief), "-o", str(out), "--profile", str(strict_profile(tmp_path)))
    assert done.returncode == 1
    (line,) = done.stderr.strip().splitlines()
    assert str(brief) in line and "W101" in line and "--force" in line
    assert not out.exists()


def test_forcing_past_a_raised_warning_marks_the_export_draft(tmp_path: Path) -> None:
    out = tmp_path / "quoted.docx"
    done = run_cli("export", str(quoted_brief(tmp_path)), "-o", str(out),
                   "--profile", str(strict_profile(tmp_path)), "--force")
    assert done.returncode == 0, done.stderr
    assert header_texts(out)[0] == "DRAFT"
