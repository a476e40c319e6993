"""Take the README's screenshots of the editor under Xvfb.

Usage: python scripts/screenshots.py [FILE.brief] [--out docs/screenshots]

Starts its own Xvfb server when there is no display (so the real X11 platform plugin,
fonts and anti-aliasing are used, not the offscreen one), opens the sample issue and saves
PNGs of the main window: the first event section, and the masthead. Then exports the
sample to PDF (Typst) and DOCX, and renders pages of both as a reader sees them: the PDF's
first page and its endnotes page with pdftoppm, and the DOCX's first page as LibreOffice
lays it out.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "sample-issue.brief"
SCREEN = "1600x1000x24"


def start_xvfb() -> subprocess.Popen[bytes]:
    """Start Xvfb on a free display and point DISPLAY at it."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        raise SystemExit("Xvfb is not installed (apt-get install xvfb); `make system-deps` does it")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen([xvfb, "-displayfd", str(write_fd), "-screen", "0", SCREEN,
                             "-nolisten", "tcp"], pass_fds=(write_fd,),
                            stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        display = pipe.readline().strip()
    if not display:
        proc.kill()
        raise SystemExit("Xvfb did not start")
    os.environ["DISPLAY"] = f":{display}"
    return proc


def take(brief: Path, out: Path) -> list[Path]:
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    from brief_editor.model import EventSection
    from brief_editor.ui.app import create_application
    from brief_editor.ui.mainwindow import MainWindow

    app = create_application([sys.argv[0]])
    window = MainWindow()
    window.resize(1360, 860)
    window.show()
    if not window.open_path(brief, ask_to_save=False):
        raise SystemExit(f"{brief} could not be opened")

    def settle() -> None:
        loop = QEventLoop()
        QTimer.singleShot(400, loop.quit)
        loop.exec()
        app.processEvents()

    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    sections = window.document.brief.sections
    first_event = next((s for s in sections if isinstance(s, EventSection)), None)
    if first_event is not None:
        window.outline.select(first_event.id)
    settle()
    target = out / "main-window.png"
    window.grab().save(str(target))
    saved.append(target)
    window.outline.select(None)
    settle()
    target = out / "masthead.png"
    window.grab().save(str(target))
    saved.append(target)
    panel = getattr(window, "sources_panel", None)
    if panel is not None:
        # The Sources dock alone, wide enough for its columns, a source selected.
        dock = panel.parentWidget()
        dock.show()
        dock.raise_()
        window.resizeDocks([dock], [760], Qt.Orientation.Horizontal)
        panel.table.selectRow(0)
        settle()
        target = out / "sources-dock.png"
        dock.grab().save(str(target))
        saved.append(target)
    saved += citation_shots(window, out, settle, first_event.id if first_event else None)
    saved += preview_shot(window, out, settle, first_event.id if first_event else None)
    saved += find_shot(window, out, settle)
    saved += review_shot(window, out, settle)
    window.close()
    return saved


def citation_shots(window, out: Path, settle, section_id: str | None) -> list[Path]:
    """The citation picker, and the window with the Notes dock, then the Checks dock."""

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDockWidget

    from brief_editor.ui.citation_picker import CitationPicker

    live = getattr(window, "live", None)
    if live is None or section_id is None:
        return []
    saved: list[Path] = []
    brief = window.document.brief
    picker = CitationPicker(brief, recent=[s.id for s in brief.sources[:2] if s.id],
                            parent=window)
    picker.resize(680, 560)
    picker.show()
    words = (brief.sources[-1].title.split() if brief.sources else [])[:1]
    picker.search.setText(" ".join(words)[:4])
    picker.label.setCurrentIndex(0)
    picker.locator.setText("3")
    picker._fields_edited()
    settle()
    target = out / "citation-picker.png"
    picker.grab().save(str(target))
    saved.append(target)
    picker.close()

    def only(name: str, width: int) -> None:
        for dock in window.findChildren(QDockWidget):
            dock.setVisible(dock.objectName() == name)
        dock = window.findChild(QDockWidget, name)
        window.resizeDocks([dock], [width], Qt.Orientation.Horizontal)

    window.outline.select(section_id)
    only("dock-notes", 560)
    live.refresh_now(wait=True)
    settle()
    live.notes_panel.show_note(3)
    settle()
    target = out / "notes-dock.png"
    window.grab().save(str(target))
    saved.append(target)
    # The checks of a clean sample say little: show them on a copy with two slips typed in
    # (an unsourced quotation and a hand-typed "Ibid."); the file is not touched.
    section = window.document.section(section_id)
    field = "event" if hasattr(section, "event") else "body"
    paragraphs = list(getattr(section, field))
    if paragraphs:
        paragraphs[0] = (*paragraphs[0], " An official said “the ceasefire will hold until the "
                         "talks end” on Friday. Ibid.")
        window.document.edit_section(section_id, "Type in the event", None,
                                     **{field: tuple(paragraphs)})
    only("dock-checks", 520)
    live.refresh_now(wait=True)
    settle()
    target = out / "checks-dock.png"
    window.grab().save(str(target))
    saved.append(target)
    if paragraphs:
        window.document.undo_stack.undo()
        window.document.undo_stack.setClean()
    return saved


def preview_shot(window, out: Path, settle, section_id: str | None) -> list[Path]:
    """The main window with only the Preview dock open, once its pages are up to date."""
    from PySide6.QtCore import QDeadlineTimer, Qt
    from PySide6.QtWidgets import QDockWidget

    from brief_editor.ui.preview_dock import PreviewPanel

    panel = window.findChild(PreviewPanel)
    if panel is None:
        return []
    for dock in window.findChildren(QDockWidget):
        dock.setVisible(dock.objectName() == "dock-preview")
    dock = panel.parentWidget()
    window.resizeDocks([dock], [620], Qt.Orientation.Horizontal)
    window.outline.select(section_id)
    deadline = QDeadlineTimer(120_000)
    while not (panel.shown and panel.shown == panel.requested and not panel.stale):
        if deadline.hasExpired():
            raise SystemExit(f"the preview did not appear: {panel.status_label.text()}")
        settle()
    settle()
    target = out / "preview-dock.png"
    window.grab().save(str(target))
    return [target]


def find_shot(window, out: Path, settle) -> list[Path]:
    """Edit ▸ Replace with a word typed in: the bar, the count, the first match selected."""
    from PySide6.QtWidgets import QDockWidget

    for dock in window.findChildren(QDockWidget):
        dock.hide()
    bar = window.find_bar
    window.act_replace.trigger()
    bar.field.setText("drone")
    bar.replacement.setText("UAV")
    bar.find_next()
    bar.find_next()
    settle()
    target = out / "find-replace.png"
    window.grab().save(str(target))
    bar.close_bar()
    return [target]


def review_shot(window, out: Path, settle) -> list[Path]:
    """File ▸ Import Review… on a copy of the export an editor reviewed with Word's own
    markup (tracked changes and a comment): the Review dock and the change in the form."""
    from PySide6.QtWidgets import QDockWidget

    sys.path.insert(0, str(ROOT))
    from brief_editor.export.run import export_brief
    from brief_editor.ui.review_dock import import_review
    from tests.review.word_markup import WordReview

    with tempfile.TemporaryDirectory(prefix="brief-review-") as tmp:
        exported = Path(tmp) / "issue.docx"
        export_brief(window.document.brief, exported, brief_dir=window.document.path.parent)
        review = WordReview(exported)
        review.replace("busiest land border post", "main land crossing", author="Jo Editor")
        review.delete(" and the Velmoran Border Guard began diverting freight to the smaller "
                      "post at Lemmet", author="Jo Editor")
        review.comment("unidentified drones", "Do we know who counted them?", author="Jo Editor")
        reviewed = review.save(Path(tmp) / "issue-reviewed.docx")
        for dock in window.findChildren(QDockWidget):
            dock.hide()
        if not import_review(window, reviewed):
            raise SystemExit("the review could not be imported")
        settle()
        tree = window.review_dock.changes.tree
        if tree.topLevelItemCount():
            tree.setCurrentItem(tree.topLevelItem(0))  # the form opens at the change
        settle()
        target = out / "review-dock.png"
        window.grab().save(str(target))
        # The review's comments made the sample unsaved: leave without the question.
        window.document.undo_stack.setClean()
    return [target]


def export_pages(brief: Path, out: Path) -> list[Path]:
    """Page images of the exports: PDF pages 1 and the notes page, DOCX page 1."""
    from brief_editor.cli import main as cli_main

    made: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="brief-shots-") as tmp:
        folder = Path(tmp)
        pdf, docx = folder / "sample.pdf", folder / "sample.docx"
        for target in (pdf, docx):
            if cli_main(["export", str(brief), "-o", str(target), "--force"]) != 0:
                raise SystemExit(f"exporting {target.name} failed")
        # LibreOffice shows the DOCX as a Word user without Calibri would: with its metric
        # twin Carlito (the PDF's font), which we hand it through fontconfig.
        fonts = ROOT / "brief_editor" / "_vendor" / "fonts"
        conf = folder / "fonts.conf"
        conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
                        f"<fontconfig><include>/etc/fonts/fonts.conf</include><dir>{fonts}</dir>"
                        "</fontconfig>", encoding="utf-8")
        subprocess.run(["soffice", f"-env:UserInstallation=file://{folder / 'lo'}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(folder / "lo-out"), str(docx)],
                       check=True, capture_output=True, timeout=300,
                       env={**os.environ, "FONTCONFIG_FILE": str(conf)})
        from pypdf import PdfReader

        last = len(PdfReader(pdf).pages)
        for source, page, name in ((pdf, 1, "pdf-page1.png"), (pdf, last, "pdf-notes.png"),
                                   (folder / "lo-out" / "sample.pdf", 1, "docx-page1.png")):
            stem = folder / name.removesuffix(".png")
            subprocess.run(["pdftoppm", "-r", "80", "-f", str(page), "-l", str(page), "-png",
                            "-singlefile", str(source), str(stem)], check=True)
            shutil.move(f"{stem}.png", out / name)
            made.append(out / name)
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("brief", nargs="?", type=Path, default=SAMPLE)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    if not args.brief.is_file():
        sys.stderr.write(f"{args.brief}: no such brief\n")
        return 2
    os.environ.setdefault("BRIEF_EDITOR_HOME", tempfile.mkdtemp(prefix="brief-shots-"))
    os.environ.pop("QT_QPA_PLATFORM", None)
    xvfb = start_xvfb() if not os.environ.get("DISPLAY") else None
    try:
        for path in take(args.brief, args.out) + export_pages(args.brief, args.out):
            sys.stdout.write(f"{path}\n")
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
