"""The notes dock: every note numbered and worded as it will print, updated as you type.

A flat model over the rendered notes feeds a tree view (whose rows may differ in height and
whose heights are asked for only as rows come into view, so ten thousand notes cost no more
than the visible ones). After an edit the model tells the view only which rows changed.
"""

from __future__ import annotations

import html
import logging
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from brief_editor.citations.notes import RenderedNote
from brief_editor.citations.positions import FIRST, IBID, IBID_WITH_LOCATOR, SUBSEQUENT
from brief_editor.model import Link, Styled
from brief_editor.ui.widgets import WidthRelayout

log = logging.getLogger(__name__)

NOTE_ROLE = Qt.ItemDataRole.UserRole
HTML_ROLE = Qt.ItemDataRole.UserRole + 1
WHY_ROLE = Qt.ItemDataRole.UserRole + 2
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 3
_Index = QModelIndex | QPersistentModelIndex
LAYOUT_CHANGE_ROWS = 300

POSITION_NAMES = {IBID: "Ibid.", IBID_WITH_LOCATOR: "Ibid. with locator",
                  SUBSEQUENT: "Short form", FIRST: "Full form"}


def spans_html(spans: Sequence[object]) -> str:
    """HTML for note spans: italics, bold, small caps, links; text escaped."""
    out = []
    for span in spans:
        if isinstance(span, str):
            out.append(html.escape(span))
        elif isinstance(span, Link):
            out.append(f'<a href="{html.escape(span.url, quote=True)}">{html.escape(span.text)}</a>')
        elif isinstance(span, Styled):
            text = html.escape(span.text)
            marks = span.marks
            if "smallcaps" in marks:
                text = f'<span style="font-variant:small-caps">{text}</span>'
            for mark, tag in (("italic", "i"), ("bold", "b"), ("underline", "u"),
                              ("superscript", "sup"), ("subscript", "sub")):
                if mark in marks:
                    text = f"<{tag}>{text}</{tag}>"
            out.append(text)
    return "".join(out)


def why_text(note: RenderedNote) -> str:
    """Why the note reads as it does, for each cite that is not in its full form."""
    parts = []
    for cite in note.cites:
        if cite.position == FIRST:
            continue
        parts.append(f"{POSITION_NAMES[cite.position]} ({cite.cite.source}): {cite.why}")
    return " · ".join(parts)


def why_tooltip(note: RenderedNote) -> str:
    lines = [f"{POSITION_NAMES[c.position]} — {c.cite.source}: {c.why}" for c in note.cites]
    if not lines:
        lines = ["Commentary note (no source cited)"]
    return "\n".join(lines)


class NotesModel(QStringListModel):
    """The rendered notes, one row each; ``set_notes`` signals only what changed.

    A QStringListModel only for its row count, kept in C++: the view asks for an index of
    every row whenever rows are inserted (10,000 rows: 10,000 calls of a Python
    ``rowCount``, a third of inserting a note). Its strings stay empty; ``data`` answers.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notes: Sequence[RenderedNote] = []
        self._html: dict[int, tuple[RenderedNote, str]] = {}

    # QStringListModel's flags stay (a Python ``flags`` is asked twice a row by the view's
    # layout): they say "editable", so the view opens no editor and nothing is stored.
    def setData(self, index: _Index, value: object,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        return False

    def _rows_inserted(self, first: int, count: int, notes: Sequence[RenderedNote]) -> None:
        """Show ``notes``, which are the notes shown with ``count`` rows at ``first``."""
        self.notes = notes
        self.insertRows(first, count)  # begins and ends the insertion (QStringListModel)

    def _rows_removed(self, first: int, count: int, notes: Sequence[RenderedNote]) -> None:
        self.notes = notes
        self.removeRows(first, count)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.notes):
            return None
        note = self.notes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{note.number}. {note.text}"
        if role == HTML_ROLE:
            known = self._html.get(id(note))
            if known is None or known[0] is not note:
                if len(self._html) > 4 * max(1000, len(self.notes)):
                    self._html.clear()
                known = (note, spans_html(note.spans))
                self._html[id(note)] = known
            return known[1]
        if role == WHY_ROLE:
            return why_text(note)
        if role == NUMBER_ROLE:
            return note.number
        if role == NOTE_ROLE:
            return note
        if role == Qt.ItemDataRole.ToolTipRole:
            return why_tooltip(note)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            why = why_text(note)
            return f"Note {note.number}: {note.text}" + (f" ({why})" if why else "")
        return None

    def set_notes(self, notes: Sequence[RenderedNote]) -> int:
        """Show ``notes``; returns how many rows were inserted, removed or changed."""
        old = self.notes
        if notes is old:
            return 0
        splice = getattr(notes, "splice", None)
        if splice is not None and getattr(notes, "previous", None) is old:
            return self._splice(notes, splice)
        n_old, n_new = len(old), len(notes)
        prefix = 0
        limit = min(n_old, n_new)
        while prefix < limit and (old[prefix] is notes[prefix] or old[prefix] == notes[prefix]):
            prefix += 1
        suffix = 0
        while (suffix < limit - prefix
               and (old[n_old - 1 - suffix] is notes[n_new - 1 - suffix]
                    or old[n_old - 1 - suffix] == notes[n_new - 1 - suffix])):
            suffix += 1
        old_mid = n_old - prefix - suffix
        new_mid = n_new - prefix - suffix
        common = min(old_mid, new_mid)
        touched = 0
        if old_mid > new_mid:
            first = prefix + new_mid
            self._rows_removed(first, old_mid - new_mid,
                               old[:first] + old[first + old_mid - new_mid:])
            touched += old_mid - new_mid
        elif new_mid > old_mid:
            first = prefix + old_mid
            self._rows_inserted(first, new_mid - old_mid,
                                old[:first] + notes[first:first + new_mid - old_mid] + old[first:])
            touched += new_mid - old_mid
        self.notes = notes
        # Rows in the common stretch: tell the view about each run of changed rows. A note
        # inserted early renumbers thousands: then one layout change, so the view measures
        # only the rows on screen instead of every changed row.
        runs: list[tuple[int, int]] = []
        run_start: int | None = None
        for row in range(prefix, prefix + common + 1):
            changed = row < prefix + common and not (old[row] is notes[row] or old[row] == notes[row])
            if changed and run_start is None:
                run_start = row
            elif not changed and run_start is not None:
                runs.append((run_start, row - 1))
                run_start = None
        touched += sum(last - first + 1 for first, last in runs)
        if sum(last - first + 1 for first, last in runs) > LAYOUT_CHANGE_ROWS:
            self.layoutAboutToBeChanged.emit()
            self.layoutChanged.emit()
        else:
            for first, last in runs:
                self.dataChanged.emit(self.index(first), self.index(last))
        return touched

    def _splice(self, notes: Sequence[RenderedNote], splice: Any) -> int:
        """Show notes made from the ones shown (``RenderedNotes``), whose ``splice`` says
        which rows differ, without comparing ten thousand notes."""
        start, inserted = splice.start, splice.new_stop - splice.start
        removed = splice.old_stop - start
        common = min(inserted, removed)
        if removed > inserted:
            first = start + inserted
            self._rows_removed(first, removed - inserted, notes)
        elif inserted > removed:
            first = start + removed
            self._rows_inserted(first, inserted - removed, notes)
        self.notes = notes
        if inserted != removed:
            # Every later note has a new number. The view lays every row out again after
            # the insert or removal anyway, and ignores a dataChanged until it has.
            if start + common < len(notes) and start < len(notes):
                self.dataChanged.emit(self.index(start), self.index(len(notes) - 1))
            return (removed - common) + (len(notes) - start)
        rows = sorted({*range(start, start + common), *splice.changed})
        runs: list[tuple[int, int]] = []
        for row in rows:
            if runs and runs[-1][1] == row - 1:
                runs[-1] = (runs[-1][0], row)
            else:
                runs.append((row, row))
        if len(rows) > LAYOUT_CHANGE_ROWS:
            self.layoutAboutToBeChanged.emit()
            self.layoutChanged.emit()
        else:
            for first, last in runs:
                self.dataChanged.emit(self.index(first), self.index(last))
        return len(rows)

    def row_of(self, number: int) -> int:
        return number - 1 if 0 < number <= len(self.notes) else -1


class NoteDelegate(QStyledItemDelegate):
    """The number in a gutter, the note as printed (with its italics), and why, dimmed."""

    CACHE = 4000

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view
        self._heights: dict[tuple[str, str, int], int] = {}
        self._docs: OrderedDict[tuple[str, int, bool], QTextDocument] = OrderedDict()

    def _gutter(self, option: QStyleOptionViewItem) -> int:
        return option.fontMetrics.horizontalAdvance("00000.") + 6

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        width = self.view.viewport().width()
        return max(80, width - self._gutter(option) - 16)

    def _why_font(self, option: QStyleOptionViewItem) -> QFont:
        font = QFont(option.font)
        font.setPointSizeF(max(6.0, option.font.pointSizeF() * 0.85))
        return font

    def _document(self, text: str, width: int, option: QStyleOptionViewItem,
                  selected: bool) -> QTextDocument:
        key = (text, width, selected)
        doc = self._docs.get(key)
        if doc is not None:
            self._docs.move_to_end(key)
            return doc
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(option.font)
        color = option.palette.color(QPalette.ColorRole.HighlightedText if selected
                                     else QPalette.ColorRole.Text)
        link = option.palette.color(QPalette.ColorRole.HighlightedText if selected
                                    else QPalette.ColorRole.Link)
        doc.setDefaultStyleSheet(f"a {{ color: {link.name()}; }}")
        doc.setHtml(f'<div style="color:{color.name()}">{text}</div>')
        doc.setTextWidth(width)
        self._docs[key] = doc
        while len(self._docs) > 200:
            self._docs.popitem(last=False)
        return doc

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        text = str(index.data(HTML_ROLE) or "")
        why = str(index.data(WHY_ROLE) or "")
        width = self._text_width(option)
        key = (text, why, width)
        height = self._heights.get(key)
        if height is None:
            doc = self._document(text, width, option, False)
            height = int(doc.size().height()) + 8
            if why:
                metrics = QFontMetrics(self._why_font(option))
                rect = metrics.boundingRect(0, 0, width, 10_000, Qt.TextFlag.TextWordWrap, why)
                height += rect.height() + 2
            if len(self._heights) > self.CACHE * 10:
                self._heights.clear()
            self._heights[key] = height
        return QSize(width, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = option.widget
        style = widget.style() if widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        fg = option.palette.color(QPalette.ColorRole.HighlightedText if selected
                                  else QPalette.ColorRole.Text)
        dim = QColor(fg)
        dim.setAlpha(150)
        rect = option.rect.adjusted(4, 4, -4, -4)
        gutter = self._gutter(option)
        painter.setPen(dim)
        painter.setFont(option.font)
        number = f"{index.data(NUMBER_ROLE)}."
        painter.drawText(QRectF(rect.left(), rect.top(), gutter - 6, option.fontMetrics.height()),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop), number)
        width = self._text_width(option)
        doc = self._document(str(index.data(HTML_ROLE) or ""), width, option, selected)
        painter.translate(QPointF(rect.left() + gutter, rect.top()))
        context = QAbstractTextDocumentLayout.PaintContext()
        doc.documentLayout().draw(painter, context)
        why = str(index.data(WHY_ROLE) or "")
        if why:
            painter.setFont(self._why_font(option))
            painter.setPen(dim)
            top = doc.size().height() + 2
            painter.drawText(QRectF(0, top, width, 10_000),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap), why)
        painter.restore()


class NotesView(QTreeView):
    """A list of notes whose row heights follow the width of the dock."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRootIsDecorated(False)
        self.setHeaderHidden(True)
        self.setIndentation(0)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)  # notes are read
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Per item, the view asks the heights of the rows on screen only; per pixel it would
        # lay out all ten thousand notes to size its scroll bar.
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        self.setMouseTracking(True)
        self._relayout = WidthRelayout(self)


class NotesPanel(QWidget):
    """The dock's content: a line of status and the list of notes."""

    note_chosen = Signal(object)  # RenderedNote

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Notes")
        self.status = QLabel()
        self.status.setAccessibleName("Notes status")
        self.status.setContentsMargins(6, 2, 6, 2)
        self.status.setWordWrap(True)
        self.model = NotesModel(self)
        self.view = NotesView()
        self.view.setAccessibleName("Notes as printed")
        self.view.setModel(self.model)
        self.delegate = NoteDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.clicked.connect(self._chosen)
        self.view.activated.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        self._message = ""
        self._update_status()

    def set_notes(self, notes: list[RenderedNote]) -> int:
        changed = self.model.set_notes(notes)
        self._message = ""
        self._update_status()
        return changed

    def set_message(self, message: str) -> None:
        """Say something about the notes (wording in progress, or why they cannot be shown)."""
        self._message = message
        self._update_status()

    def _update_status(self) -> None:
        count = len(self.model.notes)
        text = f"{count:,} note{'s' if count != 1 else ''} as printed"
        if self._message:
            text = f"{text} — {self._message}" if count else self._message
        self.status.setText(text)

    def text(self) -> str:
        """The notes as ``brief-editor notes`` prints them."""
        return "".join(f"{n.number}. {n.text}\n" for n in self.model.notes)

    def show_note(self, number: int) -> None:
        row = self.model.row_of(number)
        if row >= 0:
            index = self.model.index(row)
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def _chosen(self, index: QModelIndex) -> None:
        note = index.data(NOTE_ROLE)
        if note is not None:
            self.note_chosen.emit(note)
