"""The one citeproc-js of the program: a process of its own that everything asks for wording.

A V8 isolate (mini-racer) must be made, used and freed by one thread. Before this module
each ``NoteRenderer`` made its own isolate on whichever thread first needed notes: the
editor's GUI thread, its notes-wording thread and the preview thread each built and drove
isolates of their own at once, and the garbage collector freed them on whatever thread
dropped the last reference. Even with one isolate behind one lock, mini-racer answers from
V8's own thread through a ctypes callback while the caller's thread frees the answer, and
now and then the process died in V8 (issue 15, with every trace in ``render_clusters``).

So the isolate lives in a child process whose one thread owns it for its whole life. The
GUI, the wording worker, the preview, an export and the command line all send their work
here, one request at a time, through a pipe. If the child dies (a crash in V8, kill -9) or
a request runs too long, the child is replaced by a fresh one, the listeners hear of it (the
editor says so in its status bar) and a request that met a crash is tried once more. The
editor's own process never holds an isolate, so no crash in V8 can take the document with
it. ``close()`` ends the child deterministically: at exit, or when the editor quits.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from brief_editor.citations.errors import CitationError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

log = logging.getLogger(__name__)

# A request (all of a brief's pending notes) takes well under a second once the engine is
# up; one that runs this long is a runaway script, not a long brief.
DEFAULT_TIMEOUT_S = 60.0
# Starting the child (an interpreter, V8 and citeproc-js) on a busy machine.
START_TIMEOUT_S = 120.0
# V8's heap for citeproc-js; past it the script is stopped rather than the machine swapping.
MEMORY_LIMIT_BYTES = 1024 * 1024 * 1024


class EngineRestarted(CitationError):
    """The engine stopped on a request and was started afresh; the request failed."""


class CiteprocEngine:
    """citeproc-js in a child process that owns its isolate; safe to call from any thread."""

    def __init__(self, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        self.timeout_s = timeout_s
        self.restarts = 0
        self.processes_started = 0
        self._lock = threading.Lock()
        self._process: Any = None
        self._conn: Connection | None = None
        self._ready = False
        self._closes = 0  # close() calls so far: a request that outlives one does not restart
        self._warmed: set[tuple[str, str]] = set()  # styles the running child was asked to make
        self._listeners: list[Callable[[str], None]] = []
        self._listeners_lock = threading.Lock()

    # ------------------------------------------------------------------ requests

    def render(self, style_key: str, style_xml: str, lang: str,
               items: dict[str, dict[str, Any]],
               clusters: Sequence[list[dict[str, Any]]],
               register: Sequence[tuple[str, int]] = ()) -> list[str]:
        """citeproc-js's HTML for each cluster, worded by ``style_xml`` in ``lang``, with
        the items named in ``register`` known to it as the document's (to disambiguate)."""
        if not clusters:
            return []
        return self._request(("render", style_key, style_xml, lang, items, list(clusters),
                              list(register)))

    def locales(self) -> list[str]:
        """The CSL locales loaded in the engine."""
        return self._request(("locales",))

    def warm(self, style_key: str, style_xml: str, lang: str) -> None:
        """Have a running child make the style's citeproc engine now, without waiting.

        Making a style's engine and the first clusters through it (V8 compiling the code
        they run) cost a cold run about a tenth of a second. The caller sends this as soon as
        it knows the style, so the child does that while the caller still numbers and
        positions the notes; no answer comes back. Skipped when no child runs or another
        thread is in a request (never blocks the GUI).
        """
        key = (style_key, lang)
        if key in self._warmed or not self._lock.acquire(blocking=False):
            return
        try:
            process, conn = self._process, self._conn
            if process is None or conn is None or not process.is_alive():
                return
            self._warmed.add(key)
            with contextlib.suppress(OSError, ValueError):
                conn.send(("warm", style_key, style_xml, lang))
        finally:
            self._lock.release()

    def start(self, *, fork: bool = False) -> None:
        """Start the child now (without waiting for it), so the first notes come sooner.

        ``fork``: the caller knows its process runs one thread and no Qt (the command line,
        first thing): on Linux the child is then forked, so it begins with the program
        already imported instead of starting an interpreter and importing it again (about
        a tenth of a second of a cold command). It is still a process of its own, V8 is
        only ever made in it, and a restart always spawns afresh.
        """
        with self._lock:
            self._ensure_started(fork=fork and _may_fork())

    @property
    def pid(self) -> int | None:
        """The engine process's id, or None when none runs."""
        process = self._process
        return process.pid if process is not None and process.is_alive() else None

    def add_listener(self, listener: Callable[[str], None]) -> None:
        """Call ``listener(why)`` whenever the engine is restarted ("it took too long")."""
        with self._listeners_lock:
            self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[str], None]) -> None:
        with self._listeners_lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def close(self) -> None:
        """Stop the child and free its isolate now; a later request starts a new one.

        A request still running (a worker wording a long brief as the editor quits) is not
        waited for long: the child is ended under it, and that request fails quietly rather
        than starting another engine.
        """
        self._closes += 1
        if self._lock.acquire(timeout=2.0):
            try:
                # A child that never answered holds no work of ours: it is ended at once
                # rather than waited for while it loads V8 or makes a style no one will use
                # (a command whose notes all came from the cache).
                self._stop(kill=not self._ready)
            finally:
                self._lock.release()
            return
        process = self._process
        if process is not None and process.is_alive():
            process.kill()

    def _request(self, message: tuple[Any, ...]) -> Any:
        closes = self._closes
        with self._lock:
            for attempt in (1, 2):
                self._ensure_started()
                conn = self._conn
                assert conn is not None
                timeout = self.timeout_s if self._ready else START_TIMEOUT_S + self.timeout_s
                try:
                    conn.send(message)
                    if not conn.poll(timeout):
                        self._stop(kill=True)
                        self._restarted("it took too long")
                        raise EngineRestarted("wording the notes took too long; the notes "
                                              "engine was restarted")
                    answer = conn.recv()
                except (EOFError, OSError):
                    code = self._stop(kill=True)
                    if self._closes != closes:
                        raise CitationError("the notes engine was stopped (the program is "
                                            "closing)") from None
                    self._restarted(_ended(code))
                    if attempt == 1:
                        continue  # once more, on a fresh engine
                    raise EngineRestarted("the notes engine stopped twice on these notes; "
                                          "it was restarted") from None
                self._ready = True
                kind, payload = answer
                if kind == "ok":
                    return payload
                if kind == "broken":
                    self._stop(kill=True)
                    self._restarted(payload)
                    raise EngineRestarted(f"the notes engine stopped ({payload}) and was "
                                          "restarted")
                raise CitationError(payload)
        raise AssertionError("unreachable")  # pragma: no cover

    # ------------------------------------------------------------------ the child

    def _ensure_started(self, *, fork: bool = False) -> None:
        if self._process is not None:
            if self._process.is_alive():
                return
            # It died while idle (a crash, or killed): start anew, and say so.
            code = self._stop(kill=True)
            self._restarted(_ended(code))
        import multiprocessing

        context = multiprocessing.get_context("fork" if fork else "spawn")
        parent, child = context.Pipe()
        # A forked child holds this end too: it closes it, or it would never see EOF.
        process = context.Process(target=_engine_main,
                                  args=(child, MEMORY_LIMIT_BYTES, parent if fork else None),
                                  daemon=True, name="citeproc-engine")
        process.start()
        child.close()
        self._process, self._conn, self._ready = process, parent, False
        self.processes_started += 1
        log.debug("notes engine %s started", process.pid)

    def _stop(self, *, kill: bool = False) -> int | None:
        """End the child (politely, or ``kill``); return its exit status."""
        process, conn = self._process, self._conn
        self._process, self._conn, self._ready = None, None, False
        self._warmed = set()
        if conn is not None:
            if not kill:
                with contextlib.suppress(OSError, ValueError):
                    conn.send(None)
            conn.close()
        if process is not None:
            if kill and process.is_alive():
                process.kill()
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join(timeout=5)
            code = process.exitcode
            with contextlib.suppress(ValueError):
                process.close()
            return code
        return None

    def _restarted(self, why: str) -> None:
        self.restarts += 1
        log.warning("the notes engine stopped (%s) and was restarted", why)
        with self._listeners_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(why)
            except Exception:  # a listener (a closed window) must not take the engine down
                log.exception("a notes-engine listener failed")


def _ended(code: int | None) -> str:
    """Why the engine ended, for the status bar (the exit status goes to the log)."""
    log.warning("the notes engine ended with exit status %s", code)
    return "it crashed" if code is not None and code < 0 else "it ended unexpectedly"


def _may_fork() -> bool:
    """Whether forking the engine is safe here: Linux, this one thread, V8 never loaded
    and no Qt (whose threads the count below cannot see)."""
    import sys

    return (sys.platform.startswith("linux") and threading.active_count() == 1
            and "py_mini_racer" not in sys.modules and "PySide6" not in sys.modules)


def _engine_main(conn: Connection, memory_limit: int,
                 parent_end: Connection | None = None) -> None:
    """The child: make the isolate at once, then answer each request on this one thread."""
    if parent_end is not None:
        parent_end.close()
    from brief_editor.citations.citeproc import CiteprocRuntime, RuntimeBroken

    runtime: CiteprocRuntime | None = None
    startup_error: str | None = None
    try:
        runtime = CiteprocRuntime(memory_limit=memory_limit)
    except CitationError as exc:
        startup_error = str(exc)
    try:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                return
            if message is None:
                return
            if message[0] == "warm":  # no answer: a failure shows on the request after it
                try:
                    if runtime is not None:
                        runtime.warm(*message[1:])
                except RuntimeBroken:
                    return  # the next request meets a closed pipe and starts a fresh engine
                except Exception:  # noqa: BLE001 - the request itself reports it properly
                    log.debug("warming the notes engine failed", exc_info=True)
                continue
            answer: tuple[str, Any]
            try:
                if runtime is None:
                    raise CitationError(startup_error or "the notes engine cannot start")
                if message[0] == "render":
                    answer = ("ok", runtime.render(*message[1:]))
                else:
                    answer = ("ok", runtime.locales())
            except RuntimeBroken as exc:
                answer = ("broken", exc.reason)
            except CitationError as exc:
                answer = ("error", str(exc))
            except Exception as exc:  # the parent must hear of any failure, not hang
                answer = ("error", f"the notes engine failed: {type(exc).__name__}: "
                                   f"{str(exc)[:200]}")
            try:
                conn.send(answer)
            except (EOFError, OSError):
                return
            if answer[0] == "broken":
                return
    finally:
        if runtime is not None:
            runtime.close()


_shared: CiteprocEngine | None = None
_shared_lock = threading.Lock()


def shared_engine() -> CiteprocEngine:
    """The program's engine (made on first use; its process starts on the first request)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = CiteprocEngine()
        return _shared


@atexit.register
def close_shared_engine() -> None:
    """Stop the engine's process (also called when the editor quits)."""
    engine = _shared
    if engine is not None:
        engine.close()
