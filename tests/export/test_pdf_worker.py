"""The Typst compile step in a recycled worker process (what the editor's preview uses)."""

from __future__ import annotations

from pathlib import Path

import pytest

from brief_editor.export.pdf_writer import render_pdf
from brief_editor.export.plan import build_plan
from brief_editor.export.typst_compile import (
    CompileJob,
    TypstCompileError,
    TypstWorker,
    compile_pdf,
)
from brief_editor.model import loads

HELLO = "#set document(date: datetime(year: 2024, month: 1, day: 2))\nHello #sys.inputs.name\n"


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "hello.typ"
    path.write_text(HELLO, encoding="utf-8")
    return path


def job(template: Path, root: Path, name: str = "world") -> CompileJob:
    return CompileJob(template=template, inputs={"name": name}, root=root)


def test_worker_gives_the_same_bytes_as_this_process(template: Path, tmp_path: Path) -> None:
    here = compile_pdf(template, {"name": "world"}, tmp_path)
    with TypstWorker() as worker:
        assert worker.compile(job(template, tmp_path)).pdf == here


def test_worker_is_recycled_after_max_compiles(template: Path, tmp_path: Path) -> None:
    with TypstWorker(max_compiles=2) as worker:
        worker.start()
        first = worker.pid
        worker.compile(job(template, tmp_path))
        assert worker.pid == first
        worker.compile(job(template, tmp_path))
        # The second compile reached the limit: that process is gone.
        assert worker.pid is None
        worker.compile(job(template, tmp_path))
        assert worker.pid not in (None, first)
        assert worker.processes_started == 2


def test_worker_is_recycled_past_its_memory_limit(template: Path, tmp_path: Path) -> None:
    with TypstWorker(max_compiles=100, max_rss_mb=1) as worker:
        worker.compile(job(template, tmp_path))
        assert worker.last_rss > 1024 * 1024
        assert worker.pid is None


def test_worker_reports_errors_and_keeps_working(tmp_path: Path, template: Path) -> None:
    broken = tmp_path / "broken.typ"
    broken.write_text("#let x = (\n", encoding="utf-8")
    with TypstWorker() as worker:
        with pytest.raises(TypstCompileError) as caught:
            worker.compile(job(broken, tmp_path))
        assert "could not be laid out" in str(caught.value)
        assert worker.compile(job(template, tmp_path)).pdf.startswith(b"%PDF-")


def test_missing_template_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TypstCompileError, match="cannot read the PDF template"):
        compile_pdf(tmp_path / "nope.typ", {}, tmp_path)


def test_brief_through_the_worker_matches_in_process(tmp_path: Path) -> None:
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "tiny.brief"
    plan = build_plan(loads(fixture.read_text(encoding="utf-8")))
    here, _ = render_pdf(plan)
    with TypstWorker() as worker:
        there, warnings = render_pdf(plan, compiler=worker.compile)
    assert there == here
    assert warnings == []


def _issue_plan(sections: int, word: str = ""):
    import json

    from docx_briefs import brief_raw

    raw = brief_raw(sections=sections, figure_every=1)
    if word:
        raw["sections"][0]["heading"] = [word]
    return build_plan(loads(json.dumps(raw)))


def test_kept_compiler_lays_out_each_new_plan_as_this_process_does() -> None:
    # The worker keeps one compiler and hands it the plan as a file: every compile must
    # still see the plan (and figures) of its own job, byte for byte as a fresh compile.
    first, second = _issue_plan(2), _issue_plan(2, "Harbour closed at dawn")
    with TypstWorker() as worker:
        for plan in (first, second, first):
            there, _ = render_pdf(plan, compiler=worker.compile)
            assert there == render_pdf(plan)[0]
        assert worker.processes_started == 1


def test_recycled_worker_is_warmed_up_with_the_last_plan() -> None:
    plan = _issue_plan(1)
    with TypstWorker(max_compiles=1, warm_up=True) as worker:
        first, _ = render_pdf(plan, compiler=worker.compile)
        # Recycled after one compile, and a new process already has the plan to lay out.
        assert worker.processes_started == 2 and worker.warm_ups == 1
        assert worker.pid is not None
        again, _ = render_pdf(_issue_plan(1, "Another heading"), compiler=worker.compile)
        assert again == render_pdf(_issue_plan(1, "Another heading"))[0] != first
