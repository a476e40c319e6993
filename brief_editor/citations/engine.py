"""The one citeproc-js of the process, owned by one thread that everything talks to.

A V8 isolate (mini-racer) must be created, used and freed by one thread only. Before this
module each ``NoteRenderer`` made its own isolate on whichever thread first needed notes:
the editor's GUI thread, its notes-wording thread and the preview thread each built and
drove isolates of their own at the same time, and the garbage collector freed them on
whatever thread dropped the last reference. mini-racer starts V8 with ``--single-threaded``,
whose platform is not made for that, and the editor died in V8 now and then.

Now there is one ``CiteprocEngine`` per process (``shared_engine()``): a daemon thread
that owns the only isolate, takes requests from a queue and answers each through a future.
The GUI, the wording worker, the preview, an export and the command line all queue their
work here. A request that runs too long stops the JavaScript and the engine starts a fresh
isolate for the next one; listeners hear of every restart (the editor says so in its status
bar). ``close()`` ends the thread and frees the isolate deterministically: at exit, or when
the editor quits.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import logging
import queue
import threading
from collections.abc import Callable, Sequence
from typing import Any

from brief_editor.citations.errors import CitationError

log = logging.getLogger(__name__)

# A single request (words a whole brief's pending notes) takes well under a second; one that
# runs this long is a runaway script, not a long brief.
DEFAULT_TIMEOUT_S = 60.0
# How long a caller waits past the script timeout before it gives the owner thread up.
_GRACE_S = 30.0
# V8's heap for citeproc-js; past it the script is stopped rather than the process.
MEMORY_LIMIT_BYTES = 1024 * 1024 * 1024

_STOP = object()


class EngineRestarted(CitationError):
    """The engine stopped on a request and was started afresh; the request failed."""


class CiteprocEngine:
    """citeproc-js in one isolate, used by one owner thread; safe to call from any thread."""

    def __init__(self, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        self.timeout_s = timeout_s
        self.restarts = 0
        self._queue: queue.Queue[Any] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._state_lock = threading.Lock()
        self._listeners: list[Callable[[str], None]] = []
        self._closed = False

    # ------------------------------------------------------------------ the callers' side

    def render(self, style_key: str, style_xml: str, lang: str,
               items: dict[str, dict[str, Any]],
               clusters: Sequence[list[dict[str, Any]]]) -> list[str]:
        """citeproc-js's HTML for each cluster, worded by ``style_xml`` in ``lang``."""
        if not clusters:
            return []
        return self._call(lambda runtime: runtime.render(
            style_key, style_xml, lang, items, list(clusters), timeout_s=self.timeout_s))

    def locales(self) -> list[str]:
        """The CSL locales loaded in the isolate."""
        return self._call(lambda runtime: runtime.locales())

    def add_listener(self, listener: Callable[[str], None]) -> None:
        """Call ``listener(message)`` (on the owner thread) whenever the engine restarts."""
        with self._state_lock:
            self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[str], None]) -> None:
        with self._state_lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    @property
    def running(self) -> bool:
        thread = self._thread
        return thread is not None and thread.is_alive()

    @property
    def owner(self) -> threading.Thread | None:
        """The thread that owns the isolate (None before the first request)."""
        return self._thread

    def close(self, timeout: float = 10.0) -> None:
        """End the owner thread and free the isolate now; a later request starts a new one."""
        with self._state_lock:
            thread, self._thread = self._thread, None
            requests = self._queue
            self._queue = queue.Queue()
        if thread is not None and thread.is_alive():
            requests.put(_STOP)
            thread.join(timeout)
            if thread.is_alive():
                log.warning("the notes engine did not stop within %.0f s", timeout)

    def _call(self, work: Callable[[Any], Any]) -> Any:
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        with self._state_lock:
            self._ensure_thread()
            requests, thread = self._queue, self._thread
        requests.put((work, future))
        try:
            return future.result(timeout=self.timeout_s + _GRACE_S)
        except concurrent.futures.TimeoutError:
            # The owner does not answer even though the script was told to stop: give it
            # up (it is a daemon) and let the next request start a fresh one.
            with self._state_lock:
                if self._thread is thread:
                    self._thread = None
                    self._queue = queue.Queue()
            requests.put(_STOP)
            self._restarted("the notes engine stopped answering and was restarted")
            raise EngineRestarted("wording the notes took too long; the notes engine was "
                                  "restarted") from None

    def _ensure_thread(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        thread = threading.Thread(target=self._serve, args=(self._queue,), daemon=True,
                                  name="citeproc-engine")
        self._thread = thread
        thread.start()

    def _restarted(self, message: str) -> None:
        self.restarts += 1
        log.warning("%s", message)
        with self._state_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(message)
            except Exception:  # a listener must not take the engine down
                log.exception("a notes-engine listener failed")

    # ------------------------------------------------------------------ the owner thread

    def _serve(self, requests: queue.Queue[Any]) -> None:
        from brief_editor.citations.citeproc import CiteprocRuntime, RuntimeBroken

        runtime: CiteprocRuntime | None = None
        try:
            while True:
                request = requests.get()
                if request is _STOP:
                    return
                work, future = request
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    if runtime is None:
                        runtime = CiteprocRuntime(memory_limit=MEMORY_LIMIT_BYTES)
                    future.set_result(work(runtime))
                except RuntimeBroken as exc:
                    # The isolate may be half-way through anything: never use it again.
                    if runtime is not None:
                        runtime.close()
                    runtime = None
                    self._restarted(f"the notes engine stopped ({exc.reason}) and was "
                                    "restarted")
                    future.set_exception(EngineRestarted(str(exc)))
                except BaseException as exc:
                    future.set_exception(exc)
        finally:
            if runtime is not None:
                runtime.close()


_shared: CiteprocEngine | None = None
_shared_lock = threading.Lock()


def shared_engine() -> CiteprocEngine:
    """The process's engine (made on first use, its thread started on the first request)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = CiteprocEngine()
        return _shared


@atexit.register
def close_shared_engine() -> None:
    """Stop the owner thread and free the isolate (also called when the editor quits)."""
    engine = _shared
    if engine is not None:
        engine.close()
