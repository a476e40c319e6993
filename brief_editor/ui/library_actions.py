"""Library files in the editor: import, export, and a linked library file that is watched.

A linked library (a Zotero Better BibTeX auto-export, say) is named in the brief under the
optional top-level key ``linked_library`` (kept in ``Brief.extra``, so the keys of
FORMAT.md keep their meaning). In the file it is relative to the brief's folder where it
can be; in memory it is absolute, so Save As to another folder keeps the link (see
storage/files.py). The file is watched; a change is re-read off the GUI thread
a moment after the writes stop, and merged (``merge_linked``) as one undoable step. A file
that cannot be read (half-written JSON, a file being replaced) changes nothing and says so
in the status bar; the next write triggers another read.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QFileSystemWatcher, QObject, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from brief_editor.citations.library import (
    LibraryError,
    LibraryRead,
    bibtex_text,
    csl_json_text,
    import_library_into,
    merge_linked,
    read_library,
)
from brief_editor.errors import BriefEditorError
from brief_editor.model import Brief
from brief_editor.storage.files import LINKED_LIBRARY_KEY as LINK_KEY
from brief_editor.storage.files import linked_library

if TYPE_CHECKING:
    from brief_editor.ui.document import Document
    from brief_editor.ui.host import LibraryHost

log = logging.getLogger(__name__)

LIBRARY_FILTER = "Library files (*.bib *.bibtex *.json *.ris);;All files (*)"
DEBOUNCE_MS = 500


def resolve_linked(brief: Brief, brief_path: Path | None) -> Path | None:
    """The linked library's absolute path (relative paths start at the brief's folder)."""
    value = linked_library(brief)
    if value is None:
        return None
    path = Path(value).expanduser()
    if path.is_absolute():
        return path
    if brief_path is None:
        return None
    return (brief_path.parent / path).absolute()


def with_link(brief: Brief, value: str | None) -> Brief:
    extra = {k: v for k, v in brief.extra.items() if k != LINK_KEY}
    if value is not None:
        extra[LINK_KEY] = value
    return dataclasses.replace(brief, extra=extra)


class ReportDialog(QDialog):
    """What an import or a link added and what it skipped, one line each, nothing hidden."""

    def __init__(self, title: str, summary: str, lines: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.resize(640, 420)
        label = QLabel(summary)
        label.setWordWrap(True)
        label.setAccessibleName("Summary")
        self.summary = label
        self.details = QPlainTextEdit("\n".join(lines))
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Details")
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.summary.text() + "\n" + self.details.toPlainText()


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


class LibraryController(QObject):
    """The library commands of one window, and the watch on its linked library file."""

    read_done = Signal(int, object, object)  # generation, LibraryRead | None, error | None

    def __init__(self, window: LibraryHost) -> None:
        super().__init__(window)
        self.window = window
        self.path: Path | None = None
        self.generation = 0
        self._signature: tuple[int, int, int] | None = None
        self.last_report: ReportDialog | None = None
        self.last_message = ""
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._on_fs_event)
        self.watcher.directoryChanged.connect(self._on_fs_event)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.reread)
        self.read_done.connect(self._on_read)
        self._document: Document | None = None

    @property
    def document(self) -> Document:
        return self.window.document

    # ------------------------------------------------------------------ menu

    def build_menu(self) -> QMenu:
        window = self.window
        file_menu = window.act_save.associatedObjects()
        menu = QMenu("Sour&ces", window)
        self.act_import = self._add(menu, "&Import Sources…", self.import_dialog, "Ctrl+Shift+I",
                                    "Add the entries of a BibTeX, CSL-JSON or RIS file")
        self.act_export_bib = self._add(menu, "Export Sources as &BibTeX…",
                                        lambda: self.export_dialog("bibtex"), "Ctrl+Shift+B")
        self.act_export_json = self._add(menu, "Export Sources as &CSL-JSON…",
                                         lambda: self.export_dialog("csl-json"), "Ctrl+Shift+J")
        menu.addSeparator()
        self.act_link = self._add(menu, "&Link Library File…", self.link_dialog, "Ctrl+Shift+L",
                                  "Keep the sources up to date with a library file")
        # Beside Export in the File menu.
        target = next((o for o in file_menu if isinstance(o, QMenu)), None)
        if target is None:
            window.menuBar().addMenu(menu)
            return menu
        actions = target.actions()
        export_at = next((i for i, a in enumerate(actions)
                          if a.menu() is not None and "Export" in a.text()), None)
        before = actions[export_at + 1] if export_at is not None and export_at + 1 < len(
            actions) else None
        target.insertMenu(before, menu) if before is not None else target.addMenu(menu)
        return menu

    def _add(self, menu: QMenu, text: str, slot: Any, shortcut: str, tip: str = "") -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self.window.addAction(action)
        return action

    # ------------------------------------------------------------------ import / export

    def _start_folder(self) -> str:
        doc = self.document
        return str(doc.path.parent) if doc.path else str(Path.home())

    def import_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.window, "Import sources", self._start_folder(),
                                              LIBRARY_FILTER)
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> ReportDialog | None:
        """Add a library file's new entries to the brief and show what was added and skipped."""
        try:
            result = import_library_into(self.document.brief, path)
        except BriefEditorError as exc:
            QMessageBox.critical(self.window, "Cannot import sources", str(exc))
            return None
        if result.brief is not self.document.brief:  # sources added, or aliases given
            self.document.push(result.brief, f"Import sources from {path.name}")
        summary = (f"Added {_plural(len(result.added), 'source')} from {path.name}"
                   f"{_under_new_keys(result.renamed)}; "
                   f"skipped {_plural(len(result.skipped), 'entry', 'entries')}.")
        # What needs the user's eye first: keys changed, entries left out; then the rest.
        lines = [f"Renamed: {line}" for line in result.renamed]
        lines += [f"Skipped: {why}" for why in result.skipped]
        lines += [f"Added: {ident}" for ident in result.added]
        self.window.statusBar().showMessage(summary, 8000)
        return self._show_report("Import report", summary, lines)

    def _show_report(self, title: str, summary: str, lines: list[str]) -> ReportDialog:
        if self.last_report is not None:
            self.last_report.close()
            self.last_report.deleteLater()
        # Modeless: the user can keep the list open while fixing the library file.
        dialog = ReportDialog(title, summary, lines, self.window)
        self.last_report = dialog
        dialog.show()
        return dialog

    def export_dialog(self, kind: str) -> None:
        doc = self.document
        stem = doc.path.stem + "-sources" if doc.path else "sources"
        suffix, label = (".bib", "BibTeX (*.bib)") if kind == "bibtex" else (
            ".json", "CSL-JSON (*.json)")
        name, _ = QFileDialog.getSaveFileName(
            self.window, "Export sources", str(Path(self._start_folder()) / f"{stem}{suffix}"),
            label)
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        self.export_file(path, kind)

    def export_file(self, path: Path, kind: str) -> bool:
        from brief_editor.storage.atomic import atomic_write

        sources = self.document.brief.sources
        text = bibtex_text(sources) if kind == "bibtex" else csl_json_text(sources)
        try:
            atomic_write(path, text.encode("utf-8"))
        except BriefEditorError as exc:
            QMessageBox.critical(self.window, "Cannot export sources", str(exc))
            return False
        self.window.statusBar().showMessage(
            f"Exported {_plural(len(sources), 'source')} to {path.name}", 5000)
        return True

    # ------------------------------------------------------------------ linking

    def link_dialog(self) -> None:
        current = linked_library(self.document.brief)
        if current is not None:
            box = QMessageBox(QMessageBox.Icon.Question, "Linked library file",
                              f"This brief is linked to {current}. Its sources follow that "
                              "file as it changes.", parent=self.window)
            box.setAccessibleName("Linked library file")
            other = box.addButton("Link Another File…", QMessageBox.ButtonRole.AcceptRole)
            unlink = box.addButton("Unlink", QMessageBox.ButtonRole.DestructiveRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            if box.clickedButton() is unlink:
                self.unlink()
                return
            if box.clickedButton() is not other:
                return
        name, _ = QFileDialog.getOpenFileName(self.window, "Link library file",
                                              self._start_folder(), LIBRARY_FILTER)
        if name:
            self.link_file(Path(name))

    def link_file(self, path: Path) -> bool:
        """Link the brief to a library file and bring its sources in, as one undoable step."""
        try:
            read = read_library(path)
        except BriefEditorError as exc:
            QMessageBox.critical(self.window, "Cannot link library file", str(exc))
            return False
        doc = self.document
        # Absolute in memory; the file names it relative to the brief's folder.
        linked = with_link(doc.brief, path.absolute().as_posix())
        merged, report = merge_linked(linked, read.items)
        doc.push(merged, f"Link library file {path.name}")
        self._remember(path)
        skipped = report.skipped + [str(p) for p in read.problems]
        summary = (f"Linked to {path.name}: added {_plural(len(report.added), 'source')}"
                   f"{_under_new_keys(report.renamed)}, updated {len(report.updated)}, skipped {len(skipped)}. The file "
                   "is watched and re-read when it changes.")
        lines = ([f"Renamed: {line}" for line in report.renamed]
                 + [f"Added: {i}" for i in report.added] + [f"Updated: {i}" for i in report.updated]
                 + [f"Skipped: {s}" for s in skipped])
        self._show_report("Linked library", summary, lines)
        return True

    def unlink(self) -> None:
        self.document.push(with_link(self.document.brief, None), "Unlink library file")
        self.window.statusBar().showMessage(
            "The brief no longer follows a library file; its sources stay", 5000)

    # ------------------------------------------------------------------ watching

    def attach(self, document: Document) -> None:
        """Follow ``document``: watch the library file it links to, if any."""
        # The document shown before is never edited again, so its signals stay silent.
        self._document = document
        document.changed.connect(self._on_changed)
        document.path_changed.connect(self.retarget)
        self.path = None
        self.retarget()
        if self.path is not None and self.path.exists():
            # The library may have changed while the brief was closed.
            self.timer.start()

    def _on_changed(self, old: Brief, new: Brief) -> None:
        if self.sender() is not self.document:
            return
        if old.extra is not new.extra and old.extra.get(LINK_KEY) != new.extra.get(LINK_KEY):
            self.retarget()

    def retarget(self) -> None:
        """Watch the file the brief links to now (nothing when it links to none)."""
        path = resolve_linked(self.document.brief, self.document.path)
        if path == self.path:
            return
        self.path = path
        self.generation += 1
        self.timer.stop()
        watched = self.watcher.files() + self.watcher.directories()
        if watched:
            self.watcher.removePaths(watched)
        if path is None:
            return
        self._signature = self._stat(path)
        self._watch()
        log.debug("watching linked library %s", path)

    def _remember(self, path: Path) -> None:
        # Just read by link_file: the first change event should not read it again.
        if path.absolute() == self.path:
            self._signature = self._stat(path.absolute())

    def _watch(self) -> None:
        if self.path is None:
            return
        # The folder too: an atomic replace (how Better BibTeX and editors save) removes the
        # watched file, and the folder is how we learn that a new one took its place.
        folder = str(self.path.parent)
        if folder not in self.watcher.directories() and self.path.parent.is_dir():
            self.watcher.addPath(folder)
        if str(self.path) not in self.watcher.files() and self.path.exists():
            self.watcher.addPath(str(self.path))

    @staticmethod
    def _stat(path: Path) -> tuple[int, int, int] | None:
        try:
            st = path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def _on_fs_event(self, _changed: str) -> None:
        if self.path is None:
            return
        self._watch()
        signature = self._stat(self.path)
        if signature is None or signature == self._signature:
            return  # another file of the folder, or the library is briefly missing
        self.timer.start()  # restarts: read once the writes have stopped

    def reread(self) -> None:
        """Read the linked library again, off the GUI thread."""
        if self.path is None:
            return
        self.generation += 1
        generation, path = self.generation, self.path
        self._signature = self._stat(path)

        def work() -> None:
            try:
                result: tuple[LibraryRead | None, str | None] = (read_library(path), None)
            except LibraryError as exc:
                result = (None, str(exc))
            except Exception as exc:  # noqa: BLE001 - reported in the status bar, never lost
                log.exception("reading the linked library failed")
                result = (None, f"{path.name}: {exc}")
            with contextlib.suppress(RuntimeError):  # the window closed meanwhile
                self.read_done.emit(generation, *result)

        QThreadPool.globalInstance().start(work)

    def _on_read(self, generation: int, read: LibraryRead | None, error: str | None) -> None:
        if generation != self.generation:
            return  # a newer read, or another file, has taken over
        bar = self.window.statusBar()
        if read is None or (not read.items and read.problems):
            # Unreadable, or nothing good in it (a file caught half-written): change nothing.
            why = error if read is None else (
                f"{_plural(len(read.problems), 'entry', 'entries')} could not be read")
            self.last_message = (f"The linked library was not re-read ({why}); the sources "
                                 "are unchanged")
            bar.showMessage(self.last_message, 10000)
            return
        merged, report = merge_linked(self.document.brief, read.items)
        if report.changed:
            self.document.push(merged, "Update sources from the linked library")
        parts = []
        if report.added:
            parts.append(f"added {len(report.added)}")
        if report.updated:
            parts.append(f"updated {len(report.updated)}")
        if read.problems:
            parts.append(f"{_plural(len(read.problems), 'entry', 'entries')} could not be read")
        self.last_message = (f"Linked library {read.path.name}: " + (", ".join(parts)
                             if parts else "no change"))
        bar.showMessage(self.last_message, 6000)


def _under_new_keys(renamed: list[str]) -> str:
    """" (2 entries under a new key)" after a count of sources added, or nothing."""
    return f" ({_plural(len(renamed), 'entry', 'entries')} under a new key)" if renamed else ""


def install_library_actions(window: LibraryHost) -> LibraryController:
    """Add the Sources submenu to the File menu and watch the brief's linked library."""
    controller = LibraryController(window)
    window.library = controller  # type: ignore[attr-defined]
    controller.build_menu()
    controller.attach(window.document)
    window.document_replaced.connect(lambda: controller.attach(window.document))
    return controller
