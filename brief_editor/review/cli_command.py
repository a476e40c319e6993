"""``brief-editor review FILE.brief REVIEWED.docx [--json] [--accept-all -o OUT.brief]``.

Kept out of cli.py so that the command line's front stays small; cli.py passes its own
``print`` and brief reader in, and chooses nothing but the exit status from what this returns.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from brief_editor.review.apply import apply_review
from brief_editor.review.read import read_review
from brief_editor.review.report import change_line, comment_line, review_json
from brief_editor.review.types import ReviewError

EXIT_OK, EXIT_REFUSED, EXIT_BAD_INPUT = 0, 1, 2


def run_review(args: Any, read: Callable[[Any], Any], out: Callable[..., None]) -> int:
    """Run the review subcommand; return its exit status (CLI.md)."""
    if args.accept_all and args.output is None:
        raise ReviewError("--accept-all needs -o OUT.brief: FILE.brief is never overwritten")
    if args.output is not None and not args.accept_all:
        raise ReviewError("-o is for --accept-all; without it the review is only listed")
    if args.output is not None and args.output.resolve() == args.file.resolve():
        raise ReviewError(f"{args.output}: choose another name; {args.file} stays as it is")
    if args.output is not None and args.output.suffix.lower() != ".brief":
        raise ReviewError(f"{args.output}: the merged brief must end in .brief")
    brief = read(args.file)
    review = read_review(brief, args.docx)
    if not args.accept_all:
        if args.json:
            out(json.dumps(review_json(review), indent=2, ensure_ascii=False))
        else:
            for change in review.changes:
                out(change_line(change))
            for comment in review.comments:
                out(comment_line(comment))
            out(f"{len(review.changes)} change(s), {len(review.conflicts)} conflict(s), "
                f"{len(review.comments)} comment thread(s)")
        return EXIT_OK
    from brief_editor.storage.files import save_brief
    from brief_editor.storage.lock import held

    merged = apply_review(brief, review, [c.id for c in review.changes])
    with held(args.output):  # the editor's lock: OUT may be a brief open in the editor
        save_brief(args.output, merged)
    applied = [c for c in review.changes if not c.conflict and c.kind != "note"]
    out(f"Wrote {args.output}: {len(applied)} change(s) accepted, "
        f"{len(review.comments)} comment thread(s) merged")
    for change in review.changes:
        if change.kind == "note" and not change.conflict:
            out(f"not applied (a note is computed from its source): {change_line(change)}")
    if review.conflicts:
        for change in review.conflicts:
            print(f"brief-editor: conflict left: {change_line(change)}", file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK
