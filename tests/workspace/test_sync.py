"""Two laptops and a bare remote in temporary folders, synced through the real command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from dulwich.repo import Repo

from brief_editor.storage import lock
from brief_editor.storage.files import read_brief
from brief_editor.workspace import clone_workspace, init_workspace, sync

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "sample-issue.brief"
ISSUE = "issues/issue-7.brief"


def run_cli(*args: str, author: str = "Ann Analyst <ann@desk.example>"):
    env = {**os.environ, "BRIEF_EDITOR_AUTHOR": author}
    return subprocess.run([sys.executable, "-m", "brief_editor", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def desk(tmp_path):
    """A bare remote and two laptops that both have this week's issue."""
    remote = tmp_path / "remote.git"
    Repo.init_bare(str(remote), mkdir=True).close()
    ann, bob = tmp_path / "ann", tmp_path / "bob"
    init_workspace(ann, remote=str(remote), author="Ann <ann@desk.example>")
    (ann / ISSUE).write_bytes(SAMPLE.read_bytes())
    sync(ann, author="Ann <ann@desk.example>")
    clone_workspace(str(remote), bob)
    return remote, ann, bob


def _edit(folder: Path, change) -> None:
    raw = json.loads((folder / ISSUE).read_text(encoding="utf-8"))
    change(raw)
    (folder / ISSUE).write_text(json.dumps(raw, indent=2, ensure_ascii=False) + "\n",
                                encoding="utf-8")


def _headings(folder: Path) -> list[str]:
    raw = json.loads((folder / ISSUE).read_text(encoding="utf-8"))
    return ["".join(s if isinstance(s, str) else s.get("text", "") for s in sec["heading"])
            for sec in raw["sections"]]


def test_a_clone_has_the_issue_and_opens_it(desk):
    _remote, ann, bob = desk
    assert (bob / ISSUE).read_bytes() == (ann / ISSUE).read_bytes()
    assert read_brief(bob / ISSUE).sections


def test_edits_to_different_sections_merge(desk):
    _remote, ann, bob = desk
    _edit(ann, lambda r: r["sections"][0].update(heading=["Ann rewrote the first heading"]))
    _edit(bob, lambda r: r["sections"][1].update(heading=["Bob rewrote the second heading"]))
    _edit(bob, lambda r: r["sections"][0].update(location="Bob's corrected location"))
    assert run_cli("workspace", "sync", ann).returncode == 0
    result = run_cli("workspace", "sync", bob, "--json", author="Bob <bob@desk.example>")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["merged"] == [ISSUE]
    assert run_cli("workspace", "sync", ann).returncode == 0
    for laptop in (ann, bob):
        headings = _headings(laptop)
        assert headings[:2] == ["Ann rewrote the first heading", "Bob rewrote the second heading"]
        first = json.loads((laptop / ISSUE).read_text(encoding="utf-8"))["sections"][0]
        assert first["location"] == "Bob's corrected location"
        read_brief(laptop / ISSUE)  # the merge is a valid brief
    assert (ann / ISSUE).read_bytes() == (bob / ISSUE).read_bytes()


def test_the_same_heading_changed_twice_is_a_conflict_with_both_versions(desk):
    _remote, ann, bob = desk
    _edit(ann, lambda r: r["sections"][0].update(heading=["Crossing Closed Again"]))
    _edit(bob, lambda r: r["sections"][0].update(heading=["Border Crossing Shut"]))
    assert run_cli("workspace", "sync", ann).returncode == 0
    result = run_cli("workspace", "sync", bob, "--json", author="Bob <bob@desk.example>")
    assert result.returncode == 1, result.stderr
    (conflict,) = json.loads(result.stdout)["conflicts"]
    assert conflict["file"] == ISSUE and conflict["field"] == "heading"
    assert conflict["kept"] == ["Border Crossing Shut"] and "Bob" in conflict["kept_author"]
    assert conflict["other"] == ["Crossing Closed Again"] and "Ann" in conflict["other_author"]
    # Bob's version stays in his file; Ann's is in the history and in the conflict list.
    assert _headings(bob)[0] == "Border Crossing Shut"
    text = run_cli("workspace", "sync", bob, author="Bob <bob@desk.example>")
    assert text.returncode == 1
    assert "Border Crossing Shut" in text.stdout and "Crossing Closed Again" in text.stdout
    # Ann sees the open conflict too, and settles it by taking her own version.
    ann_sync = run_cli("workspace", "sync", ann, "--json")
    assert ann_sync.returncode == 1
    assert run_cli("workspace", "resolve", ann, conflict["id"], "--take", "other").returncode == 0
    assert _headings(ann)[0] == "Crossing Closed Again"
    assert run_cli("workspace", "sync", ann).returncode == 0
    assert run_cli("workspace", "sync", bob, author="Bob <bob@desk.example>").returncode == 0
    assert _headings(bob)[0] == "Crossing Closed Again"


def test_a_source_added_on_both_sides_is_merged(desk):
    _remote, ann, bob = desk
    new_a = {"id": "wire-a", "type": "article-newspaper", "title": "Ferry Talks Stall",
             "container-title": "Harbour Wire", "issued": {"date-parts": [[2024, 10]]}}
    new_b = {"id": "wire-b", "type": "webpage", "title": "Customs Notice 14",
             "container-title": "Port Authority", "URL": "https://port.example/14"}
    _edit(ann, lambda r: r["sources"].append(new_a))
    _edit(bob, lambda r: r["sources"].append(new_b))
    lib_a = json.loads((ann / "library.json").read_text()) + [new_a]
    (ann / "library.json").write_text(json.dumps(lib_a, indent=2) + "\n")
    lib_b = json.loads((bob / "library.json").read_text()) + [new_b]
    (bob / "library.json").write_text(json.dumps(lib_b, indent=2) + "\n")
    assert run_cli("workspace", "sync", ann).returncode == 0
    assert run_cli("workspace", "sync", bob, author="Bob <bob@desk.example>").returncode == 0
    assert run_cli("workspace", "sync", ann).returncode == 0
    for laptop in (ann, bob):
        ids = [s.id for s in read_brief(laptop / ISSUE).sources]
        assert "wire-a" in ids and "wire-b" in ids
        assert [e["id"] for e in json.loads((laptop / "library.json").read_text())] == \
            ["wire-a", "wire-b"]


def test_an_unreachable_remote_keeps_the_work_committed_and_syncs_later(desk, tmp_path):
    remote, ann, bob = desk
    moved = tmp_path / "remote-away.git"
    remote.rename(moved)
    _edit(ann, lambda r: r["sections"][0].update(heading=["Written on the train"]))
    result = run_cli("workspace", "sync", ann)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "committed on this computer" in result.stderr
    with Repo(str(ann)) as repo:
        head = repo[repo.head()]
        assert b"issue-7.brief" in head.message
    moved.rename(remote)  # back on the network
    assert run_cli("workspace", "sync", ann).returncode == 0
    assert run_cli("workspace", "sync", bob, author="Bob <bob@desk.example>").returncode == 0
    assert _headings(bob)[0] == "Written on the train"


def test_a_sync_killed_between_commit_and_push_recovers(desk):
    _remote, ann, bob = desk
    _edit(ann, lambda r: r["sections"][0].update(heading=["Sent after a crash"]))
    # A real process commits, then dies by SIGKILL before it can fetch or push.
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from dulwich.repo import Repo\n"
        "from brief_editor.workspace import gitsync as s\n"
        "repo = Repo(sys.argv[1])\n"
        "s._commit_local(repo, Path(sys.argv[1]), 'Ann <ann@desk.example>')\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    killed = subprocess.run([sys.executable, "-c", script, str(ann)], timeout=60)
    assert killed.returncode == -9
    assert run_cli("workspace", "sync", bob, author="Bob <bob@desk.example>").returncode == 0
    assert _headings(bob)[0] != "Sent after a crash"
    assert run_cli("workspace", "sync", ann).returncode == 0
    assert run_cli("workspace", "sync", bob, author="Bob <bob@desk.example>").returncode == 0
    assert _headings(bob)[0] == "Sent after a crash"


@pytest.mark.parametrize("args", [
    ("workspace", "sync", "{tmp}/nowhere"),
    ("workspace", "init", "{sample}"),
    ("workspace", "clone", "{tmp}/no-such-remote.git", "{tmp}/copy"),
    ("workspace", "search", "{tmp}", "words"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, args):
    args = [a.format(tmp=tmp_path, sample=SAMPLE) for a in args]
    result = run_cli(*args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "copy").exists()


def test_credentials_in_a_remote_url_are_never_written(tmp_path):
    init_workspace(tmp_path / "ws", remote="https://ann:s3cret@git.desk.example/team.git")
    config = (tmp_path / "ws" / ".git" / "config").read_text()
    assert "s3cret" not in config
    assert "https://ann@git.desk.example/team.git" in config


def test_a_brief_in_a_workspace_follows_the_team_profile(tmp_path):
    root = tmp_path / "desk"
    init_workspace(root)
    (root / "profile.json").write_text(json.dumps(
        {"version": 1, "publication": "Harbour Desk Weekly", "severities": {"W201": "error"}}))
    new = run_cli("new", root / "issues" / "issue-1.brief")
    assert new.returncode == 0, new.stderr
    brief = read_brief(root / "issues" / "issue-1.brief")
    assert brief.meta.publication == "Harbour Desk Weekly"
    # The team raised W201 (masthead incomplete) to an error: check fails in the workspace…
    assert run_cli("check", root / "issues" / "issue-1.brief").returncode == 1
    # …and the same file outside it follows the user's profile, where W201 is a warning.
    outside = tmp_path / "elsewhere.brief"
    outside.write_bytes((root / "issues" / "issue-1.brief").read_bytes())
    assert run_cli("check", outside).returncode == 0


def test_a_sync_leaves_an_issue_open_in_another_editor_alone(desk):
    # Issue 15, item 4: a command that would write a brief open in the editor refuses,
    # in one line, before writing anything; the sync after the editor closes goes through.
    import socket

    from brief_editor.storage import lock

    _remote, ann, bob = desk
    _edit(ann, lambda r: r["sections"][0].update(heading=["Ann rewrote the first heading"]))
    assert run_cli("workspace", "sync", ann).returncode == 0
    before = (bob / ISSUE).read_bytes()
    editor = {"user": "bob", "host": socket.gethostname(), "pid": os.getpid(), "since": "09:00"}
    lock.lock_path(bob / ISSUE).write_text(json.dumps(editor), encoding="utf-8")
    result = run_cli("workspace", "sync", bob, author="Bob <bob@desk.example>")
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert "issue-7.brief is open in the editor by bob" in result.stderr
    assert (bob / ISSUE).read_bytes() == before
    lock.lock_path(bob / ISSUE).unlink()
    assert run_cli("workspace", "sync", bob, author="Bob <bob@desk.example>").returncode == 0
    assert _headings(bob)[0] == "Ann rewrote the first heading"


def test_the_team_dictionary_is_known_to_check_in_the_workspace(tmp_path):
    root = tmp_path / "desk"
    init_workspace(root)
    raw = json.loads(SAMPLE.read_text(encoding="utf-8"))
    raw["sections"][0]["event"][0].insert(0, "Officials at Zubrovka said the crossing stays shut. ")
    issue = root / ISSUE
    issue.write_text(json.dumps(raw, indent=2, ensure_ascii=False), encoding="utf-8")

    def unknown(path):
        result = run_cli("check", path, "--json")
        assert result.returncode in (0, 1), result.stderr
        return [p["message"] for p in json.loads(result.stdout) if p["id"] == "W301"]

    assert any("Zubrovka" in m for m in unknown(issue))
    (root / "dictionary.txt").write_text("Zubrovka\n", encoding="utf-8")
    assert not any("Zubrovka" in m for m in unknown(issue))
    outside = tmp_path / "copy.brief"
    outside.write_bytes(issue.read_bytes())
    assert any("Zubrovka" in m for m in unknown(outside))


# A second writer of bob's issue, in its own process. As "command" it does what
# `sources import` does: holds the lock, reads the brief, and writes it back with one more
# source; it writes only once bob's sync has committed (so the sync has read the issue), or
# after a minute. As "editor" it holds the lock as an editor does until its stdin closes.
_WRITER = """
import json, sys, time
from pathlib import Path
from dulwich.repo import Repo
from brief_editor.storage import lock
from brief_editor.storage.atomic import atomic_write

root, rel, mode = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
issue = root / rel
if mode == "editor":
    assert lock.acquire(issue) is None
    print("ready", flush=True)
    sys.stdin.read()
    lock.release(issue)
    sys.exit(0)

def head():
    with Repo(str(root)) as repo:
        return repo.refs[b"refs/heads/main"]

with lock.held(issue):
    raw = json.loads(issue.read_text(encoding="utf-8"))
    before = head()
    print("ready", flush=True)
    deadline = time.monotonic() + 60
    while head() == before and time.monotonic() < deadline:
        time.sleep(0.02)
    raw["sources"].append({"id": "imported-meanwhile", "type": "report",
                           "title": "Harbour Customs Annual Report"})
    atomic_write(issue, (json.dumps(raw, indent=2, ensure_ascii=False) + "\\n").encode())
print("wrote", flush=True)
"""


def _second_writer(folder: Path, mode: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(folder), ISSUE, mode],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            cwd=ROOT)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def test_a_sync_racing_a_command_that_writes_the_issue_loses_neither(desk):
    _remote, ann, bob = desk
    _edit(ann, lambda r: r["sections"][0].update(heading=["Ann rewrote the first heading"]))
    assert run_cli("workspace", "sync", ann).returncode == 0
    _edit(bob, lambda r: r["sections"][1].update(location="Bob's corrected location"))
    writer = _second_writer(bob, "command")
    try:
        result = run_cli("workspace", "sync", bob, author="Bob <bob@desk.example>")
        out, _err = writer.communicate(timeout=120)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.returncode == 0 and "wrote" in out
    assert result.returncode == 0, result.stderr
    # The team's heading, Bob's saved edit and the source written during the sync: all kept.
    brief = read_brief(bob / ISSUE)
    assert _headings(bob)[0] == "Ann rewrote the first heading"
    assert brief.sections[1].location == "Bob's corrected location"
    assert "imported-meanwhile" in [s.id for s in brief.sources]
    assert not lock.lock_path(bob / ISSUE).exists()
    assert run_cli("workspace", "sync", bob, author="Bob <bob@desk.example>").returncode == 0
    assert run_cli("workspace", "sync", ann).returncode == 0
    assert (ann / ISSUE).read_bytes() == (bob / ISSUE).read_bytes()


def test_a_sync_refuses_an_issue_an_editor_process_holds(desk):
    _remote, ann, bob = desk
    _edit(ann, lambda r: r["sections"][0].update(heading=["Ann rewrote the first heading"]))
    assert run_cli("workspace", "sync", ann).returncode == 0
    before = (bob / ISSUE).read_bytes()
    editor = _second_writer(bob, "editor")
    try:
        result = run_cli("workspace", "sync", bob, author="Bob <bob@desk.example>")
    finally:
        editor.communicate(input="", timeout=60)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert f"{ISSUE} is open in the editor by" in result.stderr
    assert (bob / ISSUE).read_bytes() == before
    assert run_cli("workspace", "sync", bob, author="Bob <bob@desk.example>").returncode == 0
    assert _headings(bob)[0] == "Ann rewrote the first heading"
