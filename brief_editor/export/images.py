"""The pixel size of a figure image, checked before any layout (model/figure_image.py)."""

from __future__ import annotations

from brief_editor.errors import BriefEditorError
from brief_editor.model.figure_image import FigureImageError, figure_image_size


class ImageError(BriefEditorError):
    """An embedded image that cannot be used."""


def image_size(data: bytes, media_type: str, *, where: str) -> tuple[int, int]:
    """(width, height) in pixels of a whole image within the pixel limit, or ImageError
    naming ``where``; both writers and the preview ask this before any layout."""
    try:
        return figure_image_size(data, media_type)
    except FigureImageError as exc:
        raise ImageError(f"{where}: {exc}") from None
