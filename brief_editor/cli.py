"""The command line: ``brief-editor [FILE] | new | check | notes | export | sources``.

Everything the editor does to a file, the command line does too. Exit statuses follow
CLI.md: 0 success, 1 refused or errors found, 2 unreadable input or unwritable output.
Every user-facing failure is one line on standard error, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from brief_editor import __version__
from brief_editor.errors import BriefEditorError

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_BAD_INPUT = 2

SUBCOMMANDS = ("new", "check", "notes", "export", "sources", "review", "workspace")

log = logging.getLogger(__name__)


class _UsageError(Exception):
    pass


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would exit with a usage block
        raise _UsageError(f"{self.prog}: {message}")


class _VersionAction(argparse.Action):
    """Print the version on one line (argparse's own action wraps it at the terminal width)."""

    def __call__(self, parser, namespace, values, option_string=None):  # noqa: ANN001
        print(version_text())
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(
        prog="brief-editor",
        description="Write source-cited briefs: notes, Ibid. and checks are computed.",
    )
    parser.add_argument("--version", action=_VersionAction, nargs=0,
                        help="print the version and build information")
    sub = parser.add_subparsers(dest="command", parser_class=_ArgumentParser)

    new = sub.add_parser("new", help="write a new issue from the team profile")
    new.add_argument("file", type=Path)
    new.add_argument("--profile", type=Path, help="a team profile (.json)")

    check = sub.add_parser("check", help="list the sourcing checks")
    check.add_argument("file", type=Path)
    check.add_argument("--json", action="store_true", help="print a JSON array")
    check.add_argument("--profile", type=Path, help="a team profile whose severities apply")

    notes = sub.add_parser("notes", help="print the numbered notes as they will print")
    notes.add_argument("file", type=Path)
    notes.add_argument("--json", action="store_true", help="print a JSON array")

    export = sub.add_parser("export", help="export to DOCX or PDF (by the extension of -o)")
    export.add_argument("file", type=Path)
    export.add_argument("-o", "--output", type=Path, required=True)
    export.add_argument("--force", action="store_true", help="export despite errors, marked DRAFT")
    export.add_argument("--profile", type=Path, help="a team profile (.json)")
    export.add_argument("--reference-docx", type=Path,
                        help="take styles, page setup, header and footer from this .docx")
    export.add_argument("--pdf-a", action="store_true", help="PDF/A-2b archival output")

    review = sub.add_parser("review", help="list or accept an editor's review of an exported DOCX")
    review.add_argument("file", type=Path)
    review.add_argument("docx", type=Path)
    review.add_argument("--json", action="store_true", help="print a JSON object")
    review.add_argument("--accept-all", action="store_true",
                        help="accept every change and comment; write the result to -o")
    review.add_argument("-o", "--output", type=Path, help="the merged brief (with --accept-all)")

    sources = sub.add_parser("sources", help="manage the source library")
    sources_sub = sources.add_subparsers(dest="sources_command", parser_class=_ArgumentParser)
    imp = sources_sub.add_parser("import", help="add a BibTeX, CSL-JSON or RIS library")
    imp.add_argument("file", type=Path)
    imp.add_argument("library", type=Path)

    from brief_editor import cli_workspace

    cli_workspace.add_parser(sub, _ArgumentParser)
    return parser


def version_text() -> str:
    from brief_editor.buildinfo import build_description

    return f"brief-editor {__version__} ({build_description()})"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    # The notes engine logs each restart for the editor's log; on the command line a
    # restart that works is no news, and one that fails ends in the one-line error.
    logging.getLogger("brief_editor.citations.engine").setLevel(logging.ERROR)
    if not argv or (argv[0] not in SUBCOMMANDS and not argv[0].startswith("-")):
        return _open_editor(argv)
    try:
        args = _parser().parse_args(argv)
    except _UsageError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    _start_notes_engine(args)
    try:
        if args.command == "new":
            return _cmd_new(args)
        if args.command == "check":
            return _cmd_check(args)
        if args.command == "notes":
            return _cmd_notes(args)
        if args.command == "export":
            return _cmd_export(args)
        if args.command == "review":
            from brief_editor.review.cli_command import run_review

            return run_review(args, _read, print)
        if args.command == "sources":
            if args.sources_command == "import":
                return _cmd_sources_import(args)
            print("brief-editor sources: say what to do (import)", file=sys.stderr)
            return EXIT_BAD_INPUT
        if args.command == "workspace":
            from brief_editor import cli_workspace

            return cli_workspace.run(args)
        return _open_editor([])
    except BriefEditorError as exc:
        print(f"brief-editor: {_one_line(_naming_the_brief(exc, args))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("brief-editor: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away; nothing more to say.
        _silence_stdout()
        return EXIT_OK
    except Exception as exc:  # a bug: still one line, unless the user asks for details
        if os.environ.get("BRIEF_EDITOR_DEBUG"):
            raise
        print(
            f"brief-editor: internal error ({type(exc).__name__}: {_one_line(str(exc))}); "
            "set BRIEF_EDITOR_DEBUG=1 for details and please report it",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT


def _naming_the_brief(exc: BriefEditorError, args: argparse.Namespace) -> str:
    """The message, with the brief's name first when notes could not be worded from it."""
    from brief_editor.citations.errors import CitationError
    from brief_editor.citations.library_model import LibraryError

    message = str(exc)
    file = getattr(args, "file", None)
    if (isinstance(exc, CitationError) and not isinstance(exc, LibraryError)
            and file is not None and str(file) not in message):
        return f"{file}: {message}"
    return message


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


def _open_editor(argv: list[str]) -> int:
    path = argv[0] if argv else None
    if path is not None and len(argv) > 1:
        print("brief-editor: give at most one file to open", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        from brief_editor.ui.app import run_editor
    except ImportError as exc:
        print(f"brief-editor: the desktop editor cannot start ({exc})", file=sys.stderr)
        return EXIT_BAD_INPUT
    return run_editor(path)


def _writing_settings(profile, near: Path | None = None):
    """The profile's writing checks with the user's personal dictionary (and the team
    workspace's, for a brief in one)."""
    from brief_editor.citations.spelling import use_stems_store
    from brief_editor.storage.dictionary import known_words
    from brief_editor.storage.paths import app_paths
    from brief_editor.storage.spelling_cache import FileStemsStore

    paths = app_paths()
    use_stems_store(FileStemsStore(paths.cache / "spelling"))
    return profile.writing_settings(known_words(paths, near))


def _load_profile(explicit: Path | None, near: Path | None = None):
    from brief_editor.storage.paths import app_paths
    from brief_editor.storage.profile import find_profile

    # A brief in a team workspace follows the workspace's profile.
    return find_profile(explicit, app_paths(), near=near)


def _cmd_new(args: argparse.Namespace) -> int:
    from brief_editor.storage.files import save_brief
    from brief_editor.storage.profile import new_brief_from_profile

    target: Path = args.file
    if target.exists():
        print(f"brief-editor: {target}: already exists; choose another name", file=sys.stderr)
        return EXIT_BAD_INPUT
    profile = _load_profile(args.profile, args.file)
    brief = new_brief_from_profile(profile, today=dt.date.today())
    from brief_editor.storage.lock import held

    with held(target):  # two `new` at once: the second finds the first's file
        if target.exists():
            print(f"brief-editor: {target}: already exists; choose another name",
                  file=sys.stderr)
            return EXIT_BAD_INPUT
        save_brief(target, brief)
    print(f"Wrote {target}")
    return EXIT_OK


def _read(path: Path):
    from brief_editor.storage.files import read_brief

    return read_brief(path)


def _cmd_check(args: argparse.Namespace) -> int:
    from brief_editor.citations.checks import run_checks

    brief = _read(args.file)
    profile = _load_profile(args.profile, args.file)
    problems = run_checks(brief, severities=profile.severities,
                          writing=_writing_settings(profile, args.file))
    if args.json:
        print(json.dumps([p.as_json() for p in problems], indent=2, ensure_ascii=False))
    else:
        from brief_editor.model.places import describe_place

        for p in problems:
            # Places as a reader says them, counted from 1; --json keeps ids and indexes.
            print(f"{p.severity:<7} {p.id}  [{describe_place(brief, p.place)}]  {p.message}")
        errors = sum(p.severity == "error" for p in problems)
        warnings = sum(p.severity == "warning" for p in problems)
        print(f"{errors} error(s), {warnings} warning(s), {len(problems) - errors - warnings} note(s)")
    return EXIT_REFUSED if any(p.severity == "error" for p in problems) else EXIT_OK


def _start_notes_engine(args: argparse.Namespace) -> None:
    """Start the notes engine's process first thing for the commands that word notes.

    It takes a few tenths of a second (an interpreter, V8, citeproc-js), which now pass
    while this process imports the rest of the program and reads the brief.
    """
    if args.command == "notes" or (
            args.command == "export" and args.output.suffix.lower() in (".docx", ".pdf")):
        from brief_editor.citations.engine import shared_engine

        shared_engine().start(fork=True)  # nothing else runs yet: see CiteprocEngine.start


def _renderer():
    from brief_editor.citations.notes import NoteRenderer
    from brief_editor.storage.note_cache import FileClusterStore
    from brief_editor.storage.paths import app_paths

    paths = app_paths()
    store = None if os.environ.get("BRIEF_EDITOR_NO_CACHE") else FileClusterStore(paths.cache / "notes")
    renderer = NoteRenderer(user_styles=paths.user_styles, store=store)
    renderer.engine.start()  # its process loads citeproc-js while the brief is read
    return renderer


def _cmd_notes(args: argparse.Namespace) -> int:
    from brief_editor.citations.notes import render_notes

    renderer = _renderer()
    brief = _read(args.file)
    notes = render_notes(brief, brief_dir=args.file.resolve().parent, renderer=renderer)
    if args.json:
        print(json.dumps([n.as_json() for n in notes], indent=2, ensure_ascii=False))
    else:
        for note in notes:
            print(f"{note.number}. {note.text}")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from brief_editor.export.run import ExportOptions, export_brief, word_notes_in_background

    output: Path = args.output
    suffix = output.suffix.lower()
    if suffix not in (".docx", ".pdf"):
        print(f"brief-editor: {output}: the output must end in .docx or .pdf", file=sys.stderr)
        return EXIT_BAD_INPUT
    from brief_editor.export.late_file import late_files_work

    brief = _read(args.file)
    renderer = _renderer()
    brief_dir = args.file.resolve().parent
    # A PDF with endnotes is laid out while its notes are worded (see export/late_file.py),
    # so the wording starts once the layout has: the checks and the plan, which the layout
    # waits for, then have the interpreter to themselves. Otherwise the notes are numbered
    # here and worded on a thread while the checks and the plan are made.
    words_late = (suffix == ".pdf" and brief.style.effective_notes != "footnotes"
                  and late_files_work())
    worded = None if words_late else word_notes_in_background(brief, brief_dir=brief_dir,
                                                              renderer=renderer)
    from brief_editor.citations.checks import blocking_checks, run_checks
    from brief_editor.export.plan import Plan, blank_notes, build_plan, with_notes

    profile = _load_profile(args.profile, args.file)
    # Only the errors matter here (they refuse the export or mark it DRAFT); `check` lists
    # the rest.
    errors = run_checks(brief, severities=profile.severities,
                        only=blocking_checks(profile.severities))
    if errors and not args.force:
        if worded is not None:
            worded()  # the JavaScript engine is left idle before the process exits
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        print(
            f"brief-editor: {args.file}: export refused: {first.id} {first.message}{more}; "
            "fix it, or use --force for a DRAFT",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    options = ExportOptions(
        draft=bool(errors),
        reference_docx=args.reference_docx or profile.reference_docx_path(),
        pdf_a=args.pdf_a,
        fonts=profile.export_fonts,
        endnotes_page=profile.endnotes_page,
    )
    # The text is walked into the plan with the notes blank; they are put in once worded.
    try:
        text_plan = build_plan(brief, brief_dir=brief_dir,
                               rendered_notes=blank_notes(brief), labels=options.labels,
                               draft=options.draft)
    except BriefEditorError:
        if worded is not None:
            worded()  # the JavaScript engine is left idle before the process exits
        raise

    def plan_with_notes() -> Plan:
        wait = worded or word_notes_in_background(brief, brief_dir=brief_dir, renderer=renderer)
        notes = wait()
        if notes is not None:
            return with_notes(text_plan, notes)
        # The wording failed: words them again here, which reports the failure properly.
        return build_plan(brief, brief_dir=brief_dir, renderer=renderer,
                          labels=options.labels, draft=options.draft)

    warnings = export_brief(
        brief, output, brief_dir=brief_dir, options=options, renderer=renderer,
        plan=text_plan, late_plan=plan_with_notes)
    for warning in warnings:
        print(f"brief-editor: warning: {_one_line(warning)}", file=sys.stderr)
    print(f"Wrote {output}")
    return EXIT_OK


def _cmd_sources_import(args: argparse.Namespace) -> int:
    from brief_editor.citations.library import import_library_into
    from brief_editor.storage.files import save_brief
    from brief_editor.storage.lock import held

    _read(args.file)  # a brief that cannot be read is said before anything is locked
    # Read the brief again under the lock: what another writer saved meanwhile is kept.
    with held(args.file):
        brief = _read(args.file)
        result = import_library_into(brief, args.library)
        if result.brief is not brief:  # sources added, or aliases given to those there
            save_brief(args.file, result.brief)
    print(f"Added {len(result.added)} source(s) from {args.library}")
    for renamed in result.renamed:
        print(f"Renamed {renamed}")
    for skipped in result.skipped:
        print(f"Skipped {skipped}")
    return EXIT_OK
