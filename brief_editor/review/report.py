"""A review as the command line shows it: CLI.md's JSON, or one line per change."""

from __future__ import annotations

from typing import Any

from brief_editor.model import Comment
from brief_editor.review.types import Review, ReviewChange


def comment_json(comment: Comment) -> dict[str, Any]:
    a = comment.anchor
    return {
        "id": comment.id, "author": comment.author, "date": comment.date,
        "where": {"section": a.section, "field": a.field, "index": a.index},
        "anchor": a.quote, "text": comment.text,
        "replies": [{"id": r.id, "author": r.author, "date": r.date, "text": r.text}
                    for r in comment.replies],
        "resolved": comment.resolved,
    }


def review_json(review: Review) -> dict[str, Any]:
    """``{"changes": [...], "comments": [...]}`` (CLI.md)."""
    return {"changes": [c.as_json() for c in review.changes],
            "comments": [comment_json(c) for c in review.comments]}


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def change_line(change: ReviewChange) -> str:
    who = " ".join(x for x in (change.author, change.date) if x) or "unknown"
    tracked = "" if change.tracked else " (untracked)"
    state = f"  CONFLICT: the brief now says “{_clip(change.ours)}”" if change.conflict else ""
    return (f"{change.id}  {change.kind:<16} {who}{tracked}  [{change.where}]  "
            f"“{_clip(change.before)}” → “{_clip(change.after)}”{state}")


def comment_line(comment: Comment) -> str:
    state = "resolved" if comment.resolved else "open"
    replies = f", {len(comment.replies)} repl{'y' if len(comment.replies) == 1 else 'ies'}" \
        if comment.replies else ""
    return (f"{comment.id}  comment {comment.author} {comment.date}  on “{_clip(comment.anchor.quote, 30)}”"
            f"  {_clip(comment.text)}  ({state}{replies})")
