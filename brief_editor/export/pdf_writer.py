"""The PDF writer: the export plan as JSON, laid out by the Typst template.

User text never becomes Typst source. The plan is serialised to one JSON document (schema
``brief-editor/pdf-plan``, version 1, below) and handed to ``resources/typst/brief.typ``
through ``sys.inputs``; the template places every string as text. Figures are written as
files into a temporary project root, under names this module makes up, and the compile can
read nothing outside that folder.

Schema (version 1)::

    {"schema": "brief-editor/pdf-plan", "version": 1,
     "info": {"title", "authors": [..], "subject", "keywords": [..],
              "created": [y, m, d, H, M, S], "lang": "en", "region": "US" | null},
     "style": {"fonts": [family, ...], "lining": bool},
     "masthead": {"publication", "title", "dateline", "byline": Runs, "summary": Spans,
                  "credits": [Runs, ..]},
     "blocks": [{"kind": "heading", "anchor", "spans", "level": 1 | 2}
                | {"kind": "credit", "role": "byline" | "credit", "text": Runs}
                | {"kind": "line", "role", "label", "spans"}
                | {"kind": "para", "label", "spans", "break"?: true}
                | {"kind": "list-label", "label"}
                | {"kind": "bullets", "items": [Spans, ..], "breaks"?: [item index, ..]}
                | {"kind": "figure", "anchor", "path", "width_px", "height_px",
                   "caption": Spans, "credit": Runs, "alt"}],
     "notes": [{"number", "spans": Spans}],   # notes[i].number == i + 1
     "note_count": int, "notes_file"?: "/name.json",  # the notes, read from it instead
     "note_links": "" | PREFIX,  # see export/pdf_note_links.py
     "notes_mode": "endnotes" | "footnotes", "paper": "letter" | "a4",
     "organization", "marking", "draft": bool}

A Span is a string (plain text), ``{"s": text, "m": [marks]}``, ``{"link": url, "s": text}``
or ``{"note": number}`` (a note reference; never inside a note). Runs (credits and
bylines) are strings and ``{"keep": name}``, a name never broken across lines. ``break`` and ``breaks``
start a paragraph or bullet on a new page (set only on a second layout, see
``_compile_plan``).
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brief_editor.errors import BriefEditorError
from brief_editor.export.fonts import DEFAULT_FONT, bundled_family_dir, is_family_name, pdf_family
from brief_editor.export.late_file import LateFile, LateFileError, late_files_work
from brief_editor.export.names import name_runs
from brief_editor.export.pdf_note_links import PREFIX as NOTE_LINK_PREFIX
from brief_editor.export.pdf_note_links import link_notes, notes_away_from_markers
from brief_editor.export.pdf_xmp import one_creator_per_author
from brief_editor.export.plan import (
    Bullet,
    FigureBlock,
    Heading,
    LabeledLine,
    ListLabel,
    NoteRef,
    Paragraph,
    Plan,
    SectionCredit,
    plan_text,
)
from brief_editor.export.typst_compile import (
    CompileJob,
    CompileResult,
    TypstCompileError,
    available_families,
    run_job,
    system_font_files,
)
from brief_editor.model import Link, Styled
from brief_editor.resources import resources_dir
from brief_editor.storage.atomic import atomic_write

log = logging.getLogger(__name__)

SCHEMA = "brief-editor/pdf-plan"
SCHEMA_VERSION = 1
DEFAULT_FAMILY = "Libertinus Serif"
PDF_A = "a-2b"
_FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")

Compiler = Callable[[CompileJob], CompileResult]
# Families whose plain digits are lining figures already (tests/export/test_pdf_digits.py
# holds them to it): the template asks other fonts for lining figures, which costs a font
# lookup in every run of text, about 3% of a long issue's layout.
LINING_BY_DEFAULT = frozenset({"carlito", "caladea"})
# The notes' file in a compile's project folder, when they come after the compile starts.
LATE_NOTES = "notes.json"


class PdfError(BriefEditorError):
    """A PDF that could not be made; the message says what to change."""


def template_path() -> Path:
    """The issue layout, ``resources/typst/brief.typ``."""
    return resources_dir() / "typst" / "brief.typ"


def probe_template_path() -> Path:
    """The font coverage probe, ``resources/typst/probe.typ``."""
    return resources_dir() / "typst" / "probe.typ"


# ---------------------------------------------------------------------------------------
# Plan → JSON


def _span(span: Any) -> Any:
    if isinstance(span, str):
        return span
    if isinstance(span, NoteRef):
        return {"note": span.number}
    if isinstance(span, Link):
        return {"link": span.url, "s": span.text}
    if isinstance(span, Styled):
        return {"s": span.text, "m": list(span.marks)} if span.marks else span.text
    raise TypeError(f"unknown span {span!r}")


def _spans(spans: tuple[Any, ...]) -> list[Any]:
    return [_span(s) for s in spans]


def _language(tag: str) -> tuple[str, str | None]:
    parts = [p for p in re.split("[-_]", tag or "") if p]
    lang = parts[0].lower() if parts and re.fullmatch("[A-Za-z]{2,3}", parts[0]) else "en"
    region = next((p.upper() for p in parts[1:] if re.fullmatch("[A-Za-z]{2}", p)), None)
    return lang, region


def _figure_name(index: int, media_type: str) -> str:
    return f"figure-{index}{'.jpg' if media_type == 'image/jpeg' else '.png'}"


def _holds_note(spans: tuple[Any, ...], numbers: frozenset[int]) -> bool:
    return any(isinstance(s, NoteRef) and s.number in numbers for s in spans)


def plan_to_json(plan: Plan, families: list[str], *, endnotes_page: str = "new",
                 footnote_breaks: frozenset[int] = frozenset(), note_links: bool = True,
                 notes_file: str | None = None) -> tuple[str, dict[str, bytes]]:
    """The plan as schema JSON, and the figure files it names (file name → bytes).

    ``endnotes_page`` is "new" (the endnotes start a page of their own) or "follow" (they
    run on after the text). ``footnote_breaks`` are footnotes that a first layout printed
    on a later page than their markers: the paragraph or bullet holding each starts a new
    page (see :func:`_compile_plan`). ``note_links``: markers and notes link to each
    other. ``notes_file`` (endnotes only): the notes are left out, and the template reads
    them from that file of the project folder when it reaches them (see
    :func:`notes_json`).
    """
    files: dict[str, bytes] = {}
    blocks: list[dict[str, Any]] = []
    for block in plan.blocks:
        if isinstance(block, Heading):
            blocks.append({"kind": "heading", "anchor": block.anchor, "spans": _spans(block.spans),
                           "level": block.level})
        elif isinstance(block, SectionCredit):
            blocks.append({"kind": "credit", "role": block.role,
                           "text": name_runs(block.text)})
        elif isinstance(block, LabeledLine):
            blocks.append({"kind": "line", "role": block.role, "label": block.label,
                           "spans": _spans(block.spans)})
        elif isinstance(block, Paragraph):
            blocks.append({"kind": "para", "label": block.label, "spans": _spans(block.spans)})
            if _holds_note(block.spans, footnote_breaks):
                blocks[-1]["break"] = True
        elif isinstance(block, ListLabel):
            blocks.append({"kind": "list-label", "label": block.label})
        elif isinstance(block, Bullet):
            # Consecutive bullets are one list, so a screen reader announces one list.
            if not (blocks and blocks[-1]["kind"] == "bullets"):
                blocks.append({"kind": "bullets", "items": []})
            if _holds_note(block.spans, footnote_breaks):
                blocks[-1].setdefault("breaks", []).append(len(blocks[-1]["items"]))
            blocks[-1]["items"].append(_spans(block.spans))
        elif isinstance(block, FigureBlock):
            name = _figure_name(len(files) + 1, block.media_type)
            files[name] = block.data
            blocks.append({"kind": "figure", "anchor": block.anchor, "path": "/" + name,
                           "width_px": block.width_px, "height_px": block.height_px,
                           "caption": _spans(block.caption),
                           "credit": name_runs(block.credit),
                           "alt": block.alt})
    info = plan.info
    created = info.created
    lang, region = _language(info.language)
    masthead = plan.masthead
    notes = sorted(plan.notes, key=lambda n: n.number)
    document = {
        "schema": SCHEMA,
        "version": SCHEMA_VERSION,
        "info": {
            "title": info.title,
            "authors": list(info.authors),
            "subject": info.subject,
            "keywords": list(info.keywords),
            "created": [created.year, created.month, created.day, created.hour,
                        created.minute, created.second],
            "lang": lang,
            "region": region,
        },
        "style": {"fonts": families,
                  "lining": not families or families[0].casefold() not in LINING_BY_DEFAULT},
        "masthead": {
            "publication": masthead.publication,
            "title": masthead.title,
            "dateline": masthead.dateline,
            "byline": name_runs(masthead.byline),
            "summary": _spans(masthead.summary),
            "credits": [name_runs(c) for c in masthead.credits],
        },
        "blocks": blocks,
        "notes": [] if notes_file else _notes(notes),
        "note_count": len(notes),
        "note_links": NOTE_LINK_PREFIX if note_links else "",
        "notes_mode": "footnotes" if plan.notes_mode == "footnotes" else "endnotes",
        "paper": "a4" if plan.paper == "a4" else "letter",
        "organization": plan.organization,
        "marking": plan.marking,
        "draft": plan.draft,
        "endnotes_page": "follow" if endnotes_page == "follow" else "new",
    }
    if notes_file:
        if plan.notes_mode == "footnotes":
            raise ValueError("footnotes are laid out with the text: they cannot come later")
        document["notes_file"] = notes_file
    if [n.number for n in notes] != list(range(1, len(notes) + 1)):
        raise PdfError("the notes are not numbered 1, 2, 3, …; export again after a check")
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")), files


def _notes(notes: list[Any]) -> list[dict[str, Any]]:
    return [{"number": n.number, "spans": _spans(n.spans)} for n in notes]


def notes_json(plan: Plan) -> bytes:
    """The plan's notes as the template reads them from a ``notes_file``."""
    notes = sorted(plan.notes, key=lambda n: n.number)
    return json.dumps(_notes(notes), ensure_ascii=False, separators=(",", ":")).encode()


# ---------------------------------------------------------------------------------------
# Fonts


@dataclass(frozen=True)
class FontSetup:
    """The font stack of a compile: families in order of preference, and where they live."""

    families: tuple[str, ...]
    font_paths: tuple[Path, ...]
    warnings: tuple[str, ...]


def resolve_fonts(names: tuple[str, ...]) -> FontSetup:
    """Turn the profile's font entries (family names, font files or folders) into a stack.

    The first entry is the profile's ``font``, the family the DOCX names too; Calibri and
    Cambria become Carlito and Caladea, their metric twins, from the bundled copies. No
    entry at all means Calibri, as in the DOCX.

    Typst's embedded fonts always stay behind the named ones, so text a named font lacks
    still prints. A family that is neither embedded nor in a named file is looked up among
    the installed fonts and only its own files are added, so no other system font can
    change the layout.
    """
    families: list[str] = []
    paths: list[Path] = []
    warnings: list[str] = []
    for entry in (n.strip() for n in names or (DEFAULT_FONT,)):
        if not entry:
            continue
        bundled = bundled_family_dir(pdf_family(entry)) if is_family_name(entry) else None
        if bundled is not None:
            # Calibri or Cambria: their metric twin, from our own copy (see export/fonts.py).
            if bundled not in paths:
                paths.append(bundled)
            if pdf_family(entry) not in families:
                families.append(pdf_family(entry))
            continue
        path = Path(entry).expanduser()
        looks_like_path = os.sep in entry or "/" in entry or path.suffix.lower() in _FONT_SUFFIXES
        if looks_like_path:
            if not path.exists():
                warnings.append(f"PDF: the font {entry} named in the profile does not exist; "
                                f"using {DEFAULT_FAMILY}")
                continue
            folder = path if path.is_dir() else path.parent
            found = _families_in(path)
            if not found:
                warnings.append(f"PDF: {entry} named in the profile holds no usable font")
                continue
            if folder not in paths:
                paths.append(folder)
            families.extend(f for f in found if f not in families)
            continue
        known = {f.casefold() for f in available_families(tuple(paths))}
        if entry.casefold() in known:
            families.append(entry)
            continue
        files = system_font_files(entry)
        if files:
            for folder in dict.fromkeys(f.parent for f in files):
                if folder not in paths:
                    paths.append(folder)
            families.append(entry)
        else:
            warnings.append(f"PDF: the font “{entry}” named in the profile is not installed; "
                            f"using {DEFAULT_FAMILY}")
    if DEFAULT_FAMILY not in families:
        families.append(DEFAULT_FAMILY)
    return FontSetup(tuple(families), tuple(paths), tuple(warnings))


def _families_in(path: Path) -> list[str]:
    import typst

    folder = path if path.is_dir() else path.parent
    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                        font_paths=[str(folder)])
    infos = fonts.fonts()
    if path.is_file():
        infos = [i for i in infos if i.path and Path(i.path).resolve() == path.resolve()]
    return list(dict.fromkeys(i.family for i in infos))


# ---------------------------------------------------------------------------------------
# Characters no font has


def _plan_texts(plan: Plan) -> Iterator[tuple[str, str]]:
    """(text, where) for every piece of text the PDF prints."""
    masthead = plan.masthead
    for value in (masthead.publication, masthead.title, masthead.dateline, masthead.byline,
                  *masthead.credits, plan_text(masthead.summary)):
        yield value, "the masthead"
    yield plan.organization, "the organization"
    yield plan.marking, "the marking"
    section, heading = 0, ""
    for block in plan.blocks:
        if isinstance(block, SectionCredit):
            yield block.text, f"section {section}"
            continue
        if isinstance(block, Heading) and block.level > 1:
            yield plan_text(block.spans), f"a subheading of section {section}"
            continue
        if isinstance(block, Heading):
            section += 1
            heading = plan_text(block.spans)
            where = f"the heading of section {section}"
        else:
            short = heading if len(heading) <= 40 else heading[:39] + "…"
            where = f"section {section} (“{short}”)" if short else (
                f"section {section}" if section else "the text")
        if isinstance(block, LabeledLine | Paragraph):
            yield block.label, where
        if isinstance(block, ListLabel):
            yield block.label, where
        if isinstance(block, FigureBlock):
            yield plan_text(block.caption), where
            yield block.credit, where
        elif not isinstance(block, ListLabel):
            yield plan_text(block.spans), where
    for note in plan.notes:
        yield note.text, f"note {note.number}"


# Blocks that Typst's embedded fonts (Libertinus Serif, with New Computer Modern and DejaVu
# Sans Mono behind it) cover but for the few listed: Latin-1 and Latin Extended-A/B, Greek,
# Cyrillic, punctuation, currency and letterlike symbols. Named fonts only add glyphs, so
# text in these blocks needs no probe; found by probing every character of them.
_COVERED_BLOCKS = ((0x00A0, 0x024F), (0x0370, 0x03FF), (0x0400, 0x04FF), (0x2010, 0x205E),
                   (0x20A0, 0x20BF), (0x2100, 0x214F))
_NOT_COVERED = frozenset(map(chr, (0x0485, 0x0486, 0x2041, 0x2043, 0x211F, 0x2121, 0x2123,
                                   0x2125)))

# Probe answers already known in this process (the editor exports again and again).
_coverage_cache: dict[tuple[tuple[str, ...], tuple[Path, ...]], dict[str, bool]] = {}


def _needs_probe(char: str) -> bool:
    if " " <= char <= "~":
        return False
    code = ord(char)
    if char not in _NOT_COVERED and any(lo <= code <= hi for lo, hi in _COVERED_BLOCKS):
        return False
    # Controls, format characters and separators draw no glyph of their own.
    return unicodedata.category(char)[0] not in ("C", "Z")


_PROBE_ERROR = re.compile(r'the text `"((?:[^"\\]|\\.)*)"` could not be displayed')


def _unescape(text: str) -> str:
    return re.sub(r"\\u\{([0-9a-fA-F]+)\}|\\(.)",
                  lambda m: chr(int(m.group(1), 16)) if m.group(1) else
                  {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(2), m.group(2)), text)


def uncovered_characters(plan: Plan, fonts: FontSetup, compiler: Compiler) -> dict[str, str]:
    """Characters of the plan that no available font can draw, each with where it first is."""
    first_seen: dict[str, str] = {}
    for text, where in _plan_texts(plan):
        if text.isascii():
            continue
        for char in set(text):
            if char not in first_seen and _needs_probe(char):
                first_seen[char] = where
    if not first_seen:
        return {}
    known = _coverage_cache.setdefault((fonts.families, fonts.font_paths), {})
    probe = sorted(c for c in first_seen if c not in known)
    if probe:
        missing = _probe(probe, fonts, compiler)
        if missing is None:  # the probe itself failed; do not remember a guess
            return {}
        known.update((c, c not in missing) for c in probe)
    return {c: first_seen[c] for c in sorted(first_seen) if not known[c]}


def _probe(chars: list[str], fonts: FontSetup, compiler: Compiler) -> set[str] | None:
    # A combining mark is probed on a base letter: alone it would be a cluster of its own.
    shown = ["o" + c if unicodedata.combining(c) else c for c in chars]
    with tempfile.TemporaryDirectory(prefix="brief-probe-") as root:
        job = CompileJob(
            template=probe_template_path(),
            inputs={"chars": json.dumps(shown, ensure_ascii=False),
                    "fonts": json.dumps(list(fonts.families))},
            root=Path(root),
            font_paths=fonts.font_paths,
            pdf_standards=(PDF_A,),
        )
        try:
            compiler(job)
            return set()
        except TypstCompileError as exc:
            found = {c for m in _PROBE_ERROR.finditer(exc.diagnostic) for c in _unescape(m[1])}
            if not found:
                log.warning("font coverage probe failed: %s", exc)
                return None
            return found & set(chars)


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    if name.startswith("CJK") or name.startswith("IDEOGRAPHIC"):
        return "CJK (Chinese, Japanese, Korean)"
    words = name.split()
    stops = ("LETTER", "CHARACTER", "SYLLABLE", "DIGIT", "SIGN", "VOWEL", "MARK", "NUMBER",
             "LIGATURE", "SYMBOL", "PUNCTUATION", "CONSONANT", "IDEOGRAPH", "SMALL", "CAPITAL")
    for i, word in enumerate(words):
        if i and word.startswith(stops):
            return " ".join(words[:i]).title()
    return "symbols and emoji"


def coverage_warnings(missing: dict[str, str]) -> list[str]:
    """One warning per script, naming its characters and where the first one is."""
    by_script: dict[str, list[str]] = {}
    for char in missing:
        by_script.setdefault(_script(char), []).append(char)
    warnings = []
    for script, chars in by_script.items():
        listed = " ".join(chars[:12]) + (" …" if len(chars) > 12 else "")
        codes = ", ".join(f"U+{ord(c):04X}" for c in chars[:6])
        warnings.append(
            f"PDF: no available font has the {script} characters {listed} ({codes}), first "
            f"in {missing[chars[0]]}; they print as empty boxes. Add a font that covers them "
            "to the profile's fonts."
        )
    return warnings


# ---------------------------------------------------------------------------------------
# Compile and write


def render_pdf(
    plan: Plan,
    *,
    pdf_a: bool = False,
    fonts: tuple[str, ...] = (),
    compiler: Compiler | None = None,
    check_fonts: bool = True,
    endnotes_page: str = "new",
    for_screen: bool = False,
    late_plan: Callable[[], Plan] | None = None,
) -> tuple[bytes, list[str]]:
    """Lay out ``plan`` and return the PDF with warnings a user should see.

    ``compiler`` runs one :class:`CompileJob`; by default in this process. The editor passes
    ``TypstWorker().compile`` to compile in a recycled worker process. ``for_screen`` (the
    editor's preview) gives the same pages without what only a reader of the file uses:
    the PDF's tags and the links between markers and notes.

    ``late_plan``: ``plan`` has its notes blank (see export/plan.py's ``with_notes``), and
    this gives the plan with them worded, or raises. In endnote mode, where named pipes
    work, the text is laid out while it runs (see export/late_file.py).
    """
    setup = resolve_fonts(fonts)
    standards = (PDF_A,) if pdf_a else ()
    if late_plan is not None and (compiler is not None or plan.notes_mode == "footnotes"
                                  or not plan.notes or not late_files_work()):
        plan, late_plan = late_plan(), None
    if compiler is not None:
        missing = uncovered_characters(plan, setup, compiler) if check_fonts else {}
        _refuse_for_pdf_a(pdf_a, missing)
        result = _compile_plan(plan, setup, compiler, pdf_standards=standards,
                               endnotes_page=endnotes_page, for_screen=for_screen)
    else:
        # Typst releases the GIL while it lays out, so the wording and the font probe run
        # alongside the layout instead of before it.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="typst") as pool:
            laid_out: Callable[[], CompileResult]
            if late_plan is not None:
                plan, laid_out = _lay_out_while_worded(pool, plan, late_plan, setup,
                                                       standards, endnotes_page)
            else:
                laid_out = pool.submit(_compile_plan, plan, setup, run_job,
                                       pdf_standards=standards, endnotes_page=endnotes_page,
                                       for_screen=for_screen).result
            missing = uncovered_characters(plan, setup, run_job) if check_fonts else {}
            _refuse_for_pdf_a(pdf_a, missing)  # (the pool still waits for the layout)
            result = laid_out()
    warnings = list(setup.warnings) + coverage_warnings(missing)
    warnings += [f"PDF: {w}" for w in result.warnings]
    return _finished(result.pdf, plan, for_screen=for_screen), warnings


def _refuse_for_pdf_a(pdf_a: bool, missing: dict[str, str]) -> None:
    if pdf_a and missing:
        raise PdfError(
            "PDF/A cannot hold characters that no font can draw ("
            + " ".join(sorted(missing)[:12])
            + "); add a font that covers them to the profile, or export without PDF/A"
        )


def _lay_out_while_worded(pool: ThreadPoolExecutor, text_plan: Plan,
                          late_plan: Callable[[], Plan], setup: FontSetup,
                          standards: tuple[str, ...], endnotes_page: str
                          ) -> tuple[Plan, Callable[[], CompileResult]]:
    """Start laying out ``text_plan`` with its notes to come through a pipe, word them
    meanwhile (``late_plan``) and send them; return the plan with its notes, and the call
    that waits for the layout."""
    late = LateFile()
    started = pool.submit(_compile_once, text_plan, setup, run_job, pdf_standards=standards,
                          endnotes_page=endnotes_page, footnote_breaks=frozenset(),
                          late_notes=late)
    late.serve(started)
    try:
        plan = late_plan()
    except BaseException:
        late.abandon()  # the compile ends at once; the failure is this one
        raise
    late.deliver(notes_json(plan))

    def laid_out() -> CompileResult:
        try:
            return started.result()
        except (LateFileError, PdfError) as exc:
            # The notes could not come late (no pipe in the temporary folder, or a Typst
            # that read it otherwise): they are known now, so the file is laid out as it
            # would have been anyway. A fault of the text fails again there.
            log.info("the notes did not come late: %s", exc)
            return _compile_plan(plan, setup, run_job, pdf_standards=standards,
                                 endnotes_page=endnotes_page)
        finally:
            late.join()

    return plan, laid_out


def _finished(pdf: bytes, plan: Plan, *, for_screen: bool) -> bytes:
    """The laid-out PDF as a reader gets it: notes linked, one creator per author. The
    screen follows no link and reads no metadata."""
    if for_screen:
        return pdf
    return one_creator_per_author(link_notes(pdf), plan.info.authors)


# Layouts tried at most to bring every footnote onto its marker's page. Since bullets that
# hold footnotes are paragraphs (brief.typ's `bullet-paragraph`), Typst keeps every footnote
# of the generated 200-section issue (about 2,000) with its marker in the first layout; the
# passes stay as a net for what Typst may still strand. Each pass's new page breaks move
# the pages after them, which can strand another footnote further on: six leave room.
FOOTNOTE_PASSES = 6


def _compile_plan(plan: Plan, setup: FontSetup, compile_job: Compiler, *,
                  pdf_standards: tuple[str, ...] = (), endnotes_page: str = "new",
                  for_screen: bool = False) -> CompileResult:
    """Compile the plan; in footnote mode, again while a footnote sits away from its marker.

    Typst moves a footnote to the next page, alone, when its marker is in the last lines of
    a page inside a block (typst/typst#5603) or a list (#8792); the reader then finds note
    48 at the foot of a page where no marker 48 is. The template keeps such markers out of
    lists and blocks; should one still be stranded, each pass starts the paragraph or
    bullet of every such note on a new page, which brings marker and note together.
    """
    breaks: frozenset[int] = frozenset()
    result = _compile_once(plan, setup, compile_job, pdf_standards=pdf_standards,
                           endnotes_page=endnotes_page, footnote_breaks=breaks,
                           for_screen=for_screen)
    if plan.notes_mode != "footnotes" or not plan.notes:
        return result
    for _ in range(FOOTNOTE_PASSES - 1):
        away = notes_away_from_markers(result.pdf) - breaks
        if not away:
            break
        log.debug("footnotes away from their markers: %s", sorted(away))
        breaks |= away
        result = _compile_once(plan, setup, compile_job, pdf_standards=pdf_standards,
                               endnotes_page=endnotes_page, footnote_breaks=breaks,
                           for_screen=for_screen)
    return result


def _compile_once(plan: Plan, setup: FontSetup, compile_job: Compiler, *,
                  pdf_standards: tuple[str, ...], endnotes_page: str,
                  footnote_breaks: frozenset[int], for_screen: bool = False,
                  late_notes: LateFile | None = None) -> CompileResult:
    """Compile the plan with the issue template in a fresh project folder holding its figures
    (and, with ``late_notes``, the pipe the notes will come through)."""
    # The screen follows no link, but the footnote passes read where the links are.
    note_links = not for_screen or plan.notes_mode == "footnotes"
    document, files = plan_to_json(plan, list(setup.families), endnotes_page=endnotes_page,
                                   footnote_breaks=footnote_breaks, note_links=note_links,
                                   notes_file="/" + LATE_NOTES if late_notes else None)
    with tempfile.TemporaryDirectory(prefix="brief-pdf-") as root:
        for name, data in files.items():
            (Path(root) / name).write_bytes(data)
        if late_notes is not None:
            late_notes.create(Path(root) / LATE_NOTES)
        job = CompileJob(
            template=template_path(),
            inputs={"plan": document},
            root=Path(root),
            font_paths=setup.font_paths,
            pdf_standards=pdf_standards,
            timestamp=int(plan.info.created.timestamp()),
            pdf_tags=not for_screen,
        )
        try:
            return compile_job(job)
        except TypstCompileError as exc:
            log.debug("typst diagnostic:\n%s", exc.diagnostic)
            raise PdfError(str(exc)) from None


def write_pdf(plan: Plan, output: Path, *, pdf_a: bool = False, fonts: tuple[str, ...] = (),
              compiler: Compiler | None = None, endnotes_page: str = "new",
              late_plan: Callable[[], Plan] | None = None) -> list[str]:
    """Write the plan as a PDF to ``output`` (atomically); return warnings a user should see.

    ``late_plan``: see :func:`render_pdf`.
    """
    pdf, warnings = render_pdf(plan, pdf_a=pdf_a, fonts=fonts, compiler=compiler,
                               endnotes_page=endnotes_page, late_plan=late_plan)
    atomic_write(output, pdf)
    return warnings
