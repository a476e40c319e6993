"""A file of a compile's project folder whose contents come after the compile has started.

The command line words the notes (citeproc-js, a third of a second for a long issue) while
Typst lays out the text, which does not need them in endnote mode. Typst reads every file
through the file system, so the notes file is a named pipe: the template opens it only
when it reaches the notes (see brief.typ), the read waits there until the notes are
worded, and the text is being laid out meanwhile.

A pipe that nobody writes would keep Typst waiting for ever, so this module keeps one
promise: until the compile is over, its open of the pipe meets a writer, who gives it the
contents or, once :meth:`LateFile.abandon` was called, an empty file (Typst then fails,
and the caller has nothing to wait for). A compile that never opens the pipe (it failed
before the notes) ends the serving as well. Typst reads a file once per compile and keeps
it, so the pipe is served once.

Named pipes exist on Linux and macOS; elsewhere :func:`late_files_work` says no, and the
caller compiles once the contents are known, as before.
"""

from __future__ import annotations

import errno
import logging
import os
import threading
from concurrent.futures import Future, wait
from pathlib import Path

log = logging.getLogger(__name__)

# How often an unopened pipe is tried while the compile runs: the wait it adds to the
# layout is at most this.
_POLL_SECONDS = 0.002


class LateFileError(OSError):
    """No late file could be made: the caller compiles with the contents known instead."""


def late_files_work() -> bool:
    """True where a compile can be given a file whose contents come later."""
    return hasattr(os, "mkfifo")


class LateFile:
    """A named pipe at ``path`` in a compile's project folder, served on a thread of its own
    until the compile is done (see the module's promise)."""

    def __init__(self) -> None:
        self._contents: bytes | None = None
        self._known = threading.Event()
        self._path: Path | None = None
        self._created = threading.Event()
        self._compile: Future[object] | None = None
        self._thread: threading.Thread | None = None

    def create(self, path: Path) -> None:
        """Make the pipe (on the compile's side, once its project folder exists); raise
        :class:`LateFileError` where none can be made (a file system without them)."""
        try:
            os.mkfifo(path, 0o600)
        except OSError as exc:
            raise LateFileError(f"{path}: no named pipe can be made here ({exc})") from exc
        self._path = path
        self._created.set()

    def serve(self, compile_done: Future[object]) -> None:
        """Start giving the contents to whoever opens the pipe, until ``compile_done``."""
        self._compile = compile_done
        self._thread = threading.Thread(target=self._serve, name="late-file", daemon=True)
        self._thread.start()

    def deliver(self, contents: bytes) -> None:
        """The contents, now known."""
        self._contents = contents
        self._known.set()

    def abandon(self) -> None:
        """No contents will come: an open of the pipe meets an empty file."""
        self.deliver(b"")

    def _over(self) -> bool:
        return self._compile is not None and self._compile.done()

    def _wait(self) -> None:
        assert self._compile is not None
        wait([self._compile], timeout=_POLL_SECONDS)

    def _serve(self) -> None:
        while not self._created.is_set():
            if self._over():
                return
            self._created.wait(_POLL_SECONDS)
        self._known.wait()  # the caller always answers: deliver() or abandon()
        assert self._path is not None and self._contents is not None
        while not self._over():
            try:
                # Non-blocking: the open fails at once while no reader has the pipe open,
                # so the loop sees the compile end even if it never opens the pipe.
                fd = os.open(self._path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno not in (errno.ENXIO, errno.ENOENT):
                    log.warning("%s: cannot open the pipe to write it: %s", self._path, exc)
                self._wait()
                continue
            try:
                os.set_blocking(fd, True)
                view = memoryview(self._contents)
                while view:
                    view = view[os.write(fd, view):]
            except OSError as exc:  # the reader went away, say; the compile tells why
                log.info("%s: the pipe was not read to its end: %s", self._path, exc)
            finally:
                os.close(fd)
            # Served once: Typst keeps a file it has read for the rest of the compile, and
            # opening the pipe again before the reader has seen its end would give it the
            # contents twice.
            return

    def join(self) -> None:
        """Wait for the serving thread (after the compile is done)."""
        if self._thread is not None:
            self._thread.join()
