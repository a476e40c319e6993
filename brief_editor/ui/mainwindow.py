"""The main window: outline, form, docks, menus, files, autosave, locks and export."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from brief_editor.errors import BriefEditorError
from brief_editor.model import Brief, Note, inline_text, inlines_in_reading_order, notes_in
from brief_editor.safe_read import UnreadableFile, read_regular_file
from brief_editor.storage import lock
from brief_editor.storage.autosave import RecoveryStore, Snapshot, discard, sha256
from brief_editor.storage.files import MAX_BRIEF_BYTES, loads_file, save_brief
from brief_editor.storage.paths import AppPaths, app_paths
from brief_editor.storage.settings import Settings, load_settings, save_settings
from brief_editor.ui.document import Document
from brief_editor.ui.forms import Form, form_for
from brief_editor.ui.outline import Outline
from brief_editor.ui.richtext import RichTextEdit
from brief_editor.ui.settings_dialog import SettingsDialog

log = logging.getLogger(__name__)

APP_TITLE = "Brief Editor"
BRIEF_FILTER = "Briefs (*.brief)"


def new_brief(settings: Settings, paths: AppPaths,
              previous: Brief | None = None) -> tuple[Brief, str | None]:
    """A new issue from the team profile (and, when given, the issue before it: its number
    plus one, and the masthead the profile leaves blank); the second value is a problem to
    report, if any."""
    try:
        from brief_editor.storage.profile import find_profile, new_brief_from_profile

        profile = find_profile(settings.profile_path or None, paths)
        return new_brief_from_profile(profile, today=dt.date.today(), previous=previous), None
    except BriefEditorError as exc:
        return Brief(), f"The profile could not be used, so the new brief is blank: {exc}"
    except ImportError as exc:  # pragma: no cover - a partial installation
        log.warning("profiles are not available: %s", exc)
        return Brief(), None


def count_words(brief: Brief) -> int:
    return sum(len(inline_text(slot.inline).split()) for slot in inlines_in_reading_order(brief))


def count_notes(brief: Brief) -> int:
    return sum(len(notes_in(slot.inline)) for slot in inlines_in_reading_order(brief))


class RecoveryDialog(QDialog):
    """Offers the work an editor left behind when it stopped without saving."""

    def __init__(self, snapshots: list[Snapshot], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recover unsaved work")
        self.setAccessibleName("Recover unsaved work")
        self.snapshots = snapshots
        self.choice: str = "later"
        text = QLabel("Brief Editor stopped without saving this work. Recover it now?")
        text.setWordWrap(True)
        self.text = text
        self.list = QListWidget()
        self.list.setAccessibleName("Unsaved work")
        for snapshot in snapshots:
            self.list.addItem(snapshot.label)
        self.list.setCurrentRow(0)
        # Wide enough for a file name and its time on one line; no taller than its rows.
        widest = max((self.list.fontMetrics().horizontalAdvance(s.label) for s in snapshots),
                     default=0)
        self.setMinimumWidth(min(900, max(480, widest + 60)))
        rows = max(2, min(len(snapshots), 8))
        self.list.setMinimumHeight(rows * (self.list.sizeHintForRow(0) or 20) + 8)
        buttons = QDialogButtonBox()
        self.recover_button = buttons.addButton("&Recover", QDialogButtonBox.ButtonRole.AcceptRole)
        self.discard_button = buttons.addButton("&Discard", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.later_button = buttons.addButton("Decide &Later", QDialogButtonBox.ButtonRole.RejectRole)
        self.recover_button.clicked.connect(lambda: self._finish("recover"))
        self.discard_button.clicked.connect(lambda: self._finish("discard"))
        self.later_button.clicked.connect(lambda: self._finish("later"))
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def selected(self) -> Snapshot:
        return self.snapshots[max(0, self.list.currentRow())]

    def _finish(self, choice: str) -> None:
        self.choice = choice
        if choice == "later":
            self.reject()
        else:
            self.accept()


class MainWindow(QMainWindow):
    """One window editing one brief."""

    document_replaced = Signal()

    def __init__(self, paths: AppPaths | None = None, settings: Settings | None = None) -> None:
        super().__init__()
        self.paths = paths or app_paths()
        self.settings = settings or load_settings(self.paths)
        self.recovery = RecoveryStore(self.paths.recovery)
        self._last_snapshot: Brief | None = None
        self._locked: Path | None = None
        self.form: Form | None = None
        self._form_section: str | None = "__none__"
        self.exports: list[object] = []
        self.problem_count: int | None = None
        self.setWindowTitle(APP_TITLE)
        self.setAccessibleName("Brief Editor main window")
        self.setAcceptDrops(True)
        self.resize(1280, 820)

        self.undo_group = QUndoGroup(self)
        self.outline = Outline()
        self.outline.section_selected.connect(self.show_form)
        self.outline.move_requested.connect(lambda sid, i: self.document.move_section(sid, i))
        self.outline.delete_requested.connect(lambda _sid: self.delete_section())
        self.form_holder = QWidget()
        self.form_holder.setAccessibleName("Form")
        self.form_layout = QVBoxLayout(self.form_holder)
        self.form_layout.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setAccessibleName("Outline and form")
        splitter.addWidget(self.outline)
        splitter.addWidget(self.form_holder)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 980])
        splitter.setChildrenCollapsible(False)
        self.outline.setMinimumWidth(200)
        central = QWidget()
        self.central_layout = QVBoxLayout(central)
        self.central_layout.setContentsMargins(0, 0, 0, 0)
        self.central_layout.setSpacing(0)
        self.central_layout.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.setDockNestingEnabled(True)

        self.words_label = QLabel()
        self.words_label.setAccessibleName("Word count")
        self.notes_label = QLabel()
        self.notes_label.setAccessibleName("Note count")
        self.problems_label = QLabel()
        self.problems_label.setAccessibleName("Problem count")
        for label in (self.words_label, self.notes_label, self.problems_label):
            label.setContentsMargins(10, 0, 10, 0)
            self.statusBar().addPermanentWidget(label)
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(300)
        self._status_timer.timeout.connect(self.update_status)

        self.autosave_timer = QTimer(self)
        self.autosave_timer.timeout.connect(self.autosave)
        self.apply_settings(self.settings)

        self.document: Document = None  # type: ignore[assignment]  # set just below
        self._build_actions()
        brief, problem = new_brief(self.settings, self.paths)
        self.set_document(Document(brief, parent=self))
        if problem:
            self.statusBar().showMessage(problem, 10000)
        from brief_editor.ui.sources_dock import install_sources_dock

        install_sources_dock(self)
        from brief_editor.ui.preview_dock import install_preview

        install_preview(self)
        from brief_editor.ui.live import install_citations

        install_citations(self)
        from brief_editor.ui.spelling import install_writing_tools

        install_writing_tools(self)
        from brief_editor.ui.review_dock import install_review

        install_review(self)
        from brief_editor.ui.team import install_team

        install_team(self, self.file_menu, self.act_settings)
        from brief_editor.ui.dock_layout import arrange_docks

        arrange_docks(self)

    # ================================================================== actions and menus

    def _action(self, menu, text: str, slot: Callable[[], object],
                shortcut: QKeySequence | str | QKeySequence.StandardKey | None = None,
                tip: str = "", extra: list | None = None) -> QAction:
        action = QAction(text, self)
        keys: list[QKeySequence] = []
        if isinstance(shortcut, QKeySequence.StandardKey):
            keys = QKeySequence.keyBindings(shortcut)
        elif shortcut:
            keys = [QKeySequence(shortcut)]
        for more in extra or []:
            keys.append(QKeySequence(more))
        if keys:
            action.setShortcuts(keys)
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self.file_menu = file
        self.act_new = self._action(file, "&New", self.new_file, QKeySequence.StandardKey.New,
                                    "Start a new issue from the team profile")
        self.act_new_after = self._action(
            file, "New Issue &After This One", lambda: self.new_file(after_this=True),
            "Ctrl+Shift+Alt+N", "Start the next issue: this one's number plus one, its masthead, "
            "next Monday's week")
        self.act_open = self._action(file, "&Open…", self.open_dialog,
                                     QKeySequence.StandardKey.Open)
        self.recent_menu = file.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file.addSeparator()
        self.act_save = self._action(file, "&Save", self.save, QKeySequence.StandardKey.Save)
        self.act_save_as = self._action(file, "Save &As…", self.save_as, "Ctrl+Shift+S")
        file.addSeparator()
        export = file.addMenu("&Export")
        self.act_export_docx = self._action(export, "Export as &Word (DOCX)…",
                                            lambda: self.export("docx"), "Ctrl+E")
        self.act_export_pdf = self._action(export, "Export as &PDF…",
                                           lambda: self.export("pdf"), "Ctrl+Shift+E")
        file.addSeparator()
        self.act_document_settings = self._action(
            file, "&Document Settings…", self.open_document_settings, "Ctrl+Shift+Alt+D",
            "This brief's citation style, notes, Ibid., paper size and language")
        self.act_settings = self._action(file, "Se&ttings…", self.open_settings,
                                         QKeySequence.StandardKey.Preferences, extra=["Ctrl+,"])
        self.act_import_profile = self._action(file, "Import Team &Profile…",
                                               # Not Ctrl+Shift+F: that is Font in Word.
                                               self.import_team_profile, "Ctrl+Shift+Alt+P",
                                               "Install the team's house profile for new issues")
        file.addSeparator()
        self.act_quit = self._action(file, "&Quit", self.close, "Ctrl+Q")

        edit = bar.addMenu("&Edit")
        self.edit_menu = edit
        self.act_undo = self.undo_group.createUndoAction(self, "&Undo")
        self.act_undo.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        self.act_redo = self.undo_group.createRedoAction(self, "&Redo")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (self.act_undo, self.act_redo):
            edit.addAction(action)
            self.addAction(action)
        edit.addSeparator()
        self._action(edit, "Cu&t", lambda: self._focused_call("cut"), QKeySequence.StandardKey.Cut)
        self._action(edit, "&Copy", lambda: self._focused_call("copy"),
                     QKeySequence.StandardKey.Copy)
        self._action(edit, "&Paste", lambda: self._focused_call("paste"),
                     QKeySequence.StandardKey.Paste)
        self._action(edit, "Select &All", lambda: self._focused_call("selectAll"),
                     QKeySequence.StandardKey.SelectAll)
        edit.addSeparator()
        from brief_editor.ui.find_bar import install_find

        self.find_bar = install_find(self, self.central_layout, edit)

        section = bar.addMenu("&Section")
        self.act_add_event = self._action(section, "Add &Event", self.add_event, "Ctrl+Shift+N")
        self.act_add_narrative = self._action(section, "Add &Narrative", self.add_narrative,
                                              "Ctrl+Shift+R")
        self.act_duplicate = self._action(section, "&Duplicate", self.duplicate_section,
                                          "Ctrl+Shift+D")
        self.act_delete = self._action(section, "De&lete", self.delete_section,
                                       "Ctrl+Shift+Del")
        section.addSeparator()
        self.act_move_up = self._action(section, "Move &Up", lambda: self.move_section(-1),
                                        "Ctrl+Shift+Up")
        self.act_move_down = self._action(section, "Move Do&wn", lambda: self.move_section(1),
                                          "Ctrl+Shift+Down")
        section.addSeparator()
        self._action(section, "&Previous Item", lambda: self.step_selection(-1), "Ctrl+PgUp")
        self._action(section, "Ne&xt Item", lambda: self.step_selection(1), "Ctrl+PgDown")

        insert = bar.addMenu("&Insert")
        self.act_figure = self._action(insert, "&Figure…", self.insert_figure, "Ctrl+Shift+G")
        self.act_comment_note = self._action(insert, "&Commentary Note…",
                                             self.insert_commentary_note, "Ctrl+Alt+N")
        self.act_link = self._action(insert, "&Link…", self.edit_link, "Ctrl+K")
        self.insert_menu = insert

        fmt = bar.addMenu("F&ormat")
        self._action(fmt, "&Bold", lambda: self._mark("bold"), QKeySequence.StandardKey.Bold)
        self._action(fmt, "&Italic", lambda: self._mark("italic"),
                     QKeySequence.StandardKey.Italic)
        self._action(fmt, "&Underline", lambda: self._mark("underline"),
                     QKeySequence.StandardKey.Underline)
        self._action(fmt, "Su&perscript", lambda: self._mark("superscript"), "Ctrl+Shift+=")
        self._action(fmt, "Su&bscript", lambda: self._mark("subscript"), "Ctrl+=")
        fmt.addSeparator()
        self._action(fmt, "&Remove Link", lambda: self._rich_call(lambda e: e.set_link(None)),
                     "Ctrl+Shift+K")
        self._action(fmt, "&Clear Formatting", lambda: self._rich_call(
            lambda e: e.clear_formatting()), "Ctrl+\\")

        view = bar.addMenu("&View")
        self._action(view, "Go to &Outline", self.outline.setFocus, "Ctrl+1")
        self._action(view, "Go to &Form", self.focus_form, "Ctrl+2")
        view.addSeparator()
        self.docks_menu = view.addMenu("&Panels")
        self.docks_menu.setEnabled(False)

        self._build_toolbar()

        helpm = bar.addMenu("&Help")
        self._action(helpm, "&Keyboard Shortcuts", self.show_shortcuts,
                     QKeySequence.StandardKey.HelpContents)
        self._action(helpm, "&About Brief Editor", self.show_about, "Ctrl+F1")

    def _build_toolbar(self) -> None:
        tools = QToolBar("Main toolbar", self)
        tools.setObjectName("main-toolbar")
        tools.setAccessibleName("Main toolbar")
        tools.setMovable(False)
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        icon = self.style().standardIcon
        pix = QStyle.StandardPixmap
        for action, std in ((self.act_new, pix.SP_FileIcon), (self.act_open, pix.SP_DirOpenIcon),
                            (self.act_save, pix.SP_DialogSaveButton)):
            action.setIcon(icon(std))
            tools.addAction(action)
        tools.addSeparator()
        self.act_undo.setIcon(icon(pix.SP_ArrowBack))
        self.act_redo.setIcon(icon(pix.SP_ArrowForward))
        for action, label in ((self.act_undo, "Undo"), (self.act_redo, "Redo")):
            # A steady label, so the toolbar does not jump about as the step's name changes;
            # the tooltip (and the Edit menu) name the step.
            action.setIconText(label)
            action.changed.connect(lambda a=action: self._name_step_in_tooltip(a))
            tools.addAction(action)
        tools.addSeparator()
        for action in (self.act_add_event, self.act_add_narrative):
            tools.addAction(action)
        self.act_move_up.setIcon(icon(pix.SP_ArrowUp))
        self.act_move_down.setIcon(icon(pix.SP_ArrowDown))
        tools.addAction(self.act_move_up)
        tools.addAction(self.act_move_down)
        tools.addSeparator()
        self.act_export_docx.setIconText("Word")
        self.act_export_pdf.setIconText("PDF")
        tools.addAction(self.act_export_docx)
        tools.addAction(self.act_export_pdf)
        for action in tools.actions():
            if not action.isSeparator():
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                label = action.iconText().replace("&", "")
                action.setToolTip(f"{label} ({keys})" if keys else label)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, tools)
        self.toolbar = tools
        for action in (self.act_undo, self.act_redo):
            self._name_step_in_tooltip(action)

    @staticmethod
    def _name_step_in_tooltip(action: QAction) -> None:
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        step = action.text().replace("&", "")
        action.setToolTip(f"{step} ({keys})" if keys else step)

    def add_panel(self, title: str, widget: QWidget, shortcut: str | None = None,
                  area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea) -> QDockWidget:
        """Add a dock on the right (notes, sources, checks, preview) with a View menu entry."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{title.lower()}")
        dock.setAccessibleName(title)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        toggle = dock.toggleViewAction()
        if shortcut:
            toggle.setShortcut(QKeySequence(shortcut))
        self.docks_menu.addAction(toggle)
        self.docks_menu.setEnabled(True)
        return dock

    # ================================================================== document

    def set_document(self, document: Document) -> None:
        """Show ``document`` (replacing the one shown), resetting outline and form."""
        old = self.document
        if old is not None and old is not document:
            # The old document is never edited again, so its signals stay silent.
            self.undo_group.removeStack(old.undo_stack)
            old.deleteLater()
        self.document = document
        self.undo_group.addStack(document.undo_stack)
        self.undo_group.setActiveStack(document.undo_stack)
        document.changed.connect(self._on_changed)
        document.clean_changed.connect(lambda _clean: self._update_title())
        document.path_changed.connect(self._update_title)
        self._last_snapshot = None
        self._set_form(None, force=True)
        self.outline.set_brief(document.brief)
        self.outline.select(None)
        self._update_title()
        self.update_status()
        self.document_replaced.emit()

    def _on_changed(self, old: Brief, new: Brief) -> None:
        self.outline.update_brief(old, new)
        current = self.outline.current_section_id()
        if current != self._form_section:
            self._set_form(current)
        self._jump_to_change(old, new)
        self._update_title()
        self._status_timer.start()

    def _jump_to_change(self, old: Brief, new: Brief) -> None:
        # After an undo or redo in a section that is not on screen, show that section,
        # so the user sees what came back.
        if old.sections is new.sections or len(old.sections) != len(new.sections):
            return
        changed = [n.id for o, n in zip(old.sections, new.sections, strict=True) if o is not n]
        if len(changed) == 1 and changed[0] != self._form_section and (
            [s.id for s in old.sections] == [s.id for s in new.sections]
        ) and not self._editing_now():
            self.outline.select(changed[0])

    def _editing_now(self) -> bool:
        focus = QApplication.focusWidget()
        return focus is not None and self.form is not None and self.form.isAncestorOf(focus)

    def show_form(self, section_id: str | None) -> None:
        self._set_form(section_id)

    def _set_form(self, section_id: str | None, *, force: bool = False) -> None:
        if not force and section_id == self._form_section and self.form is not None:
            return
        if self.form is not None:
            self.form.hide()
            self.form.setParent(None)
            self.form.deleteLater()
            self.form = None
        self._form_section = section_id
        if section_id is not None and self.document.section(section_id) is None:
            section_id = None
            self._form_section = None
        self.form = form_for(self.document, section_id)
        self.form_layout.addWidget(self.form)

    def focus_form(self) -> None:
        if self.form is not None:
            target = self.form.first_field()
            (target or self.form).setFocus()

    def _update_title(self) -> None:
        doc = self.document
        self.setWindowTitle(f"{doc.display_name}[*] — {APP_TITLE}")
        self.setWindowModified(doc.is_dirty)
        self.setWindowFilePath(str(doc.path) if doc.path else "")

    def update_status(self) -> None:
        brief = self.document.brief
        counts = getattr(self, "status_counts", None)  # incremental counts (ui/live.py)
        words, notes = counts(brief) if counts else (count_words(brief), count_notes(brief))
        self.words_label.setText(f"{words:,} words")
        self.notes_label.setText(f"{notes:,} notes")
        if self.problem_count is None:
            self.problems_label.setText("Problems: —")
        else:
            count = self.problem_count
            self.problems_label.setText(f"{count:,} problem{'' if count == 1 else 's'}")

    def set_problem_count(self, count: int | None) -> None:
        """Show the number of problems found by the checks (issue 6)."""
        self.problem_count = count
        self.update_status()

    # ================================================================== files

    def maybe_save(self) -> bool:
        """Ask to save unsaved work; True when it is fine to go on (saved or discarded)."""
        if not self.document.is_dirty:
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved changes",
                          f"Save the changes to {self.document.display_name}?",
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        # Keys for every answer (Escape cancels).
        box.button(QMessageBox.StandardButton.Save).setText("&Save")
        box.button(QMessageBox.StandardButton.Discard).setText("&Discard")
        box.setAccessibleName("Unsaved changes")
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def _leave_document(self) -> None:
        """Forget the current document's lock and recovery snapshot (it is being closed)."""
        if self._locked is not None:
            lock.release(self._locked)
            self._locked = None
        self.recovery.clear()
        self._last_snapshot = None

    def release_lock(self) -> None:
        """Remove our lock beside the open brief (the program is ending)."""
        if self._locked is not None:
            lock.release(self._locked)
            self._locked = None

    def new_file(self, *, after_this: bool = False) -> None:
        previous = self.document.brief if after_this else None
        if not self.maybe_save():
            return
        self._leave_document()
        brief, problem = new_brief(self.settings, self.paths, previous)
        self.set_document(Document(brief, parent=self))
        if problem:
            QMessageBox.warning(self, "Profile", problem)

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        start = str(self.document.path.parent) if self.document.path else ""
        name, _ = QFileDialog.getOpenFileName(self, "Open brief", start, BRIEF_FILTER)
        if name:
            self.open_path(Path(name), ask_to_save=False)

    def open_path(self, path: str | Path, *, ask_to_save: bool = True) -> bool:
        """Open the brief at ``path``; problems are explained in dialogs. True on success."""
        path = Path(path).expanduser().absolute()
        if ask_to_save and not self.maybe_save():
            return False
        try:
            brief, data = loads_file(path)
        except BriefEditorError as exc:
            QMessageBox.critical(self, "Cannot open brief", f"{exc}")
            return False
        holder = lock.read_lock(path)
        if holder is not None and not holder.is_ours:
            box = QMessageBox(QMessageBox.Icon.Warning, "Open elsewhere",
                              f"{path.name} is open by {holder.describe()}.\n\n"
                              "If you both save, one of you will lose changes. "
                              "Open it anyway?", parent=self)
            box.setAccessibleName("Brief open elsewhere")
            open_anyway = box.addButton("Open Anyway", QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            if box.clickedButton() is not open_anyway:
                return False
        self._leave_document()
        self.set_document(Document(brief, path, data, parent=self))
        if holder is None or holder.is_ours:
            lock.acquire(path)
            self._locked = path
        self._remember(path)
        return True

    def _remember(self, path: Path) -> None:
        self.settings = self.settings.with_recent(path)
        self._store_settings()

    def _store_settings(self) -> None:
        try:
            save_settings(self.settings, self.paths)
        except BriefEditorError as exc:
            log.warning("settings not saved: %s", exc)
            self.statusBar().showMessage(f"Settings could not be saved: {exc}", 8000)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for n, name in enumerate(self.settings.recent_files, start=1):
            action = self.recent_menu.addAction(f"&{n % 10} {Path(name).name}")
            action.setToolTip(name)
            action.setStatusTip(name)
            if n <= 9:
                action.setShortcut(QKeySequence(f"Ctrl+Alt+{n}"))
            action.triggered.connect(lambda _c=False, p=name: self.open_path(p))
        if not self.settings.recent_files:
            none = self.recent_menu.addAction("No recent briefs")
            none.setEnabled(False)

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self.save_to(self.document.path)

    def save_as(self) -> bool:
        doc = self.document
        if doc.path is not None:
            start = str(doc.path)
        else:
            folder = Path.home()
            start = str(folder / (self._suggested_name() + ".brief"))
        name, _ = QFileDialog.getSaveFileName(self, "Save brief as", start, BRIEF_FILTER)
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() != ".brief":
            path = path.with_name(path.name + ".brief")
        return self.save_to(path, save_as=True)

    def _suggested_name(self) -> str:
        meta = self.document.brief.meta
        parts = [meta.publication or "brief"]
        if meta.issue:
            parts.append(f"issue-{meta.issue}")
        if meta.week_of:
            parts.append(meta.week_of.isoformat())
        return "-".join(p.replace(" ", "-").lower() for p in parts)

    def _changed_on_disk(self, path: Path) -> bool:
        if not path.exists():
            return False
        try:
            current = read_regular_file(path, MAX_BRIEF_BYTES)
        except UnreadableFile:  # a FIFO or device now: never block on it, never overwrite it
            return True
        return current != self.document.loaded_bytes

    def save_to(self, path: Path, *, save_as: bool = False) -> bool:
        """Write the brief to ``path``; refuses to overwrite a file changed since opened."""
        doc = self.document
        path = path.absolute()
        same_file = doc.path is not None and path == doc.path.absolute()
        if same_file and self._changed_on_disk(path):
            return self._resolve_conflict(path)
        if same_file and not doc.is_dirty and doc.loaded_bytes is not None:
            # Nothing to write: the file already holds exactly this brief.
            self.statusBar().showMessage(f"{path.name} is up to date", 3000)
            return True
        try:
            data = save_brief(path, doc.brief)
        except BriefEditorError as exc:
            QMessageBox.critical(self, "Cannot save", f"{exc}\n\nTry Save As to another folder.")
            return False
        if not same_file:
            if self._locked is not None:
                lock.release(self._locked)
            holder = lock.acquire(path)
            self._locked = path if holder is None else None
        doc.mark_saved(path, data)
        self.recovery.clear()
        self._last_snapshot = None
        self._remember(path)
        self._update_title()
        self.statusBar().showMessage(f"Saved {path.name}", 4000)
        return True

    def _resolve_conflict(self, path: Path) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, "Changed on disk",
                          f"{path.name} was changed on disk since you opened it "
                          "(perhaps by someone else). Saving would overwrite those changes, "
                          "so your version was not saved.", parent=self)
        box.setAccessibleName("File changed on disk")
        box.setInformativeText("Save your version under another name, or reload the file "
                               "from disk (Undo brings your version back).")
        save_as = box.addButton("Save As…", QMessageBox.ButtonRole.AcceptRole)
        reload = box.addButton("Reload from Disk", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save_as)
        box.exec()
        if box.clickedButton() is save_as:
            return self.save_as()
        if box.clickedButton() is reload:
            self.reload_from_disk()
        return False

    def reload_from_disk(self) -> bool:
        """Replace the brief with the file on disk, as an undoable step."""
        doc = self.document
        if doc.path is None:
            return False
        try:
            brief, data = loads_file(doc.path)
        except BriefEditorError as exc:
            QMessageBox.critical(self, "Cannot reload", str(exc))
            return False
        doc.push(brief, "Reload from disk")
        doc.mark_saved(doc.path, data)
        return True

    # ================================================================== autosave & recovery

    def apply_settings(self, settings: Settings) -> None:
        self.settings = settings
        self.autosave_timer.start(settings.autosave_interval_s * 1000)
        app = QApplication.instance()
        if app is not None:
            from brief_editor.ui.theme import apply_theme

            apply_theme(app, settings.theme)

    def autosave(self) -> Path | None:
        """Write a recovery snapshot if there is unsaved work not yet snapshotted."""
        doc = self.document
        if not doc.is_dirty or doc.brief is self._last_snapshot:
            return None
        try:
            file = self.recovery.write(doc.brief, doc.path, doc.loaded_bytes)
        except BriefEditorError as exc:
            log.warning("autosave failed: %s", exc)
            self.statusBar().showMessage(f"Autosave failed: {exc}", 8000)
            return None
        self._last_snapshot = doc.brief
        return file

    def check_recovery(self) -> bool:
        """Offer the work of an editor that stopped without saving. True if recovered."""
        snapshots = self.recovery.orphans()
        if not snapshots:
            return False
        dialog = RecoveryDialog(snapshots, self)
        dialog.exec()
        if dialog.choice == "discard":
            discard(dialog.selected())
            return False
        if dialog.choice != "recover":
            return False
        return self.recover(dialog.selected())

    def recover(self, snapshot: Snapshot) -> bool:
        path = Path(snapshot.original) if snapshot.original else None
        loaded: bytes | None = None
        if path is not None:
            try:
                current = path.read_bytes()
            except OSError:
                current = None
            if current is not None and snapshot.original_sha256 == sha256(current):
                loaded = current
        self._leave_document()
        document = Document(snapshot.brief, path, loaded, parent=self)
        self.set_document(document)
        document.force_dirty()
        if path is not None and path.exists():
            holder = lock.acquire(path)
            self._locked = path if holder is None else None
        # The work now lives in this session's snapshot; the orphan can go.
        self.autosave()
        discard(snapshot)
        self._update_title()
        self.statusBar().showMessage("Recovered unsaved work; save it to keep it", 8000)
        return True

    # ================================================================== sections

    def _current_index(self) -> int | None:
        sid = self.outline.current_section_id()
        return None if sid is None else self.document.brief.section_index(sid)

    def add_event(self) -> str:
        index = self._current_index()
        sid = self.document.add_event(None if index is None else index + 1)
        self.outline.select(sid)
        self.focus_form()
        return sid

    def add_narrative(self) -> str:
        index = self._current_index()
        sid = self.document.add_narrative(None if index is None else index + 1)
        self.outline.select(sid)
        self.focus_form()
        return sid

    def duplicate_section(self) -> None:
        sid = self.outline.current_section_id()
        if sid is None:
            return
        new = self.document.duplicate_section(sid)
        self.outline.select(new)

    def delete_section(self) -> None:
        sid = self.outline.current_section_id()
        if sid is None:
            return
        index = self.document.brief.section_index(sid)
        self.document.delete_section(sid)
        sections = self.document.brief.sections
        if sections:
            self.outline.select(sections[min(index, len(sections) - 1)].id)
        else:
            self.outline.select(None)
        self.statusBar().showMessage("Section deleted (Undo brings it back)", 4000)

    def move_section(self, step: int) -> None:
        sid = self.outline.current_section_id()
        if sid is None:
            return
        index = self.document.brief.section_index(sid)
        target = index + step
        if 0 <= target < len(self.document.brief.sections):
            self.document.move_section(sid, target)
            self.outline.select(sid)

    def step_selection(self, step: int) -> None:
        row = self.outline.currentRow() + step
        if 0 <= row < self.outline.count():
            self.outline.setCurrentRow(row)

    # ================================================================== text commands

    def _focused_call(self, name: str) -> None:
        widget = QApplication.focusWidget()
        tools = getattr(self, "writing_tools", None)  # smart quotes in the forms' fields
        if name == "paste" and tools is not None and tools.paste_into(widget):
            return
        method = getattr(widget, name, None)
        if callable(method):
            method()

    def focused_rich_edit(self) -> RichTextEdit | None:
        widget = QApplication.focusWidget()
        return widget if isinstance(widget, RichTextEdit) else None

    def _rich_call(self, call: Callable[[RichTextEdit], object]) -> None:
        editor = self.focused_rich_edit()
        if editor is None:
            self.statusBar().showMessage("Put the cursor in a text field first", 3000)
            return
        call(editor)

    def _mark(self, mark: str) -> None:
        self._rich_call(lambda e: e.toggle_mark(mark))

    def edit_link(self) -> None:
        editor = self.focused_rich_edit()
        if editor is None:
            self.statusBar().showMessage("Put the cursor in a text field first", 3000)
            return
        # Asked over the editor's own window: the commentary note dialog has one too.
        owner = editor.window()
        url, ok = QInputDialog.getText(owner, "Link", "Address (http, https or mailto):",
                                       text=editor.selected_link() or "https://")
        if not ok:
            return
        url = url.strip()
        if not url or url in ("https://", "http://"):
            editor.set_link(None)
            return
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme not in ("http", "https", "mailto"):
            QMessageBox.warning(owner, "Link", "A link must start with http:, https: or mailto:.")
            return
        editor.set_link(url)

    def insert_commentary_note(self) -> None:
        editor = self.focused_rich_edit()
        if editor is None:
            self.statusBar().showMessage("Put the cursor in a text field first", 3000)
            return
        from brief_editor.ui.note_dialog import CommentaryNoteDialog

        dialog = CommentaryNoteDialog(self, edit_link=self.edit_link)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            editor.insert_note(Note(cites=(), comment=dialog.comment()))
        editor.setFocus()

    def insert_figure(self) -> None:
        form = self.form
        figures = getattr(form, "figures", None)
        if figures is None:
            QMessageBox.information(self, "Insert figure",
                                    "Select an event or narrative section to add a figure to.")
            return
        figures.choose_and_insert()

    # ================================================================== export & settings

    def export(self, kind: str) -> None:
        doc = self.document
        folder = Path(self.settings.export_folder) if self.settings.export_folder else (
            doc.path.parent if doc.path else Path.home())
        stem = doc.path.stem if doc.path else self._suggested_name()
        gate = getattr(self, "export_gate", None)  # errors: export a DRAFT? (ui/live.py)
        draft = gate() if gate is not None else False
        if draft is None:
            return
        filters = "Word documents (*.docx)" if kind == "docx" else "PDF documents (*.pdf)"
        name, _ = QFileDialog.getSaveFileName(self, f"Export as {kind.upper()}",
                                              str(folder / f"{stem}.{kind}"), filters)
        if not name:
            return
        output = Path(name)
        if output.suffix.lower() != f".{kind}":
            output = output.with_name(output.name + f".{kind}")
        self.start_export(output, draft=draft)

    def start_export(self, output: Path, *, draft: bool | None = None) -> object | None:
        """Export to ``output``; ``draft`` None asks first when the checks find errors."""
        from brief_editor.ui.exporting import ExportController

        if draft is None:
            gate = getattr(self, "export_gate", None)
            draft = gate() if gate is not None else False
            if draft is None:
                return None
        options = self._export_options()
        if draft:
            from brief_editor.export.run import ExportOptions

            options = dataclasses.replace(options or ExportOptions(), draft=True)
        controller = ExportController(self, self.document.brief, output,
                                      self.document.path.parent if self.document.path else None,
                                      options)
        self.exports.append(controller)
        controller.finished.connect(lambda _ok, c=controller: self._export_done(c))
        controller.start()
        return controller

    def _export_done(self, controller: object) -> None:
        if controller in self.exports:
            self.exports.remove(controller)

    def _export_options(self) -> object | None:
        try:
            from brief_editor.export.run import ExportOptions
            from brief_editor.storage.profile import find_profile

            profile = find_profile(self.settings.profile_path or None, self.paths,
                                   near=self.document.path)
            return ExportOptions(reference_docx=profile.reference_docx_path(),
                                 fonts=profile.export_fonts, labels=profile.labels.as_dict(),
                                 endnotes_page=profile.endnotes_page)
        except (ImportError, BriefEditorError) as exc:
            log.warning("export uses default options: %s", exc)
            return None

    def open_document_settings(self) -> None:
        from brief_editor.ui.document_settings import open_document_settings

        open_document_settings(self)

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.apply_settings(dialog.result_settings())
        self._store_settings()
        live = getattr(self, "live", None)
        if live is not None:
            live.apply_settings()

    # ================================================================== help

    def show_shortcuts(self) -> None:
        from brief_editor.ui.shortcuts import ShortcutsDialog

        ShortcutsDialog(self.menuBar(), self).exec()

    def show_about(self) -> None:
        from brief_editor.ui.about import AboutDialog

        AboutDialog(self, self._profile_in_use()).exec()

    def _profile_in_use(self) -> Path | None:
        try:
            from brief_editor.storage.profile import find_profile

            return find_profile(self.settings.profile_path or None, self.paths).path
        except BriefEditorError:
            return None

    def import_team_profile(self, path: str | None = None) -> bool:
        """Install a team profile (.json) for this user; new issues then follow it."""
        from brief_editor.storage.profile_install import import_profile

        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Import Team Profile", "",
                                                  "Team profiles (*.json)")
            if not path:
                return False
        try:
            profile = import_profile(Path(path), self.paths)
        except BriefEditorError as exc:
            QMessageBox.warning(self, "Import Team Profile", str(exc))
            return False
        # An explicit profile in the settings would hide the imported one.
        if self.settings.profile_path:
            self.settings = dataclasses.replace(self.settings, profile_path="")
            save_settings(self.settings, self.paths)
        name = profile.publication or Path(path).name
        self.statusBar().showMessage(f"Team profile “{name}” installed; new issues use it.", 8000)
        return True

    # ================================================================== window events

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self.maybe_save():
            event.ignore()
            return
        for controller in list(self.exports):
            thread = getattr(controller, "thread", None)
            if thread is not None:
                thread.cancel()
                thread.wait(5000)
        team_sync = getattr(self, "team_sync", None)
        if team_sync is not None:
            team_sync.timer.stop()
            team_sync.wait(30)
        self._leave_document()
        self.autosave_timer.stop()
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if self._dropped_brief(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        path = self._dropped_brief(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        # Opening may ask questions; do it after the drop has finished.
        QTimer.singleShot(0, lambda: self.open_path(path))

    @staticmethod
    def _dropped_brief(event: QDragEnterEvent | QDropEvent) -> Path | None:
        mime = event.mimeData()
        if not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile() and url.toLocalFile().lower().endswith(".brief"):
                return Path(url.toLocalFile())
        return None
