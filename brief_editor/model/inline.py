"""Inline spans: the rich text of headings, paragraphs, bullets, captions and comments.

An Inline is a tuple of spans. A plain ``str`` span is literal text; the other spans are
small frozen records. Nothing in a span is ever markup: exporters print text literally.
"""

from __future__ import annotations

from dataclasses import dataclass

MARKS = ("italic", "bold", "underline", "superscript", "subscript")
LINK_SCHEMES = ("http", "https", "mailto")
DEFAULT_LABEL = "page"


@dataclass(frozen=True)
class Styled:
    """Text with one or more marks (italic, bold, …)."""

    text: str
    marks: tuple[str, ...]


@dataclass(frozen=True)
class Link:
    """A hyperlink; its URL scheme is http, https or mailto."""

    url: str
    text: str


@dataclass(frozen=True)
class Cite:
    """One reference to a source inside a note. Absent keys stay None so files round-trip."""

    source: str
    locator: str | None = None
    label: str | None = None
    prefix: str | None = None
    suffix: str | None = None

    @property
    def effective_label(self) -> str:
        return self.label or DEFAULT_LABEL

    @property
    def has_locator(self) -> bool:
        return bool(self.locator)


@dataclass(frozen=True)
class Note:
    """A footnote or endnote: zero or more cites, then an optional comment."""

    cites: tuple[Cite, ...] = ()
    comment: Inline | None = None

    @property
    def has_comment(self) -> bool:
        return bool(self.comment) and any(span_text(s) for s in self.comment or ())


Span = str | Styled | Link | Note
Inline = tuple[Span, ...]


def span_text(span: Span) -> str:
    """The visible text of a span; a note contributes nothing to the running text."""
    if isinstance(span, str):
        return span
    if isinstance(span, (Styled, Link)):
        return span.text
    return ""


def inline_text(inline: Inline) -> str:
    """The running text of an Inline, without its notes."""
    return "".join(span_text(s) for s in inline)


def notes_in(inline: Inline) -> list[Note]:
    """The notes of an Inline, in order."""
    return [s for s in inline if isinstance(s, Note)]


def merge_spans(spans: list[Span]) -> Inline:
    """Join neighbouring spans that say the same thing (two plain strings, same marks)."""
    merged: list[Span] = []
    for span in spans:
        if merged:
            last = merged[-1]
            if isinstance(span, str) and isinstance(last, str):
                merged[-1] = last + span
                continue
            if isinstance(span, Styled) and isinstance(last, Styled) and span.marks == last.marks:
                merged[-1] = Styled(last.text + span.text, last.marks)
                continue
            if isinstance(span, Link) and isinstance(last, Link) and span.url == last.url:
                merged[-1] = Link(last.url, last.text + span.text)
                continue
        merged.append(span)
    return tuple(merged)
