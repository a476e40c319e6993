"""Briefs for the DOCX tests, as the raw JSON of FORMAT.md (built in code, any size)."""

from __future__ import annotations

import base64
import json
import struct
import zlib
from typing import Any


def tiny_png(width: int = 4, height: int = 2) -> bytes:
    """A valid grey RGB PNG of the given size."""
    def chunk(tag: bytes, data: bytes) -> bytes:
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def sources(count: int) -> list[dict[str, Any]]:
    """Newspaper articles, web pages and books, each with a URL where they have one."""
    out: list[dict[str, Any]] = []
    for i in range(count):
        kind = i % 3
        if kind == 0:
            out.append({"id": f"src{i}", "type": "article-newspaper",
                        "title": f"Talks Resume in City {i}", "container-title": "Example Wire",
                        "issued": {"date-parts": [[2021, 7, 1 + i % 28]]},
                        "URL": f"https://example.org/news/{i}"})
        elif kind == 1:
            out.append({"id": f"src{i}", "type": "webpage",
                        "title": f"Statement number {i} on the negotiations",
                        "container-title": "Ministry of Examples",
                        "issued": {"date-parts": [[2021, 6]]},
                        "URL": f"https://ministry.example.net/statements/{i}?lang=en&x=1"})
        else:
            out.append({"id": f"src{i}", "type": "book", "title": f"Politics of Region {i}",
                        "author": [{"family": "Writer", "given": f"Ann {i}"}],
                        "publisher": "University Press", "issued": {"date-parts": [[2010]]}})
    return out


def note(source: str, locator: str | None = None, comment: list[Any] | None = None) -> dict:
    cite: dict[str, Any] = {"source": source}
    if locator:
        cite["locator"] = locator
    body: dict[str, Any] = {"cites": [cite]}
    if comment:
        body["comment"] = comment
    return {"note": body}


def brief_raw(sections: int = 3, *, notes_per_section: int = 10, notes: str = "endnotes",
              citation_style: str = "brief", marking: str = "", language: str = "en-US",
              figure_every: int = 0, paper: str = "letter", source_count: int | None = None,
              ) -> dict[str, Any]:
    """A brief of ``sections`` event and narrative sections, with notes on many sources."""
    n_sources = source_count or max(3, sections * notes_per_section // 6)
    library = sources(n_sources)
    out_sections: list[dict[str, Any]] = []
    k = 0

    def next_note() -> dict:
        nonlocal k
        k += 1
        # Every third note repeats the one before it (Ibid.), with a page now and then.
        src = f"src{(k // 3) % n_sources}"
        return note(src, locator=str(k % 40 + 1) if k % 4 == 0 else None)

    for s in range(sections):
        per = notes_per_section
        if s % 4 == 3:
            body = []
            for i in range(max(1, per - 1)):
                body.append([f"Narrative paragraph {i} of section {s + 1}, with ",
                             {"text": "emphasis", "marks": ["italic"]}, " and a ",
                             {"link": f"https://example.org/s{s}/p{i}", "text": "link"}, ".",
                             next_note()])
            section: dict[str, Any] = {"id": f"s{s + 1}", "kind": "narrative",
                                       "heading": [f"Background {s + 1}", next_note()],
                                       "body": body}
        else:
            event = [["On Monday the talks ended without concessions; both sides agreed to "
                      "continue. A spokesperson said it was “useful.”", next_note(),
                      " Another official disagreed.", next_note()]]
            implications = []
            for i in range(max(1, per - 3)):
                implications.append([f"Implication {i + 1}: the parties are ",
                                     {"text": "likely", "marks": ["bold"]},
                                     " to meet again within weeks.", next_note()])
            section = {"id": f"s{s + 1}", "kind": "event",
                       "heading": [f"Strategic Dialogue {s + 1}", next_note()],
                       "date": "2021-07-19", "location": "Brussels, Belgium",
                       "parties": ["Delegation A", "Delegation B", "EU representative"],
                       "event": event, "implications": implications}
        if figure_every and s % figure_every == 0:
            section["figures"] = [{"id": f"f{s}", "media_type": "image/png",
                                   "data": base64.b64encode(tiny_png(400, 200)).decode(),
                                   "caption": ["Delegations at the table, ",
                                               {"text": "July 2021", "marks": ["italic"]}],
                                   "credit": "Photo / Example Agency", "alt": "Two delegations"}]
        out_sections.append(section)
    return {
        "format": "brief-editor", "version": 1,
        "meta": {"publication": "Security Brief", "title": "Example Desk", "issue": 17,
                 "week_of": "2021-07-19", "authors": ["A. Analyst", "B. Writer"],
                 "team": "Example Team", "organization": "Example Group (EG)",
                 "language": language, "marking": marking},
        "style": {"citation_style": citation_style, "notes": notes, "ibid": True,
                  "paper": paper},
        "sections": out_sections,
        "sources": library,
    }


def brief_json(**kwargs: Any) -> str:
    return json.dumps(brief_raw(**kwargs), ensure_ascii=False, indent=1)


# --------------------------------------------------------------------------- reading a .docx

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W_NS, "r": R_NS,
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}


def part_xml(path: Any, name: str) -> Any:
    """The parsed XML of one part of a .docx (``word/document.xml``)."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def has_part(path: Any, name: str) -> bool:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return name in z.namelist()


def rels(path: Any, part: str) -> dict[str, tuple[str, str, str]]:
    """rId → (type, target, target mode) of a part's relationships."""
    folder, _, file = part.rpartition("/")
    root = part_xml(path, f"{folder}/_rels/{file}.rels")
    return {r.get("Id"): (r.get("Type"), r.get("Target"), r.get("TargetMode") or "")
            for r in root.findall("rel:Relationship", NS)}


def text_of(p: Any) -> str:
    """The text of a ``w:p``: ``w:t`` as is, tabs and breaks as characters."""
    out = []
    for el in p.iter(f"{{{W_NS}}}t", f"{{{W_NS}}}tab", f"{{{W_NS}}}br"):
        if el.tag.endswith("}t"):
            out.append(el.text or "")
        elif el.tag.endswith("}tab") and el.getparent().tag == f"{{{W_NS}}}r":
            out.append("\t")
        elif el.tag.endswith("}br"):
            out.append("\n")
    return "".join(out)


def notes_in_docx(path: Any, kind: str) -> dict[int, str]:
    """Note id → its text as printed after the number, for real (not separator) notes."""
    root = part_xml(path, f"word/{kind}s.xml")
    out = {}
    for note in root.findall(f"w:{kind}", NS):
        if note.get(f"{{{W_NS}}}type"):
            continue
        text = "".join(text_of(p) for p in note.findall("w:p", NS))
        assert text.startswith(" "), "the note text follows its number after one space"
        out[int(note.get(f"{{{W_NS}}}id"))] = text[1:]
    return out


def references_in_body(path: Any, kind: str) -> list[int]:
    root = part_xml(path, "word/document.xml")
    return [int(el.get(f"{{{W_NS}}}id")) for el in root.iter(f"{{{W_NS}}}{kind}Reference")]
