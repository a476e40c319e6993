"""Errors raised while reading a brief."""

from __future__ import annotations

from brief_editor.errors import BriefEditorError


class BriefFormatError(BriefEditorError):
    """A brief that cannot be read: names the file and, where it can, the JSON path."""

    def __init__(self, message: str, *, file: str | None = None, path: str | None = None):
        self.file = file
        self.path = path
        self.reason = message
        parts = [p for p in (file, path) if p]
        super().__init__(": ".join([*parts, message]))

    def with_file(self, file: str) -> BriefFormatError:
        return BriefFormatError(self.reason, file=file, path=self.path)
