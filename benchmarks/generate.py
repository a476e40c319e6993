"""Synthetic briefs of any size for the benchmarks: realistic shape, deterministic per seed.

Usage::

    python benchmarks/generate.py --sections 200 [--notes-per-section 10] [--sources K]
                                  [--seed 0] -o FILE.brief

or, from Python, ``generate_brief(sections, notes_per_section=10, sources=None, seed=0)``
for a ``Brief`` and ``brief_raw(...)`` for the same brief as FORMAT.md JSON.

A brief has mostly event sections and a narrative every eighth section, every second
narrative with a small PNG chart. Each section holds exactly ``notes_per_section`` notes, so
200 sections make 2,000 notes and 1,000 make 10,000. Sources (by default sections / 2 + 20) mix
news articles without authors, books with authors, organisations' reports and web pages
with an accessed date; each is cited at least once, first cites spread through the issue.
The other notes follow the patterns of a real issue: Ibid., Ibid. with a locator,
short-form subsequent cites, several sources in one note, "see" prefixes, commentary
notes and cites with a comment. Every quotation of four words or more carries a note and
every news or web source has a date and a URL, so the checks stay quiet: the benchmarks
time the normal case, not the error path.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import math
import random
import re
import struct
import sys
import zlib
from pathlib import Path
from typing import Any

# ---------------------------------------------------------------- vocabulary (invented)

PLACES = (
    "Sorvik", "Port Almery", "Tir Halva", "Lemmet", "Essmar", "Koszar", "Arden Bay", "Hollin",
    "Varrow", "Ostmere", "Caldra", "Fenwick Point", "Brannock", "Seldane", "Marrowgate",
    "Quillan", "Drossel", "Wyckham", "Pelloran", "Isterberg",
)
COUNTRIES = (
    "Republic of Velmora", "Drevnia", "Halvaran Federation", "Kingdom of Seldane",
    "Republic of Drinovo", "Aigalia",
)
ACTORS = (
    "the interior ministry", "border guards", "the coast guard", "a council spokesperson",
    "provincial authorities", "the port authority", "opposition deputies",
    "the defence ministry", "local police", "the convoy operator", "customs officials",
    "the governor's office", "a parliamentary committee", "the shipping association",
    "aid agencies", "the energy regulator", "the national rail company",
    "a coalition of farmers' unions", "the foreign ministry", "the harbour master",
)
REPORTED = (
    "reported", "confirmed", "announced", "denied", "disclosed", "acknowledged",
    "warned of", "called for", "rejected", "welcomed", "postponed", "ordered",
)
OBJECTS = (
    "a new round of talks on transit fees", "the closure of the northern crossing",
    "joint patrols in the strait", "a sharp rise in fuel smuggling",
    "long delays at the grain terminal", "an inquiry into the shooting",
    "emergency funding for the island ferry service", "tighter checks on cargo manifests",
    "the suspension of night convoys", "a draft agreement on fishing quotas",
    "the arrest of two customs officers", "a curfew in the harbour district",
    "the reopening of the coastal road", "new limits on drone flights near the border",
    "an audit of the reconstruction fund", "the expulsion of a trade attaché",
)
DETAILS = (
    "at least {n} lorries were held at the crossing",
    "the queue stretched for {n} kilometres by the evening",
    "{n} officers were moved to the frontier district",
    "shipments fell by {n} percent compared with the same week last year",
    "{n} people were questioned and later released",
    "the cost of insurance for the route rose by {n} percent",
    "{n} vessels waited at anchor outside the port",
    "about {n} families left the villages along the river",
)
QUOTES = (
    "we will not reopen the crossing until the flights have stopped",
    "the strait belongs to everyone who depends on it",
    "no government can ask drivers to take that road at night",
    "this agreement is a first step and not a final settlement",
    "our patience with these delays has come to an end",
    "the figures speak for themselves and we will publish all of them",
    "we were never consulted about the new checks",
    "the investigation will follow the evidence wherever it leads",
    "nobody in this town has been paid for three months",
    "the council must decide whether it wants to act or to talk",
)
SCARE = ("temporary", "routine checks", "technical pause", "hostile act", "open door",
         "security measures")
OPENERS = (
    "It is likely that", "It remains unclear whether", "There is a realistic possibility that",
    "It is almost certain that", "In the short term,", "Over the coming weeks,",
    "Should the pattern continue,", "If the talks fail,", "For now,",
    "Unless the two governments agree on a timetable,",
)
CLAUSES = (
    "the dispute will move to the courts", "neighbouring states will press for a joint response",
    "smuggling networks will adapt their routes", "freight costs will rise on the coastal road",
    "the council will struggle to agree on rules of engagement",
    "opposition parties will use the incident against the government",
    "exporters will look for longer but safer routes",
    "the authorities will tighten controls at the smaller crossings",
    "public trust in the police will weaken further",
    "investors will wait for the outcome before committing",
    "the ministry will have to publish its own figures",
    "local officials will ask the capital for more resources",
)
CONNECTORS = ("although", "because", "while", "and", "but", "since", "even though")
HEADING_SUBJECTS = (
    "Transit Talks", "Border Crossing", "Grain Convoy", "Coastal Patrols", "Ferry Service",
    "Fuel Smuggling", "Harbour Curfew", "Customs Inquiry", "Fishing Quotas", "Drone Flights",
    "Pipeline Deal", "Rail Strike", "Reconstruction Fund", "Island Ports",
)
HEADING_PREDICATES = (
    "Stall in", "Resume in", "Suspended Near", "Expanded Around", "Questioned in",
    "Disrupted Outside", "Approved in", "Challenged in", "Postponed in", "Tightened at",
)
PARTIES = (
    "Interior Minister Talia Vorenne", "Coastal Cooperation Council (CCC)",
    "Halvaran Federation Navy", "Drevnian National Police", "Velmoran Border Guard",
    "Secretary-General Ines Carvalhar", "Marlow & Teske Haulage", "Port Almery Harbour Board",
    "Energy Minister Dragan Šimunović", "Zelenbrod Pipeline Consortium",
    "Aigalian Coast Guard", "Unidentified armed group", "Farmers' Union of Hollin",
    "International Grain Corridor Authority (IGCA)",
)
COMMENTS = (
    "The Desk could not confirm this figure independently.",
    "The ministry's figures; independent estimates are lower.",
    "Quoted in translation.",
    "The statement was later removed from the ministry's website.",
    "Two officials gave the same account separately to the Desk.",
    "The earlier report gave a different date for the meeting.",
    "The full text of the agreement has not been published.",
    "Local media reported the same figure without naming a source.",
)
NEWS_OUTLETS = (
    "The Kestrel Courier", "Arden Bay Herald", "Coastal Wire Service",
    "Radio Drevnia International", "Vestnik Koszara", "The Essmar Observer",
    "Halvaran Morning Post", "Seldane Evening Star",
)
ORGANISATIONS = (
    ("Coastal Cooperation Council", "CCC"),
    ("International Grain Corridor Authority", "IGCA"),
    ("Institute for Littoral Studies", "ILS"),
    ("Northern Freight Association", "NFA"),
    ("Halvaran Ministry of Transport", "HMT"),
    ("Drevnian Statistical Office", "DSO"),
)
PUBLISHERS = ("Halvaran University Press", "Ostrvo Academic", "Marrowgate Books",
              "Seldane Institute Press")
FAMILY = ("Lindqvist", "Oduya", "Relling", "Carvalhar", "Đukić", "Tolland", "Ilves",
          "Marchetti", "Okonkwo", "Haverkamp", "Szabó", "Brennan", "Nakamura", "Ferreira")
GIVEN = ("Marit", "Tomasz", "Ines", "Vesna", "Petra", "Jonah", "Amara", "Luca", "Hanne",
         "Kofi", "Ilse", "Rafael", "Mei", "Oren")
TOPICS = ("Smuggling", "Border Control", "Maritime Security", "Transit Energy", "Grain Trade",
          "Coastal Policing", "Regional Cooperation", "Informal Economies")
SUBTITLES = ("A Regional History", "Actors, Routes and Rules", "Lessons from the Northern Littoral",
             "Policy Options for a Crowded Corridor", "States, Markets and Networks")

NEWS, BOOK, REPORT, WEBPAGE = "article-newspaper", "book", "report", "webpage"
_TYPE_WEIGHTS = ((NEWS, 50), (BOOK, 15), (REPORT, 15), (WEBPAGE, 20))

WEEK_OF = dt.date(2024, 10, 14)  # a Monday


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------- a small chart as PNG


def png_bytes(width: int, height: int, rows: list[bytes]) -> bytes:
    """An 8-bit RGB PNG from rows of ``width * 3`` bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + row for row in rows)
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def chart_png(seed: int, width: int = 320, height: int = 180) -> bytes:
    """A bar chart with a trend line, different for each seed (a few kilobytes)."""
    rng = random.Random(seed)
    background, axis, bar, line = (250, 250, 246), (70, 70, 80), (96, 138, 190), (200, 70, 50)
    bars = [rng.randint(20, height - 40) for _ in range(12)]
    px = [[background] * width for _ in range(height)]
    base = height - 20
    for i, h in enumerate(bars):
        x0 = 30 + i * 24
        for y in range(base - h, base):
            for x in range(x0, x0 + 16):
                px[y][x] = bar
    for x in range(20, width - 10):
        px[base][x] = axis
        y = int(base - 40 - 30 * math.sin(x / 40.0 + seed))
        px[y][x] = px[y + 1][x] = line
    for y in range(10, base):
        px[y][20] = axis
    return png_bytes(width, height, [bytes(v for rgb in row for v in rgb) for row in px])


# ---------------------------------------------------------------- the generator


class _Writer:
    """Builds one brief: sources first, then sections whose notes follow a cite plan."""

    def __init__(self, sections: int, notes_per_section: int, sources: int | None,
                 seed: int) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.n_sections = max(0, sections)
        self.per_section = max(0, notes_per_section)
        self.total_notes = self.n_sections * self.per_section
        self.n_sources = sources if sources is not None else self.n_sections // 2 + 20
        self.sources = [self._source(i) for i in range(self.n_sources)]
        self.kind = {s["id"]: s["type"] for s in self.sources}
        self.introduced = 0  # sources cited so far, in order
        self.note_index = 0
        self.previous: dict[str, Any] | None = None  # the note just before, as raw JSON

    # -- sources

    def _date(self) -> list[int]:
        day = WEEK_OF - dt.timedelta(days=self.rng.randint(0, 120))
        return [day.year, day.month, day.day]

    def _grades(self) -> dict[str, str]:
        return {"reliability": self.rng.choice("AABBBCCDEF"),
                "credibility": self.rng.choice("112223345"),
                "note": self.rng.choice(("Regional outlet with reporters on the ground.",
                                         "Primary document of the body concerned.",
                                         "Usually confirmed by later official statements.",
                                         "An interested party; read with care."))}

    def _source(self, i: int) -> dict[str, Any]:
        rng = self.rng
        kind = rng.choices([k for k, _ in _TYPE_WEIGHTS], [w for _, w in _TYPE_WEIGHTS])[0]
        sid = f"src{i:05d}"
        headline = (f"{rng.choice(HEADING_SUBJECTS)} {rng.choice(HEADING_PREDICATES)} "
                    f"{rng.choice(PLACES)}")
        if kind == NEWS:
            outlet = rng.choice(NEWS_OUTLETS)
            date = self._date()
            return {"id": sid, "type": NEWS, "title": f"{headline}, No. {i + 1}",
                    "container-title": outlet, "issued": {"date-parts": [date]},
                    "URL": f"https://www.{_slug(outlet)}.example/{date[0]}/{date[1]:02d}/"
                           f"{date[2]:02d}/{_slug(headline)}-{i}",
                    "custom": self._grades()}
        if kind == BOOK:
            topic = rng.choice(TOPICS)
            authors = [{"family": rng.choice(FAMILY), "given": rng.choice(GIVEN)}
                       for _ in range(rng.choice((1, 1, 1, 2)))]
            return {"id": sid, "type": BOOK,
                    "title": f"{topic} in {rng.choice(PLACES)}: {rng.choice(SUBTITLES)}",
                    "title-short": f"{topic} in {rng.choice(PLACES)} {i}",
                    "author": authors, "publisher": rng.choice(PUBLISHERS),
                    "publisher-place": rng.choice(PLACES),
                    "issued": {"date-parts": [[rng.randint(2004, 2023)]]},
                    "custom": self._grades()}
        org, abbr = rng.choice(ORGANISATIONS)
        date = self._date()
        if kind == REPORT:
            return {"id": sid, "type": REPORT,
                    "title": f"{rng.choice(TOPICS)}: {rng.choice(SUBTITLES)} ({abbr} {i})",
                    "author": [{"literal": org}], "publisher": f"{org} Secretariat",
                    "publisher-place": rng.choice(PLACES), "number": f"{abbr}/{date[0]}/{i}",
                    "issued": {"date-parts": [date[:2]]},
                    "URL": f"https://www.{_slug(abbr)}.example/documents/{date[0]}-{i}.pdf",
                    "custom": self._grades()}
        accessed = WEEK_OF + dt.timedelta(days=rng.randint(0, 4))
        return {"id": sid, "type": WEBPAGE, "title": f"{headline}: Notice {i + 1}",
                "container-title": org, "issued": {"date-parts": [date]},
                "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
                "URL": f"https://www.{_slug(abbr)}.example/notices/{i}",
                "custom": self._grades()}

    # -- notes

    def _locator(self, source: str) -> dict[str, str]:
        rng = self.rng
        kind = self.kind[source]
        if kind in (BOOK, REPORT):
            page = rng.randint(3, 320)
            if rng.random() < 0.15:
                return {"locator": f"{page}–{page + rng.randint(1, 4)}"}
            return {"locator": str(page)}
        if kind == WEBPAGE:
            return {"locator": str(rng.randint(1, 9)), "label": "section"}
        return {"locator": str(rng.randint(1, 8))}

    def _cite(self, source: str, locator_chance: float) -> dict[str, Any]:
        cite: dict[str, Any] = {"source": source}
        if self.rng.random() < locator_chance:
            cite.update(self._locator(source))
        return cite

    def _earlier(self) -> str:
        # Recent sources more often, as in real prose, but anything cited so far can return.
        rng = self.rng
        if rng.random() < 0.6:
            start = max(0, self.introduced - 8)
            return self.sources[rng.randrange(start, self.introduced)]["id"]
        return self.sources[rng.randrange(self.introduced)]["id"]

    def next_note(self) -> dict[str, Any]:
        """The next note: a first cite when one is due, else a realistic pattern."""
        rng = self.rng
        self.note_index += 1
        # ceil(i * K / T): after the last note every source has been cited once.
        due = min(self.n_sources, -(-self.note_index * self.n_sources // self.total_notes))
        note: dict[str, Any]
        if due > self.introduced:
            ids = [s["id"] for s in self.sources[self.introduced:due]]
            self.introduced = due
            note = {"cites": [self._cite(i, 0.35) for i in ids]}
        elif self.introduced == 0:  # a brief without sources: commentary notes only
            note = {"cites": [], "comment": [rng.choice(COMMENTS)]}
        else:
            note = self._pattern()
        self.previous = note
        return {"note": note}

    def _pattern(self) -> dict[str, Any]:
        rng = self.rng
        prev = self.previous
        single = (prev is not None and len(prev["cites"]) == 1 and "comment" not in prev)
        roll = rng.random()
        if single and roll < 0.18:  # Ibid.: same source, same locator (or none)
            return {"cites": [{k: v for k, v in prev["cites"][0].items() if k != "prefix"}]}
        if single and roll < 0.32:  # Ibid. with a (new) locator
            source = prev["cites"][0]["source"]
            return {"cites": [{"source": source, **self._locator(source)}]}
        roll = rng.random()
        if roll < 0.12 and self.introduced >= 2:  # several sources in one note
            picks: list[str] = []
            for _ in range(rng.choice((2, 2, 3))):
                source = self._earlier()
                if source not in picks:
                    picks.append(source)
            cites = [self._cite(s, 0.3) for s in picks]
            if rng.random() < 0.4:
                cites[-1]["prefix"] = "see also" if len(cites) > 1 else "see"
            return {"cites": cites}
        if roll < 0.19:  # commentary note: breaks any Ibid. chain
            return {"cites": [], "comment": [rng.choice(COMMENTS)]}
        cite = self._cite(self._earlier(), 0.4)
        if roll < 0.26:
            return {"cites": [cite], "comment": [rng.choice(COMMENTS)]}
        if roll < 0.33:
            cite["prefix"] = "see"
        return {"cites": [cite]}

    # -- prose

    def _event_sentence(self) -> str:
        rng = self.rng
        detail = rng.choice(DETAILS).format(n=rng.randint(2, 60))
        when = rng.choice(("on Monday", "on Tuesday", "late on Wednesday", "on Thursday",
                           "early on Friday", "over the weekend"))
        return (f"{_cap(when)}, "
                f"{rng.choice(ACTORS)} in {rng.choice(PLACES)} {rng.choice(REPORTED)} "
                f"{rng.choice(OBJECTS)}, and officials said that {detail}.")

    def _quote_sentence(self) -> str:
        rng = self.rng
        return f"{_cap(rng.choice(ACTORS))} said that “{rng.choice(QUOTES)}.”"

    def _analysis_sentence(self) -> str:
        rng = self.rng
        text = (f"{rng.choice(OPENERS)} {rng.choice(CLAUSES)}, {rng.choice(CONNECTORS)} "
                f"{rng.choice(CLAUSES)}.")
        if rng.random() < 0.15:
            text = text[:-1] + f", which officials describe as “{rng.choice(SCARE)}.”"
        return _cap(text)

    def _paragraph(self, notes: int, sentences: int, analytic: bool) -> list[Any]:
        """A paragraph of ``sentences`` sentences carrying ``notes`` notes, each after one."""
        rng = self.rng
        sentences = max(sentences, notes)
        carrying = set(rng.sample(range(sentences), notes))
        spans: list[Any] = []
        text = ""
        for i in range(sentences):
            if i in carrying and rng.random() < 0.3:
                sentence = self._quote_sentence()
            elif analytic:
                sentence = self._analysis_sentence()
            else:
                sentence = self._event_sentence()
            text += (" " if text or spans else "") + sentence
            if i in carrying:
                spans.append(text)
                text = ""
                spans.append(self.next_note())
        if text:
            spans.append(text)
        return spans

    @staticmethod
    def _split(total: int, parts: int) -> list[int]:
        return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]

    def section(self, index: int) -> dict[str, Any]:
        rng = self.rng
        sid = f"s{index + 1:04d}"
        heading = [f"{rng.choice(HEADING_SUBJECTS)} {rng.choice(HEADING_PREDICATES)} "
                   f"{rng.choice(PLACES)}"]
        notes = self.per_section
        if index % 8 == 7:
            figure = index % 16 == 15  # every second narrative
            caption_notes = 1 if figure and notes else 0
            body = [self._paragraph(n, rng.randint(4, 6) + n, analytic=bool(i % 2))
                    for i, n in enumerate(self._split(notes - caption_notes, 4))]
            section: dict[str, Any] = {"id": sid, "kind": "narrative", "heading": heading,
                                       "body": body}
        else:
            figure = False
            caption_notes = 0
            in_event = (notes * 6 + 9) // 10
            date = WEEK_OF + dt.timedelta(days=rng.randint(0, 4))
            section = {
                "id": sid, "kind": "event", "heading": heading, "date": date.isoformat(),
                "location": f"{rng.choice(PLACES)}, {rng.choice(COUNTRIES)}",
                "parties": rng.sample(PARTIES, rng.randint(2, 4)),
                "event": [self._paragraph(n, rng.randint(3, 5) + n, analytic=False)
                          for n in self._split(in_event, 2)],
                "implications": [self._paragraph(n, rng.randint(4, 7), analytic=True)
                                 for n in self._split(notes - in_event, 3)],
            }
        if figure:
            caption: list[Any] = [f"Monthly transits through {rng.choice(PLACES)}, "
                                  f"with the trend of the past year."]
            if caption_notes:
                caption.append(self.next_note())
            section["figures"] = [{
                "id": f"fig-{sid}", "media_type": "image/png",
                "data": base64.b64encode(chart_png(self.seed * 7919 + index)).decode("ascii"),
                "caption": caption, "credit": f"{rng.choice(GIVEN)} {rng.choice(FAMILY)} / "
                                              "Northgate Analysis Group",
                "alt": "Bar chart of monthly transits over a year, with a trend line.",
            }]
        return section


def brief_raw(sections: int, notes_per_section: int = 10, sources: int | None = None,
              seed: int = 0, *, citation_style: str = "brief", notes: str = "endnotes",
              paper: str = "letter") -> dict[str, Any]:
    """The synthetic brief as FORMAT.md JSON (a fresh dict: callers may change it)."""
    writer = _Writer(sections, notes_per_section, sources, seed)
    body = [writer.section(i) for i in range(writer.n_sections)]
    return {
        "format": "brief-editor",
        "version": 1,
        "meta": {
            "publication": "Regional Security Brief",
            "title": f"Synthetic Issue of {sections} Sections",
            "issue": 1 + seed % 500,
            "week_of": WEEK_OF.isoformat(),
            "authors": ["Maren Oduya", "Tomasz Relling"],
            "team": "Littoral Security Desk (LSD)",
            "organization": "Northgate Analysis Group (NAG)",
            "summary": ["A generated issue for timing the editor, the checks and the exports."],
            "credits": ["Translation from Drevnian by Petra Ilves"],
            "language": "en-US",
            "marking": "UNCLASSIFIED // FOR PUBLIC RELEASE",
        },
        "style": {"citation_style": citation_style, "notes": notes, "ibid": True,
                  "paper": paper},
        "sections": body,
        "sources": writer.sources,
    }


def generate_brief(sections: int, notes_per_section: int = 10, sources: int | None = None,
                   seed: int = 0):
    """The synthetic brief as a model ``Brief`` (validated by the real parser)."""
    from brief_editor.model import parse

    return parse(brief_raw(sections, notes_per_section, sources, seed))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", type=int, required=True)
    parser.add_argument("--notes-per-section", type=int, default=10)
    parser.add_argument("--sources", type=int, default=None,
                        help="number of sources (default: sections / 2 + 20)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    from brief_editor.model import dumps, parse
    from brief_editor.storage.atomic import atomic_write

    raw = brief_raw(args.sections, args.notes_per_section, args.sources, args.seed)
    atomic_write(args.output, dumps(parse(raw)).encode("utf-8"))
    return 0


if __name__ == "__main__":
    if str(Path(__file__).resolve().parents[1]) not in sys.path:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
