"""Apply the accepted changes of a review to the current brief: a pure function."""

from __future__ import annotations

from collections.abc import Iterable

from brief_editor.model import Brief
from brief_editor.review.types import Review


def apply_review(current: Brief, review: Review, accepted: Iterable[str], *,
                 comments: bool = True) -> Brief:
    """The brief with the changes whose ids are in ``accepted`` applied.

    Changes not accepted are not applied; a conflicting change or a "note" change is never
    applied as text (the first needs the analyst's decision, the second is a source edit).
    With ``comments``, the review's comments are merged into ``current.comments`` thread by
    thread: a thread Brief Editor exported keeps its id and gains the reviewer's replies and
    resolved state; new threads are added; no existing thread or reply is ever dropped.
    """
    raise NotImplementedError(sorted(accepted))  # filled in by the next commits
