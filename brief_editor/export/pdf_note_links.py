"""Links between note markers and notes, pointed at their places once the pages exist.

Typst can link a marker to its note only through introspection, which makes it lay out
every paragraph that holds a marker a second time (the note's place is known only after a
first pass). So the template (brief.typ's `note-link`) makes marker 12 a link to the
made-up address ``PREFIX + "note/12"`` and note 12's number a link to ``PREFIX + "back/12"``,
which costs Typst nothing more than a web link. :func:`link_notes` then turns each into a
link to its partner's place: marker 12 goes to note 12's number, and back. No link of the
user's can be taken for one: a brief's links are http, https or mailto (model/codec.py).

The rewrite is done in place and keeps every byte offset: the destination that replaces
an address is never longer than the address (the prefix sees to that), and the rest is
padded with spaces, which PDF reads as nothing. So the cross-reference table stays right
and a 2,000-note issue is relinked in milliseconds.

The links are read from the bytes as Typst writes them (one object a line, a classic
cross-reference table): a file laid out otherwise is refused with :class:`NoteLinkError`
rather than given wrong links.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from brief_editor.export.errors import ExportError
from brief_editor.model.bulk import paused_gc

# Long enough that ``/Dest[…]`` and a spoken description fit where the address was.
PREFIX = "brief-editor:note-link/"
# Kinds of link: a marker's, to its note; a note number's, back to its marker.
TO_NOTE = "note"
TO_MARKER = "back"


class NoteLinkError(ExportError):
    """The laid-out PDF is not written as expected, so its note links cannot be made."""


class NoteLink(NamedTuple):
    """One note link as laid out: which page holds it, and where."""

    kind: str  # TO_NOTE or TO_MARKER
    number: int
    page: int  # index in reading order, from 0
    page_object: int
    left: float
    top: float
    # Byte ranges of the address action and of the description, rewritten in place.
    action: tuple[int, int]
    contents: tuple[int, int] | None


_PREFIX = re.escape(PREFIX.encode())
# As Typst writes a link annotation (untagged, without /StructParent); a file written
# otherwise fails the count of links found against the addresses in it, and is refused.
_ANNOTATION = re.compile(
    rb"<</Type/Annot/Subtype/Link/Rect\[([-\d.]+) [-\d.]+ [-\d.]+ ([-\d.]+)\]/Border\[0 0 0\]"
    rb"(/A<</Type/Action/S/URI/URI\(" + _PREFIX + rb"(note|back)/(\d+)\)>>)"
    rb"/F 4(?:/StructParent \d+)?(/Contents\(" + _PREFIX + rb"(?:note|back)/\d+\))?")
_XREF = re.compile(rb"\nxref\n0 (\d+)\r?\n")
_STARTXREF = re.compile(rb"startxref\n(\d+)\n%%EOF\s*$")
_ROOT_PAGES = re.compile(rb"/Type/Catalog[^\n]*?/Pages (\d+) 0 R")
_KIDS = re.compile(rb"/Kids\[([^\]]*)\]")
_ANNOTS = re.compile(rb"/Annots\[([^\]]*)\]")
_REF = re.compile(rb"(\d+) 0 R")


class _Objects:
    """A PDF's objects found through its cross-reference table, read when asked for."""

    def __init__(self, pdf: bytes) -> None:
        self.pdf = pdf
        startxref = _STARTXREF.search(pdf)
        xref = _XREF.search(pdf, int(startxref[1]) - 1) if startxref else None
        if xref is None or xref.start() + 1 != int(startxref[1]):
            raise NoteLinkError("the laid-out PDF has no cross-reference table that can be read")
        self.count = int(xref[1])
        self.table = xref.end()

    def start(self, number: int) -> int:
        """Where object ``number``'s dictionary or array begins."""
        if not 0 < number < self.count:
            raise NoteLinkError(f"the laid-out PDF refers to object {number}, which it lacks")
        entry = self.pdf[self.table + 20 * number:self.table + 20 * number + 18]
        head = b"%d 0 obj\n" % number
        offset = int(entry[:10])
        if entry[17:18] != b"n" or self.pdf[offset:offset + len(head)] != head:
            raise NoteLinkError(f"object {number} of the laid-out PDF is not where its table says")
        return offset + len(head)

    def line(self, number: int) -> tuple[int, bytes]:
        """Object ``number``'s first line (Typst writes a dictionary on one line)."""
        start = self.start(number)
        end = self.pdf.find(b"\n", start)
        return start, self.pdf[start:end if end != -1 else len(self.pdf)]


def _pages(objects: _Objects) -> list[int]:
    """The page objects, in reading order."""
    root = _ROOT_PAGES.search(objects.pdf)
    if root is None:
        raise NoteLinkError("the laid-out PDF has no page tree that can be read")
    pages: list[int] = []
    pending = [int(root[1])]
    seen: set[int] = set()
    while pending:
        number = pending.pop()
        if number in seen:
            raise NoteLinkError("the laid-out PDF's page tree loops")
        seen.add(number)
        _, body = objects.line(number)
        if body.startswith(b"<</Type/Pages"):
            kids = _KIDS.search(body)
            refs = [int(ref[1]) for ref in _REF.finditer(kids[1] if kids else b"")]
            pending.extend(reversed(refs))  # popped from the end: first kid first
        elif body.startswith(b"<</Type/Page"):
            pages.append(number)
    return pages


def note_links(pdf: bytes) -> list[NoteLink]:
    """Every note link in ``pdf``, page by page in reading order."""
    objects = _Objects(pdf)
    table = objects.table
    # Where each page's annotations start, from the table; then one pass of the pattern
    # over the file finds the note links among them (the search for its literal start
    # runs at memory speed, where reading the annotations one by one took 30 ms).
    page_at: dict[int, tuple[int, int]] = {}
    for index, page in enumerate(_pages(objects)):
        _, body = objects.line(page)
        annots = _ANNOTS.search(body)
        for number in map(int, _REF.findall(annots[1] if annots else b"")):
            offset = int(pdf[table + 20 * number:table + 20 * number + 10])
            page_at[offset + len(b"%d 0 obj\n" % number)] = (index, page)
    found: list[NoteLink] = []
    for match in _ANNOTATION.finditer(pdf):
        where = page_at.get(match.start())
        if where is not None:  # else an annotation that no page shows
            found.append(NoteLink(match[4].decode(), int(match[5]), where[0], where[1],
                                  float(match[1]), float(match[2]), match.span(3),
                                  match.span(6) if match[6] else None))
    if len(found) != pdf.count(b"/URI(" + PREFIX.encode()):
        raise NoteLinkError("a note link of the laid-out PDF is on no page that can be read")
    found.sort(key=lambda link: (link.page, link.action))
    return found


def notes_away_from_markers(pdf: bytes) -> set[int]:
    """Numbers of the notes whose number prints on another page than their marker
    (footnote mode: the footnotes Typst moved on without their lines)."""
    pages: dict[tuple[str, int], int] = {}
    for link in note_links(pdf):
        pages.setdefault((link.kind, link.number), link.page)
    return {number for (kind, number), page in pages.items()
            if kind == TO_NOTE and pages.get((TO_MARKER, number), page) != page}


def _fitted(text: bytes, room: int) -> bytes:
    if len(text) > room:
        raise NoteLinkError("a note link's destination does not fit where its address was")
    return text + b" " * (room - len(text))


def link_notes(pdf: bytes) -> bytes:
    """``pdf`` with each marker linked to its note and each note back to its marker.

    A marker or note whose partner is not in the file (none should be) keeps a link that
    goes nowhere rather than a made-up address.
    """
    with paused_gc():  # thousands of small objects; the heap of an export is large
        return _linked(pdf, note_links(pdf))


def _linked(pdf: bytes, links: list[NoteLink]) -> bytes:
    if not links:
        return pdf
    partner = {(link.kind, link.number): link for link in reversed(links)}
    out = bytearray(pdf)
    for link in links:
        other = partner.get((TO_MARKER if link.kind == TO_NOTE else TO_NOTE, link.number))
        start, end = link.action
        # The partner's top edge, with a little room, at the top of the reader's window.
        out[start:end] = _fitted(b"" if other is None else b"/Dest[%d 0 R/XYZ %.2f %.2f 0]" % (
            other.page_object, other.left, other.top + 2), end - start)
        if link.contents is not None:
            start, end = link.contents
            said = (b"Note %d" if link.kind == TO_NOTE else b"Back to note %d in the text") % (
                link.number)
            out[start:end] = _fitted(b"/Contents(" + said + b")", end - start)
    return bytes(out)
