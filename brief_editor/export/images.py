"""Reading the pixel size of PNG and JPEG images without an imaging library."""

from __future__ import annotations

import struct

from brief_editor.errors import BriefEditorError


class ImageError(BriefEditorError):
    """An embedded image that cannot be used."""


def image_size(data: bytes, media_type: str, *, where: str) -> tuple[int, int]:
    """(width, height) in pixels, or ImageError naming ``where``."""
    if media_type == "image/png":
        if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
            raise ImageError(f"{where}: the image is not a valid PNG")
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if media_type == "image/jpeg":
        return _jpeg_size(data, where)
    raise ImageError(f"{where}: images must be PNG or JPEG")


def _jpeg_size(data: bytes, where: str) -> tuple[int, int]:
    if data[:2] != b"\xff\xd8":
        raise ImageError(f"{where}: the image is not a valid JPEG")
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        # Start-of-frame markers carry the size (all SOFn but DHT, JPG and DAC).
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return width, height
        i += 2 + length
    raise ImageError(f"{where}: the JPEG image has no size information")
