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
from xml.sax.saxutils import escape

_CREATORS = re.compile(rb"<dc:creator>\s*<rdf:Seq>.*?</rdf:Seq>\s*</dc:creator>", re.S)
_STREAM_HEAD = re.compile(rb"<<(?:(?!>>).)*?/Length (\d+)(?:(?!>>).)*?/Type/Metadata[^>]*>>"
                          rb"\nstream\n", re.S)
_XREF = re.compile(rb"\nxref\n0 (\d+)\r?\n")
_STARTXREF = re.compile(rb"startxref\n(\d+)\n%%EOF\s*$")


def creators_xml(authors: Sequence[str]) -> bytes:
    items = "".join(f"<rdf:li>{escape(a)}</rdf:li>" for a in authors)
    return f"<dc:creator><rdf:Seq>{items}</rdf:Seq></dc:creator>".encode()


def one_creator_per_author(pdf: bytes, authors: Sequence[str]) -> bytes:
    """``pdf`` with its XMP ``dc:creator`` listing each of ``authors``; unchanged when
    there is at most one author or the file is not laid out as Typst writes it."""
    if len(authors) < 2:
        return pdf
    found = _CREATORS.search(pdf)
    head = None
    for candidate in _STREAM_HEAD.finditer(pdf, 0, found.start() if found else 0):
        head = candidate
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
    entries = []
    for i in range(count):
        entry = pdf[table_start + 20 * i: table_start + 20 * (i + 1)]
        offset, generation, kind = entry[:10], entry[11:16], entry[17:18]
        if kind == b"n":
            entry = b"%010d %s n" % (moved(int(offset)), generation) + entry[18:]
        entries.append(entry)
    table_end = table_start + 20 * count
    body = (pdf[:length_at] + new_length + pdf[head.end(1):found.start()] + replacement
            + pdf[found.end():xref.start()])
    tail = pdf[table_end:startxref.start()]
    return (body + pdf[xref.start():table_start] + b"".join(entries) + tail
            + b"startxref\n%d\n%%%%EOF\n" % moved(int(startxref[1])))
