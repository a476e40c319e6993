"""Benchmark cases for the PDF export, each timed as a whole process.

``brief-editor export X.brief -o X.pdf`` of the 10-, 200- and 1,000-section briefs in both
note modes, and, on the same content, LibreOffice converting our DOCX to PDF (what a user
would otherwise do). The LibreOffice cases are skipped when ``soffice`` or the DOCX writer
is missing.

Each case prepares its input files in a folder and gives the command to time, so a runner
can time it however it likes; ``python benchmarks/cases_pdf.py`` times them alone, and
``python benchmarks/cases_pdf.py --memory`` compares the memory of repeated compiles in one
process with the recycled worker the editor uses.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SIZES = (10, 200, 1000)
MODES = ("endnotes", "footnotes")


@dataclass(frozen=True)
class Case:
    """A named command: ``prepare(folder)`` writes its inputs and returns the argv to time."""

    name: str
    prepare: Callable[[Path], list[str]]
    group: str = "pdf"


def brief_raw(sections: int, notes: str) -> dict[str, Any]:
    """The synthetic brief of ``sections`` sections (about ten notes each) in ``notes`` mode."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    raw: dict[str, Any] | None = None
    try:  # the shared generator, when benchmarks/generate.py provides one
        from benchmarks.generate import brief_raw as shared  # type: ignore[import-not-found]
    except ImportError:
        shared = None
    if shared is not None:
        raw = shared(sections)
    else:
        sys.path.insert(0, str(ROOT / "tests" / "export"))
        from docx_briefs import brief_raw as docx_brief_raw  # type: ignore[import-not-found]

        raw = docx_brief_raw(sections=sections, notes_per_section=10, notes=notes,
                             marking="UNCLASSIFIED // FOR TRAINING", figure_every=20)
    raw.setdefault("style", {})["notes"] = notes
    return raw


def write_brief(folder: Path, sections: int, notes: str) -> Path:
    """The benchmark brief as a file in ``folder`` (written once)."""
    path = folder / f"brief-{sections}-{notes}.brief"
    if not path.exists():
        path.write_text(json.dumps(brief_raw(sections, notes), ensure_ascii=False, indent=1),
                        encoding="utf-8")
    return path


def _export_args(brief: Path, output: Path) -> list[str]:
    # --force: a generated brief may trip a check; a DRAFT costs the same to lay out.
    return [sys.executable, "-m", "brief_editor", "export", str(brief), "-o", str(output),
            "--force"]


def _pdf_case(sections: int, notes: str) -> Case:
    def prepare(folder: Path) -> list[str]:
        brief = write_brief(folder, sections, notes)
        return _export_args(brief, folder / f"brief-{sections}-{notes}.pdf")

    return Case(f"pdf-export-{sections}-{notes}", prepare)


def soffice_path() -> str | None:
    """LibreOffice's command line program, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _libreoffice_case(sections: int, notes: str) -> Case:
    def prepare(folder: Path) -> list[str]:
        soffice = soffice_path()
        if soffice is None:
            raise RuntimeError("LibreOffice (soffice) is not installed")
        try:
            import brief_editor.export.docx_writer  # noqa: F401
        except ImportError:
            raise RuntimeError("the DOCX writer is not there yet") from None
        brief = write_brief(folder, sections, notes)
        docx = folder / f"lo-{sections}-{notes}.docx"
        done = subprocess.run(_export_args(brief, docx), capture_output=True, text=True,
                              check=False)
        if done.returncode != 0:
            raise RuntimeError(f"the DOCX export failed: {done.stderr.strip()}")
        profile = folder / "lo-profile"
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                   "--convert-to", "pdf", "--outdir", str(folder / "lo-out"), str(docx)]
        if not profile.exists():
            # LibreOffice builds its user profile on first start; a user has one already.
            subprocess.run(command, capture_output=True, check=False, timeout=600)
        return command

    return Case(f"libreoffice-pdf-{sections}-{notes}", prepare)


def cases() -> list[Case]:
    """Ours and LibreOffice's, interleaved by size so they are compared in the same run."""
    out: list[Case] = []
    for n in SIZES:
        for notes in MODES:
            out.append(_pdf_case(n, notes))
            out.append(_libreoffice_case(n, notes))
    return out


def time_case(case: Case, folder: Path, runs: int = 3) -> list[float]:
    """Wall-clock seconds of ``runs`` runs of the case's command."""
    command = case.prepare(folder)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


# ---------------------------------------------------------------- memory of repeated compiles


def memory_growth(sections: int = 200, compiles: int = 12, recycle_every: int = 4) -> dict:
    """Resident memory (MB) after each compile: all in one process, then in a recycled worker.

    Each way runs in a fresh child process, so neither counts the other's memory.
    """
    common = f"""
import json, sys
sys.path.insert(0, {str(ROOT)!r})
from benchmarks.cases_pdf import brief_raw
from brief_editor.model import loads
from brief_editor.export.plan import build_plan
from brief_editor.export.pdf_writer import render_pdf
from brief_editor.export.typst_compile import TypstWorker, rss_bytes
plan = build_plan(loads(json.dumps(brief_raw({sections}, "endnotes"))))
mb = lambda b: round(b / 2**20)
"""
    in_process = common + f"""
out = []
for _ in range({compiles}):
    render_pdf(plan)
    out.append(mb(rss_bytes()))
print(json.dumps({{"in_process_mb": out}}))
"""
    in_worker = common + f"""
worker_rss, editor_rss = [], []
with TypstWorker(max_compiles={recycle_every}) as worker:
    for _ in range({compiles}):
        render_pdf(plan, compiler=worker.compile)
        worker_rss.append(mb(worker.last_rss))
        editor_rss.append(mb(rss_bytes()))
    started = worker.processes_started
print(json.dumps({{"worker_mb": worker_rss, "editor_process_mb": editor_rss,
                  "worker_processes": started}}))
"""
    result: dict = {"sections": sections, "compiles": compiles, "recycle_every": recycle_every}
    for script in (in_process, in_worker):
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              check=True)
        result.update(json.loads(done.stdout.strip().splitlines()[-1]))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memory", action="store_true", help="measure memory, not time")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    args = parser.parse_args()
    if args.memory:
        result = memory_growth()
        print(json.dumps(result, indent=1))
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        folder = Path(tmp)
        results: dict[str, float] = {}
        for case in cases():
            if not any(case.name.split("-")[2] == str(n) for n in args.sizes):
                continue
            try:
                times = time_case(case, folder, runs=args.runs)
            except RuntimeError as exc:
                print(f"{case.name:30} skipped: {exc}", flush=True)
                continue
            results[case.name] = statistics.median(times)
            print(f"{case.name:30} median {results[case.name]:6.2f} s   "
                  f"({', '.join(f'{t:.2f}' for t in times)})", flush=True)
        for n in args.sizes:
            for notes in MODES:
                ours = results.get(f"pdf-export-{n}-{notes}")
                theirs = results.get(f"libreoffice-pdf-{n}-{notes}")
                if ours and theirs:
                    print(f"{n:5} sections, {notes:9}: brief-editor {ours:.2f} s, "
                          f"LibreOffice from DOCX {theirs:.2f} s, {theirs / ours:.1f}x faster")
        if shutil.which("nproc"):
            cpus = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
            print(f"({cpus} cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
