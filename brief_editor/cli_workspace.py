"""``brief-editor workspace init | clone | sync | search | resolve``: the team's workspace.

Exit statuses follow CLI.md: sync exits 0 when everything merged, 1 when conflicts remain
(each listed with both versions), 2 on bad input or a remote that cannot be reached.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_CONFLICTS, EXIT_BAD_INPUT = 0, 1, 2


def add_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    workspace = sub.add_parser("workspace", help="a team workspace synced through git")
    ws = workspace.add_subparsers(dest="workspace_command", parser_class=parser_class)
    init = ws.add_parser("init", help="make a workspace (issues, library, profile, dictionary)")
    init.add_argument("dir", type=Path)
    init.add_argument("--remote", help="the team's git remote: a bare repository's path or a URL")
    clone = ws.add_parser("clone", help="copy the team's workspace from its remote")
    clone.add_argument("url")
    clone.add_argument("dir", type=Path)
    sync = ws.add_parser("sync", help="commit, fetch, merge by structure, push")
    sync.add_argument("dir", type=Path)
    sync.add_argument("--json", action="store_true", help="print a JSON object")
    search = ws.add_parser("search", help="search every issue of the workspace")
    search.add_argument("dir", type=Path)
    search.add_argument("query", help="words, party:…, location:…, source:…, from:DATE, to:DATE")
    search.add_argument("--json", action="store_true", help="print a JSON array")
    resolve = ws.add_parser("resolve", help="settle a sync conflict")
    resolve.add_argument("dir", type=Path)
    resolve.add_argument("conflict", help="the conflict's id, as sync lists it")
    resolve.add_argument("--take", choices=("kept", "other"), required=True,
                         help="keep the version in the file, or take the other one")


def run(args: argparse.Namespace) -> int:
    """Run one workspace command; errors are raised as WorkspaceError (one line)."""
    from brief_editor.workspace import (
        archive,
        clone_workspace,
        init_workspace,
        resolve_conflict,
        sync,
    )

    command = args.workspace_command
    if command == "init":
        init_workspace(args.dir, remote=args.remote)
        print(f"Made the workspace {args.dir}")
        return EXIT_OK
    if command == "clone":
        clone_workspace(args.url, args.dir)
        print(f"Cloned {args.url} into {args.dir}")
        return EXIT_OK
    if command == "sync":
        report = sync(args.dir)
        archive.update_index(args.dir)
        if args.json:
            print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        else:
            _print_sync(report)
        if report.offline and not report.pushed and _has_remote(args.dir):
            print(f"brief-editor: {' '.join(report.offline.split())}", file=sys.stderr)
            return EXIT_BAD_INPUT
        return EXIT_CONFLICTS if report.conflicts else EXIT_OK
    if command == "search":
        hits = archive.search(args.dir, args.query)
        if args.json:
            print(json.dumps([h.as_json() for h in hits], ensure_ascii=False, indent=2))
        else:
            for hit in hits:
                issue = f"issue {hit.issue}" if hit.issue is not None else hit.file
                place = hit.heading or hit.location or (hit.section or "masthead")
                print(f"{issue} ({hit.file}), {place}, {hit.date or 'no date'}: {hit.snippet}")
            print(f"{len(hits)} section(s) found")
        return EXIT_OK
    if command == "resolve":
        conflict = resolve_conflict(args.dir, args.conflict, args.take)
        print(f"Settled {conflict.file} {conflict.path}: took the {args.take} version")
        return EXIT_OK
    print("brief-editor workspace: say what to do (init, clone, sync, search, resolve)",
          file=sys.stderr)
    return EXIT_BAD_INPUT


def _has_remote(folder: Path) -> bool:
    from brief_editor.workspace.gitsync import remote_url

    return remote_url(folder) is not None


def _print_sync(report: Any) -> None:
    if report.committed:
        print("Committed your saved changes.")
    for path in report.received:
        print(f"Received {path}")
    for path in report.merged:
        print(f"Merged {path} by structure")
    if report.pushed:
        print("Sent to the team.")
    if report.offline:
        print(f"Not sent: {report.offline}")
    for c in report.conflicts:
        print(f"Conflict {c.id} in {c.file} at {c.path}:")
        print(f"  kept  ({c.kept_author}, {c.kept_date}): {_show(c.kept)}")
        print(f"  other ({c.other_author}, {c.other_date}): {_show(c.other)}")
    if report.conflicts:
        print(f"{len(report.conflicts)} conflict(s) left: settle them in the editor or with "
              "`brief-editor workspace resolve DIR ID --take kept|other`")


def _show(value: Any) -> str:
    if isinstance(value, list) and all(isinstance(v, str | dict) for v in value):
        text = "".join(v if isinstance(v, str) else str(v.get("text", "")) for v in value)
        return json.dumps(text, ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False)
