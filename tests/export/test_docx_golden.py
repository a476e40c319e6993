"""Golden files: the XML we write for known briefs, pretty-printed, compared part by part.

A difference is either a bug or an intended change. To accept an intended change, look at
the diff, then regenerate and commit the files:

    .venv/bin/python tests/export/test_docx_golden.py --update-golden
    (or BRIEF_UPDATE_GOLDEN=1 .venv/bin/pytest tests/export/test_docx_golden.py)

The README's picture of page 1 of the sample, as LibreOffice renders it (docx → pdf → png):

    .venv/bin/python tests/export/test_docx_golden.py --screenshot [BRIEF]
"""

from __future__ import annotations

import difflib
import io
import os
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from docx_briefs import brief_json  # noqa: E402

from brief_editor.export.docx_writer import render_docx  # noqa: E402
from brief_editor.export.plan import build_plan  # noqa: E402
from brief_editor.model import loads  # noqa: E402
from brief_editor.storage.files import read_brief  # noqa: E402

GOLDEN = HERE / "golden"
SAMPLE = HERE.parents[1] / "resources" / "samples" / "sample-issue.brief"
PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml", "docProps/core.xml")
# Core properties come from the brief, but a golden file should not care about dates.
TIMESTAMPS = ("{http://purl.org/dc/terms/}created", "{http://purl.org/dc/terms/}modified")


def _fixture_brief():
    return loads(brief_json(sections=2, notes_per_section=5, notes="footnotes", figure_every=2,
                            marking="UNCLASSIFIED // FOR PUBLIC RELEASE")), None


def _sample_brief():
    return read_brief(SAMPLE), SAMPLE.parent


CASES = {"fixture-footnotes": _fixture_brief, "sample-issue": _sample_brief}


def pretty(xml: bytes) -> str:
    root = etree.fromstring(xml, etree.XMLParser(remove_blank_text=True))
    for tag in TIMESTAMPS:
        for el in root.iter(tag):
            el.getparent().remove(el)
    return etree.tostring(root, pretty_print=True, encoding="unicode")


def golden_parts(case: str) -> dict[str, str]:
    """Part name → pretty XML, for the parts of ``PARTS`` the export of ``case`` holds."""
    brief, brief_dir = CASES[case]()
    data, _ = render_docx(build_plan(brief, brief_dir=brief_dir))
    out = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in PARTS:
            if name in z.namelist():
                out[name] = pretty(z.read(name))
    return out


def _file(case: str, part: str) -> Path:
    return GOLDEN / case / part.replace("/", "__")


def update(case: str) -> list[Path]:
    folder = GOLDEN / case
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.xml"):
        old.unlink()
    written = []
    for part, text in golden_parts(case).items():
        path = _file(case, part)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


@pytest.mark.parametrize("case", list(CASES))
def test_export_matches_golden_xml(case: str) -> None:
    if case == "sample-issue" and not SAMPLE.exists():
        pytest.skip("resources/samples/sample-issue.brief is not there yet")
    if os.environ.get("BRIEF_UPDATE_GOLDEN"):
        update(case)
    folder = GOLDEN / case
    assert folder.is_dir(), f"no golden files for {case}: run {Path(__file__).name} --update-golden"
    actual = golden_parts(case)
    expected = {p: _file(case, p).read_text(encoding="utf-8") for p in PARTS
                if _file(case, p).exists()}
    assert sorted(actual) == sorted(expected)
    for part, text in actual.items():
        if text != expected[part]:
            diff = "".join(list(difflib.unified_diff(
                expected[part].splitlines(True), text.splitlines(True),
                f"golden/{part}", f"export/{part}"))[:80])
            pytest.fail(f"{case}: {part} differs from its golden file:\n{diff}")


def screenshot(brief_path: Path, png: Path) -> None:
    """Page 1 of the brief's DOCX as LibreOffice renders it, at 80 dpi."""
    import subprocess
    import tempfile

    from brief_editor.export.run import export_brief

    with tempfile.TemporaryDirectory(prefix="docx-shot-") as tmp:
        folder = Path(tmp)
        docx_path = folder / f"{brief_path.stem}.docx"
        export_brief(read_brief(brief_path), docx_path, brief_dir=brief_path.parent)
        subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                        "--headless", "--convert-to", "pdf", "--outdir", str(folder),
                        str(docx_path)], check=True, capture_output=True, timeout=300)
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile",
                        str(folder / f"{brief_path.stem}.pdf"), str(folder / "page")],
                       check=True)
        png.parent.mkdir(parents=True, exist_ok=True)
        png.write_bytes((folder / "page.png").read_bytes())


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--screenshot"]:
        target = HERE.parents[1] / "docs" / "screenshots" / "docx-page1.png"
        screenshot(Path(args[1]) if len(args) > 1 else SAMPLE, target)
        print(f"wrote {target.relative_to(HERE.parents[1])}")
        sys.exit(0)
    if "--update-golden" not in args:
        sys.exit(f"usage: {sys.argv[0]} --update-golden | --screenshot [BRIEF]")
    for name in CASES:
        if name == "sample-issue" and not SAMPLE.exists():
            print(f"skipped {name}: {SAMPLE} does not exist")
            continue
        for path in update(name):
            print(f"wrote {path.relative_to(HERE.parents[1])}")
