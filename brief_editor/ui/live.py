"""Live notes and checks: recompute a moment after typing stops, and show them everywhere.

One ``LiveController`` per window. After an edit (debounced, 300 ms) it brings notes,
checks and counts up to date incrementally (``citations.incremental``) and publishes them:
the Notes and Checks docks, the outline's badges, the status bar, and the tooltips of note
markers. Wording notes that were never worded (opening a long brief) runs on a worker
thread, so the window stays responsive; everything else takes a few milliseconds.

``install_citations(window)`` also adds Insert ▸ Citation (Ctrl+Alt+F, Word's footnote key),
reopens the picker when a note marker is double-clicked, jumps from a note or a problem to
its place, and asks before exporting a brief with errors.
"""

from __future__ import annotations

import html
import logging
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import QApplication, QDialog, QDockWidget, QStyle, QWidget

from brief_editor.citations.checks import ERROR, Problem
from brief_editor.citations.incremental import BriefDigest, LiveAnalysis
from brief_editor.citations.notes import NoteRenderer, RenderedNote
from brief_editor.errors import BriefEditorError
from brief_editor.model import Brief, Note, Place
from brief_editor.model.bulk import paused_gc
from brief_editor.ui.checks_dock import (
    EXPORT_DRAFT,
    EXPORT_SHOW,
    ChecksPanel,
    ask_export_with_errors,
    section_counts,
    section_severities,
)
from brief_editor.ui.citation_picker import CitationPicker, recent_sources
from brief_editor.ui.notes_dock import NotesPanel, spans_html, why_tooltip
from brief_editor.ui.richtext import OBJECT_CHAR, RichTextEdit

if TYPE_CHECKING:
    from brief_editor.ui.document import Document
    from brief_editor.ui.host import LiveHost

log = logging.getLogger(__name__)
_PLAIN_FIELDS = ("location", "parties", "byline", "source_line", "credits")

DEBOUNCE_MS = 300
# Wording more clusters than this at once goes to a worker thread (about 0.1 ms each).
SYNC_WORDING_LIMIT = 40
STORE_FLUSH_MS = 5000


class DeferredStore:
    """The notes cache on disk, written a while after the last change, off the GUI thread."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self._dirty: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._timer: QTimer | None = None

    def load(self, namespace: str) -> dict[str, Any]:
        return self._store.load(namespace)

    def save(self, namespace: str, entries: dict[str, Any]) -> None:
        with self._lock:
            self._dirty[namespace] = entries
        if threading.current_thread() is threading.main_thread() and self._timer is not None:
            self._timer.start()

    def attach(self, parent: QObject) -> None:
        self._timer = QTimer(parent)
        self._timer.setSingleShot(True)
        self._timer.setInterval(STORE_FLUSH_MS)
        self._timer.timeout.connect(self.flush_in_background)

    def flush_in_background(self) -> None:
        with self._lock:
            dirty = {k: dict(v) for k, v in self._dirty.items()}
            self._dirty.clear()
        if dirty:
            threading.Thread(target=self._write, args=(dirty,), daemon=True,
                             name="notes-cache").start()

    def flush(self) -> None:
        with self._lock:
            dirty, self._dirty = self._dirty, {}
        self._write(dirty)

    def _write(self, dirty: dict[str, dict[str, Any]]) -> None:
        for namespace, entries in dirty.items():
            try:
                self._store.save(namespace, entries)
            except (OSError, BriefEditorError) as exc:
                log.warning("could not keep the notes cache: %s", exc)


class LiveController(QObject):
    """Keeps notes, checks and counts of the window's brief up to date, and shows them."""

    refreshed = Signal()
    _worded = Signal(int)
    _engine_restarted = Signal(str)

    def __init__(self, window: LiveHost, renderer: NoteRenderer | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.store: DeferredStore | None = None
        if renderer is None:
            renderer = self._make_renderer()
        self.renderer = renderer
        self.analysis = LiveAnalysis(renderer, severities=self._severities(),
                                     writing=self._writing())
        self.status_digest = BriefDigest()
        self.notes: list[RenderedNote] = []
        self.problems: list[Problem] = []
        self.brief: Brief | None = None  # the brief the notes and problems belong to
        self.notes_brief: Brief | None = None
        self.notes_error: str | None = None
        self.last_refresh_ms = 0.0
        self.history: list[str] = []  # sources picked in this session, latest first
        self._wording = 0  # generation of the worker wording notes, 0 when none
        self._generation = 0
        self._document: Document | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh_now)
        self._worded.connect(self._on_worded)
        # The engine tells of a restart on whichever thread asked it; the signal brings it here.
        self._engine_restarted.connect(self._on_engine_restarted)
        self.engine = renderer.engine
        self.engine_message: str | None = None  # the last restart shown in the status bar
        self._restart_listener = self._engine_restarted.emit
        self.engine.add_listener(self._restart_listener)
        self.engine.start()  # loading citeproc-js takes a moment: begin before the first notes
        self.notes_panel = NotesPanel()
        self.checks_panel = ChecksPanel()
        self.notes_panel.note_chosen.connect(self.jump_to_note)
        self.checks_panel.problem_chosen.connect(self.jump_to_problem)

    # ------------------------------------------------------------------ set-up

    def _make_renderer(self) -> NoteRenderer:
        paths = self.window.paths
        try:
            from brief_editor.storage.note_cache import FileClusterStore

            self.store = DeferredStore(FileClusterStore(paths.cache / "notes"))
            self.store.attach(self)
        except ImportError:  # pragma: no cover - a partial installation
            self.store = None
        return NoteRenderer(user_styles=paths.user_styles, store=self.store)

    def _severities(self) -> dict[str, str]:
        try:
            from brief_editor.storage.profile import find_profile

            profile = find_profile(self.window.settings.profile_path or None, self.window.paths,
                                   near=self.window.document.path)
            return dict(profile.severities)
        except (BriefEditorError, ImportError) as exc:
            log.warning("checks use the default severities: %s", exc)
            return {}

    def _writing(self):
        """The writing checks (W301–W305) of the profile, with the personal dictionary."""
        from brief_editor.citations.writing import WritingSettings
        from brief_editor.storage.dictionary import known_words

        near = self.window.document.path
        words = known_words(self.window.paths, near)
        try:
            from brief_editor.storage.profile import find_profile

            profile = find_profile(self.window.settings.profile_path or None, self.window.paths,
                                   near=near)
            return profile.writing_settings(words)
        except (BriefEditorError, ImportError) as exc:
            log.warning("writing checks use the default settings: %s", exc)
            return WritingSettings.build(words=words)

    def apply_settings(self) -> None:
        """Settings changed (perhaps the profile): take its severities and check again."""
        self.analysis.checks.set_severities(self._severities())
        self.analysis.checks.set_writing(self._writing())
        tools = getattr(self.window, "writing_tools", None)  # ui/spelling.py: the underlines
        if tools is not None:
            tools.reload_settings()
        self.schedule(0)

    def attach(self, document: Document) -> None:
        """Follow ``document`` (the window shows a new one)."""
        # The old document is never edited again (the window deletes it): no disconnecting.
        self._document = document
        document.changed.connect(self._on_changed)
        brief_dir = document.path.parent if document.path else None
        self.analysis.notes.brief_dir = brief_dir
        document.path_changed.connect(self._path_changed)
        self._follow_workspace()
        self.schedule(0)

    def _path_changed(self) -> None:
        document = self._document
        if document is not None:
            self.analysis.notes.brief_dir = document.path.parent if document.path else None
            self._follow_workspace()
            self.schedule(0)

    def _follow_workspace(self) -> None:
        # A brief in a team workspace follows the workspace's profile and dictionary: take
        # them again when the open brief moves into, out of or between workspaces.
        from brief_editor.storage.profile import workspace_folder

        folder = workspace_folder(self._document.path if self._document else None)
        if folder != getattr(self, "_workspace", None):
            self._workspace = folder
            self.apply_settings()

    def _on_changed(self, _old: Brief, _new: Brief) -> None:
        self.schedule()

    def schedule(self, delay: int | None = None) -> None:
        self.timer.start(DEBOUNCE_MS if delay is None else delay)

    # ------------------------------------------------------------------ refreshing

    @property
    def note_count(self) -> int:
        return len(self.analysis.digest.notes)

    def counts(self, brief: Brief) -> tuple[int, int]:
        """Words and notes of ``brief`` for the status bar (incremental)."""
        self.status_digest.update(brief)
        return self.status_digest.words, len(self.status_digest.notes)

    def refresh_now(self, *, wait: bool = False) -> None:
        """Bring notes and checks up to date with the document now."""
        with paused_gc():  # the first refresh of a large library (model/bulk.py)
            self._refresh_now(wait=wait)

    def _refresh_now(self, *, wait: bool) -> None:
        self.timer.stop()
        document = self._document or self.window.document
        brief = document.brief
        start = time.perf_counter()
        self._generation += 1
        analysis = self.analysis
        analysis.digest.update(brief)
        notes = analysis.notes.unchanged(brief, analysis.digest)
        if notes is None:
            notes = self._render(brief, wait=wait)
        problems = analysis.checks.run(brief, analysis.digest)
        self.brief = brief
        self._publish(brief, notes, problems)
        self.last_refresh_ms = (time.perf_counter() - start) * 1000
        log.debug("live refresh in %.1f ms", self.last_refresh_ms)
        self.refreshed.emit()

    def _render(self, brief: Brief, *, wait: bool) -> list[RenderedNote] | None:
        analysis = self.analysis
        try:
            plan = analysis.notes.prepare(brief, analysis.digest)
            if plan.pending and len(plan.pending) > SYNC_WORDING_LIMIT and not wait:
                if not self._wording:
                    self._wording = self._generation
                    threading.Thread(target=self._word, args=(plan, self._generation),
                                     daemon=True, name="notes-wording").start()
                self.notes_panel.set_message(f"wording {len(plan.pending):,} notes…")
                return None
            self.renderer.word(plan)
            notes = analysis.notes.finish(brief, analysis.digest, plan)
        except BriefEditorError as exc:
            log.warning("notes cannot be worded: %s", exc)
            self.notes_error = str(exc)
            self.notes_panel.set_message(f"The notes cannot be worded: {exc}")
            return None
        self.notes_error = None
        return notes

    def _word(self, plan: Any, generation: int) -> None:
        try:
            self.renderer.word(plan)
        except BriefEditorError as exc:
            log.warning("notes cannot be worded: %s", exc)
        except Exception:  # a worker must never die silently
            log.exception("wording notes failed")
        self._worded.emit(generation)

    def detach_engine(self) -> None:
        """Stop hearing of engine restarts (the window is going)."""
        self.engine.remove_listener(self._restart_listener)

    def _on_engine_restarted(self, why: str) -> None:
        # The document is untouched; the notes are worded again by the fresh engine.
        self.engine_message = (f"The notes engine stopped ({why}) and was restarted; your "
                               "brief is safe.")
        self.window.statusBar().showMessage(self.engine_message, 10000)
        self.schedule()

    def _on_worded(self, _generation: int) -> None:
        self._wording = 0
        # The clusters are cached now; a fresh pass picks them up for the brief as it is.
        self.schedule(0)

    def _publish(self, brief: Brief, notes: list[RenderedNote] | None,
                 problems: list[Problem]) -> None:
        if notes is not None:
            self.notes = notes
            self.notes_brief = brief
            # The note markers in the text fields need no repaint: the form numbers them
            # itself on every edit (forms.note_bases), before this refresh comes.
            self.notes_panel.set_notes(notes)
        if problems != self.problems or not self.checks_panel._shown:
            self.problems = problems
            self.checks_panel.set_problems(problems, brief)
            self.window.outline.set_problem_counts(section_counts(problems),
                                                   section_severities(problems))
            self.window.set_problem_count(len(problems))
        elif self.window.problem_count is None:
            self.window.set_problem_count(len(problems))

    # ------------------------------------------------------------------ tooltips

    def note_by_number(self, number: int) -> RenderedNote | None:
        if 0 < number <= len(self.notes):
            return self.notes[number - 1]
        return None

    def note_tooltip(self, editor: RichTextEdit, pos: int) -> str | None:
        """The printed note under the mouse, as rich text, with why it reads so."""
        label = editor.note_label(pos)
        if not label.isdigit():
            return None
        if self.timer.isActive() or self.brief is not self.window.document.brief:
            self.refresh_now()
        note = self.note_by_number(int(label))
        if note is None:
            return None
        why = html.escape(why_tooltip(note)).replace("\n", "<br>")
        return (f"<p style='white-space:normal'><b>{note.number}.</b> {spans_html(note.spans)}"
                f"</p><p><small>{why}</small></p><p><small>Double-click to edit this note"
                "</small></p>")

    # ------------------------------------------------------------------ jumping

    def jump_to_note(self, note: RenderedNote) -> None:
        ordinal = self._ordinal(note.number)
        self.jump_to(note.place, ordinal)

    def _ordinal(self, number: int) -> int | None:
        ordinals = self.analysis.digest.ordinals
        return ordinals[number - 1] if 0 < number <= len(ordinals) else None

    def jump_to_problem(self, problem: Problem) -> None:
        self.jump_to(problem.place, None)

    def jump_to(self, place: Place, ordinal: int | None = None,
                select: tuple[int, int] | None = None) -> bool:
        """Show ``place``: select its section, focus its field, cursor at the marker, or
        with ``select`` the text between those offsets of the place selected."""
        window = self.window
        if place.field == "source":
            panel = getattr(window, "sources_panel", None)
            sources = window.document.brief.sources
            if panel is not None and 0 <= place.index < len(sources) and sources[place.index].id:
                _raise_dock(panel)
                panel.select_ids([sources[place.index].id])
                return True
            window.statusBar().showMessage(f"The problem is in source {place.index + 1}", 4000)
            return False
        window.outline.select(place.section)
        if place.field == "meta":
            window.focus_form()
            return True
        rows = getattr(getattr(window.form, "subheadings", None), "rows", [])
        if place.field == "subheading" and 0 <= place.index < len(rows):
            line = rows[place.index].text  # a plain line: a subheading holds no notes
            line.setFocus(Qt.FocusReason.OtherFocusReason)
            if select is not None:
                line.setSelection(select[0], select[1] - select[0])
            window.form.ensureWidgetVisible(line)
            return True
        # A one-line or list field (location, parties, byline, source line, credits): the
        # field itself takes the focus, for a problem such as E008 found in it.
        plain = getattr(window.form, place.field, None) if place.field in _PLAIN_FIELDS else None
        if isinstance(plain, QWidget) and select is None:
            target = getattr(plain, "list", plain)  # a list of lines: the line in question
            if hasattr(target, "setCurrentRow"):
                target.setCurrentRow(place.index)
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            window.form.ensureWidgetVisible(plain)
            return True
        editor = editor_for(window, place)
        if editor is None:
            window.statusBar().showMessage("That place is no longer in the brief", 4000)
            return False
        block_number = place.index if place.field in ("event", "implications", "body") else 0
        block = editor.document().findBlockByNumber(block_number)
        if not block.isValid():
            block = editor.document().begin()
        position = block.position()
        if ordinal is not None:
            seen = -1
            for offset, ch in enumerate(block.text()):
                if ch == OBJECT_CHAR:
                    seen += 1
                    if seen == ordinal:
                        position = block.position() + offset + 1
                        break
        cursor = editor.textCursor()
        if select is not None:
            end = block.position() + block.length() - 1
            cursor.setPosition(min(block.position() + select[0], end))
            cursor.setPosition(min(block.position() + select[1], end),
                               QTextCursor.MoveMode.KeepAnchor)
        else:
            cursor.setPosition(position)
        editor.setTextCursor(cursor)
        editor.setFocus(Qt.FocusReason.OtherFocusReason)
        form = window.form
        if form is not None and form.widget() is not None:
            rect = editor.cursorRect(cursor)
            point = editor.viewport().mapTo(form.widget(), rect.center())
            form.ensureVisible(point.x(), point.y(), 40, 80)
        return True

    # ------------------------------------------------------------------ the picker

    def _target_editor(self) -> RichTextEdit | None:
        editor = self.window.focused_rich_edit()
        if editor is None:
            editor = self._last_editor
        if editor is not None and self.window.form is not None and (
            self.window.form.isAncestorOf(editor)
        ):
            return editor
        return None

    _last_editor: RichTextEdit | None = None

    def remember_editor(self, old: object, new: object) -> None:
        if isinstance(new, RichTextEdit):
            self._last_editor = new

    def _recent(self, editor: RichTextEdit, position: int) -> list[str]:
        label = editor.note_label(position)
        before = int(label) - 1 if label.isdigit() else 0
        self.analysis.digest.update(self.window.document.brief)
        return recent_sources(self.analysis.digest.notes, before, self.history)

    def insert_citation(self) -> bool:
        """Open the picker and insert its note at the cursor of the focused text field."""
        editor = self._target_editor()
        if editor is None:
            self.window.statusBar().showMessage(
                "Put the cursor in a text field (a paragraph, bullet, heading or caption) first",
                4000)
            return False
        cursor = editor.textCursor()
        from brief_editor.ui.team import picker_library

        library, cited_in = picker_library(self.window)
        picker = CitationPicker(self.window.document.brief,
                                recent=self._recent(editor, cursor.selectionStart()),
                                parent=self.window, library=library, cited_in=cited_in)
        accepted = picker.exec() == QDialog.DialogCode.Accepted
        note = picker.note() if accepted else None
        if note is None:
            editor.setFocus()
            return False
        self._add_sources(picker)
        editor.setTextCursor(cursor)
        editor.insert_note(note)
        editor.setFocus()
        self._remember(note)
        return True

    def activate_note(self, editor: RichTextEdit, pos: int) -> bool:
        """Reopen the picker on the note at ``pos`` (a double-click on its marker)."""
        note = editor.note_at(pos)
        if note is None:
            return False
        label = editor.note_label(pos)
        picker = CitationPicker(self.window.document.brief, note=note,
                                recent=self._recent(editor, pos),
                                title=f"Edit note {label}", parent=self.window)
        accepted = picker.exec() == QDialog.DialogCode.Accepted
        new = picker.note() if accepted else None
        if new is None or new == note:
            editor.setFocus()
            return False
        self._add_sources(picker)
        editor.replace_note(pos, new)
        editor.setFocus()
        self._remember(new)
        return True

    def _add_sources(self, picker: CitationPicker) -> None:
        if not picker.new_sources:
            return
        document = self.window.document
        brief = document.brief
        import dataclasses

        count = len(picker.new_sources)
        document.push(dataclasses.replace(brief, sources=(*brief.sources, *picker.new_sources)),
                      "Add source" if count == 1 else f"Add {count} sources")

    def _remember(self, note: Note) -> None:
        for cite in reversed(note.cites):
            if cite.source in self.history:
                self.history.remove(cite.source)
            self.history.insert(0, cite.source)
        del self.history[50:]

    # ------------------------------------------------------------------ export

    def export_gate(self) -> bool | None:
        """Before exporting: None to stop, True for a DRAFT (errors), False for a clean export."""
        self.refresh_now()
        errors = [p for p in self.problems if p.severity == ERROR]
        if not errors:
            return False
        answer = ask_export_with_errors(self.window, errors, self.window.document.brief)
        if answer == EXPORT_DRAFT:
            return True
        if answer == EXPORT_SHOW:
            _raise_dock(self.checks_panel)
            self.checks_panel.select(errors[0])
            self.checks_panel.tree.setFocus()
        return None


def _raise_dock(widget: Any) -> None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QDockWidget):
        parent = parent.parentWidget()
    if parent is not None:
        parent.show()
        parent.raise_()


def editor_for(window: LiveHost, place: Place) -> RichTextEdit | None:
    """The text field of the form now shown that holds ``place``."""
    form = window.form
    if form is None:
        return None
    if place.field == "caption":
        figures = getattr(form, "figures", None)
        boxes = getattr(figures, "boxes", [])
        return boxes[place.index].caption if 0 <= place.index < len(boxes) else None
    editor = getattr(form, place.field, None)
    return editor if isinstance(editor, RichTextEdit) else None


def install_citations(window: LiveHost) -> LiveController:
    """Add the citation picker, the Notes and Checks docks and live refresh to ``window``."""
    live = LiveController(window)
    window.live = live  # type: ignore[attr-defined]
    # Hooks that RichTextEdit and the main window look for.
    window.note_tooltip = live.note_tooltip  # type: ignore[attr-defined]
    window.activate_note = live.activate_note  # type: ignore[attr-defined]
    window.export_gate = live.export_gate  # type: ignore[attr-defined]
    window.status_counts = live.counts  # type: ignore[attr-defined]

    action = QAction("&Citation…", window)
    action.setShortcuts([QKeySequence("Ctrl+Alt+F")])
    action.setStatusTip("Insert a note citing a source at the cursor (Ctrl+Alt+F)")
    action.setToolTip("Insert citation (Ctrl+Alt+F)")
    action.setIconText("Cite")
    action.setIcon(window.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView))
    action.triggered.connect(lambda _checked=False: live.insert_citation())
    menu = window.insert_menu
    first = menu.actions()[0] if menu.actions() else None
    menu.insertAction(first, action)
    window.addAction(action)
    window.act_insert_citation = action  # type: ignore[attr-defined]
    tools = getattr(window, "toolbar", None)
    if tools is not None:
        tools.addSeparator()
        tools.addAction(action)
        button = tools.widgetForAction(action)
        if button is not None:
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    window.add_panel("Notes", live.notes_panel, "Ctrl+Shift+T")
    window.add_panel("Checks", live.checks_panel, "Ctrl+Shift+C")
    app = QApplication.instance()
    if app is not None:
        app.focusChanged.connect(live.remember_editor)
    window.document_replaced.connect(lambda: live.attach(window.document))
    live.attach(window.document)
    if live.store is not None:
        store = live.store
        if app is not None:
            app.aboutToQuit.connect(store.flush)
        window.destroyed.connect(lambda *_: store.flush())
    window.destroyed.connect(lambda *_: live.detach_engine())
    if app is not None:
        from brief_editor.citations.engine import close_shared_engine

        # Free the isolate while the program still runs, not in the interpreter's teardown.
        app.aboutToQuit.connect(close_shared_engine)
    return live


def brief_dir_of(window: LiveHost) -> Path | None:
    path = window.document.path
    return path.parent if path else None
