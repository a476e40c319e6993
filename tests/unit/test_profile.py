"""The team profile: reading, validation messages, which one applies, and new issues from it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from brief_editor.citations.checks import run_checks
from brief_editor.errors import BriefEditorError
from brief_editor.model import Brief, Cite, EventSection, Meta, Note, Source, dumps, loads
from brief_editor.storage.paths import app_paths
from brief_editor.storage.profile import (
    Labels,
    Profile,
    ProfileError,
    bundled_profile_path,
    find_profile,
    load_profile,
    new_brief_from_profile,
    next_monday,
)


def write(path: Path, raw: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(raw) if not isinstance(raw, str) else raw, encoding="utf-8")
    return path


def test_bundled_default_profile_loads_with_house_labels() -> None:
    profile = load_profile(bundled_profile_path())
    assert profile.labels.parties == "Parties involved:"
    assert profile.labels.implications == "The implications:"
    assert profile.citation_style == "brief"
    assert profile.severities == {}
    assert profile.path == bundled_profile_path()


def test_full_profile_reads_every_key(tmp_path: Path) -> None:
    raw = {
        "version": 1,
        "_comment": "keys starting with _ are comments",
        "publication": "Desk Brief",
        "title": "Example Desk",
        "organization": "Example Group",
        "team": "Example Team",
        "authors": ["A. Analyst", "B. Analyst"],
        "last_issue": 16,
        "labels": {"parties": "Actors:"},
        "citation_style": "chicago-notes",
        "notes": "footnotes",
        "ibid": False,
        "paper": "a4",
        "language": "en-GB",
        "marking": "FOR PUBLIC RELEASE",
        "severities": {"W101": "error", "W202": "warning"},
        "reference_docx": "house.docx",
        "library": "/libraries/team.bib",
        "autosave_seconds": 120,
        "fonts": ["Libertinus Serif"],
        "endnotes_page": "follow",
    }
    profile = load_profile(write(tmp_path / "team" / "profile.json", raw))
    assert profile.authors == ("A. Analyst", "B. Analyst")
    assert profile.labels == Labels(parties="Actors:")
    assert profile.severities == {"W101": "error", "W202": "warning"}
    assert profile.reference_docx_path() == tmp_path / "team" / "house.docx"
    assert profile.library_path() == Path("/libraries/team.bib")
    assert (profile.notes, profile.ibid, profile.paper) == ("footnotes", False, "a4")
    assert profile.fonts == ("Libertinus Serif",)
    assert profile.endnotes_page == "follow"


def test_missing_keys_take_defaults(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path / "p.json", {"team": "Desk"}))
    assert profile.team == "Desk"
    assert profile.labels == Labels()
    assert profile.endnotes_page == "new"
    assert profile.reference_docx_path() is None


@pytest.mark.parametrize(
    ("raw", "key", "words"),
    [
        pytest.param({"severities": {"W999": "error"}}, "severities.W999", "not a check id",
                     id="unknown check id"),
        pytest.param({"severities": {"W101": "fatal"}}, "severities.W101", "error, warning, info",
                     id="unknown severity"),
        pytest.param({"severities": {"E002": "info"}}, "severities.E002", "always an error",
                     id="lowering an error"),
        pytest.param({"severities": ["W101"]}, "severities", "object", id="severities a list"),
        pytest.param({"severites": {"W101": "error"}}, "severites", "unknown key",
                     id="misspelt key"),
        pytest.param({"authors": "A. Analyst"}, "authors", "list of strings", id="authors string"),
        pytest.param({"last_issue": "17"}, "last_issue", "whole number", id="issue as text"),
        pytest.param({"notes": "sidenotes"}, "notes", "endnotes, footnotes", id="bad placement"),
        pytest.param({"paper": "A4"}, "paper", "letter, a4", id="bad paper"),
        pytest.param({"endnotes_page": "next"}, "endnotes_page", "new, follow",
                     id="bad endnotes page"),
        pytest.param({"ibid": "yes"}, "ibid", "true or false", id="ibid not bool"),
        pytest.param({"autosave_seconds": 0}, "autosave_seconds", "from 1 to 3600",
                     id="autosave zero"),
        pytest.param({"labels": {"weather": "Weather:"}}, "labels.weather", "unknown label",
                     id="unknown label"),
        pytest.param({"language": "english"}, "language", "language tag", id="bad language"),
        pytest.param({"version": 2}, "version", "newer", id="newer version"),
    ],
)
def test_bad_profile_names_file_and_key(tmp_path: Path, raw: dict, key: str, words: str) -> None:
    path = write(tmp_path / "team.json", raw)
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: '{key}': ")
    assert words in message
    assert isinstance(caught.value, BriefEditorError)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        pytest.param('{"team": "Desk",}', "not valid JSON (line 1", id="trailing comma"),
        pytest.param("[]", "JSON object", id="not an object"),
    ],
)
def test_unreadable_profile_names_the_file(tmp_path: Path, text: str, words: str) -> None:
    path = write(tmp_path / "team.json", text)
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert words in str(caught.value)


def test_missing_explicit_profile(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="no such profile file"):
        find_profile(tmp_path / "absent.json", app_paths(tmp_path / "home"))


def test_find_profile_precedence(tmp_path: Path) -> None:
    paths = app_paths(tmp_path / "home")
    assert find_profile(None, paths).path == bundled_profile_path()
    write(paths.site_profile, {"team": "Site"})
    assert find_profile(None, paths).team == "Site"
    write(paths.user_profile, {"team": "User"})
    assert find_profile(None, paths).team == "User"
    explicit = write(tmp_path / "explicit.json", {"team": "Explicit"})
    assert find_profile(explicit, paths).team == "Explicit"


def test_broken_user_profile_is_reported_not_skipped(tmp_path: Path) -> None:
    paths = app_paths(tmp_path / "home")
    write(paths.user_profile, "{")
    with pytest.raises(ProfileError, match="profile.json"):
        find_profile(None, paths)


def test_profile_override_raises_w101_to_error(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path / "p.json", {"severities": {"W101": "error"}}))
    brief = Brief(
        meta=Meta(issue=1, week_of=dt.date(2024, 3, 4), authors=("A",)),
        sections=(EventSection(id="s1", event=(
            ("Talks ended.", Note(cites=(Cite("w"),)),
             " The envoy said “we will not sign this deal.”"),
        )),),
        sources=(Source({"id": "w", "type": "book", "title": "A Book",
                         "issued": {"date-parts": [[2020]]}}),),
    )
    assert [(p.id, p.severity) for p in run_checks(brief)] == [("W101", "warning")]
    assert [(p.id, p.severity) for p in run_checks(brief, severities=profile.severities)] == [
        ("W101", "error")
    ]


@pytest.mark.parametrize(
    ("today", "monday"),
    [
        (dt.date(2024, 3, 4), dt.date(2024, 3, 4)),  # a Monday stays
        (dt.date(2024, 3, 5), dt.date(2024, 3, 11)),
        (dt.date(2024, 3, 10), dt.date(2024, 3, 11)),  # Sunday
        (dt.date(2024, 12, 31), dt.date(2025, 1, 6)),
    ],
)
def test_next_monday(today: dt.date, monday: dt.date) -> None:
    assert next_monday(today) == monday


def test_new_brief_from_profile(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path / "p.json", {
        "publication": "Desk Brief", "title": "Example Desk", "team": "Example Team",
        "organization": "Example Group", "authors": ["A. Analyst"], "last_issue": 16,
        "citation_style": "chicago-notes", "ibid": False, "paper": "a4",
        "marking": "FOR PUBLIC RELEASE",
    }))
    brief = new_brief_from_profile(profile, today=dt.date(2024, 3, 6))
    assert brief.meta.issue == 17
    assert brief.meta.week_of == dt.date(2024, 3, 11)
    assert brief.meta.authors == ("A. Analyst",)
    assert (brief.meta.publication, brief.meta.team) == ("Desk Brief", "Example Team")
    assert brief.meta.marking == "FOR PUBLIC RELEASE"
    assert brief.style.citation_style == "chicago-notes"
    assert brief.style.ibid is False and brief.style.paper == "a4"
    assert brief.sections == () and brief.sources == ()
    assert loads(dumps(brief)) == brief  # a valid file
    assert run_checks(brief) == []


def test_issue_number_rule() -> None:
    today = dt.date(2024, 3, 6)
    previous = Brief(meta=Meta(issue=20, authors=("B. Analyst",), team="Old Team"))
    assert new_brief_from_profile(Profile(), today=today).meta.issue is None
    assert new_brief_from_profile(Profile(last_issue=5), today=today).meta.issue == 6
    from_previous = new_brief_from_profile(Profile(last_issue=5), today=today, previous=previous)
    assert from_previous.meta.issue == 21
    assert from_previous.meta.authors == ("B. Analyst",)  # the profile named none
    assert new_brief_from_profile(Profile(last_issue=30), today=today,
                                  previous=previous).meta.issue == 31


def test_new_brief_without_issue_number_is_flagged() -> None:
    brief = new_brief_from_profile(Profile(authors=("A",)), today=dt.date(2024, 3, 6))
    assert [p.id for p in run_checks(brief)] == ["W201"]
