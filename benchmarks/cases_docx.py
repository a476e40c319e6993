"""Benchmark cases for the DOCX export, each timed as a whole process.

``brief-editor export`` of the 10-, 200- and 1,000-section briefs, and, on the same
content, pandoc 3 (from the ``pypandoc-binary`` wheel, extra ``bench``) making DOCX from
equivalent Markdown with ``--citeproc``, a Chicago notes style and a CSL-JSON bibliography.

Each case prepares its input files in a folder and gives the command to time, so a runner
can time it however it likes; ``python benchmarks/cases_docx.py`` times them alone.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (10, 200, 1000)
# Chicago notes with Ibid., as pandoc's users would pick it; the bundled copy otherwise.
CHICAGO_CANDIDATES = (
    ROOT.parent / "shared" / "csl" / "chicago-notes-bibliography-subsequent-ibid.csl",
    ROOT / "resources" / "styles" / "chicago-notes.csl",
)


@dataclass(frozen=True)
class Case:
    """A named command: ``prepare(folder)`` writes its inputs and returns the argv to time."""

    name: str
    prepare: Callable[[Path], list[str]]
    group: str = "docx"


def _brief_raw(sections: int) -> dict:
    """The synthetic brief of ``sections`` sections (about ten notes each)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    try:  # the shared generator, when benchmarks/generate.py provides one
        from benchmarks.generate import brief_raw as shared  # type: ignore[import-not-found]
    except ImportError:
        shared = None
    if shared is not None:
        # Chicago notes on both sides, so that the comparison with pandoc is like for like.
        return shared(sections, citation_style="chicago-notes")
    sys.path.insert(0, str(ROOT / "tests" / "export"))
    from docx_briefs import brief_raw

    return brief_raw(sections=sections, notes_per_section=10, citation_style="chicago-notes",
                     figure_every=20, source_count=sections * 3)


def _write_brief(folder: Path, sections: int) -> Path:
    path = folder / f"brief-{sections}.brief"
    if not path.exists():
        path.write_text(json.dumps(_brief_raw(sections), ensure_ascii=False, indent=1),
                        encoding="utf-8")
    return path


def _brief_editor(sections: int) -> Case:
    def prepare(folder: Path) -> list[str]:
        brief = _write_brief(folder, sections)
        return [sys.executable, "-m", "brief_editor", "export", str(brief),
                "-o", str(folder / f"brief-{sections}.docx")]

    return Case(f"docx-export-{sections}", prepare)


def _pandoc(sections: int) -> Case:
    def prepare(folder: Path) -> list[str]:
        pandoc = pandoc_path()
        if pandoc is None:
            raise RuntimeError("pandoc 3 is missing: pip install -e '.[bench]'")
        from brief_editor.model import loads

        brief = loads(json.dumps(_brief_raw(sections)))
        md = folder / f"pandoc-{sections}.md"
        bib = folder / f"pandoc-{sections}.json"
        md.write_text(brief_markdown(brief, folder), encoding="utf-8")
        bib.write_text(json.dumps([s.data for s in brief.sources], ensure_ascii=False),
                       encoding="utf-8")
        csl = next(p for p in CHICAGO_CANDIDATES if p.exists())
        return [pandoc, str(md), "--citeproc", f"--csl={csl}", f"--bibliography={bib}",
                "-o", str(folder / f"pandoc-{sections}.docx")]

    return Case(f"pandoc-docx-{sections}", prepare)


def pandoc_path() -> str | None:
    """pandoc from the pypandoc-binary wheel (pandoc 3), not Debian's older one."""
    try:
        import pypandoc
    except ImportError:
        return None
    try:
        return pypandoc.get_pandoc_path()
    except OSError:
        return None


def cases() -> list[Case]:
    """Ours and pandoc's, interleaved by size so they are compared in the same run."""
    out: list[Case] = []
    for n in SIZES:
        out.append(_brief_editor(n))
        out.append(_pandoc(n))
    return out


# ---------------------------------------------------------------- the equivalent Markdown

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|@^~$&\"'])")


def _md_text(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def _md_cite(cite) -> str:
    out = f"@{cite.source}"
    if cite.prefix:
        out = f"{_md_text(cite.prefix)} {out}"
    if cite.locator:
        label = cite.label or "page"
        out += f", {label} {cite.locator}" if label != "page" else f", {cite.locator}"
    if cite.suffix:
        out += f" {_md_text(cite.suffix)}"
    return out


def _md_inline(spans) -> str:
    from brief_editor.model import Link, Note, Styled

    out = []
    for span in spans:
        if isinstance(span, str):
            out.append(_md_text(span))
        elif isinstance(span, Styled):
            text = _md_text(span.text)
            if "bold" in span.marks:
                text = f"**{text}**"
            if "italic" in span.marks:
                text = f"*{text}*"
            out.append(text)
        elif isinstance(span, Link):
            out.append(f"[{_md_text(span.text)}](<{span.url}>)")
        elif isinstance(span, Note):
            cites = "; ".join(_md_cite(c) for c in span.cites)
            comment = _md_inline(span.comment or ())
            if cites and not comment:
                out.append(f"[{cites}]")
            elif cites:
                out.append(f"^[[{cites}]. {comment}]")
            else:
                out.append(f"^[{comment}]")
    return "".join(out)


def brief_markdown(brief, folder: Path) -> str:
    """The brief as pandoc Markdown: the same headings, labels, bullets, notes and figures."""
    from brief_editor.export.plan import format_long_date, week_of_line
    from brief_editor.model import EventSection

    m = brief.meta
    lines = [f"% {_md_text(m.publication)}: {_md_text(m.title)}",
             f"% {_md_text(', '.join(m.authors))}, {_md_text(m.team)}",
             f"% {week_of_line(m.week_of) if m.week_of else ''} \\| Issue {m.issue}", ""]
    for number, section in enumerate(brief.sections, start=1):
        lines += [f"# {_md_inline(section.heading)}", ""]
        if isinstance(section, EventSection):
            if section.date:
                lines += [f"**Date:** {format_long_date(section.date)}", ""]
            if section.location:
                lines += [f"**Location:** {_md_text(section.location)}", ""]
            if section.parties:
                lines += [f"**Parties involved:** {_md_text('; '.join(section.parties))}", ""]
            for i, paragraph in enumerate(section.event):
                label = "**The event:** " if i == 0 else ""
                lines += [label + _md_inline(paragraph), ""]
            if section.implications:
                lines += ["**The implications:**", ""]
                lines += [f"- {_md_inline(b)}" for b in section.implications]
                lines.append("")
        else:
            for paragraph in section.body:
                lines += [_md_inline(paragraph), ""]
        for i, figure in enumerate(section.figures):
            image = folder / f"fig-{number}-{i}.png"
            image.write_bytes(base64.b64decode(figure.data))
            lines += [f"![{_md_inline(figure.caption)}]({image.name})", "",
                      _md_text(figure.credit), ""]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- timing alone


def time_case(case: Case, folder: Path, runs: int = 3) -> list[float]:
    """Wall-clock seconds of ``runs`` runs of the case's command (after one untimed run)."""
    argv = case.prepare(folder)
    times = []
    for i in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(argv, check=True, cwd=folder, capture_output=True)
        if i:
            times.append(time.perf_counter() - start)
    return times


def main() -> int:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="bench-docx-") as tmp:
        folder = Path(tmp)
        results: dict[str, float] = {}
        for case in cases():
            if case.name.startswith("pandoc") and pandoc_path() is None:
                print(f"{case.name:22} skipped: pip install -e '.[bench]' for pandoc 3")
                continue
            times = time_case(case, folder)
            results[case.name] = statistics.median(times)
            print(f"{case.name:22} median {results[case.name]:6.2f} s   "
                  f"({', '.join(f'{t:.2f}' for t in times)})", flush=True)
        for n in SIZES:
            ours, theirs = results.get(f"docx-export-{n}"), results.get(f"pandoc-docx-{n}")
            if ours and theirs:
                print(f"{n:5} sections: brief-editor {ours:.2f} s, pandoc {theirs:.2f} s, "
                      f"pandoc / brief-editor = {theirs / ours:.1f}")
        if shutil.which("nproc"):
            cpus = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
            print(f"({cpus} cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
