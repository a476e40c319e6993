"""The export layer's errors, in a module of their own so that the writers and the export
runner can both raise them without importing each other."""

from __future__ import annotations

from brief_editor.errors import BriefEditorError


class ExportError(BriefEditorError):
    """An export that could not be made; the message names the file."""


class ExportCancelled(BriefEditorError):
    """The user cancelled an export; nothing was written."""
