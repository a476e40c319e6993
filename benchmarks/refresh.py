"""Time the editor's live refresh of notes and checks after a one-character edit.

Usage: python benchmarks/refresh.py [--sections 1000] [--runs 20] — prints
{"refresh_ms_median": …, "refresh_ms_p95": …, "insert_note_ms_median": …,
"insert_note_cpu_ms_median": …} as JSON (the last is the GUI thread's CPU time, for a
machine shared with other work).

The brief comes from ``benchmarks/generate.py``'s ``generate_brief`` when it is there, else
from a generator of our own with the same shape (about ten notes a section, Ibid. chains,
quotations, a few hundred sources). After a warm-up (every note worded once, as when a brief
has been open a while), each run types one character into a paragraph of a section in the
middle of the issue and times what the live controller does once the debounce fires:
recompute notes and checks and publish them to the docks, the outline and the status bar,
up to the window repainted. ``insert_note_ms_median`` times the same after a note is
inserted instead (a note citing a source, at the end of the first paragraph of that
section): every later note is renumbered.

The edit itself is pushed and its own updates (the form, the outline's badges) delivered
before the clock starts, as the 300 ms of the debounce do in the editor; the clock stops
when every event the refresh set off has been delivered, zero-delay timers included (a
view's delayed relayout runs on one), so no work of either moves out of its window.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from brief_editor.model import (  # noqa: E402
    Brief,
    Cite,
    EventSection,
    Meta,
    NarrativeSection,
    Note,
    Source,
    Styled,
)

_WORDS = ["talks", "delegation", "ceasefire", "port", "grain", "shipment", "border", "patrol", "ministry", "statement", "officials", "reported", "week", "council", "vote", "militia", "convoy", "attack", "province", "governor", "election", "protest", "court", "ruling", "sanctions", "envoy", "summit", "agreement"]


def _sentence(rng: random.Random, words: int = 14) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def own_brief(sections: int = 1000, notes_per_section: int = 10, seed: int = 7) -> Brief:
    """A large brief: events and narratives, about ``notes_per_section`` notes each."""
    rng = random.Random(seed)
    n_sources = max(10, sections // 3)
    sources = []
    for i in range(n_sources):
        kind = rng.choice(("article-newspaper", "webpage", "report", "book"))
        data: dict[str, object] = {
            "id": f"src{i}", "type": kind,
            "title": f"{_sentence(rng, 5)[:-1]} {i}",
            "container-title": rng.choice(("Example Wire", "Daily Record", "Gazette", "Monitor")),
            "issued": {"date-parts": [[2024, rng.randint(1, 12), rng.randint(1, 28)]]},
            "URL": f"https://example.org/news/{i}",
        }
        if kind == "book":
            data["author"] = [{"family": f"Writer{i}", "given": "Alex"}]
            data["publisher"] = "Example Press"
        sources.append(Source(data))

    def note(previous: str | None) -> Note:
        if previous is not None and rng.random() < 0.35:
            source = previous  # an Ibid. chain
        else:
            source = f"src{rng.randrange(n_sources)}"
        locator = str(rng.randint(1, 300)) if rng.random() < 0.4 else None
        cites = [Cite(source, locator)]
        if rng.random() < 0.1:
            cites.append(Cite(f"src{rng.randrange(n_sources)}"))
        comment = (_sentence(rng, 6),) if rng.random() < 0.05 else None
        return Note(tuple(cites), comment)

    secs = []
    last: str | None = None

    def paragraph(notes: int) -> tuple:
        nonlocal last
        spans: list[object] = []
        for _ in range(notes):
            spans.append(_sentence(rng) + " ")
            if rng.random() < 0.1:
                spans.append(Styled("Example Wire", ("italic",)))
            made = note(last)
            last = made.cites[-1].source
            spans.append(made)
        spans.append(" " + _sentence(rng, 8))
        if rng.random() < 0.03:  # something for the checks to find
            spans.append(rng.choice((" “the ministry will not sign the agreement” he said.",
                                     " As reported [3].", " Ibid. says so.")))
        return tuple(spans)

    for i in range(sections):
        if i % 5 == 4:
            secs.append(NarrativeSection(
                id=f"s{i + 1}", heading=(f"Outlook {i + 1}",),
                body=tuple(paragraph(notes_per_section // 3) for _ in range(3))))
        else:
            secs.append(EventSection(
                id=f"s{i + 1}", heading=(f"Event number {i + 1}",), date=dt.date(2024, 3, 4),
                location="Geneva", parties=("A", "B"),
                event=(paragraph(4), paragraph(3)),
                implications=(paragraph(2), paragraph(1)),
            ))
    return Brief(
        meta=Meta(publication="Security Brief", title="Benchmark", issue=1,
                  week_of=dt.date(2024, 3, 4), authors=("A. Analyst",), team="Team",
                  organization="Group"),
        sections=tuple(secs), sources=tuple(sources),
    )


def make_brief(sections: int) -> Brief:
    try:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from generate import generate_brief  # type: ignore[import-not-found]
    except ImportError:
        return own_brief(sections)
    try:
        return generate_brief(sections)
    except TypeError:
        return generate_brief(sections=sections)


def type_one_character(brief: Brief, section_index: int, n: int) -> Brief:
    """The brief after typing one character at the end of a paragraph of one section."""
    section = brief.sections[section_index]
    field = "event" if isinstance(section, EventSection) else "body"
    paragraphs = list(getattr(section, field))
    first = list(paragraphs[0])
    ch = "abcdefghijklmnopqrstuvwxyz"[n % 26]
    if first and isinstance(first[-1], str):
        first[-1] = first[-1] + ch
    else:
        first.append(ch)
    paragraphs[0] = tuple(first)
    sections = list(brief.sections)
    sections[section_index] = dataclasses.replace(section, **{field: tuple(paragraphs)})
    return dataclasses.replace(brief, sections=tuple(sections))


def cite_once_more(brief: Brief, section_index: int, n: int) -> Brief:
    """The brief after inserting a note citing a source at the end of a paragraph."""
    section = brief.sections[section_index]
    field = "event" if isinstance(section, EventSection) else "body"
    paragraphs = list(getattr(section, field))
    paragraphs[0] = (*paragraphs[0], Note((Cite(brief.sources[n % len(brief.sources)].id or "",
                                                str(n)),)))
    sections = list(brief.sections)
    sections[section_index] = dataclasses.replace(section, **{field: tuple(paragraphs)})
    return dataclasses.replace(brief, sections=tuple(sections))


def settle(app) -> None:
    """Deliver the pending events and the zero-delay timers they start: one
    ``processEvents`` leaves a timer started while it runs for the next call."""
    for _ in range(3):
        app.processEvents()


def _timed(window, live, app, edit, runs: int, cpu: list[float] | None = None) -> list[float]:
    """Wall-clock milliseconds of each run (sorted); ``cpu`` gets the GUI thread's CPU
    milliseconds of each, which a machine busy with other work inflates less."""
    times = []
    for n in range(runs + 2):
        edited = edit(window.document.brief, n)
        window.document.push(edited, "Edit")
        settle(app)  # the edit's own updates, before the debounce fires
        start, start_cpu = time.perf_counter(), time.thread_time()
        live.refresh_now()
        settle(app)  # and the refresh's relayouts and repaints
        elapsed = (time.perf_counter() - start) * 1000
        if n >= 2:
            times.append(elapsed)
            if cpu is not None:
                cpu.append((time.thread_time() - start_cpu) * 1000)
    return sorted(times)


def _p95(times: list[float]) -> float:
    return times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("BRIEF_EDITOR_HOME", tempfile.mkdtemp(prefix="brief-bench-"))

    from brief_editor.ui.app import create_application
    from brief_editor.ui.document import Document
    from brief_editor.ui.mainwindow import MainWindow

    app = create_application([sys.argv[0]])
    window = MainWindow()
    window.show()
    brief = make_brief(args.sections)
    window.set_document(Document(brief, parent=window))
    live = window.live
    live.refresh_now(wait=True)  # warm-up: every note worded once
    app.processEvents()
    middle = len(brief.sections) // 2
    window.outline.select(brief.sections[middle].id)
    app.processEvents()
    times = _timed(window, live, app, lambda b, n: type_one_character(b, middle, n), args.runs)
    result = {"refresh_ms_median": round(statistics.median(times), 2),
              "refresh_ms_p95": round(_p95(times), 2), "sections": len(brief.sections),
              "notes": live.note_count, "problems": len(live.problems), "runs": len(times)}
    # Not the typing case: a new note renumbers and repositions every note after it.
    cpu: list[float] = []
    cites = _timed(window, live, app, lambda b, n: cite_once_more(b, middle, n), 5, cpu)
    result["insert_note_ms_median"] = round(statistics.median(cites), 1)
    result["insert_note_cpu_ms_median"] = round(statistics.median(cpu), 1)
    sys.stdout.write(json.dumps(result) + "\n")
    window.document.undo_stack.setClean()
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
