"""Errors of the citations layer."""

from __future__ import annotations

from brief_editor.errors import BriefEditorError


class CitationError(BriefEditorError):
    """A note could not be worded: a missing or broken style, or the CSL processor failed."""
