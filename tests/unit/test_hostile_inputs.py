"""Hostile input through the real command line (issue 15): each row is what a user runs,
the exit status it must give, and the one line it must print. A hang fails the row."""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import struct
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "sample-issue.brief"
TIMEOUT_S = 60


def fifo(folder: Path, name: str) -> Path:
    path = folder / name
    os.mkfifo(path)
    return path


def zero(folder: Path, name: str) -> Path:
    path = folder / name
    path.symlink_to("/dev/zero")
    return path


def sample(folder: Path) -> Path:
    path = folder / "issue.brief"
    path.write_bytes(SAMPLE.read_bytes())
    return path


def raw_sample() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def brief_with(folder: Path, change: Callable[[dict], object], name: str = "h.brief") -> str:
    raw = raw_sample()
    change(raw)
    path = folder / name
    # NaN is written as JSON allows not; "<5000 digits>" becomes a number no reader takes.
    text = json.dumps(raw).replace('"<5000 digits>"', "9" * 5000)
    path.write_text(text, encoding="utf-8")
    return str(path)


def png(width: int, height: int, *, cut: bool = False, pixels: int = 64) -> bytes:
    """A PNG whose header says ``width``×``height``: whole chunks with right checksums."""
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0,
                                                                   0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * pixels)) + chunk(b"IEND", b""))
    return data[: len(data) // 2] if cut else data


def with_figure(data: bytes) -> Callable[[dict], object]:
    def change(raw: dict) -> None:
        for section in raw["sections"]:
            if section.get("figures"):
                section["figures"][0]["data"] = base64.b64encode(data).decode("ascii")
                section["figures"][0]["id"] = "map-1"
                return
        raise AssertionError("the sample has no figure")
    return change


def meta(key: str, value: object) -> Callable[[dict], object]:
    return lambda raw: raw["meta"].__setitem__(key, value)


def first_source(key: str, value: object) -> Callable[[dict], object]:
    return lambda raw: raw["sources"][0].__setitem__(key, value)


def long_paragraph(raw: dict) -> None:
    raw["sections"][0]["event"][0] = ["x" * 300_000]


def lock_with_pid(pid: object) -> Callable[[Path], list[str]]:
    def argv(d: Path) -> list[str]:
        brief = sample(d)
        lib = d / "lib.json"
        lib.write_text(json.dumps([{"id": "n1", "type": "report", "title": "New report"}]))
        (d / f".~lock.{brief.name}#").write_text(json.dumps(
            {"user": "x", "host": socket.gethostname(), "pid": pid}))
        old = 0  # long ago: a lock nobody is writing
        os.utime(d / f".~lock.{brief.name}#", (old, old))
        return ["sources", "import", str(brief), str(lib)]
    return argv


def csl_json(d: Path, text: str) -> list[str]:
    lib = d / "lib.json"
    lib.write_text(text, encoding="utf-8")
    return ["sources", "import", str(sample(d)), str(lib)]


# (id, argv maker, exit status, a regular expression the one line of stderr must match)
ROWS: list[tuple[str, Callable[[Path], list[str]], int, str]] = [
    ("check-fifo", lambda d: ["check", str(fifo(d, "a.brief"))], 2,
     r"a\.brief: is not a regular file"),
    ("notes-fifo", lambda d: ["notes", str(fifo(d, "a.brief"))], 2,
     r"a\.brief: is not a regular file"),
    ("export-fifo", lambda d: ["export", str(fifo(d, "a.brief")), "-o", str(d / "o.pdf")], 2,
     r"a\.brief: is not a regular file"),
    ("check-dev-zero", lambda d: ["check", str(zero(d, "z.brief"))], 2,
     r"z\.brief: is not a regular file"),
    ("import-fifo-library", lambda d: ["sources", "import", str(sample(d)),
                                       str(fifo(d, "lib.bib"))], 2,
     r"lib\.bib: is not a regular file"),
    ("import-dev-zero-library", lambda d: ["sources", "import", str(sample(d)),
                                           str(zero(d, "lib.json"))], 2,
     r"lib\.json: is not a regular file"),
    # Item 3: image bombs, truncated and lying images, refused alike by check and both writers.
    ("check-png-bomb", lambda d: ["check", brief_with(d, with_figure(png(40000, 40000)))], 1,
     r"E005 .*map-1: the image is 40000×40000 pixels, more than the 40 megapixels"),
    ("pdf-png-bomb", lambda d: ["export", brief_with(d, with_figure(png(50000, 50000))), "-o",
                                str(d / "o.pdf"), "--force"], 2,
     r"figure 1: the image is 50000×50000 pixels"),
    ("docx-png-bomb", lambda d: ["export", brief_with(d, with_figure(png(50000, 50000))), "-o",
                                 str(d / "o.docx"), "--force"], 2,
     r"figure 1: the image is 50000×50000 pixels"),
    ("check-truncated-png", lambda d: ["check", brief_with(d, with_figure(png(9, 9, cut=True)))],
     1, r"E005 .*map-1: the PNG image is truncated"),
    ("docx-truncated-png", lambda d: ["export", brief_with(d, with_figure(png(9, 9, cut=True))),
                                      "-o", str(d / "o.docx"), "--force"], 2,
     r"the PNG image is truncated"),
    ("pdf-truncated-png", lambda d: ["export", brief_with(d, with_figure(png(9, 9, cut=True))),
                                     "-o", str(d / "o.pdf"), "--force"], 2,
     r"the PNG image is truncated"),
    # Whole chunks, right checksums, but fewer pixels than the header says: a lying image.
    ("check-lying-png", lambda d: ["check", brief_with(d, with_figure(png(9, 9, pixels=20)))],
     1, r"E005 .*map-1: the PNG image's pixel data is incomplete"),
    ("docx-lying-png", lambda d: ["export", brief_with(d, with_figure(png(9, 9, pixels=20))),
                                  "-o", str(d / "o.docx"), "--force"], 2,
     r"figure 1: the PNG image's pixel data is incomplete"),
    ("pdf-lying-png", lambda d: ["export", brief_with(d, with_figure(png(9, 9, pixels=20))),
                                 "-o", str(d / "o.pdf"), "--force"], 2,
     r"figure 1: the PNG image's pixel data is incomplete"),
    ("docx-zero-size-png", lambda d: ["export", brief_with(d, with_figure(png(0, 5))),
                                      "-o", str(d / "o.docx"), "--force"], 2,
     r"the image says it is 0×5 pixels"),
    # Item 4: a lock file whose pid overflows is damage, not an error.
    ("lock-pid-overflow", lock_with_pid(10**40), 0, r"Added 1 source"),
    # Items 5 and 6: one line naming the place, never an internal error.
    ("check-bad-language", lambda d: ["check", brief_with(d, meta("language", "en\u0001US"))], 1,
     r"E006 .*meta.language 'en\\x01US' is not a language tag"),
    ("notes-bad-language", lambda d: ["notes", brief_with(d, meta("language", "en\u0001US"))], 2,
     r"h\.brief: meta\.language: \"en\\u0001US\" is not a language tag"),
    ("check-proto-language", lambda d: ["check", brief_with(d, meta("language", "__proto__"))],
     1, r"E006 .*'__proto__' is not a language tag"),
    ("notes-proto-language", lambda d: ["notes", brief_with(d, meta("language", "__proto__"))],
     2, r"h\.brief: meta\.language: \"__proto__\""),
    ("notes-huge-language", lambda d: ["notes", brief_with(d, meta("language", "x" * 100_000))],
     2, r"meta\.language: \"x{40}…\" is not a language tag"),
    ("check-null-author", lambda d: ["check", brief_with(d, first_source("author", [None]))], 1,
     r"E007 .*Source courier-sorvik: author\[0\] is not a name"),
    ("notes-null-author", lambda d: ["notes", brief_with(d, first_source("author", [None]))], 2,
     r"h\.brief: source courier-sorvik: author\[0\] is not a name"),
    ("check-nan-in-source", lambda d: ["check", brief_with(
        d, first_source("issued", {"date-parts": [[float("nan")]]}))], 1,
     r"E007 .*issued\.date-parts\[0\]\[0\] is nan, not a number"),
    ("notes-nan-in-source", lambda d: ["notes", brief_with(
        d, first_source("issued", {"date-parts": [[float("nan")]]}))], 2,
     r"source courier-sorvik: issued\.date-parts\[0\]\[0\] is nan"),
    ("check-long-paragraph", lambda d: ["check", brief_with(d, long_paragraph)], 1,
     r"E008 .*300,000 characters"),
    ("pdf-long-paragraph", lambda d: ["export", brief_with(d, long_paragraph), "-o",
                                      str(d / "o.pdf"), "--force"], 2,
     r"300,000 characters is longer than the 200,000"),
    ("docx-long-paragraph", lambda d: ["export", brief_with(d, long_paragraph), "-o",
                                       str(d / "o.docx"), "--force"], 2,
     r"300,000 characters is longer than the 200,000"),
    # E008 covers every text, not only paragraphs: `check` fails where the export would.
    ("check-long-subheading", lambda d: ["check", brief_with(d, lambda raw: raw["sections"][4][
        "subheadings"][0].__setitem__("text", ["x" * 300_000]))], 1,
     r"E008 .*subheading 1\] +A subheading has 300,000 characters"),
    ("check-long-byline", lambda d: ["check", brief_with(d, lambda raw: raw["sections"][4]
                                                         .__setitem__("byline", "x" * 300_000))],
     1, r"E008 .*, byline\] +The byline has 300,000 characters"),
    ("docx-control-in-authors-and-url", lambda d: ["export", brief_with(d, lambda raw: (
        raw["meta"].__setitem__("authors", ["A\u0001 B"]),
        raw["sources"][0].__setitem__("URL", "https://ok.example/\u0001x"))),
        "-o", str(d / "o.docx")], 0, r"Wrote .*o\.docx"),
    ("check-5000-digit-integer", lambda d: ["check", brief_with(d, meta("issue", "<5000 digits>"))], 2,
     r"h\.brief: line 1: a number of thousands of digits"),
    ("notes-lone-surrogate", lambda d: ["notes", brief_with(
        d, first_source("title", "Bad \ud800 title"))], 2,
     r"h\.brief: sources\[0\]\.title: holds a lone surrogate"),
    ("import-lone-surrogate", lambda d: csl_json(
        d, '[{"id": "s1", "type": "book", "title": "A \\ud800 b"}]'), 0,
     r"Added 0 source.*\nSkipped s1 \(line 1\): .*title holds a lone surrogate"),
    ("import-nan", lambda d: csl_json(d, '[{"id": "a", "type": "book", "title": "T", '
                                         '"issued": {"date-parts": [[NaN]]}}]'), 0,
     r"Added 0 source.*\nSkipped a \(line 1\): .*issued\.date-parts\[0\]\[0\] is NaN or "
     r"Infinity"),
    ("import-deep-nesting", lambda d: csl_json(d, "[" * 100_000 + "]" * 100_000), 2,
     r"lib\.json: not a CSL-JSON library: nested too deeply"),
    ("import-huge-integer", lambda d: csl_json(d, '[{"id": "a", "type": "book", "issued": '
                                               + "9" * 5000 + "}]"), 2,
     r"lib\.json: not a CSL-JSON library: Exceeds the limit"),
]


@pytest.mark.parametrize(("argv", "status", "message"), [r[1:] for r in ROWS],
                         ids=[r[0] for r in ROWS])
def test_hostile_input(tmp_path, argv, status, message):
    work = tmp_path / "work"
    work.mkdir()
    env = dict(os.environ, BRIEF_EDITOR_HOME=str(tmp_path / "home"), BRIEF_EDITOR_NO_CACHE="1",
               PYTHONPATH=str(ROOT))
    env.pop("BRIEF_EDITOR_DEBUG", None)
    done = subprocess.run([sys.executable, "-m", "brief_editor", *argv(work)], cwd=ROOT,
                          capture_output=True, text=True, timeout=TIMEOUT_S, env=env,
                          stdin=subprocess.DEVNULL)
    lines = done.stderr.splitlines()
    assert done.returncode == status, done.stderr[-2000:]
    if status == 2:
        assert len(lines) == 1, done.stderr[-2000:]
        assert len(lines[0]) < 400
        assert "internal error" not in lines[0]
    assert re.search(message, done.stderr + done.stdout), done.stderr[-2000:]
