"""Searching every issue of a workspace: words, party, place, source and date range."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from brief_editor.workspace import WorkspaceError, archive, init_workspace


def _issue(number: int, week: str, sections: list[dict], sources: list[dict]) -> str:
    raw = {"format": "brief-editor", "version": 1,
           "meta": {"publication": "Desk Brief", "title": f"Week {number}", "issue": number,
                    "week_of": week, "authors": ["A. Analyst"], "team": "Desk",
                    "organization": "Example Group"},
           "sections": sections, "sources": sources}
    return json.dumps(raw, indent=2)


def _event(sid: str, heading: str, date: str, location: str, parties: list[str], text: str,
           cite: str | None = None) -> dict:
    paragraph: list = [text]
    if cite:
        paragraph.append({"note": {"cites": [{"source": cite}]}})
    return {"id": sid, "kind": "event", "heading": [heading], "date": date,
            "location": location, "parties": parties, "event": [paragraph],
            "implications": [["Further talks are likely."]]}


HARBOUR = {"id": "hw", "type": "article-newspaper", "title": "Ferry Talks Stall",
           "container-title": "Harbour Wire", "URL": "https://harbour.example/ferry"}


@pytest.fixture
def workspace(tmp_path):
    root = tmp_path / "desk"
    init_workspace(root)
    (root / "issues" / "issue-12.brief").write_text(_issue(12, "2024-03-04", [
        _event("a", "Ferry Strike Ends", "2024-03-05", "Port Sorvik, Velmora",
               ["Dockworkers' Union", "Velmoran Ministry of Transport"],
               "The strike ended after nine days.", "hw"),
        _event("b", "Border Drone Sighted", "2024-03-07", "Lemmet, Koszar",
               ["Koszar Border Guard"], "A drone crossed twice at night."),
    ], [HARBOUR]))
    (root / "issues" / "issue-15.brief").write_text(_issue(15, "2024-03-25", [
        _event("a", "Talks Resume", "2024-03-26", "Geneva, Switzerland",
               ["Velmoran Ministry of Transport"], "Delegations met on ferry quotas.", "hw"),
    ], [HARBOUR]))
    return root


def _files(hits):
    return sorted({(h.issue, h.section) for h in hits})


def test_words_party_location_source_and_dates(workspace):
    assert _files(archive.search(workspace, "drone")) == [(12, "b")]
    assert _files(archive.search(workspace, 'party:"Ministry of Transport"')) == \
        [(12, "a"), (15, "a")]
    assert _files(archive.search(workspace, "location:Geneva")) == [(15, "a")]
    assert _files(archive.search(workspace, 'source:"Harbour Wire"')) == [(12, "a"), (15, "a")]
    assert _files(archive.search(workspace, "ferry from:2024-03-20")) == [(15, "a")]
    assert _files(archive.search(workspace, "ferry to:2024-03-10")) == [(12, "a")]
    # Words are words, never search syntax: a stray quote or operator finds nothing, quietly.
    assert archive.search(workspace, 'NEAR(" OR *') == []


def test_a_source_knows_the_issues_that_cited_it(workspace):
    archive.update_index(workspace)
    assert archive.issues_citing(workspace, {"URL": "https://harbour.example/ferry"}) == [12, 15]


def test_the_index_reads_only_what_changed(workspace):
    assert archive.update_index(workspace) == 2
    assert archive.update_index(workspace) == 0
    path = workspace / "issues" / "issue-15.brief"
    path.write_text(path.read_text().replace("Geneva", "Lausanne"))
    os.utime(path, ns=(1, 1))  # a new stamp even on a coarse clock
    assert archive.update_index(workspace) == 1
    assert _files(archive.search(workspace, "location:Lausanne")) == [(15, "a")]
    path.unlink()
    archive.update_index(workspace)
    assert archive.search(workspace, "location:Lausanne") == []


def test_a_bad_date_is_a_clear_error(workspace):
    with pytest.raises(WorkspaceError, match="not a date"):
        archive.search(workspace, "from:last-week")


def test_search_on_the_command_line(workspace):
    result = subprocess.run([sys.executable, "-m", "brief_editor", "workspace", "search",
                             str(workspace), "party:Koszar", "--json"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    (hit,) = json.loads(result.stdout)
    assert hit["issue"] == 12 and hit["heading"] == "Border Drone Sighted"
    assert hit["file"] == "issues/issue-12.brief"
