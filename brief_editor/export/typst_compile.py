"""The Typst compile step, in this process or in a worker process that is recycled.

The ``typst`` binding keeps Typst's memoization cache for the life of the process and never
trims it (messense/typst-py#104): repeated compiles in one process grow without bound. The
command line compiles once and exits, so it calls :func:`compile_pdf` directly. The editor,
which recompiles as the user types, uses :class:`TypstWorker`: a spawned process that is
replaced after a number of compiles or once its memory passes a limit.

Only system fonts are ignored: a compile sees Typst's embedded fonts and the folders or
files in ``font_paths``, so the same brief looks the same on every laptop.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brief_editor.errors import BriefEditorError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

log = logging.getLogger(__name__)


class TypstCompileError(BriefEditorError):
    """Typst could not lay out the document; ``diagnostic`` holds Typst's own report."""

    def __init__(self, message: str, diagnostic: str = "") -> None:
        super().__init__(message)
        self.diagnostic = diagnostic


@dataclass(frozen=True)
class CompileJob:
    """Everything one compile needs; plain data so it can cross to a worker process."""

    template: Path
    inputs: dict[str, str]
    root: Path
    font_paths: tuple[Path, ...] = ()
    pdf_standards: tuple[str, ...] = ()
    timestamp: int | None = None  # UNIX seconds: the document's date, never the clock
    # A tagged PDF (for screen readers): every export; the editor's preview, which is only
    # drawn, skips the tags and the time they take.
    pdf_tags: bool = True


@dataclass(frozen=True)
class CompileResult:
    """The PDF and Typst's warnings."""

    pdf: bytes
    warnings: tuple[str, ...] = field(default=())


# Building the font book scans every file in the font folders; reuse it for the same list.
_fonts_cache: dict[tuple[str, ...], Any] = {}


def _fonts(font_paths: Sequence[Path]) -> Any:
    import typst

    key = tuple(str(p) for p in font_paths)
    fonts = _fonts_cache.get(key)
    if fonts is None:
        fonts = typst.Fonts(
            include_system_fonts=False,
            include_embedded_fonts=True,
            font_paths=[str(p) for p in font_paths],
        )
        _fonts_cache[key] = fonts
    return fonts


def available_families(font_paths: Sequence[Path] = ()) -> list[str]:
    """Font families a compile with ``font_paths`` can use (embedded ones included)."""
    return list(_fonts(font_paths).families())


def system_font_files(family: str) -> list[Path]:
    """Files of an installed (system) font family, so a profile can name one by its name."""
    import typst

    wanted = family.casefold()
    files = {
        Path(info.path)
        for info in typst.Fonts(include_system_fonts=True, include_embedded_fonts=False).fonts()
        if info.path and info.family.casefold() == wanted
    }
    return sorted(files)


def run_job(job: CompileJob) -> CompileResult:
    """Compile ``job`` in this process."""
    import typst

    try:
        source = job.template.read_bytes()
    except OSError as exc:
        raise TypstCompileError(f"{job.template}: cannot read the PDF template ({exc})") from None
    kwargs: dict[str, Any] = {}
    if job.timestamp is not None:
        kwargs["timestamp"] = dt.datetime.fromtimestamp(job.timestamp, dt.UTC)
    try:
        out, warnings = typst.compile_with_warnings(
            source,
            root=str(job.root),
            font_paths=_fonts(job.font_paths),
            ignore_system_fonts=True,
            format="pdf",
            sys_inputs=job.inputs,
            pdf_standards=list(job.pdf_standards),
            pdf_tags=job.pdf_tags,
            **kwargs,
        )
    except typst.TypstError as exc:
        raise TypstCompileError(
            f"the PDF could not be laid out: {exc.message}", str(exc.diagnostic)
        ) from None
    messages = tuple(str(w.message) for w in warnings)
    assert isinstance(out, bytes)
    return CompileResult(out, messages)


# The input that holds the plan, and the name under which a kept compiler's template finds
# the plan as a file instead (see brief.typ).
PLAN_INPUT = "plan"
PLAN_FILE_INPUT = "plan-file"
PLAN_FILE = "plan.json"
MAIN_FILE = "main.typ"


class KeptCompiler:
    """One ``typst.Compiler`` kept across compiles, in a project folder of its own.

    Each job's plan is written to ``plan.json`` in ``folder`` and its files (the figures)
    are copied beside it; the template is told where the plan is by ``sys.inputs``, which
    then stays the same from one compile to the next. Jobs without a plan (the font probe)
    compile as :func:`run_job` does.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._compiler: Any = None
        self._key: tuple[Any, ...] | None = None
        self._files: dict[str, bytes] = {}

    def run(self, job: CompileJob) -> CompileResult:
        if PLAN_INPUT not in job.inputs:
            return run_job(job)
        import typst

        try:
            source = job.template.read_bytes()
        except OSError as exc:
            raise TypstCompileError(
                f"{job.template}: cannot read the PDF template ({exc})") from None
        key = (source, job.font_paths)
        if self._compiler is None or key != self._key:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / MAIN_FILE).write_bytes(source)
            self._compiler = typst.Compiler(
                str(self.folder / MAIN_FILE), root=str(self.folder),
                font_paths=_fonts(job.font_paths), ignore_system_fonts=True)
            self._key = key
        self._sync_files(job.root)
        (self.folder / PLAN_FILE).write_text(job.inputs[PLAN_INPUT], encoding="utf-8")
        inputs = {k: v for k, v in job.inputs.items() if k != PLAN_INPUT}
        inputs[PLAN_FILE_INPUT] = "/" + PLAN_FILE
        kwargs: dict[str, Any] = {}
        if job.timestamp is not None:
            kwargs["timestamp"] = dt.datetime.fromtimestamp(job.timestamp, dt.UTC)
        try:
            out, warnings = self._compiler.compile_with_warnings(
                format="pdf", sys_inputs=inputs, pdf_standards=list(job.pdf_standards),
                pdf_tags=job.pdf_tags, **kwargs)
        except typst.TypstError as exc:
            raise TypstCompileError(
                f"the PDF could not be laid out: {exc.message}", str(exc.diagnostic)
            ) from None
        assert isinstance(out, bytes)
        return CompileResult(out, tuple(str(w.message) for w in warnings))

    def _sync_files(self, root: Path) -> None:
        """Copy the job's files (its figures) into the folder, where changed; drop the rest."""
        if root.resolve() == self.folder.resolve():
            return  # a warm-up job, whose files are here already
        wanted: dict[str, bytes] = {}
        for path in root.iterdir():
            if path.is_file() and path.name not in (MAIN_FILE, PLAN_FILE):
                wanted[path.name] = path.read_bytes()
        for name in set(self._files) - set(wanted):
            with contextlib.suppress(OSError):
                (self.folder / name).unlink()
        for name, data in wanted.items():
            if self._files.get(name) != data:
                (self.folder / name).write_bytes(data)
        self._files = wanted


def compile_pdf(
    template_path: Path,
    inputs: dict[str, str],
    root: Path,
    font_paths: Sequence[Path] = (),
    *,
    pdf_standards: Sequence[str] = (),
    timestamp: int | None = None,
) -> bytes:
    """Compile the template with ``inputs`` in this process and return the PDF."""
    job = CompileJob(template_path, dict(inputs), root, tuple(font_paths), tuple(pdf_standards),
                     timestamp)
    result = run_job(job)
    for warning in result.warnings:
        log.warning("typst: %s", warning)
    return result.pdf


def rss_bytes() -> int:
    """Resident memory of this process in bytes (0 where it cannot be read)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    if sys.platform == "win32":
        return _windows_rss()
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        # macOS reports bytes, the BSDs kilobytes; the peak is a fair stand-in for a limit.
        return peak if sys.platform == "darwin" else peak * 1024
    except (ImportError, OSError):
        return 0


def _windows_rss() -> int:
    import ctypes
    from ctypes import wintypes

    class Counters(ctypes.Structure):
        _fields_ = [
            ("cb", wintypes.DWORD),
            ("PageFaultCount", wintypes.DWORD),
            ("PeakWorkingSetSize", ctypes.c_size_t),
            ("WorkingSetSize", ctypes.c_size_t),
            ("QuotaPeakPagedPoolUsage", ctypes.c_size_t),
            ("QuotaPagedPoolUsage", ctypes.c_size_t),
            ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
            ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
            ("PagefileUsage", ctypes.c_size_t),
            ("PeakPagefileUsage", ctypes.c_size_t),
        ]

    counters = Counters()
    counters.cb = ctypes.sizeof(Counters)
    process = ctypes.windll.kernel32.GetCurrentProcess()  # type: ignore[attr-defined]
    ok = ctypes.windll.psapi.GetProcessMemoryInfo(  # type: ignore[attr-defined]
        process, ctypes.byref(counters), counters.cb
    )
    return int(counters.WorkingSetSize) if ok else 0


def _worker_main(conn: Connection, folder: str | None = None) -> None:
    """The loop of a worker process: compile each job received, answer with the result."""
    kept = KeptCompiler(Path(folder)) if folder else None
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            result: Any = kept.run(job) if kept is not None else run_job(job)
        except TypstCompileError as exc:
            result = ("error", str(exc), exc.diagnostic)
        except Exception as exc:  # the parent must hear of any failure, not hang
            result = ("error", f"the PDF could not be laid out: {exc!r}", "")
        try:
            conn.send((result, rss_bytes()))
        except (EOFError, OSError):
            return


class TypstWorker:
    """Compiles in a spawned process that is replaced every ``max_compiles`` compiles or
    once its resident memory passes ``max_rss_mb``.

    The process keeps one Typst compiler (see :class:`KeptCompiler`), so repeated compiles
    of a changing plan lay out only what changed. With ``warm_up``, a replaced process is
    given the last job at once, without waiting for its answer, so that the next compile
    finds its layout cache filled again; a compile that arrives first waits for it.

    Thread-safe: one compile at a time. :meth:`cancel` (from another thread) kills a
    compile in progress; the caller of :meth:`compile` then gets a ``TypstCompileError``.
    """

    def __init__(self, *, max_compiles: int = 25, max_rss_mb: int = 1200,
                 timeout: float | None = 120.0, warm_up: bool = False,
                 max_growth: float | None = None) -> None:
        self.max_compiles = max_compiles
        self.max_rss_mb = max_rss_mb
        # With ``max_growth``, the limit is at least that many times the memory a process
        # holds after its first compile: a long issue needs more than ``max_rss_mb`` for one
        # layout, and a limit below that would make every compile start from nothing.
        self.max_growth = max_growth
        self._first_rss = 0
        self.timeout = timeout
        self.warm_up = warm_up
        # Imported here: a one-off export from the command line never needs a worker.
        import multiprocessing

        self._context = multiprocessing.get_context("spawn")
        self._process: Any = None
        self._conn: Connection | None = None
        self._compiles = 0
        self._lock = threading.Lock()
        self._cancelled = False
        self._warming = False  # a warm-up job was sent and its answer not read yet
        self._folder: str | None = None  # the kept compiler's project folder
        self.last_rss = 0
        self.processes_started = 0
        self.warm_ups = 0

    @property
    def pid(self) -> int | None:
        """The id of the current worker process, or None when none is running."""
        return self._process.pid if self._process is not None else None

    def start(self) -> None:
        """Start the worker now (it otherwise starts on the first compile)."""
        with self._lock:
            self._ensure_started()

    def _ensure_started(self) -> None:
        if self._process is not None and self._process.is_alive():
            return
        self._stop_process()
        # The folder outlives a process: a replacement warms up from the plan left there.
        if self._folder is None or not os.path.isdir(self._folder):
            self._folder = tempfile.mkdtemp(prefix="brief-typst-")
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_worker_main, args=(child, self._folder),
                                        daemon=True, name="brief-editor-typst")
        process.start()
        child.close()
        self._process, self._conn = process, parent
        self._compiles = 0
        self._first_rss = 0
        self._warming = False
        self.processes_started += 1
        log.debug("typst worker %s started", process.pid)

    def _stop_process(self) -> None:
        process, conn = self._process, self._conn
        self._process, self._conn = None, None
        self._warming = False
        if conn is not None:
            with contextlib.suppress(OSError, ValueError):
                conn.send(None)
            conn.close()
        if process is not None:
            process.join(timeout=2)
            if process.is_alive():
                process.kill()
                process.join(timeout=2)
            log.debug("typst worker %s stopped", process.pid)

    def _finish_warm_up(self) -> None:
        """Read (and drop) the answer to a warm-up job, waiting for it if need be."""
        if not self._warming:
            return
        self._warming = False
        conn = self._conn
        assert conn is not None
        try:
            if not conn.poll(self.timeout):
                self._kill()
                return
            _answer, rss = conn.recv()
        except (EOFError, OSError):  # the warm-up failed: the compile starts a process anew
            self._kill()
            return
        self._count(rss)

    def _count(self, rss: int) -> None:
        self._compiles += 1
        self.last_rss = rss
        if self._compiles == 1:
            self._first_rss = rss

    @property
    def rss_limit(self) -> int:
        """The resident memory (bytes) past which the current process is replaced."""
        limit = self.max_rss_mb * 1024 * 1024
        if self.max_growth is not None:
            limit = max(limit, int(self._first_rss * self.max_growth))
        return limit

    def _send_warm_up(self, job: CompileJob) -> None:
        """Start a fresh process and give it ``job`` (from the kept folder) to lay out."""
        if self._folder is None:
            return
        self._ensure_started()
        conn = self._conn
        assert conn is not None
        try:
            conn.send(dataclasses.replace(job, root=Path(self._folder)))
        except (OSError, ValueError):
            self._kill()
            return
        self._warming = True
        self.warm_ups += 1

    def compile(self, job: CompileJob) -> CompileResult:
        """Compile ``job`` in the worker process."""
        with self._lock:
            self._cancelled = False
            self._ensure_started()
            try:
                self._finish_warm_up()
                self._ensure_started()
                conn = self._conn
                assert conn is not None
                conn.send(job)
                if not conn.poll(self.timeout):
                    self._kill()
                    raise TypstCompileError("the PDF took too long to lay out and was stopped")
                answer, rss = conn.recv()
            except (EOFError, OSError):
                cancelled = self._cancelled
                self._kill()
                if cancelled:
                    raise TypstCompileError("the PDF compile was cancelled") from None
                raise TypstCompileError("the PDF worker stopped unexpectedly") from None
            self._count(rss)
            if self._compiles >= self.max_compiles or rss > self.rss_limit:
                log.debug("recycling typst worker after %d compiles, %d MB", self._compiles,
                          rss // (1024 * 1024))
                self._stop_process()
                if self.warm_up and not isinstance(answer, tuple) and \
                        PLAN_INPUT in job.inputs and not self._cancelled:
                    self._send_warm_up(job)
        if isinstance(answer, tuple):
            _, message, diagnostic = answer
            raise TypstCompileError(message, diagnostic)
        return answer

    def _kill(self) -> None:
        process = self._process
        if process is not None and process.is_alive():
            process.kill()
        self._stop_process()

    def cancel(self) -> None:
        """Stop a compile in progress by killing the worker; the next compile starts anew."""
        self._cancelled = True
        process = self._process
        if process is not None and process.is_alive():
            process.kill()

    def close(self) -> None:
        """Stop the worker process and remove its project folder."""
        with self._lock:
            self._stop_process()
            folder, self._folder = self._folder, None
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)

    def __enter__(self) -> TypstWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
