"""The Word review round trip: read an editor's reviewed DOCX back into the brief.

The layer sits between the editor and the exporters (ui → review → export → storage →
citations → model). ``read_review`` reads a reviewed export — tracked changes, comments and
untracked edits found against the snapshot the export carries — and maps each onto the
brief's own fields; ``apply_review`` merges the accepted changes three ways (snapshot,
current brief, review) without ever overwriting the analyst's own later edits silently.
"""

from __future__ import annotations

from brief_editor.review.apply import apply_review
from brief_editor.review.read import read_review
from brief_editor.review.types import Review, ReviewChange, ReviewError

__all__ = ["Review", "ReviewChange", "ReviewError", "apply_review", "read_review"]
