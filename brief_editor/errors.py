"""The root of every error a user can act on; each layer subclasses it."""

from __future__ import annotations


class BriefEditorError(Exception):
    """An error whose message is meant for the user, not a traceback."""
