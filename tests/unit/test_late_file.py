"""A file whose contents come after the compile that reads it has started (export/late_file.py):
the reader gets exactly the contents, an abandoned file reads empty, and nothing is left
waiting when the reader never comes."""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from brief_editor.export.late_file import LateFile, late_files_work

pytestmark = pytest.mark.skipif(not late_files_work(), reason="no named pipes here")


def _start_reading(pool: ThreadPoolExecutor, late: LateFile, path: Path) -> Future[bytes]:
    """A stand-in for a compile: it makes the pipe, then reads it as Typst does (its open
    waits for a writer)."""
    def compile_() -> bytes:
        late.create(path)
        with open(path, "rb") as pipe:
            return pipe.read()

    return pool.submit(compile_)


def test_the_reader_gets_exactly_the_contents(tmp_path: Path) -> None:
    late = LateFile()
    contents = b'[{"number": 1}]' * 20000  # more than a pipe holds at once
    with ThreadPoolExecutor(1) as pool:
        reading = _start_reading(pool, late, tmp_path / "notes.json")
        late.serve(reading)
        late.deliver(contents)
        assert reading.result(timeout=30) == contents
    late.join()


def test_an_abandoned_file_reads_empty(tmp_path: Path) -> None:
    late = LateFile()
    with ThreadPoolExecutor(1) as pool:
        reading = _start_reading(pool, late, tmp_path / "notes.json")
        late.serve(reading)
        late.abandon()
        assert reading.result(timeout=30) == b""
    late.join()


@pytest.mark.parametrize("creates", [True, False])
def test_nothing_waits_on_a_compile_that_never_reads(tmp_path: Path, creates: bool) -> None:
    """A compile that fails before the notes (or before its folder exists) ends the serving."""
    late = LateFile()
    done: Future[None] = Future()
    if creates:
        late.create(tmp_path / "notes.json")
    late.serve(done)
    late.deliver(b"[]")
    done.set_result(None)
    late.join()  # returns: the test would hang otherwise
    assert not any(t.name == "late-file" and t.is_alive() for t in threading.enumerate())
