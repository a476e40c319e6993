"""One ``dc:creator`` entry per author in the PDF's XMP metadata.

Typst joins a document's authors into one string ("Maren Oduya, Tomasz Relling") and
writes it as the only item of XMP's ``dc:creator`` sequence, so a library or a search
engine sees one author with a comma in the name. This rewrites that sequence with one item
per author, in place: the objects after it move, so the metadata stream's ``/Length``,
the cross-reference table and ``startxref`` are written anew. The document information
dictionary keeps the joined ``/Author``, a single text string by definition.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

_CREATORS = re.compile(rb"<dc:creator>\s*<rdf:Seq>.*?</rdf:Seq>\s*</dc:creator>", re.S)
_STREAM_HEAD = re.compile(rb"<<(?:(?!>>).)*?/Length (\d+)(?:(?!>>).)*?/Type/Metadata[^>]*>>"
                          rb"\nstream\n", re.S)
_XREF = re.compile(rb"\nxref\n0 (\d+)\r?\n")
_STARTXREF = re.compile(rb"startxref\n(\d+)\n%%EOF\s*$")


def creators_xml(authors: Sequence[str]) -> bytes:
    # html.escape, not xml.sax.saxutils.escape: the same three entities, and the latter
    # imports urllib.request (a fiftieth of a second of every export's start).
    items = "".join(f"<rdf:li>{escape(a, quote=False)}</rdf:li>" for a in authors)
    return f"<dc:creator><rdf:Seq>{items}</rdf:Seq></dc:creator>".encode()


def one_creator_per_author(pdf: bytes, authors: Sequence[str]) -> bytes:
    """``pdf`` with its XMP ``dc:creator`` listing each of ``authors``; unchanged when
    there is at most one author or the file is not laid out as Typst writes it."""
    if len(authors) < 2:
        return pdf
    found = _CREATORS.search(pdf)
    head = _metadata_head(pdf, found.start()) if found else None
    xref = _XREF.search(pdf)
    startxref = _STARTXREF.search(pdf)
    if not (found and head and xref and startxref) or int(startxref[1]) != xref.start() + 1:
        return pdf
    if head.end() + int(head[1]) < found.end():
        return pdf  # the creators are not inside the metadata stream
    replacement = creators_xml(authors)
    delta = len(replacement) - (found.end() - found.start())
    new_length = str(int(head[1]) + delta).encode()
    length_at = head.start(1)
    delta_total = delta + len(new_length) - len(head[1])

    def moved(offset: int) -> int:
        return offset + delta_total if offset > length_at else offset

    count = int(xref[1])
    table_start = xref.end()
    table_end = table_start + 20 * count
    # Entries are 20 bytes, "oooooooooo ggggg n\r\n", offsets zero-padded to ten digits, so
    # comparing the digits as bytes compares the numbers: only the few entries past the
    # metadata are parsed and written again (an issue has tens of thousands of objects).
    entries = pdf[table_start:table_end]
    past = b"%010d" % length_at
    table = bytearray(entries)
    for at in [at for at in range(0, 20 * count, 20) if entries[at:at + 10] > past]:
        if entries[at + 17:at + 18] == b"n":
            table[at:at + 10] = b"%010d" % moved(int(entries[at:at + 10]))
    body = (pdf[:length_at] + new_length + pdf[head.end(1):found.start()] + replacement
            + pdf[found.end():xref.start()])
    tail = pdf[table_end:startxref.start()]
    return (body + pdf[xref.start():table_start] + bytes(table) + tail
            + b"startxref\n%d\n%%%%EOF\n" % moved(int(startxref[1])))


def _metadata_head(pdf: bytes, end: int) -> re.Match[bytes] | None:
    """The head of the last metadata stream that starts before ``end``.

    Found from its ``/Type/Metadata`` backwards: a search of the whole file from the start
    took a tenth of a second for a long issue.
    """
    at = pdf.rfind(b"/Type/Metadata", 0, end)
    while at != -1:
        start = pdf.rfind(b"<<", 0, at)
        head = _STREAM_HEAD.match(pdf, start, end) if start != -1 else None
        if head is not None:
            return head
        at = pdf.rfind(b"/Type/Metadata", 0, at)
    return None
