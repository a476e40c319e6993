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


# Samples per pixel of each PNG colour type, and the bit depths each allows.
_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_PNG_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
# Adam7's passes: (first column, first row, column step, row step).
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
          (0, 1, 1, 2))


def _png_size(data: bytes) -> tuple[int, int]:
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR" or len(data) < 33:
        raise FigureImageError("the image is not a valid PNG")
    width, height, depth, colour, _compression, _filter, interlace = struct.unpack(
        ">IIBBBBB", data[16:29])
    if depth not in _PNG_DEPTHS.get(colour, ()) or interlace not in (0, 1):
        raise FigureImageError("the PNG image has an impossible header")
    # Walk the chunks: each must be whole and its checksum right, up to IEND.
    pixels: list[bytes] = []
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
        if kind == b"IDAT":
            pixels.append(body[4:])
        if kind == b"IEND":
            break
        pos = end
    if 0 < width * height <= MAX_FIGURE_PIXELS:
        _check_png_pixels(pixels, width, height, depth * _PNG_CHANNELS[colour], interlace)
    return width, height


def _check_png_pixels(pixels: list[bytes], width: int, height: int, bits: int,
                      interlace: int) -> None:
    """The pixel data inflates to exactly the rows the header promises (counted, not kept)."""
    if interlace:
        passes = [((width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy)
                  for x0, y0, dx, dy in _ADAM7]
    else:
        passes = [(width, height)]
    expected = sum(h * (1 + (w * bits + 7) // 8) for w, h in passes if w and h)
    inflater = zlib.decompressobj()
    got = 0
    try:
        for piece in pixels:
            while piece:
                got += len(inflater.decompress(piece, 1 << 20))
                piece = inflater.unconsumed_tail
                if got > expected:
                    raise FigureImageError("the PNG image holds more pixels than it says")
        got += len(inflater.flush())
    except zlib.error:
        raise FigureImageError("the PNG image's pixel data is damaged") from None
    if got != expected or not inflater.eof:
        raise FigureImageError("the PNG image's pixel data is incomplete")


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
