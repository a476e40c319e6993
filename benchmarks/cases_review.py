"""Benchmark case for the Word review round trip: ``review-200-500``.

A 200-section brief is exported to DOCX; 500 words across its paragraphs and bullets are
then replaced with Word's own tracked-change markup (``w:del`` + ``w:ins``). The timed part
is what the editor does on File > Import Review and ``brief-editor review`` does first:
``read_review`` — read the package, map every change onto the brief, merge three ways and
anchor the comments. The target is under 2 s. ``python benchmarks/cases_review.py`` times
it alone.
"""

from __future__ import annotations

import copy
import io
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
CHANGES = 500


@dataclass(frozen=True)
class Case:
    name: str
    prepare: Callable[[Path], Callable[[], object]]
    group: str = "review"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def tracked_review(docx: bytes, changes: int) -> bytes:
    """``docx`` with ``changes`` words replaced as Word tracks a replacement."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        files = {n: z.read(n) for n in z.namelist()}
    root = etree.fromstring(files["word/document.xml"])
    # Runs of field text: those after a _BE bookmark, in the paragraphs the map knows.
    candidates = []
    for p in root.iter(_w("p")):
        if not any(b.get(_w("name"), "").startswith("_BE") for b in p.iter(_w("bookmarkStart"))):
            continue
        for t in p.iter(_w("t")):
            if len((t.text or "").split()) >= 4:
                candidates.append(t)
    step = max(1, len(candidates) // changes)
    chosen = candidates[::step][:changes]
    if len(chosen) < changes:
        raise RuntimeError(f"only {len(chosen)} runs to change")
    for n, t in enumerate(chosen):
        run = t.getparent()
        first, rest = t.text.split(" ", 1)
        deleted = copy.deepcopy(run)
        deleted.find(_w("t")).tag = _w("delText")
        deleted.find(_w("delText")).text = first
        inserted = copy.deepcopy(run)
        inserted.find(_w("t")).text = f"Changed{n}"
        t.text = " " + rest
        t.set(XML_SPACE, "preserve")
        for tag, el in (("del", deleted), ("ins", inserted)):
            wrapper = etree.Element(_w(tag), {_w("id"): str(10000 + 2 * n + (tag == "ins")),
                                              _w("author"): "Bench Reviewer",
                                              _w("date"): "2026-11-30T09:00:00Z"})
            wrapper.append(el)
            run.addprevious(wrapper)
    files["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()


def _prepare(sections: int, changes: int) -> Callable[[Path], Callable[[], object]]:
    def prepare(folder: Path) -> Callable[[], object]:
        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        from benchmarks.generate import generate_brief
        from brief_editor.export.docx_writer import render_docx
        from brief_editor.export.plan import build_plan
        from brief_editor.review import read_review

        brief = generate_brief(sections)
        data, _ = render_docx(build_plan(brief))
        reviewed = folder / f"review-{sections}-{changes}.docx"
        reviewed.write_bytes(tracked_review(data, changes))
        found = len(read_review(brief, reviewed).changes)
        if found != changes:
            raise RuntimeError(f"the review has {found} changes, not {changes}")
        return lambda: read_review(brief, reviewed)

    return prepare


def cases() -> list[Case]:
    return [Case(f"review-200-{CHANGES}", _prepare(200, CHANGES))]


def _time(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for case in cases():
            run = case.prepare(Path(tmp))
            best = min(_time(run) for _ in range(3))
            print(f"{case.name}: {best:.3f} s")
