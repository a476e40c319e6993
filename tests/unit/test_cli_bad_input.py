"""Every unreadable input gets exit status 2 and one clear line, through a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    return subprocess.run(
        [sys.executable, "-m", "brief_editor", *args],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=120,
    )


def _tiny() -> dict:
    return json.loads((FIXTURES / "tiny.brief").read_text(encoding="utf-8"))


def _write(path: Path, content: bytes | str) -> Path:
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    newer = _tiny()
    newer["version"] = 99
    wrong = _tiny()
    wrong["format"] = "word-processor"
    schema = _tiny()
    schema["sections"][0]["event"][0][2] = {"bogus": 1}
    folder = tmp / "folder.brief"
    folder.mkdir()
    return {
        "not-json": (_write(tmp / "a.brief", "{ this is not json"), "not valid JSON"),
        "wrong-format": (_write(tmp / "b.brief", json.dumps(wrong)), "format"),
        "newer-version": (_write(tmp / "c.brief", json.dumps(newer)), "version 99"),
        "schema": (_write(tmp / "d.brief", json.dumps(schema)), "sections[0].event[0][2]"),
        "missing": (tmp / "nowhere.brief", "no such file"),
        "garbage": (_write(tmp / "e.brief", bytes(range(256)) * 4), "not a brief"),
        "directory": (folder, "folder"),
        "empty": (_write(tmp / "f.brief", b""), "not valid JSON"),
        "json-array": (_write(tmp / "g.brief", "[1, 2]"), "JSON object"),
    }


CASES = ["not-json", "wrong-format", "newer-version", "schema", "missing", "garbage",
         "directory", "empty", "json-array"]


@pytest.mark.parametrize("command", ["notes", "check", "export"])
@pytest.mark.parametrize("case", CASES)
def test_bad_input_exits_2_with_one_line_naming_the_file(tmp_path, command, case):
    path, words = _bad_inputs(tmp_path)[case]
    extra = ["-o", str(tmp_path / "out.docx")] if command == "export" else []
    result = run_cli(command, str(path), *extra)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0]
    assert words in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.docx").exists()


def test_usage_error_is_one_line_and_exit_2():
    result = run_cli("notes")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_version_prints_the_version():
    from brief_editor import __version__

    result = run_cli("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_notes_prints_numbered_notes_of_the_format_example():
    result = run_cli("notes", str(FIXTURES / "tiny.brief"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "1. Talks Resume in Geneva, Example Wire, March 2024, https://example.org/talks.",
        "2. Ibid., 2.",
    ]


def test_notes_json_follows_the_contract():
    result = run_cli("notes", str(FIXTURES / "tiny.brief"), "--json")
    assert result.returncode == 0, result.stderr
    notes = json.loads(result.stdout)
    assert notes[1] == {
        "number": 2,
        "text": "Ibid., 2.",
        "cites": [{"source": "wire1", "position": "ibid-with-locator", "locator": "2"}],
        "where": {"section": "s1", "field": "event", "index": 0},
    }


def test_new_refuses_to_overwrite(tmp_path):
    target = _write(tmp_path / "exists.brief", "keep me")
    result = run_cli("new", str(target))
    assert result.returncode == 2
    assert target.read_text() == "keep me"


def test_new_writes_a_brief_that_reads_back(tmp_path):
    target = tmp_path / "next.brief"
    result = run_cli("new", str(target))
    assert result.returncode == 0, result.stderr
    from brief_editor.storage.files import read_brief

    brief = read_brief(target)
    assert brief.meta.week_of is not None and brief.meta.week_of.weekday() == 0
