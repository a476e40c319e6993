"""File ▸ Import Review… and the Review dock: an editor's Word review, change by change.

The **Review** dock, under the form, lists what the reviewer changed in the exported DOCX —
who, when, where in words, before → after — with conflicts (the analyst changed the same
words since the export) shown as conflicts with both versions, and changes inside a
computed note reported against their source with a button to edit that source. Accept or
reject one, a selection, or all: each is one undoable step, and undo puts the change back
in the list. Selecting a change opens the form at its field with the words highlighted.
The **Comments** dock beside the form holds the comment threads (ui/comments.py).

Reading and merging are the review engine's (``brief_editor.review``); this module only
shows its result and pushes what the analyst decides onto the document's undo stack.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from brief_editor.errors import BriefEditorError
from brief_editor.model import Brief, CommentAnchor
from brief_editor.model.comment_anchors import anchor_text, nearest
from brief_editor.model.comment_anchors import follow_anchors as _follow_anchors
from brief_editor.review import Review, ReviewChange, apply_review, read_review
from brief_editor.ui.comments import date_label, install_comments
from brief_editor.ui.document import BriefCommand, Document

if TYPE_CHECKING:
    from brief_editor.ui.comments import CommentController
    from brief_editor.ui.host import ReviewHost

KIND_LABELS = {
    "insert": "Inserted", "delete": "Deleted", "replace": "Replaced", "move": "Moved",
    "format": "Formatting", "paragraph-insert": "Paragraph added",
    "paragraph-delete": "Paragraph deleted", "note": "Note changed",
    "cite-delete": "Note deleted", "cite-move": "Note moved",
}
CHANGE_COLOUR = QColor(190, 220, 255)
CURRENT_CHANGE_COLOUR = QColor(120, 180, 255)
CONFLICT_COLOUR = QColor(255, 205, 205)
CONFLICT_TEXT = QColor(170, 0, 0)
ID_ROLE = Qt.ItemDataRole.UserRole + 1
COMMENTS_HEIGHT_SHARE = 0.45  # of the panel column, when the Comments dock first opens
log = logging.getLogger(__name__)


def can_accept(change: ReviewChange) -> bool:
    """A conflict needs the analyst's own decision and a note change is a source edit:
    neither is accepted as text."""
    return not change.conflict and change.kind != "note"


def short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def before_after(change: ReviewChange) -> str:
    """"before → after" in a line, as the list shows it."""
    if change.kind in ("insert", "paragraph-insert"):
        return f"+ {short(change.after)}"
    if change.kind in ("delete", "paragraph-delete", "cite-delete"):
        return f"− {short(change.before)}"
    return f"{short(change.before, 34)} → {short(change.after, 34)}"


class ReviewCommand(BriefCommand):
    """Accepting or rejecting changes: the brief changes (or not) and the changes leave the
    list; undo brings both back."""

    def __init__(self, document: Document, before: Brief, after: Brief, text: str,
                 panel: ChangesPanel, ids: tuple[str, ...]) -> None:
        super().__init__(document, before, after, text)
        self._panel = panel
        self._ids = ids
        self._review = panel.review

    def redo(self) -> None:
        super().redo()
        self._panel.set_decided(self._review, self._ids, True)

    def undo(self) -> None:
        super().undo()
        self._panel.set_decided(self._review, self._ids, False)


class ChangesPanel(QWidget):
    """The Changes tab: the review's changes, waiting to be accepted or rejected."""

    def __init__(self, window: ReviewHost, comments: CommentController) -> None:
        super().__init__()
        self.window = window
        self.comments = comments
        self.review: Review | None = None
        self.decided: set[str] = set()
        self.setAccessibleName("Review changes")
        self.summary = QLabel("No review is open. File ▸ Import Review… reads an editor's "
                              "reviewed Word file.")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Review summary")
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Changes")
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels(["Change", "Who", "When", "Where", "Before → after"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.tree.header()
        header.setStretchLastSection(True)
        for column, width in ((0, 120), (1, 110), (2, 135), (3, 260)):
            header.resizeSection(column, width)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.tree.itemSelectionChanged.connect(lambda: self._selection_changed())
        self.tree.itemActivated.connect(lambda *_: self.show_in_form())
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Change detail")
        self.detail.setOpenLinks(False)
        self.detail.setMinimumWidth(220)
        self.accept_button = self._button("&Accept", "Accept the selected changes", self.accept_selected)
        self.reject_button = self._button("Re&ject", "Reject the selected changes", self.reject_selected)
        self.accept_all_button = self._button("Accept A&ll", "Accept every change that is "
                                              "not a conflict or a note", self.accept_all)
        self.reject_all_button = self._button("Reject All", "Reject every change", self.reject_all)
        self.source_button = self._button("Edit &Source…", "Edit the source this note cites",
                                          self.edit_source)
        self.show_button = self._button("Show in &Form", "Open the form at this change",
                                        self.show_in_form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        for button in (self.accept_button, self.reject_button, self.accept_all_button,
                       self.reject_all_button, self.show_button, self.source_button):
            buttons.addWidget(button)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(self.tree)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)
        self._update_buttons()

    def _button(self, text: str, tip: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAccessibleName(text.replace("&", "").replace("…", ""))
        button.clicked.connect(lambda _c=False: slot())
        return button

    # -------------------------------------------------------------- the list

    def set_review(self, review: Review | None) -> None:
        self.review = review
        self.decided = set()
        self.refresh()

    def pending(self) -> list[ReviewChange]:
        if self.review is None:
            return []
        return [c for c in self.review.changes if c.id not in self.decided]

    def set_decided(self, review: Review | None, ids: Iterable[str], decided: bool) -> None:
        if review is not self.review:
            return  # a step of a review that is no longer open
        if decided:
            self.decided.update(ids)
        else:
            self.decided.difference_update(ids)
        self.refresh()

    def refresh(self) -> None:
        selected = set(self.selected_ids())
        self.tree.blockSignals(True)
        self.tree.clear()
        for change in self.pending():
            item = QTreeWidgetItem([
                "Conflict" if change.conflict else KIND_LABELS.get(change.kind, change.kind),
                change.author or "Unknown", date_label(change.date), change.where,
                before_after(change),
            ])
            item.setData(0, ID_ROLE, change.id)
            tip = self._detail_text(change, plain=True)
            for column in range(5):
                item.setToolTip(column, tip)
            if change.conflict:
                for column in range(5):
                    item.setBackground(column, QBrush(CONFLICT_COLOUR))
                item.setForeground(0, QBrush(CONFLICT_TEXT))
            if not change.tracked:
                item.setText(0, item.text(0) + " (untracked)")
            self.tree.addTopLevelItem(item)
            if change.id in selected:
                item.setSelected(True)
        self.tree.blockSignals(False)
        self._update_summary()
        self._selection_changed(follow=False)  # an undo must not move the analyst's cursor

    def _update_summary(self) -> None:
        review = self.review
        if review is None:
            self.summary.setText("No review is open. File ▸ Import Review… reads an editor's "
                                 "reviewed Word file.")
            return
        pending = self.pending()
        conflicts = sum(1 for c in pending if c.conflict)
        name = Path(review.path).name if review.path else "the review"
        text = (f"<b>{_html(name)}</b>: {len(pending)} change{'s' if len(pending) != 1 else ''}"
                f" to decide")
        if conflicts:
            text += f", <span style='color:#aa0000'>{conflicts} conflict" \
                    f"{'s' if conflicts != 1 else ''}</span>"
        if self.decided:
            text += f" · {len(self.decided)} decided"
        if review.comments:
            text += f" · {len(review.comments)} comment{'s' if len(review.comments) != 1 else ''}"
        self.summary.setText(text)

    def selected_ids(self) -> list[str]:
        return [str(item.data(0, ID_ROLE)) for item in self.tree.selectedItems()]

    def selected_changes(self) -> list[ReviewChange]:
        if self.review is None:
            return []
        ids = set(self.selected_ids())
        return [c for c in self.pending() if c.id in ids]

    def current_change(self) -> ReviewChange | None:
        item = self.tree.currentItem()
        if item is None or not item.isSelected() or self.review is None:
            changes = self.selected_changes()
            return changes[0] if changes else None
        change_id = str(item.data(0, ID_ROLE))
        return next((c for c in self.pending() if c.id == change_id), None)

    def select_ids(self, ids: Iterable[str]) -> None:
        wanted = set(ids)
        first = True
        self.tree.clearSelection()
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if str(item.data(0, ID_ROLE)) in wanted:
                if first:
                    self.tree.setCurrentItem(item, 0, QItemSelectionModel.SelectionFlag.NoUpdate)
                    first = False
                item.setSelected(True)

    def _selection_changed(self, *, follow: bool = True) -> None:
        change = self.current_change()
        self.detail.setHtml(self._detail_text(change) if change else "")
        self._update_buttons()
        if follow and change is not None and len(self.tree.selectedItems()) == 1:
            # The form follows the list, as Word's Reviewing Pane moves the document.
            anchor = self.anchor_of(change) if change.kind != "note" else None
            if anchor is not None:
                self.comments.reveal(anchor, focus=False)
        self.mark_form()

    def _update_buttons(self) -> None:
        chosen = self.selected_changes()
        pending = self.pending()
        self.accept_button.setEnabled(any(can_accept(c) for c in chosen))
        self.reject_button.setEnabled(bool(chosen))
        self.accept_all_button.setEnabled(any(can_accept(c) for c in pending))
        self.reject_all_button.setEnabled(bool(pending))
        change = self.current_change()
        self.source_button.setEnabled(change is not None and bool(change.source_id))
        self.source_button.setVisible(change is not None and change.kind == "note")
        self.show_button.setEnabled(change is not None)
        if chosen and not any(can_accept(c) for c in chosen):
            self.accept_button.setToolTip("A conflict or a note change cannot be accepted as "
                                          "text: edit the text or the source, then reject it")
        else:
            self.accept_button.setToolTip("Accept the selected changes")

    def _detail_text(self, change: ReviewChange, *, plain: bool = False) -> str:
        """What the change does, at length: both versions of a conflict, a note's source."""
        esc = (lambda t: t) if plain else _html
        who = f"{change.author or 'Unknown'}, {date_label(change.date)}".strip(", ")
        lines = [f"{KIND_LABELS.get(change.kind, change.kind)} by {who} — {change.where}"]
        if not change.tracked:
            lines.append("The reviewer made this change with tracking off; it was found by "
                         "comparing with the exported text.")
        if change.conflict:
            lines.append("Conflict: you changed these words too since the export.")
            lines.append(f"Yours now: “{esc(change.ours)}”")
            theirs = f"“{esc(change.after)}”" if change.after else "(deleted)"
            lines.append(f"The reviewer's: {theirs}")
            lines.append(f"At export: “{esc(change.before)}”")
            now = self.current_text(change)
            if now is not None:
                lines.append(f"Your text there now: “{esc(now)}”")
            lines.append("Keep yours (Reject), or type the reviewer's words into the form "
                         "yourself and then reject the change.")
        elif change.kind == "note":
            number = f"note {change.note_number}" if change.note_number else "a note"
            source = f"source {change.source_id}" if change.source_id else "its source"
            lines.append(f"The reviewer changed the text of {number}, which Brief Editor "
                         f"computes from {source}: edit the source, not the note.")
            lines.append(f"Before: “{esc(change.before)}”")
            lines.append(f"After: “{esc(change.after)}”")
        else:
            if change.before:
                lines.append(f"Before: “{esc(change.before)}”")
            if change.after:
                lines.append(f"After: “{esc(change.after)}”")
        return "\n".join(lines) if plain else "<br>".join(lines)

    def current_text(self, change: ReviewChange) -> str | None:
        """The running text of the field a change applies to, as the brief has it now."""
        place = change.place
        return anchor_text(self.window.document.brief,
                           CommentAnchor(place.section, place.field, place.index))

    # -------------------------------------------------------------- the form

    def anchor_of(self, change: ReviewChange) -> CommentAnchor | None:
        """The words of the current brief a change applies to, as a comment anchor."""
        brief = self.window.document.brief
        place = change.place
        if place.field not in ("summary", "heading", "event", "implications", "body",
                               "caption"):
            return None
        anchor = CommentAnchor(place.section, place.field, place.index, 0, 0, "")
        text = anchor_text(brief, anchor)
        if text is None:
            return None
        wanted = change.ours if change.conflict and change.ours else change.before
        near = change.edits[0].start if change.edits else 0
        if change.kind == "paragraph-delete" or (not wanted and not change.edits):
            return dataclasses.replace(anchor, end=len(text), quote=text)
        if wanted:
            found = nearest(text, wanted, near)
            if found is not None:
                return dataclasses.replace(anchor, start=found, end=found + len(wanted),
                                           quote=wanted)
        # An insertion (or words no longer there): the word at the place it applies.
        point = min(near, len(text))
        start = text.rfind(" ", 0, point) + 1
        end = text.find(" ", point)
        end = len(text) if end < 0 else end
        return dataclasses.replace(anchor, start=start, end=end, quote=text[start:end])

    def marks(self, section: str | None) -> list[tuple[CommentAnchor, QColor]]:
        """Highlights of the pending changes of one section; the current one stronger."""
        current = self.current_change()
        marks = []
        for change in self.pending():
            if change.place.section != section or change.kind == "note":
                continue  # a note's words are not in the form; its source is the place
            anchor = self.anchor_of(change)
            if anchor is None or anchor.start == anchor.end:
                continue
            colour = (CONFLICT_COLOUR if change.conflict else
                      CURRENT_CHANGE_COLOUR if change is current else CHANGE_COLOUR)
            marks.append((anchor, colour))
        return marks

    def mark_form(self) -> None:
        self.comments.highlight_form()

    def show_in_form(self) -> bool:
        change = self.current_change()
        if change is None:
            return False
        live = getattr(self.window, "live", None)
        if change.kind == "note" and change.note_number and live is not None:
            note = live.note_by_number(change.note_number)  # its marker in the form
            if note is not None:
                live.jump_to_note(note)
                return True
        anchor = self.anchor_of(change)
        if anchor is None:
            self.window.outline.select(change.place.section)
            return False
        shown = self.comments.reveal(anchor)
        self.mark_form()
        return shown

    def edit_source(self) -> bool:
        change = self.current_change()
        panel = getattr(self.window, "sources_panel", None)
        if change is None or not change.source_id or panel is None:
            return False
        return bool(panel.edit_source(change.source_id))

    # -------------------------------------------------------------- deciding

    def _decide(self, changes: list[ReviewChange], accept: bool) -> bool:
        review = self.review
        if review is None or not changes:
            return False
        document = self.window.document
        before = document.brief
        if accept:
            changes = [c for c in changes if can_accept(c)]
            if not changes:
                return False
            try:
                after = apply_review(before, review, [c.id for c in changes], comments=False)
            except BriefEditorError as exc:
                QMessageBox.warning(self.window, "Accept change", str(exc))
                return False
            after = _follow_anchors(before, after)
        else:
            after = before
        count = len(changes)
        verb = "Accept" if accept else "Reject"
        text = f"{verb} change" if count == 1 else f"{verb} {count} changes"
        document.undo_stack.push(ReviewCommand(document, before, after, text, self,
                                               tuple(c.id for c in changes)))
        return True

    def accept_selected(self) -> bool:
        return self._decide(self.selected_changes(), True)

    def reject_selected(self) -> bool:
        return self._decide(self.selected_changes(), False)

    def accept_all(self) -> bool:
        return self._decide(self.pending(), True)

    def reject_all(self) -> bool:
        return self._decide(self.pending(), False)


class ReviewDocks(QObject):
    """The two docks of a review: Review (the changes, under the form, where a long list has
    room for its columns) and Comments (beside the form, as Word's margin is)."""

    def __init__(self, window: ReviewHost, comments: CommentController) -> None:
        super().__init__(window)
        self.window = window
        self.comments = comments
        self.changes = ChangesPanel(window, comments)
        comments.extra_marks = self.changes.marks
        self.changes_dock = window.add_panel("Review", self.changes, "Ctrl+Shift+M",
                                             Qt.DockWidgetArea.BottomDockWidgetArea)
        self.comments_dock = window.add_panel("Comments", comments.panel, "Ctrl+Alt+Shift+M")
        # Neither is in the way until there is something to review; each opens itself then.
        self.changes_dock.hide()
        self.comments_dock.hide()

    def show_comments(self) -> None:
        dock = self.comments_dock
        if not dock.isVisible():
            dock.show()
            # Threads need room: the first time, after the dock is laid out (sizes asked for
            # before that are forgotten), it takes close to half of its column.
            QTimer.singleShot(0, self._size_comments)
        dock.raise_()

    def _size_comments(self) -> None:
        window, dock = self.window, self.comments_dock
        if not dock.isVisible() or dock.isFloating():
            return
        area = window.dockWidgetArea(dock)
        others = [d for d in window.findChildren(QDockWidget)
                  if d is not dock and d.isVisible() and not d.isFloating()
                  and window.dockWidgetArea(d) == area and not window.tabifiedDockWidgets(d)]
        column = window.centralWidget().height()
        rest = int(column * (1 - COMMENTS_HEIGHT_SHARE) / max(1, len(others)))
        window.resizeDocks([dock, *others], [int(column * COMMENTS_HEIGHT_SHARE)]
                           + [rest] * len(others), Qt.Orientation.Vertical)

    def show_changes(self) -> None:
        self.changes_dock.show()
        self.changes_dock.raise_()

    def show_if_commented(self) -> None:
        """A brief with comments opens with them in view, as Word shows its markup."""
        if self.window.document.brief.comments:
            self.show_comments()

    def document_replaced(self) -> None:
        # A review belongs to the brief it was imported into, not to the next one opened.
        if self.changes.review is not None:
            self.changes.set_review(None)
            self.changes_dock.hide()
        self.show_if_commented()


def import_review(window: ReviewHost, path: str | Path | None = None) -> bool:
    """File ▸ Import Review…: read a reviewed DOCX of this brief into the Review dock.

    Its comments join the brief's threads as one undoable step; nothing else changes until
    the analyst accepts. A file that is not a review of this brief changes nothing.
    """
    if path is None:
        start = str(window.document.path.parent) if window.document.path else ""
        name, _ = QFileDialog.getOpenFileName(window, "Import Review", start,
                                              "Word documents (*.docx)")
        if not name:
            return False
        path = name
    document = window.document
    try:
        review = read_review(document.brief, Path(path))
    except BriefEditorError as exc:
        _refuse(window, str(exc))
        return False
    except Exception as exc:  # a reader's bug must not take the analyst's work with it
        log.exception("reading the review %s failed", path)
        _refuse(window, f"{Path(path).name} could not be read as a review ({exc}).")
        return False
    if not review.path:
        review = dataclasses.replace(review, path=str(path))
    dock: ReviewDocks = window.review_dock  # type: ignore[attr-defined]
    dock.changes.set_review(review)
    if review.comments:
        before = document.brief
        try:
            after = apply_review(before, review, (), comments=True)
        except BriefEditorError as exc:
            QMessageBox.warning(window, "Import Review", str(exc))
            after = before
        document.push(after, "Import review comments")
    dock.show_changes()
    if review.comments:
        dock.show_comments()
    pending = len(review.changes)
    window.statusBar().showMessage(
        f"Review imported: {pending} change{'s' if pending != 1 else ''}, "
        f"{len(review.comments)} comment{'s' if len(review.comments) != 1 else ''}", 6000)
    return True


def _refuse(window: ReviewHost, message: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, "Import Review", message,
                      QMessageBox.StandardButton.Ok, window)
    box.setAccessibleName("Review not imported")
    box.exec()


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def install_review(window: ReviewHost) -> ReviewDocks:
    """The Review and Comments docks, Insert ▸ Comment and File ▸ Import Review…"""
    comments = install_comments(window)
    dock = ReviewDocks(window, comments)
    window.review_dock = dock  # type: ignore[attr-defined]
    window.document_replaced.connect(dock.document_replaced)
    dock.show_if_commented()
    action = QAction("Import &Review…", window)
    action.setShortcut(QKeySequence("Ctrl+Alt+Shift+R"))
    action.setStatusTip("Read an editor's reviewed Word file: tracked changes and comments")
    action.triggered.connect(lambda _checked=False: import_review(window))
    window.addAction(action)
    window.act_import_review = action  # type: ignore[attr-defined]
    file_menu = getattr(window, "file_menu", None) or window.menuBar().actions()[0].menu()
    export_entry = next((a for a in file_menu.actions() if a.menu() is not None
                         and a.text().replace("&", "") == "Export"), None)
    if export_entry is not None:
        actions = file_menu.actions()
        after = actions.index(export_entry) + 1
        file_menu.insertAction(actions[after] if after < len(actions) else None, action)
    else:
        file_menu.addAction(action)
    return dock
