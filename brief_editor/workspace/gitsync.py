"""A team workspace kept in git: create, clone, and sync (commit, fetch, merge by structure, push).

git is the engine because it is offline-first and already runs on the servers teams have (a
bare repository on a shared drive, Gitea, GitLab); dulwich drives it in pure Python, so no
git program is needed on an analyst's laptop. Commits pile up while offline and go out at
the next sync. Files are merged by their structure (merge.py), never by lines; a field both
sides changed keeps the local value in the file and is listed as a conflict, with the other
version kept in history and in the conflict list until the user settles it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import hashlib
import io
import json
import os
import shutil
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from dulwich import porcelain
from dulwich.errors import GitProtocolError, HangupException, NotGitRepository
from dulwich.graph import find_merge_base
from dulwich.index import commit_tree
from dulwich.objects import Blob, Commit, Tree
from dulwich.repo import Repo

from brief_editor.storage.atomic import atomic_write
from brief_editor.workspace import merge
from brief_editor.workspace.layout import (
    BRANCH,
    CONFLICTS,
    DICTIONARY,
    ISSUES,
    LIBRARY,
    MARKER,
    PROFILE,
    WorkspaceError,
    marker_text,
    require_root,
)

REMOTE = "origin"
_PUSH_ATTEMPTS = 3
_FILE_MODE = 0o100644


@dataclass(frozen=True)
class Conflict:
    """A field two laptops changed differently: ``kept`` is in the file, ``other`` is kept
    here and in history until someone settles it."""

    id: str
    file: str  # relative to the workspace, with /
    path: str  # sections[id=s2].heading
    pointer: list[Any]  # the same as keys, indexes and ["id", …] pairs
    section: str | None
    field: str
    kept: Any
    kept_author: str
    kept_date: str
    other: Any
    other_author: str
    other_date: str
    other_commit: str

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "file": self.file, "path": self.path, "pointer": self.pointer,
                "section": self.section, "field": self.field,
                "kept": self.kept, "kept_author": self.kept_author, "kept_date": self.kept_date,
                "other": self.other, "other_author": self.other_author,
                "other_date": self.other_date, "other_commit": self.other_commit}


@dataclass
class SyncReport:
    """What a sync did; ``offline`` holds the reason when the remote could not be reached."""

    committed: bool = False
    received: list[str] = field(default_factory=list)  # files changed by the team
    merged: list[str] = field(default_factory=list)  # files merged by structure
    pushed: bool = False
    offline: str | None = None
    conflicts: list[Conflict] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"committed": self.committed, "received": self.received, "merged": self.merged,
                "pushed": self.pushed, "offline": self.offline,
                "conflicts": [c.as_json() for c in self.conflicts]}


# ---------------------------------------------------------------------------- making one


def init_workspace(folder: Path, *, remote: str | None = None, name: str | None = None,
                   author: str | None = None) -> None:
    """Make a new workspace in ``folder`` (new or empty), with a first commit."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise WorkspaceError(f"{folder}: the folder exists and is not empty")
    folder.mkdir(parents=True, exist_ok=True)
    with _closing(Repo.init(str(folder))) as repo:
        repo.refs.set_symbolic_ref(b"HEAD", BRANCH)
        (folder / ISSUES).mkdir()
        files = {
            MARKER: marker_text(name or folder.name),
            LIBRARY: b"[]\n",
            PROFILE: _starting_profile(),
            DICTIONARY: b"",
            f"{ISSUES}/.keep": b"",
        }
        for rel, data in files.items():
            atomic_write(folder / rel, data)
        if remote:
            _set_remote(repo, remote)
        _stage_and_commit(repo, list(files), "Workspace created", author)


def _starting_profile() -> bytes:
    """The profile a new workspace starts with: the one this user has now, else defaults."""
    from brief_editor.storage.paths import app_paths
    from brief_editor.storage.profile import ProfileError, find_profile

    try:
        current = find_profile(None, app_paths()).path
        if current is not None:
            return Path(current).read_bytes()
    except (ProfileError, OSError):
        pass
    return b'{\n  "version": 1\n}\n'


def clone_workspace(url: str, folder: Path) -> None:
    """Copy a team's workspace from its remote; nothing is left behind when that fails."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise WorkspaceError(f"{folder}: the folder exists and is not empty")
    created = not folder.exists()
    try:
        with _quiet() as (out, err), _git_errors(url):
            repo = porcelain.clone(_remote_location(url), str(folder), errstream=err,
                                   branch=BRANCH.split(b"/")[-1])
        with _closing(repo):
            if not (folder / MARKER).is_file():
                raise WorkspaceError(f"{url}: not a Brief Editor workspace (no {MARKER})")
            _set_remote(repo, url)
    except BaseException:
        if created:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            for child in folder.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        raise


def _set_remote(repo: Repo, url: str) -> None:
    # Credentials are never written into the workspace: they come from ssh-agent or the
    # usual helpers each time.
    config = repo.get_config()
    config.set((b"remote", REMOTE.encode()), b"url", _without_password(url).encode())
    config.set((b"remote", REMOTE.encode()), b"fetch",
               b"+refs/heads/*:refs/remotes/origin/*")
    config.write_to_path()


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}@{host}" if parts.username else host
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


def remote_url(root: Path) -> str | None:
    with _closing(Repo(str(root))) as repo:
        try:
            return repo.get_config().get((b"remote", REMOTE.encode()), b"url").decode()
        except KeyError:
            return None


# ---------------------------------------------------------------------------- syncing


def sync(folder: Path, *, author: str | None = None) -> SyncReport:
    """Commit local saves, fetch, merge by structure and push; never loses either side."""
    root = require_root(folder)
    report = SyncReport()
    try:
        repo = Repo(str(root))
    except NotGitRepository:
        raise WorkspaceError(f"{root}: the workspace's history cannot be read") from None
    with _closing(repo):
        report.committed = _commit_local(repo, root, author)
        url = _remote(repo)
        if url is None:
            report.offline = "the workspace has no remote; your work is committed here"
            report.conflicts = load_conflicts(root)
            return report
        for _attempt in range(_PUSH_ATTEMPTS):
            try:
                theirs = _fetch(repo, url)
            except WorkspaceError as exc:
                report.offline = (f"{exc}; your work is committed on this computer and goes "
                                  "out with the next sync")
                break
            ours = repo.refs[BRANCH]
            if theirs is not None and theirs != ours:
                # The issues the team changed are held, as every writer of a brief holds
                # it, from the moment they are read until the merge is written: whatever
                # was saved into them since the commit above is committed again under the
                # lock and merged, not written over.
                with issue_locks(root, _briefs_they_change(repo, ours, theirs)):
                    if _commit_local(repo, root, author):
                        report.committed = True
                    _integrate(repo, root, repo.refs[BRANCH], theirs, report, author)
            try:
                _push(repo, url)
            except _Rejected:
                continue  # someone pushed in between: fetch and merge again
            except WorkspaceError as exc:
                report.offline = (f"{exc}; your work is committed on this computer and goes "
                                  "out with the next sync")
                break
            report.pushed = True
            break
    report.conflicts = load_conflicts(root)
    return report


def _remote(repo: Repo) -> str | None:
    try:
        return repo.get_config().get((b"remote", REMOTE.encode()), b"url").decode()
    except KeyError:
        return None


def _commit_local(repo: Repo, root: Path, author: str | None) -> bool:
    head_files = _tree_files(repo, repo[repo.refs[BRANCH]].tree) if BRANCH in repo.refs else {}
    work = _work_files(root)
    changed = [p for p, blob_id in work.items() if head_files.get(p) != blob_id]
    removed = [p for p in head_files if p not in work]
    if not changed and not removed:
        return False
    names = ", ".join(sorted(Path(p).name for p in changed + removed)[:5])
    _stage_and_commit(repo, changed + removed, f"Saved {names}", author)
    return True


def _work_files(root: Path) -> dict[str, bytes]:
    """The shareable files of the working folder, by path, with their blob ids."""
    found: dict[str, bytes] = {}
    for path in [root / MARKER, root / LIBRARY, root / PROFILE, root / DICTIONARY,
                 root / CONFLICTS, root / ISSUES / ".keep",
                 *sorted(p for p in (root / ISSUES).glob("*.brief")
                         if not p.name.startswith("."))]:
        try:
            info = path.lstat()
        except FileNotFoundError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        found[path.relative_to(root).as_posix()] = Blob.from_string(path.read_bytes()).id
    return found


def _stage_and_commit(repo: Repo, paths: list[str], message: str, author: str | None,
                      merge_heads: list[bytes] | None = None) -> bytes:
    worktree = repo.get_worktree()
    worktree.stage([p.encode() for p in paths])
    who = _identity(repo, author)
    return worktree.commit(message=message.encode(), author=who, committer=who,
                           merge_heads=merge_heads)


def _identity(repo: Repo, author: str | None) -> bytes:
    """Who the commits are by: the caller's choice, BRIEF_EDITOR_AUTHOR, git's user.name."""
    author = author or os.environ.get("BRIEF_EDITOR_AUTHOR")
    if author:
        return author.encode() if "<" in author else f"{author} <>".encode()
    config = repo.get_config_stack()
    try:
        name = config.get((b"user",), b"name").decode()
    except KeyError:
        name = getpass.getuser() or "Analyst"
    try:
        email = config.get((b"user",), b"email").decode()
    except KeyError:
        email = ""
    return f"{name} <{email}>".encode()


class _Rejected(Exception):
    """The remote moved on since our fetch."""


def _fetch(repo: Repo, url: str) -> bytes | None:
    with _quiet() as (out, err), _git_errors(url):
        result = porcelain.fetch(repo, _remote_location(url), outstream=out, errstream=err)
    theirs = result.refs.get(BRANCH)
    if theirs is not None:
        repo.refs[b"refs/remotes/origin/main"] = theirs
    return theirs


def _push(repo: Repo, url: str) -> None:
    with _quiet() as (out, err), _git_errors(url):
        try:
            porcelain.push(repo, _remote_location(url), BRANCH + b":" + BRANCH,
                           outstream=out, errstream=err)
        except porcelain.DivergedBranches:
            raise _Rejected() from None
        except Exception as exc:
            if "non-fast-forward" in str(exc) or "rejected" in str(exc).lower():
                raise _Rejected() from None
            raise


def _remote_location(url: str) -> str:
    path = Path(url)
    return str(path.absolute()) if "://" not in url and path.exists() else url


@contextlib.contextmanager
def _git_errors(url: str) -> Iterator[None]:
    try:
        yield
    except WorkspaceError:
        raise
    except (_Rejected, porcelain.DivergedBranches):
        raise
    except NotGitRepository:
        raise WorkspaceError(f"{url}: not a git repository") from None
    except (HangupException, GitProtocolError, OSError) as exc:
        raise WorkspaceError(f"cannot reach {url} ({_short(exc)})") from None
    except Exception as exc:  # dulwich raises many kinds; none must reach the user raw
        raise WorkspaceError(f"cannot sync with {url} ({_short(exc)})") from None


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]


# ---------------------------------------------------------------------------- merging


def _integrate(repo: Repo, root: Path, ours: bytes, theirs: bytes, report: SyncReport,
               author: str | None) -> None:
    bases = find_merge_base(repo, [ours, theirs])
    base = bases[0] if bases else None
    if base == theirs:
        return  # we are ahead: nothing to take
    ours_files = _tree_files(repo, repo[ours].tree)
    theirs_files = _tree_files(repo, repo[theirs].tree)
    base_files = _tree_files(repo, repo[base].tree) if base else {}
    if base == ours:
        changes = {p: theirs_files.get(p) for p in set(ours_files) | set(theirs_files)
                   if ours_files.get(p) != theirs_files.get(p)}
        _write_files(repo, root, {p: (_blob(repo, b) if b else None) for p, b in changes.items()})
        repo.refs[BRANCH] = theirs
        report.received = sorted(changes)
        return
    results: dict[str, bytes | None] = {}
    new_conflicts: list[Conflict] = []
    for path in sorted(set(base_files) | set(ours_files) | set(theirs_files)):
        b, o, t = base_files.get(path), ours_files.get(path), theirs_files.get(path)
        if o == t or t == b:
            continue
        if o == b:
            results[path] = _blob(repo, t) if t else None
            report.received.append(path)
            continue
        if o is None or t is None:  # deleted on one side, changed on the other: keep it
            kept = o or t
            results[path] = _blob(repo, kept) if kept else None
            new_conflicts.append(_whole_file_conflict(path, o is None, repo, ours, theirs, base))
            continue
        merged = _merge_file(path, _blob(repo, b) if b else None, _blob(repo, o), _blob(repo, t))
        results[path] = merged.data
        report.merged.append(path)
        other = _last_change(repo, theirs, base, path)
        kept = _last_change(repo, ours, base, path)
        for item in merged.conflicts:
            new_conflicts.append(_conflict(path, item, kept, other, theirs))
    if new_conflicts:
        # The open conflicts travel with the merge, so the whole team sees them.
        listed = results.get(CONFLICTS, _blob(repo, o) if (o := ours_files.get(CONFLICTS)) else None)
        known = _parse_conflicts(listed) if listed else []
        fresh = [c for c in new_conflicts if c.id not in {k.id for k in known}]
        results[CONFLICTS] = _conflicts_bytes(known + fresh)
    _write_files(repo, root, results)
    message = f"Merged the team's work ({len(report.merged)} file(s) merged by structure)"
    _stage_and_commit(repo, list(results), message, author, merge_heads=[theirs])


def _merge_file(path: str, base: bytes | None, ours: bytes, theirs: bytes) -> merge.MergeResult:
    if path.endswith(".brief"):
        return merge.merge_brief(base, ours, theirs)
    if path in (LIBRARY, CONFLICTS):
        return merge.merge_library(base, ours, theirs)
    if path in (PROFILE, MARKER):
        return merge.merge_profile(base, ours, theirs)
    if path == DICTIONARY:
        return merge.merge_word_list(base, ours, theirs)
    return merge.MergeResult(ours, [merge.FieldConflict("", None, None,
                                                        field="the whole file")])


def _conflict(path: str, item: merge.FieldConflict, kept: tuple[str, str],
              other: tuple[str, str], theirs: bytes) -> Conflict:
    digest = hashlib.sha1(f"{path}\0{item.path}\0{theirs.decode()}".encode()).hexdigest()[:12]
    pointer = [list(p) if isinstance(p, tuple) else p for p in item.pointer]
    return Conflict(id=digest, file=path, path=item.path, pointer=pointer, section=item.section,
                    field=item.field, kept=item.ours, kept_author=kept[0], kept_date=kept[1],
                    other=item.theirs, other_author=other[0], other_date=other[1],
                    other_commit=theirs.decode())


def _whole_file_conflict(path: str, deleted_here: bool, repo: Repo, ours: bytes,
                         theirs: bytes, base: bytes | None) -> Conflict:
    what = "deleted here and changed by the team" if deleted_here else \
        "changed here and deleted by the team"
    item = merge.FieldConflict("", None, None, field=f"the whole file ({what})")
    return _conflict(path, item, _last_change(repo, ours, base, path),
                     _last_change(repo, theirs, base, path), theirs)


def _last_change(repo: Repo, theirs: bytes, base: bytes | None, path: str) -> tuple[str, str]:
    """Who last changed ``path`` on their side, and when."""
    walker = repo.get_walker(include=[theirs], exclude=[base] if base else None)
    for entry in walker:
        commit = entry.commit
        mine = _tree_files(repo, commit.tree).get(path)
        parents = [_tree_files(repo, repo[p].tree).get(path) for p in commit.parents]
        if all(p != mine for p in parents):
            return commit.author.decode(errors="replace"), _when(commit)
    commit = repo[theirs]
    return commit.author.decode(errors="replace"), _when(commit)


def _when(commit: Commit) -> str:
    tz = dt.timezone(dt.timedelta(seconds=commit.author_timezone))
    return dt.datetime.fromtimestamp(commit.author_time, tz).isoformat(timespec="seconds")


def _write_files(repo: Repo, root: Path, files: dict[str, bytes | None]) -> None:
    # Every issue among ``files`` is held by the caller (issue_locks).
    for rel, data in files.items():
        target = root / rel
        if data is None:
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, data)
    if files:
        repo.get_worktree().stage([p.encode() for p in files])


def _briefs_they_change(repo: Repo, ours: bytes, theirs: bytes) -> list[str]:
    """The issues a merge of ``theirs`` into ``ours`` may write: those the team changed."""
    bases = find_merge_base(repo, [ours, theirs])
    base = bases[0] if bases else None
    if base == theirs:
        return []
    theirs_files = _tree_files(repo, repo[theirs].tree)
    base_files = _tree_files(repo, repo[base].tree) if base else {}
    return sorted(p for p in set(base_files) | set(theirs_files)
                  if p.endswith(".brief") and base_files.get(p) != theirs_files.get(p))


@contextlib.contextmanager
def issue_locks(root: Path, paths: list[str], *,
                advice: str = "sync from that editor (File ▸ Team) or close the issue first",
                ) -> Iterator[None]:
    """Hold the editor's lock (storage/lock.py) of each issue in ``paths``, in name order.

    An issue open in an editor elsewhere refuses the whole sync before anything is written
    (this process's own editor owns its lock and may sync into its issue); another command
    writing an issue is waited for. Taking them in one order keeps two syncs from waiting on
    each other.
    """
    from brief_editor.storage.lock import LockHeld, held, read_lock

    with contextlib.ExitStack() as stack:
        for rel in sorted(set(paths)):
            try:
                stack.enter_context(held(root / rel))
            except LockHeld:
                holder = read_lock(root / rel)
                who = holder.describe() if holder is not None else "someone"
                if holder is not None and holder.by != "editor":
                    raise WorkspaceError(f"{rel} is being changed by {who}; try again when "
                                         "that is done") from None
                raise WorkspaceError(f"{rel} is open in the editor by {who}; {advice}") from None
        yield


def _tree_files(repo: Repo, tree_id: bytes, prefix: str = "") -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    tree = repo[tree_id]
    assert isinstance(tree, Tree)
    for entry in tree.items():
        name = f"{prefix}{entry.path.decode()}"
        if stat.S_ISDIR(entry.mode):
            found.update(_tree_files(repo, entry.sha, name + "/"))
        else:
            found[name] = entry.sha
    return found


def _blob(repo: Repo, blob_id: bytes) -> bytes:
    return repo[blob_id].as_raw_string()


def tree_of(files: dict[str, bytes], repo: Repo) -> bytes:
    """A tree object for ``files`` (path → blob id); used by tests and tools."""
    return commit_tree(repo.object_store, [(p.encode(), b, _FILE_MODE) for p, b in files.items()])


# ---------------------------------------------------------------------------- conflicts


def _conflicts_path(root: Path) -> Path:
    # Shared with the team (it is committed): whoever syncs next sees the open conflicts,
    # and settling one on any laptop settles it for all.
    return root / CONFLICTS


def load_conflicts(root: Path) -> list[Conflict]:
    """The conflicts not yet settled in this workspace."""
    path = _conflicts_path(root)
    try:
        return _parse_conflicts(path.read_bytes())
    except FileNotFoundError:
        return []
    except (OSError, ValueError, TypeError):
        raise WorkspaceError(f"{path}: the list of open conflicts cannot be read") from None


def _parse_conflicts(data: bytes) -> list[Conflict]:
    raw = json.loads(data)
    return [Conflict(**item) for item in raw if isinstance(item, dict)]


def _conflicts_bytes(conflicts: list[Conflict]) -> bytes:
    data = json.dumps([c.as_json() for c in conflicts], indent=2, ensure_ascii=False)
    return (data + "\n").encode("utf-8")


def save_conflicts(root: Path, conflicts: list[Conflict]) -> None:
    path = _conflicts_path(root)
    if not conflicts:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return
    atomic_write(path, _conflicts_bytes(conflicts))


def resolve_conflict(root: Path, conflict_id: str, take: str) -> Conflict:
    """Settle one conflict: keep the version in the file, or write the other one into it."""
    if take not in ("kept", "other"):
        raise WorkspaceError(f"take must be 'kept' or 'other', not {take!r}")
    conflicts = load_conflicts(require_root(root))
    chosen = next((c for c in conflicts if c.id == conflict_id), None)
    if chosen is None:
        raise WorkspaceError(f"{root}: no open conflict with id {conflict_id}")
    if take == "other":
        locked = [chosen.file] if chosen.file.endswith(".brief") else []
        # Read and written under the lock, so an editor elsewhere does not lose it.
        with issue_locks(root, locked, advice="settle it in that editor or close it first"):
            _write_other(root, chosen)
    save_conflicts(root, [c for c in conflicts if c.id != conflict_id])
    return chosen


def _write_other(root: Path, conflict: Conflict) -> None:
    target = root / conflict.file
    if not conflict.path:  # the whole file: take their commit's version
        with _closing(Repo(str(root))) as repo:
            files = _tree_files(repo, repo[conflict.other_commit.encode()].tree)
            blob = files.get(conflict.file)
            data = _blob(repo, blob) if blob else None
        if data is None:
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
        else:
            atomic_write(target, data)
        return
    raw = json.loads(target.read_bytes())
    merge.set_at_pointer(raw, conflict.pointer, conflict.other)
    if conflict.file.endswith(".brief"):
        from brief_editor.model import dumps, parse

        data = dumps(parse(raw)).encode("utf-8")
    else:
        data = (json.dumps(raw, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    atomic_write(target, data)


# ---------------------------------------------------------------------------- helpers


@contextlib.contextmanager
def _closing(repo: Repo) -> Iterator[Repo]:
    try:
        yield repo
    finally:
        repo.close()


@contextlib.contextmanager
def _quiet() -> Iterator[tuple[io.BytesIO, io.BytesIO]]:
    yield io.BytesIO(), io.BytesIO()
