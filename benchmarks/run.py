"""The benchmark runner behind ``make bench``: a table of named cases, timed best of N.

Usage::

    python benchmarks/run.py [--sizes 10,200,1000] [--only check,notes] [--repeat 3]
                             [--timeout 900] [--no-cache] [--list]

It generates 10-, 200- and 1,000-section briefs (``benchmarks/generate.py``) into
``benchmarks/out/`` (git-ignored), runs every registered case for each size, prints one line
per case as it finishes and a table at the end, and writes ``benchmarks/out/results.json``.
Commands run with ``BRIEF_EDITOR_HOME`` in ``benchmarks/out/work/home``, so the user's
settings and note cache are neither used nor touched; ``notes-N`` words every note (no
cache), ``notes-cached-N`` reads the cache, and ``--no-cache`` makes every command cold.

A case is a ``Bench``: a name, a group, a size, and ``prepare(folder)``, which writes what
the case needs and returns either an argv (the whole process is timed, wall clock) or a
callable (timed in this process with ``time.perf_counter``). A case may instead read its
time from what its process prints (``metric``), for programs that time themselves, such as
the editor's startup. ``prepare`` raises ``Skip`` (or ``RuntimeError``/``ImportError``, as
the case modules do) when something the case needs is missing; a command that exits with a
usage error or a missing module is reported as skipped too, so the table stays useful while
parts of the program are still being written. Other failures are reported as FAILED and
make the runner exit with status 1.

To add cases, append a provider to ``PROVIDERS``: a function of the ``Context`` that yields
``Bench`` values. The export cases come from ``benchmarks/cases_*.py`` modules, whose
``cases()`` give objects with ``name``, ``group`` and ``prepare(folder) -> argv``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "benchmarks"
OUT_DIR = BENCH_DIR / "out"
DEFAULT_SIZES = (10, 200, 1000)
# The program's switch for its on-disk cache of worded notes (see cli._renderer).
NO_CACHE = "BRIEF_EDITOR_NO_CACHE"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

Runnable = list[str] | Callable[[], object]


class Skip(Exception):
    """Raised by ``prepare`` when the case cannot run here; the message says why."""


@dataclass(frozen=True)
class Bench:
    """One named benchmark case."""

    name: str
    group: str
    size: int | None
    prepare: Callable[[Path], Runnable]
    # Read the time (in seconds) from the process's standard output instead of the clock.
    metric: Callable[[str], float] | None = None
    # Runs of this case regardless of --repeat (for programs that repeat internally).
    repeat: int | None = None
    # Exit statuses that mean success (``check`` exits 1 when it finds errors).
    ok_codes: tuple[int, ...] = (0,)
    # Extra environment for the process (on top of the runner's own).
    env: dict[str, str] = field(default_factory=dict)
    description: str = ""


@dataclass
class Result:
    """What happened to one case."""

    name: str
    group: str
    size: int | None
    status: str  # "ok", "skipped" or "failed"
    times_s: list[float] = field(default_factory=list)
    reason: str = ""

    @property
    def best_s(self) -> float | None:
        return min(self.times_s) if self.times_s else None

    @property
    def median_s(self) -> float | None:
        return statistics.median(self.times_s) if self.times_s else None

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "group": self.group, "size": self.size,
                "status": self.status, "best_s": _round(self.best_s),
                "median_s": _round(self.median_s), "times_s": [_round(t) for t in self.times_s],
                "reason": self.reason}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


class Context:
    """What providers share: the sizes asked for, the output folder, the generated briefs."""

    def __init__(self, sizes: Iterable[int], out_dir: Path) -> None:
        self.sizes = tuple(sizes)
        self.out_dir = out_dir
        self._briefs: dict[int, Path] = {}

    def brief_path(self, sections: int) -> Path:
        """The generated brief of ``sections`` sections (written once per run)."""
        path = self._briefs.get(sections)
        if path is None:
            from benchmarks.generate import brief_raw
            from brief_editor.model import dumps, parse
            from brief_editor.storage.atomic import atomic_write

            path = self.out_dir / f"bench-{sections}.brief"
            atomic_write(path, dumps(parse(brief_raw(sections))).encode("utf-8"))
            self._briefs[sections] = path
        return path


def brief_editor_command() -> list[str]:
    """The installed ``brief-editor`` script beside this Python, else ``python -m``."""
    script = Path(sys.executable).with_name("brief-editor")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "brief_editor"]


_subcommands: set[str] | None = None


def available_subcommands() -> set[str]:
    """The subcommands ``brief-editor --help`` lists (asked once per run)."""
    global _subcommands
    if _subcommands is None:
        try:
            done = subprocess.run([*brief_editor_command(), "--help"], capture_output=True,
                                  text=True, timeout=120, check=False)
            listed = re.search(r"\{([\w,-]+)\}", done.stdout)
            _subcommands = set(listed.group(1).split(",")) if listed else set()
        except (OSError, subprocess.TimeoutExpired):
            _subcommands = set()
    return _subcommands


def _require_subcommand(argv: list[str]) -> None:
    """Skip a case whose ``brief-editor`` subcommand the program does not have (yet)."""
    command = brief_editor_command()
    rest: list[str] | None = None
    if argv[:len(command)] == command:
        rest = argv[len(command):]
    elif "-m" in argv and argv.index("-m") + 1 < len(argv) and \
            argv[argv.index("-m") + 1] == "brief_editor":
        rest = argv[argv.index("-m") + 2:]
    if rest and not rest[0].startswith("-") and rest[0] not in available_subcommands():
        raise Skip(f"brief-editor has no '{rest[0]}' command yet")


def json_metric(key: str, scale: float = 1.0) -> Callable[[str], float]:
    """Read ``key`` from the last JSON line of a program's output, times ``scale``."""

    def read(stdout: str) -> float:
        for line in reversed(stdout.strip().splitlines()):
            line = line.strip()
            if line.startswith("{"):
                return float(json.loads(line)[key]) * scale
        raise ValueError(f"no JSON line with '{key}' in the output")

    return read


# ---------------------------------------------------------------- providers


def command_cases(ctx: Context) -> Iterator[Bench]:
    """``brief-editor check`` and ``notes`` (brief style), as whole processes."""
    for size in ctx.sizes:
        def check(_folder: Path, size: int = size) -> Runnable:
            return [*brief_editor_command(), "check", str(ctx.brief_path(size))]

        def notes(_folder: Path, size: int = size) -> Runnable:
            return [*brief_editor_command(), "notes", str(ctx.brief_path(size))]

        yield Bench(f"check-{size}", "check", size, check, ok_codes=(0, 1),
                    description="brief-editor check FILE (whole process)")
        yield Bench(f"notes-{size}", "notes", size, notes, env={NO_CACHE: "1"},
                    description="brief-editor notes FILE, brief style, every note worded "
                                "(no note cache; whole process)")
        yield Bench(f"notes-cached-{size}", "notes", size, notes,
                    description="brief-editor notes FILE again, worded notes read from the "
                                "note cache (whole process)")


def storage_cases(ctx: Context) -> Iterator[Bench]:
    """Reading and saving a brief, in process."""
    from brief_editor.storage.files import read_brief, save_brief

    for size in ctx.sizes:
        def load(_folder: Path, size: int = size) -> Runnable:
            path = ctx.brief_path(size)
            return lambda: read_brief(path)

        def save(folder: Path, size: int = size) -> Runnable:
            brief = read_brief(ctx.brief_path(size))
            target = folder / f"saved-{size}.brief"
            return lambda: save_brief(target, brief)

        yield Bench(f"load-{size}", "load", size, load,
                    description="storage.files.read_brief (in process)")
        yield Bench(f"save-{size}", "save", size, save,
                    description="storage.files.save_brief, atomic (in process)")


def analysis_cases(ctx: Context) -> Iterator[Bench]:
    """Wording every note and running every check, in process, cold and warm."""
    for size in ctx.sizes:
        def cold(_folder: Path, size: int = size) -> Runnable:
            brief = _load(ctx.brief_path(size))

            def run() -> None:
                from brief_editor.citations.checks import run_checks
                from brief_editor.citations.notes import NoteRenderer, render_notes

                render_notes(brief, renderer=NoteRenderer())
                run_checks(brief)

            return run

        def warm(_folder: Path, size: int = size) -> Runnable:
            from brief_editor.citations.checks import run_checks
            from brief_editor.citations.notes import NoteRenderer, render_notes

            brief = _load(ctx.brief_path(size))
            renderer = NoteRenderer()
            render_notes(brief, renderer=renderer)
            edits = iter(range(10**9))

            def run() -> None:
                edited = _type_one_character(brief, next(edits))
                render_notes(edited, renderer=renderer)
                run_checks(edited)

            return run

        yield Bench(f"notes-checks-cold-{size}", "notes-checks", size, cold,
                    description="render_notes + run_checks with a new renderer (first refresh)")
        yield Bench(f"notes-checks-warm-{size}", "notes-checks", size, warm,
                    description="render_notes + run_checks after a one-character edit, "
                                "warm renderer, whole brief (no incremental cache)")


def editor_cases(ctx: Context) -> Iterator[Bench]:
    """Editor startup and the editor's live refresh, when their scripts exist."""
    startup = BENCH_DIR / "startup.py"
    refresh = BENCH_DIR / "refresh.py"
    for size in ctx.sizes:
        def start(_folder: Path, size: int = size) -> Runnable:
            if not startup.exists():
                raise Skip("benchmarks/startup.py is not there")
            return [sys.executable, str(startup), str(ctx.brief_path(size))]

        def live(_folder: Path, size: int = size) -> Runnable:
            if not refresh.exists():
                raise Skip("benchmarks/refresh.py is not there")
            return [sys.executable, str(refresh), "--sections", str(size), "--runs", "10"]

        yield Bench(f"startup-{size}", "startup", size, start,
                    metric=json_metric("startup_s"),
                    description="start to a painted editor window with the brief open")
        yield Bench(f"refresh-{size}", "refresh", size, live, repeat=1,
                    metric=json_metric("refresh_ms_median", 0.001),
                    description="editor's live notes+checks refresh after typing "
                                "(median of 10, reported by refresh.py)")


def preview_cases(ctx: Context) -> Iterator[Bench]:
    """The editor's preview after an edit: plan, lay out the PDF, draw the first two pages."""
    for size in ctx.sizes:
        def preview(_folder: Path, size: int = size) -> Runnable:
            from brief_editor.citations.notes import NoteRenderer, render_notes
            from brief_editor.export.pdf_raster import PdfPages
            from brief_editor.export.preview import compile_preview, preview_plan

            brief = _load(ctx.brief_path(size))
            renderer = NoteRenderer()
            render_notes(brief, renderer=renderer)  # the editor has worded them as you typed

            def run() -> None:
                plan = preview_plan(brief, renderer=renderer)
                pdf, _ = compile_preview(plan)
                pages = PdfPages(pdf)
                for index in range(min(2, len(pages))):
                    pages.render(index, 816, 1056)  # a letter page at 96 pixels per inch
                pages.close()

            return run

        yield Bench(f"preview-{size}", "preview", size, preview,
                    description="editor preview: plan, Typst PDF, PDFium draws 2 pages "
                                "(in process; the editor compiles in its worker)")


_SIZE_IN_NAME = re.compile(r"-(\d+)(?:-|$)")


def module_cases(module_name: str) -> Callable[[Context], Iterator[Bench]]:
    """Cases from a ``benchmarks/cases_*.py`` module, filtered to the sizes asked for."""

    def provide(ctx: Context) -> Iterator[Bench]:
        if not (BENCH_DIR / f"{module_name}.py").exists():
            return
        module = importlib.import_module(f"benchmarks.{module_name}")
        for case in module.cases():
            match = _SIZE_IN_NAME.search(case.name)
            size = int(match.group(1)) if match else None
            if size is not None and size not in ctx.sizes:
                continue
            yield Bench(case.name, getattr(case, "group", module_name), size, case.prepare,
                        description=f"from benchmarks/{module_name}.py")

    return provide


def writing_cases(ctx: Context) -> Iterator[Bench]:
    """Spelling with every check, and typing in the editor (benchmarks/cases_writing.py)."""
    from benchmarks.cases_writing import cases

    yield from cases(ctx, Bench, json_metric)


PROVIDERS: list[Callable[[Context], Iterable[Bench]]] = [
    command_cases,
    storage_cases,
    analysis_cases,
    editor_cases,
    preview_cases,
    module_cases("cases_docx"),
    module_cases("cases_pdf"),
    module_cases("cases_review"),  # review-200-500: read and map a Word review
    module_cases("cases_workspace"),
    lambda ctx: importlib.import_module("benchmarks.cases_scale").provide(ctx),
    lambda ctx: importlib.import_module("benchmarks.cases_import").provide(ctx),
    writing_cases,
]


def _load(path: Path):
    from brief_editor.storage.files import read_brief

    return read_brief(path)


def _type_one_character(brief, n: int):
    """The brief after typing one character at the end of the middle section's first text."""
    import dataclasses

    from brief_editor.model import EventSection

    if not brief.sections:
        return brief
    index = len(brief.sections) // 2
    section = brief.sections[index]
    name = "event" if isinstance(section, EventSection) else "body"
    paragraphs = list(getattr(section, name)) or [()]
    first = list(paragraphs[0])
    ch = "abcdefghijklmnopqrstuvwxyz"[n % 26]
    if first and isinstance(first[-1], str):
        first[-1] += ch
    else:
        first.append(ch)
    paragraphs[0] = tuple(first)
    sections = list(brief.sections)
    sections[index] = dataclasses.replace(section, **{name: tuple(paragraphs)})
    return dataclasses.replace(brief, sections=tuple(sections))


# ---------------------------------------------------------------- running


# Output of a command that is not there (yet): argparse's usage errors, missing modules.
_UNAVAILABLE = re.compile(
    r"invalid choice|unrecognized arguments|No module named|not implemented|"
    r"give at most one file to open|"
    r"command not found|No such file or directory: .*brief-editor", re.IGNORECASE)


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else ""


def run_case(bench: Bench, folder: Path, repeat: int, timeout: float,
             env: dict[str, str] | None = None) -> Result:
    """Prepare and time one case; never raises for the case's own failures."""
    result = Result(bench.name, bench.group, bench.size, "ok")
    try:
        runnable = bench.prepare(folder)
        if isinstance(runnable, list):
            _require_subcommand(runnable)
    except (Skip, RuntimeError, ImportError, FileNotFoundError) as exc:
        result.status, result.reason = "skipped", str(exc) or type(exc).__name__
        return result
    except Exception as exc:  # a broken case must not stop the others
        result.status, result.reason = "failed", f"prepare: {type(exc).__name__}: {exc}"
        return result
    for _ in range(bench.repeat or repeat):
        try:
            elapsed = (_time_process(bench, runnable, folder, timeout, env or {})
                       if isinstance(runnable, list) else _time_call(runnable))
        except Skip as exc:
            result.status, result.reason = "skipped", str(exc)
            break
        except RuntimeError as exc:
            result.status, result.reason = "failed", str(exc)
            break
        except Exception as exc:
            result.status, result.reason = "failed", f"{type(exc).__name__}: {exc}"
            break
        result.times_s.append(elapsed)
    if result.status != "ok":
        result.times_s.clear()
    return result


def _time_call(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def _time_process(bench: Bench, argv: list[str], folder: Path, timeout: float,
                  env: dict[str, str]) -> float:
    full_env = {**os.environ, **env, **bench.env}
    start = time.perf_counter()
    try:
        done = subprocess.run(argv, cwd=folder, capture_output=True, text=True,
                              timeout=timeout, check=False, env=full_env)
    except FileNotFoundError:
        raise Skip(f"{argv[0]} is not installed") from None
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"timed out after {timeout:g} s") from None
    elapsed = time.perf_counter() - start
    if done.returncode not in bench.ok_codes:
        message = _last_line(done.stderr) or _last_line(done.stdout)
        if _UNAVAILABLE.search(done.stderr or ""):
            raise Skip(f"command unavailable (exit {done.returncode}): {message}")
        raise RuntimeError(f"exit {done.returncode}: {message}")
    if bench.metric is not None:
        return bench.metric(done.stdout)
    return elapsed


def select(benches: Iterable[Bench], only: list[str] | None) -> list[Bench]:
    """Cases whose group or name is in ``only``, or whose name starts with one of them."""
    chosen = list(benches)
    if not only:
        return chosen
    return [b for b in chosen
            if any(t == b.group or t == b.name or b.name.startswith(t) for t in only)]


def collect(ctx: Context) -> list[Bench]:
    benches: list[Bench] = []
    for provider in PROVIDERS:
        try:
            benches.extend(provider(ctx))
        except Exception as exc:  # one broken module of cases must not hide the others
            name = getattr(provider, "__name__", "provider")
            benches.append(Bench(f"{name}-unavailable", "error", None,
                                 _raiser(f"{type(exc).__name__}: {exc}")))
    return benches


def _raiser(reason: str) -> Callable[[Path], Runnable]:
    def prepare(_folder: Path) -> Runnable:
        raise Skip(reason)

    return prepare


def _fmt(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def format_row(result: Result) -> str:
    size = "" if result.size is None else str(result.size)
    if result.status == "ok":
        runs = len(result.times_s)
        return (f"{result.name:34} {size:>6}  {_fmt(result.best_s):>10}  "
                f"{_fmt(result.median_s):>10}  {runs:>4}")
    label = "skipped" if result.status == "skipped" else "FAILED"
    return f"{result.name:34} {size:>6}  {label}: {result.reason}"


HEADER = f"{'case':34} {'size':>6}  {'best':>10}  {'median':>10}  {'runs':>4}"


def machine() -> dict[str, Any]:
    return {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "processor": platform.processor() or platform.machine()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="comma-separated numbers of sections (default 10,200,1000)")
    parser.add_argument("--only", default="",
                        help="comma-separated groups or case names (prefixes match)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; the best counts")
    parser.add_argument("--timeout", type=float, default=900,
                        help="seconds before one run of a command is given up")
    parser.add_argument("--no-cache", action="store_true",
                        help="no note cache for any command: every run words every note")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error("--sizes takes whole numbers separated by commas, e.g. 10,200")
    if args.repeat < 1:
        parser.error("--repeat must be 1 or more")
    only = [t.strip() for t in args.only.split(",") if t.strip()]

    out_dir: Path = args.out.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    ctx = Context(sizes, out_dir)
    benches = select(collect(ctx), only)
    if args.list:
        for bench in benches:
            print(f"{bench.name:34} {bench.group:14} {bench.description}")
        return 0
    if not benches:
        print(f"no case matches --only {args.only}", file=sys.stderr)
        return 2

    # Case modules write their inputs into this folder; a fresh one each run, so an input
    # left by an older generator is never timed by mistake.
    work = out_dir / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    # The commands' settings, caches and recovery files go here, not into the user's folders.
    env = {"BRIEF_EDITOR_HOME": str(work / "home")}
    if args.no_cache:
        env[NO_CACHE] = "1"

    print(f"{len(benches)} cases, sizes {', '.join(map(str, sizes))}, best of {args.repeat} "
          f"({os.cpu_count()} cpus)", flush=True)
    print(HEADER, flush=True)
    results: list[Result] = []
    for bench in benches:
        result = run_case(bench, work, args.repeat, args.timeout, env)
        results.append(result)
        print(format_row(result), flush=True)

    print()
    print("Summary")
    print(HEADER)
    for result in sorted(results, key=lambda r: (r.group, r.size or 0, r.name)):
        print(format_row(result))
    report = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "repeat": args.repeat,
        "no_cache": args.no_cache,
        "sizes": sizes,
        "results": [r.as_json() for r in results],
    }
    from brief_editor.storage.atomic import atomic_write

    target = out_dir / "results.json"
    atomic_write(target, (json.dumps(report, indent=2) + "\n").encode("utf-8"))
    print(f"\nwrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
    return 1 if any(r.status == "failed" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
