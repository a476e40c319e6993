"""The team workspace in the editor: File ▸ Sync with Team, Team Conflicts… and the archive.

A sync runs in a background thread (a remote on a network can take seconds). When it
brings changes to the issue that is open, they are merged into the open document as one
undoable step, even while it has unsaved edits: the base of that merge is the file as the
editor last read or saved it, "ours" is the document in memory, "theirs" the file the sync
wrote. A field both changed stays as the analyst has it and is listed as a conflict.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStatusBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from brief_editor.citations.library_csljson import read_csl_json
from brief_editor.errors import BriefEditorError
from brief_editor.model import (
    Brief,
    Source,
    dumps,
    inline_text,
    loads,
    parse,
    to_raw,
)
from brief_editor.model.codec import inline_from_raw, inline_raw
from brief_editor.model.inline import Link, Note, Styled, span_text
from brief_editor.model.merged_text import NOTE_MARK, merged_paragraph, text_with_note_marks
from brief_editor.ui.richtext import apply_marks
from brief_editor.workspace import archive, find_root, gitsync
from brief_editor.workspace.gitsync import Conflict, SyncReport
from brief_editor.workspace.layout import LIBRARY
from brief_editor.workspace.merge import merge_brief, set_at_pointer

AUTO_SYNC_MS = 5 * 60 * 1000
log = logging.getLogger(__name__)


class _Host(Protocol):
    """What the team features need of the main window (and nothing more)."""

    document: Any
    outline: Any

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 - Qt's name
    def open_path(self, path: str | Path, *, ask_to_save: bool = True) -> bool: ...


class _SyncThread(threading.Thread):
    def __init__(self, root: Path, done: Signal) -> None:
        super().__init__(name="team-sync", daemon=True)
        self.root = root
        self.done = done

    def run(self) -> None:
        try:
            report = gitsync.sync(self.root)
            archive.update_index(self.root)
            self.done.emit(report, "")
        except BriefEditorError as exc:
            self.done.emit(None, str(exc))
        except Exception as exc:  # noqa: BLE001 - a sync must never take the editor down
            self.done.emit(None, f"the sync failed ({type(exc).__name__}: {exc})")


class TeamSync(QObject):
    """Syncs the open issue's workspace, by hand and every few minutes."""

    finished = Signal(object, str)  # SyncReport or None, error message
    _done = Signal(object, str)

    def __init__(self, host: _Host, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self._thread: _SyncThread | None = None
        self._quiet = False
        self._base: bytes | None = None
        # Conflicts between the analyst's unsaved edits and the team's changes.
        self.unsaved_conflicts: list[Conflict] = []
        self._done.connect(self._finish, Qt.ConnectionType.QueuedConnection)
        self.timer = QTimer(self)
        self.timer.setInterval(AUTO_SYNC_MS)
        self.timer.timeout.connect(lambda: self.sync_now(quiet=True))
        self.timer.start()

    def root(self) -> Path | None:
        path = self.host.document.path
        return find_root(Path(path)) if path else None

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def sync_now(self, *, quiet: bool = False) -> bool:
        """Start a sync; False when the open brief is not in a workspace or one runs."""
        root = self.root()
        if root is None:
            if not quiet:
                QMessageBox.information(
                    None, "Sync with Team",
                    "This brief is not in a team workspace. Open an issue from the "
                    "workspace's issues folder, or make one with "
                    "`brief-editor workspace init` or `clone`.")
            return False
        if self._thread is not None:
            return False
        self._quiet = quiet
        self._base = self.host.document.loaded_bytes
        if not quiet:
            self.host.statusBar().showMessage("Syncing with the team…")
        self._thread = _SyncThread(root, self._done)
        self._thread.start()
        return True

    def wait(self, timeout: float = 60.0) -> None:
        """Block until the running sync is over (tests and quitting)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _finish(self, report: SyncReport | None, error: str) -> None:
        self._thread = None
        status = self.host.statusBar()
        if report is None:
            status.showMessage(f"Sync failed: {error}", 15000)
            if not self._quiet:
                QMessageBox.warning(None, "Sync with Team", error)
            self.finished.emit(None, error)
            return
        self._take_changes_into_open_document()
        status.showMessage(describe(report, len(self.unsaved_conflicts)), 15000)
        self.finished.emit(report, "")

    def _take_changes_into_open_document(self) -> None:
        doc = self.host.document
        path = doc.path
        if path is None:
            return
        try:
            on_disk = Path(path).read_bytes()
        except OSError:
            return
        if on_disk == doc.loaded_bytes:
            return
        try:
            theirs = loads(on_disk.decode("utf-8"))
        except (BriefEditorError, UnicodeDecodeError):
            return  # the file is left for "changed on disk" to explain at the next save
        if not doc.is_dirty:
            doc.push(_keep_link(theirs, doc.brief), "Changes from the team")
            doc.mark_saved(Path(path), on_disk)
            return
        base = self._base or doc.loaded_bytes
        result = merge_brief(base, dumps(doc.brief).encode("utf-8"), on_disk)
        merged = loads(result.data.decode("utf-8"))
        doc.push(_keep_link(merged, doc.brief), "Merge the team's changes")
        # The file on disk is now the base of the unsaved work: saving is no longer a
        # "changed on disk" clash, and the document stays unsaved.
        doc.loaded_bytes = on_disk
        rel = Path(path).name
        self.unsaved_conflicts = [
            Conflict(id=f"unsaved-{i}", file=rel, path=c.path,
                     pointer=[list(p) if isinstance(p, tuple) else p for p in c.pointer],
                     section=c.section, field=c.field, kept=c.ours,
                     kept_author="your unsaved edit", kept_date="", other=c.theirs,
                     other_author="the team (just synced)", other_date="", other_commit="")
            for i, c in enumerate(result.conflicts)
        ]


def _keep_link(brief: Brief, current: Brief) -> Brief:
    # The linked library is absolute in memory; the file names it relative to its folder.
    import dataclasses

    from brief_editor.storage.files import LINKED_LIBRARY_KEY

    extra = dict(brief.extra)
    if LINKED_LIBRARY_KEY in current.extra:
        extra[LINKED_LIBRARY_KEY] = current.extra[LINKED_LIBRARY_KEY]
    return dataclasses.replace(brief, extra=extra)


def describe(report: SyncReport, unsaved_conflicts: int = 0) -> str:
    """One status-bar line about a sync."""
    parts = []
    if report.committed:
        parts.append("your saves committed")
    if report.received:
        parts.append(f"{len(report.received)} file(s) received")
    if report.merged:
        parts.append(f"{len(report.merged)} merged")
    if report.pushed:
        parts.append("sent to the team")
    text = "Synced: " + (", ".join(parts) or "nothing new")
    if report.offline:
        text = f"Not synced: {report.offline}"
    count = len(report.conflicts) + unsaved_conflicts
    if count:
        text += f". {count} conflict(s): File ▸ Team Conflicts…"
    return text


# ---------------------------------------------------------------------------- conflicts


def _show(value: Any) -> str:
    if value is None:
        return "(removed)"
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str | dict) for v in value):
        try:
            return inline_text(inline_from_raw(value))
        except BriefEditorError:
            pass
    return json.dumps(value, ensure_ascii=False, indent=2)


def _show_formatted(box: QPlainTextEdit, value: Any, *, note_marks: bool) -> None:
    """A version in its read-only box: a paragraph with its bold, italic and links drawn
    (through character formats, never as markup), and ⟦n⟧ where its notes are if asked."""
    box.clear()
    if not _is_inline(value):
        box.setPlainText(_show(value))
        return
    cursor = QTextCursor(box.document())
    number = 0
    for span in inline_from_raw(value):
        look = QTextCharFormat()
        if isinstance(span, Note):
            number += 1
            if not note_marks:
                continue
            look.setForeground(box.palette().placeholderText())
            cursor.insertText(NOTE_MARK.format(number), look)
            continue
        if isinstance(span, Styled):
            apply_marks(look, span.marks)
        elif isinstance(span, Link):
            look.setForeground(box.palette().link())
            look.setFontUnderline(True)
            look.setToolTip(span.url)
        cursor.insertText(span_text(span), look)


def _is_inline(value: Any) -> bool:
    if not isinstance(value, list):
        return False
    try:
        inline_from_raw(value)
    except BriefEditorError:
        return False
    return True


class ConflictsDialog(QDialog):
    """Both versions of each conflict side by side; keep one, take the other, or merge."""

    def __init__(self, host: _Host, sync: TeamSync, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.sync = sync
        self.setWindowTitle("Team Conflicts")
        self.setAccessibleName("Team conflicts")
        self.resize(960, 560)
        self.list = QListWidget()
        self.list.setAccessibleName("Conflicts")
        self.list.setWordWrap(True)
        self.list.setMinimumWidth(260)
        self.list.currentRowChanged.connect(self._show_current)
        self.kept_label, self.other_label = QLabel(), QLabel()
        for label in (self.kept_label, self.other_label):
            label.setWordWrap(True)
        self.kept_text, self.other_text = QPlainTextEdit(), QPlainTextEdit()
        for box, name in ((self.kept_text, "Version kept in the file"),
                          (self.other_text, "The other version")):
            box.setReadOnly(True)
            box.setAccessibleName(name)
        self.merge_text = QPlainTextEdit()
        self.merge_text.setAccessibleName("Merged version")
        self.merge_text.setPlaceholderText("Write the merged text here, then press Use Merge")
        self.keep_button = QPushButton("&Keep Mine")
        self.take_button = QPushButton("&Take Theirs")
        self.merge_button = QPushButton("Use &Merge")
        self.keep_button.clicked.connect(lambda: self._settle("kept"))
        self.take_button.clicked.connect(lambda: self._settle("other"))
        self.merge_button.clicked.connect(lambda: self._settle("merge"))
        grid = QGridLayout()
        grid.addWidget(self.kept_label, 0, 0)
        grid.addWidget(self.other_label, 0, 1)
        grid.addWidget(self.kept_text, 1, 0)
        grid.addWidget(self.other_text, 1, 1)
        merge_label = QLabel("Merged version (optional); ⟦1⟧, ⟦2⟧ … are the kept version's "
                             "notes: keep each mark where its note belongs. Words keep the "
                             "bold, italic or link they had in either version:")
        merge_label.setWordWrap(True)
        grid.addWidget(merge_label, 2, 0, 1, 2)
        grid.addWidget(self.merge_text, 3, 0, 1, 2)
        buttons = QHBoxLayout()
        for button in (self.keep_button, self.take_button, self.merge_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons.addWidget(close)
        right = QVBoxLayout()
        right.addLayout(grid, 1)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(right, 3)
        self.conflicts: list[Conflict] = []
        self.reload()

    def root(self) -> Path | None:
        return self.sync.root()

    def reload(self) -> None:
        root = self.root()
        stored = gitsync.load_conflicts(root) if root is not None else []
        self.conflicts = [*self.sync.unsaved_conflicts, *stored]
        self.list.clear()
        for conflict in self.conflicts:
            item = QListWidgetItem(f"{Path(conflict.file).name}: {self._where(conflict)}")
            item.setToolTip(conflict.path)
            self.list.addItem(item)
        if self.conflicts:
            self.list.setCurrentRow(0)
        else:
            self._show_current(-1)

    def _where(self, conflict: Conflict) -> str:
        if not conflict.path:
            return conflict.field
        where = conflict.field or conflict.path
        section = conflict.section
        if section is not None and self._is_open(conflict):
            found = self.host.document.section(section)
            if found is not None and inline_text(found.heading):
                return f"“{inline_text(found.heading)}”, {where}"
        return f"section {section}, {where}" if section else where

    def _is_open(self, conflict: Conflict) -> bool:
        root, path = self.root(), self.host.document.path
        if conflict.id.startswith("unsaved-"):
            return True
        return root is not None and path is not None and \
            (root / conflict.file).resolve() == Path(path).resolve()

    def current(self) -> Conflict | None:
        row = self.list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def _show_current(self, _row: int) -> None:
        conflict = self.current()
        enabled = conflict is not None
        for widget in (self.keep_button, self.take_button, self.merge_button, self.merge_text):
            widget.setEnabled(enabled)
        if conflict is None:
            self.kept_label.setText("No conflicts are open.")
            self.other_label.setText("")
            self.kept_text.setPlainText("")
            self.other_text.setPlainText("")
            return
        # Names and dates are user text: escaped, never read as markup.
        self.kept_label.setText("<b>Kept in the file</b> — " + html.escape(
            _who_when(conflict.kept_author, conflict.kept_date)))
        self.other_label.setText("<b>The other version</b> — " + html.escape(
            _who_when(conflict.other_author, conflict.other_date)))
        _show_formatted(self.kept_text, conflict.kept, note_marks=True)
        _show_formatted(self.other_text, conflict.other, note_marks=False)
        self.merge_text.setPlainText(_text_with_note_marks(conflict.kept))
        self.merge_button.setEnabled(bool(conflict.path) and (
            isinstance(conflict.kept, str) or _is_inline(conflict.kept)))

    def _settle(self, how: str) -> None:
        conflict = self.current()
        if conflict is None:
            return
        if how == "merge":
            text = self.merge_text.toPlainText()
            value: Any = text if isinstance(conflict.kept, str) else _merged_inline(
                conflict.kept, conflict.other, text)
        else:
            value = conflict.other if how == "other" else None
        try:
            if how != "kept":
                if self._is_open(conflict):
                    self._write_into_document(conflict, value)
                else:
                    self._write_into_file(conflict, value)
            self._forget(conflict)
        except (BriefEditorError, OSError, ValueError, KeyError, StopIteration) as exc:
            QMessageBox.warning(self, "Team Conflicts", f"The conflict could not be settled: {exc}")
            return
        self.reload()

    def _write_into_document(self, conflict: Conflict, value: Any) -> None:
        doc = self.host.document
        raw = json.loads(json.dumps(to_raw(doc.brief)))
        set_at_pointer(raw, conflict.pointer, value)
        doc.push(parse(raw), "Settle a team conflict")

    def _write_into_file(self, conflict: Conflict, value: Any) -> None:
        root = self.root()
        assert root is not None
        if value is conflict.other:
            gitsync.resolve_conflict(root, conflict.id, "other")
            return
        target = root / conflict.file
        from brief_editor.storage.atomic import atomic_write

        # Read and written under the issue's lock, as every writer of a brief does.
        with gitsync.issue_locks(root, [conflict.file] if conflict.file.endswith(".brief")
                                 else [], advice="settle it in that editor or close it first"):
            raw = json.loads(target.read_bytes())
            set_at_pointer(raw, conflict.pointer, value)
            atomic_write(target, dumps(parse(raw)).encode("utf-8"))

    def _forget(self, conflict: Conflict) -> None:
        if conflict.id.startswith("unsaved-"):
            self.sync.unsaved_conflicts = [c for c in self.sync.unsaved_conflicts
                                           if c.id != conflict.id]
            return
        root = self.root()
        if root is None:
            return
        left = [c for c in gitsync.load_conflicts(root) if c.id != conflict.id]
        gitsync.save_conflicts(root, left)


def _who_when(author: str, date: str) -> str:
    name = author.split("<", 1)[0].strip() or author
    try:
        moment = dt.datetime.fromisoformat(date).astimezone()
    except ValueError:
        return name
    return f"{name}, {moment:%d %B %Y, %H:%M}"


def _text_with_note_marks(value: Any) -> str:
    """A paragraph's text with ⟦1⟧, ⟦2⟧ … where its notes are; other values as _show."""
    return text_with_note_marks(inline_from_raw(value)) if _is_inline(value) else _show(value)


def _merged_inline(kept: Any, other: Any, text: str) -> list[Any]:
    """The merged paragraph, as stored: notes at their marks, the words' formatting kept
    (see model/merged_text.py)."""
    theirs = inline_from_raw(other) if _is_inline(other) else None
    return inline_raw(merged_paragraph(inline_from_raw(kept), theirs, text))


# ---------------------------------------------------------------------------- archive


class ArchiveDialog(QDialog):
    """Search every issue of the workspace; a result opens the issue at the section."""

    COLUMNS = ("Issue", "Date", "Section", "Where", "Text")

    def __init__(self, host: _Host, root: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.root = root
        self.setWindowTitle("Search Team Archive")
        self.setAccessibleName("Search team archive")
        self.resize(960, 520)
        self.query = QLineEdit()
        self.query.setAccessibleName("Search the archive")
        self.query.setPlaceholderText(
            'words, party:"Coast Guard", location:Sorvik, source:"Harbour Wire", '
            "from:2024-01-01 to:2024-03-31")
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setAccessibleName("Results")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(
            len(self.COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(lambda _index: self.open_current())
        self.summary = QLabel()
        self.hits: list[archive.Hit] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.run_search)
        self.query.textEdited.connect(lambda _t: self._timer.start())
        self.query.returnPressed.connect(self.run_search)
        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton("&Open", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.open_button.clicked.connect(self.open_current)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)

    def run_search(self) -> None:
        self._timer.stop()
        text = self.query.text().strip()
        if not text:
            return
        try:
            self.hits = archive.search(self.root, text)
        except BriefEditorError as exc:
            self.summary.setText(str(exc))
            return
        self.table.setRowCount(len(self.hits))
        for row, hit in enumerate(self.hits):
            cells = (str(hit.issue) if hit.issue is not None else Path(hit.file).stem,
                     hit.date or "", hit.heading or "(no heading)", hit.location, hit.snippet)
            for column, text_value in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text_value))
        self.summary.setText(f"{len(self.hits)} section(s) found")
        if self.hits:
            self.table.selectRow(0)

    def open_current(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.hits):
            return
        hit = self.hits[row]
        if self.host.open_path(self.root / hit.file):
            self.host.outline.select(hit.section)
            self.accept()


# ---------------------------------------------------------------------------- library


_library_cache: dict[Path, tuple[str, list[Source]]] = {}


def team_library(root: Path) -> list[Source]:
    """The workspace's shared sources (read again only when the file changed)."""
    path = root / LIBRARY
    try:
        info = path.stat()
    except OSError:
        return []
    stamp = f"{info.st_size}:{info.st_mtime_ns}"
    cached = _library_cache.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    try:
        items, _problems = read_csl_json(path.read_text(encoding="utf-8"), path)
    except (OSError, UnicodeDecodeError, BriefEditorError) as exc:
        log.warning("the team library %s cannot be read: %s", path, exc)
        return []
    sources = [Source(dict(item.data)) for item in items]
    _library_cache[path] = (stamp, sources)
    return sources


def picker_library(host: Any) -> tuple[list[Source], Callable[[Source], str] | None]:
    """What the citation picker offers besides the brief's own sources, in a workspace."""
    sync = getattr(host, "team_sync", None)
    root = sync.root() if sync is not None else None
    if root is None:
        return [], None
    try:
        archive.update_index(root)
        cited = archive.citations_by_key(root)
    except BriefEditorError as exc:
        log.warning("the archive cannot be read: %s", exc)
        cited = {}
    this_issue = host.document.brief.meta.issue

    def cited_in(source: Source) -> str:
        issues: set[int] = set()
        for key in archive.source_keys(source.data):
            issues.update(cited.get(key, ()))
        issues.discard(this_issue)
        if not issues:
            return ""
        numbers = sorted(issues)
        return "cited in issue " + str(numbers[0]) if len(numbers) == 1 else \
            "cited in issues " + ", ".join(str(n) for n in numbers)

    return team_library(root), cited_in


# ---------------------------------------------------------------------------- new / clone


class WorkspaceDialog(QDialog):
    """Make a new team workspace, or copy the team's from its remote."""

    def __init__(self, clone: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clone = clone
        title = "Clone Team Workspace" if clone else "New Team Workspace"
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(560)
        self.remote = QLineEdit()
        self.remote.setAccessibleName("Remote")
        self.remote.setPlaceholderText(
            "/srv/shared/desk.git, ssh://git@git.example/desk.git or https://…")
        self.folder = QLineEdit()
        self.folder.setAccessibleName("Folder")
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        self.problem.hide()
        form = QGridLayout()
        remote_label = QLabel("&Remote:" if clone else "&Remote (optional):")
        remote_label.setBuddy(self.remote)
        folder_label = QLabel("&Folder:")
        folder_label.setBuddy(self.folder)
        form.addWidget(remote_label, 0, 0)
        form.addWidget(self.remote, 0, 1, 1, 2)
        form.addWidget(folder_label, 1, 0)
        form.addWidget(self.folder, 1, 1)
        form.addWidget(browse, 1, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.addButton("&Clone" if clone else "C&reate",
                                    QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        hint = QLabel("A workspace is a folder of issues, the team's source library, profile "
                      "and dictionary, kept in git and synced with File ▸ Team ▸ Sync.")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.created: Path | None = None

    def _browse(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        name = QFileDialog.getExistingDirectory(self, "Choose a folder")
        if name:
            self.folder.setText(name)

    def accept(self) -> None:
        folder_text = self.folder.text().strip()
        remote = self.remote.text().strip()
        if not folder_text or (self.clone and not remote):
            self._say("Give a folder" + (" and the team's remote." if self.clone else "."))
            return
        folder = Path(folder_text).expanduser()
        try:
            if self.clone:
                gitsync.clone_workspace(remote, folder)
            else:
                gitsync.init_workspace(folder, remote=remote or None)
        except BriefEditorError as exc:
            self._say(str(exc))
            return
        self.created = folder
        super().accept()

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()


def _new_or_clone(host: Any, clone: bool) -> None:
    dialog = WorkspaceDialog(clone, host)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.created is None:
        return
    from PySide6.QtWidgets import QFileDialog

    issues = dialog.created / "issues"
    name, _ = QFileDialog.getOpenFileName(host, "Open an issue of the workspace", str(issues),
                                          "Briefs (*.brief)")
    if name:
        host.open_path(Path(name))
    else:
        host.statusBar().showMessage(
            f"Workspace ready in {dialog.created}; save issues into its issues folder", 10000)


# ---------------------------------------------------------------------------- menus


def install_team(host: Any, file_menu: QMenu, before: QAction) -> TeamSync:
    """Add Sync with Team, Team Conflicts… and Search Team Archive… to the File menu."""
    sync = TeamSync(host, host)
    team_menu = QMenu("&Team", file_menu)
    sync_action = QAction("&Sync with Team", host)
    sync_action.setShortcut(QKeySequence("Ctrl+Alt+Y"))
    sync_action.setStatusTip("Commit your saved work, take the team's and send yours")
    sync_action.triggered.connect(lambda _c=False: sync.sync_now())
    conflicts_action = QAction("Team &Conflicts…", host)
    conflicts_action.setShortcut(QKeySequence("Ctrl+Alt+Shift+Y"))
    conflicts_action.triggered.connect(lambda _c=False: ConflictsDialog(host, sync, host).exec())
    archive_action = QAction("Search Team &Archive…", host)
    archive_action.setShortcut(QKeySequence("Ctrl+Alt+H"))
    archive_action.triggered.connect(lambda _c=False: _open_archive(host, sync))
    new_action = QAction("&New Team Workspace…", host)
    new_action.setShortcut(QKeySequence("Ctrl+Alt+Shift+W"))
    new_action.triggered.connect(lambda _c=False: _new_or_clone(host, clone=False))
    clone_action = QAction("C&lone Team Workspace…", host)
    clone_action.setShortcut(QKeySequence("Ctrl+Alt+Shift+L"))
    clone_action.triggered.connect(lambda _c=False: _new_or_clone(host, clone=True))
    for action in (sync_action, conflicts_action, archive_action, None, new_action,
                   clone_action):
        if action is None:
            team_menu.addSeparator()
            continue
        team_menu.addAction(action)
        host.addAction(action)
    file_menu.insertMenu(before, team_menu)
    host.team_sync = sync
    host.act_sync = sync_action
    host.act_team_conflicts = conflicts_action
    host.act_archive = archive_action
    return sync


def _open_archive(host: Any, sync: TeamSync) -> None:
    root = sync.root()
    if root is None:
        QMessageBox.information(host, "Search Team Archive",
                                "This brief is not in a team workspace.")
        return
    ArchiveDialog(host, root, host).exec()
