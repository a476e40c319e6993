"""Pages of a PDF as pixels, for the editor's preview, drawn by PDFium (pypdfium2).

The preview lays the issue out as the PDF export does, then draws only the pages on
screen, at the size they are shown. Having Typst rasterise every page instead took about
10 s for a 265-page issue at screen resolution (and 78 MB of PNG crossing a pipe); PDFium
draws one page in about 10 ms, and the preview is the exported PDF itself.

PDFium is not thread-safe: a :class:`PdfPages` is used from one thread (the editor's GUI
thread), and only one thread in a process may use PDFium at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

from brief_editor.errors import BriefEditorError


class PdfRasterError(BriefEditorError):
    """A PDF that PDFium cannot open or draw."""


@dataclass(frozen=True)
class RgbImage:
    """Pixels of one page: rows of 8-bit R, G, B, each row ``stride`` bytes long."""

    data: bytes
    width: int
    height: int
    stride: int


class PdfPages:
    """An open PDF whose pages can be drawn at any size."""

    def __init__(self, pdf: bytes) -> None:
        import pypdfium2 as pdfium

        self._pdf = pdf  # PDFium reads from this buffer for as long as the document is open
        try:
            self._doc = pdfium.PdfDocument(pdf)
            self.sizes: list[tuple[float, float]] = [
                self._doc.get_page_size(i) for i in range(len(self._doc))
            ]
        except pdfium.PdfiumError as exc:
            raise PdfRasterError(f"the laid-out PDF cannot be read ({exc})") from None

    def __len__(self) -> int:
        return len(self.sizes)

    def bookmarks(self) -> list[tuple[int, float]]:
        """Each top-level bookmark's page (from 0) and its distance from the top of that
        page in points, in order; the issue's PDF has one bookmark per section."""
        import pypdfium2 as pdfium

        found = []
        try:
            for item in self._doc.get_toc(max_depth=1):
                dest = item.get_dest()
                if dest is None:
                    continue
                index = dest.get_index()
                if index is None or not 0 <= index < len(self.sizes):
                    continue
                _mode, view = dest.get_view()
                top = self.sizes[index][1] - view[1] if len(view) > 1 else 0.0
                found.append((index, max(0.0, top)))
        except pdfium.PdfiumError:
            return []
        return found

    def render(self, index: int, width: int, height: int) -> RgbImage:
        """Page ``index`` drawn into about ``width`` × ``height`` pixels (white paper)."""
        import pypdfium2 as pdfium

        page_width, page_height = self.sizes[index]
        scale = max(width / page_width, height / page_height, 0.05)
        try:
            page = self._doc[index]
            try:
                bitmap = page.render(scale=scale, rev_byteorder=True)
                try:
                    return RgbImage(bytes(bitmap.buffer), bitmap.width, bitmap.height,
                                    bitmap.stride)
                finally:
                    bitmap.close()
            finally:
                page.close()
        except pdfium.PdfiumError as exc:
            raise PdfRasterError(f"page {index + 1} cannot be drawn ({exc})") from None

    def close(self) -> None:
        self._doc.close()
