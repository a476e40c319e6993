"""Read a reviewed DOCX back: its changes and comments, mapped onto the current brief."""

from __future__ import annotations

import os
from pathlib import Path

from brief_editor.model import Brief
from brief_editor.review.types import Review


def read_review(current: Brief, docx_path: str | os.PathLike[str], *,
                snapshot: Brief | None = None) -> Review:
    """Read ``docx_path``, a reviewed export of ``current``, into a Review.

    The export snapshot (the brief as it was exported) is read from the DOCX itself, or
    from the copy kept in the user's data folder under the export id when a word processor
    dropped it; ``snapshot`` overrides both. Raises ReviewError (one line naming the file)
    for a file that is not a DOCX, is corrupt or encrypted, carries no Brief Editor map, or
    is a review of another issue.
    """
    raise NotImplementedError(Path(docx_path))  # filled in by the next commits
