"""Whether a figure's bytes are an image every writer can lay out: read from the bytes alone.

A PNG or JPEG header states a size the file need not hold: a 40000×40000 PNG is 8 MB on
disk and 6 GB once decoded, and a truncated or lying file is embedded broken by one writer
and refused by another. One verdict, here, serves the figure dialog, ``check`` (E005), the
export plan both writers share, and the preview.
"""

from __future__ import annotations

import struct
import zlib

# 40 megapixels: a full-page figure at 300 dpi is under 10; a phone photo is 12 to 50 once
# it is scaled for print. Decoding one takes at most 160 MB.
MAX_FIGURE_PIXELS = 40_000_000


class FigureImageError(ValueError):
    """Why the bytes are not a usable figure image (the message is the reason only)."""


def figure_image_size(data: bytes, media_type: str) -> tuple[int, int]:
    """(width, height) of a complete PNG or JPEG within the pixel limit, or FigureImageError."""
    if not data:
        raise FigureImageError("the image is empty (0 bytes)")
    if media_type == "image/png":
        width, height = _png_size(data)
    elif media_type == "image/jpeg":
        width, height = _jpeg_size(data)
    else:
        raise FigureImageError("images must be PNG or JPEG")
    if width <= 0 or height <= 0:
        raise FigureImageError(f"the image says it is {width}×{height} pixels")
    if width * height > MAX_FIGURE_PIXELS:
        raise FigureImageError(
            f"the image is {width}×{height} pixels, more than the "
            f"{MAX_FIGURE_PIXELS // 1_000_000} megapixels a figure may have; scale it down")
    return width, height


def _png_size(data: bytes) -> tuple[int, int]:
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR" or len(data) < 33:
        raise FigureImageError("the image is not a valid PNG")
    width, height = struct.unpack(">II", data[16:24])
    # Walk the chunks: each must be whole and its checksum right, up to IEND.
    pos = 8
    while True:
        if pos + 12 > len(data):
            raise FigureImageError("the PNG image is truncated")
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        end = pos + 12 + length
        if end > len(data):
            raise FigureImageError("the PNG image is truncated")
        body = data[pos + 4:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:end])
        if zlib.crc32(body) & 0xFFFFFFFF != crc:
            raise FigureImageError(f"the PNG image is damaged (chunk {kind!r} fails its check)")
        if kind == b"IEND":
            return width, height
        pos = end


def _jpeg_size(data: bytes) -> tuple[int, int]:
    if data[:2] != b"\xff\xd8":
        raise FigureImageError("the image is not a valid JPEG")
    if b"\xff\xd9" not in data[-64:]:
        raise FigureImageError("the JPEG image is truncated (it has no end marker)")
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        if marker in (0xD8, 0x01, 0xFF) or 0xD0 <= marker <= 0xD7:
            i += 1 if marker == 0xFF else 2
            continue
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        # Start-of-frame markers carry the size (all SOFn but DHT, JPG and DAC).
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return width, height
        i += 2 + length
    raise FigureImageError("the JPEG image has no size information")
