"""Turn citeproc-js's HTML output into spans and plain text.

citeproc-js's HTML holds only a few tags (``<i>``, ``<b>``, ``<sup>``, ``<sub>`` and
``<span style="…">`` for small caps or to cancel italics); the exporters need the marks as
data, and URLs become links: a URL variable arrives wrapped in ``<a href>`` (citeproc's
``wrap_url_and_doi``), so its link is exactly the URL; a URL typed in other text is found
by pattern.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from brief_editor.model import Link, Styled

NoteSpan = str | Styled | Link

URL_PATTERN = re.compile(r"(?:https?://|mailto:)[^\s<>\"]+[^\s<>\".,;:)\]]")

_TAG_MARKS = {"i": "italic", "em": "italic", "b": "bold", "strong": "bold",
              "sup": "superscript", "sub": "subscript", "u": "underline"}


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        # Each open tag pushes (marks added, marks removed).
        self.stack: list[tuple[frozenset[str], frozenset[str]]] = []
        self.pieces: list[tuple[str, frozenset[str], str | None]] = []
        # The target of the <a href> we are in: citeproc wraps a URL variable in one, so
        # the link is exactly the URL, never the text a suffix glues to it.
        self.href: str | None = None
        self.anchors: list[str | None] = []

    def _active(self) -> frozenset[str]:
        marks: set[str] = set()
        for added, removed in self.stack:
            marks |= added
            marks -= removed
        return frozenset(marks)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.anchors.append(self.href)
            self.href = dict(attrs).get("href") or None
            return
        added: set[str] = set()
        removed: set[str] = set()
        if tag in _TAG_MARKS:
            added.add(_TAG_MARKS[tag])
        style = (dict(attrs).get("style") or "").replace(" ", "").lower()
        if "font-variant:small-caps" in style:
            added.add("smallcaps")
        if "font-variant:normal" in style:
            removed.add("smallcaps")
        if "font-style:italic" in style:
            added.add("italic")
        if "font-style:normal" in style:
            removed.add("italic")
        if "font-weight:bold" in style:
            added.add("bold")
        if "font-weight:normal" in style:
            removed.add("bold")
        if "text-decoration:underline" in style:
            added.add("underline")
        if tag in ("br",):
            self.pieces.append((" ", self._active(), None))
            return
        self.stack.append((frozenset(added), frozenset(removed)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.href = self.anchors.pop() if self.anchors else None
            return
        if tag != "br" and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if data:
            self.pieces.append((data, self._active(), self.href))


_MARK_ORDER = ("italic", "bold", "underline", "smallcaps", "superscript", "subscript")


def html_to_spans(html: str) -> tuple[NoteSpan, ...]:
    """Spans for citeproc HTML: plain strings, Styled runs, and Links for URLs."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    merged: list[tuple[str, frozenset[str], str | None]] = []
    for text, marks, href in parser.pieces:
        if merged and merged[-1][1] == marks and merged[-1][2] == href:
            merged[-1] = (merged[-1][0] + text, marks, href)
        else:
            merged.append((text, marks, href))
    spans: list[NoteSpan] = []
    for text, marks, href in merged:
        if href is not None:
            spans.append(Link(url=href, text=text))
            continue
        ordered = tuple(m for m in _MARK_ORDER if m in marks)
        for piece, is_url in _split_urls(text):
            if is_url:
                spans.append(Link(url=piece, text=piece))
            elif ordered:
                spans.append(Styled(text=piece, marks=ordered))
            else:
                spans.append(piece)
    return tuple(spans)


def _split_urls(text: str) -> list[tuple[str, bool]]:
    parts: list[tuple[str, bool]] = []
    last = 0
    for match in URL_PATTERN.finditer(text):
        if match.start() > last:
            parts.append((text[last:match.start()], False))
        parts.append((match.group(0), True))
        last = match.end()
    if last < len(text):
        parts.append((text[last:], False))
    return parts


def spans_text(spans: tuple[NoteSpan, ...]) -> str:
    """The plain text of note spans."""
    return "".join(s if isinstance(s, str) else s.text for s in spans)
