"""The Sources dock: a filterable, sortable table of the brief's sources, and its commands.

The table shows one row per source (title, container or publisher, date, type, grade and
how many cites point at it). Rows are built once per document change into plain tuples,
so filtering and sorting 500+ sources never touches the brief again; the use counts come
from one pass over the numbered notes, and only when the notes may have changed.

Every command (add, edit, delete, merge) builds a new Brief and pushes it on the
document's undo stack as one step. The brief edits themselves are plain functions at the
top of this module, free of Qt, so they can be tested and reused without a window.
"""

from __future__ import annotations

import dataclasses
import logging
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from brief_editor.citations.library_fields import date_literal, first_date_parts, iso
from brief_editor.citations.source_edits import (
    UsesCounter,
    delete_sources,
    duplicate_pairs,
    merge_sources,
    replace_source,
)
from brief_editor.model import (
    Brief,
    Source,
)
from brief_editor.ui.source_form import TYPES, SourceDialog

if TYPE_CHECKING:
    from brief_editor.ui.document import Document
    from brief_editor.ui.host import SourcesHost

log = logging.getLogger(__name__)

COLUMNS = ("Title", "Published in", "Date", "Type", "Grade", "Uses")
COL_TITLE, COL_CONTAINER, COL_DATE, COL_TYPE, COL_GRADE, COL_USES = range(len(COLUMNS))
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
USES_DELAY_MS = 250

# ============================================================================ what a row shows


def grade(source: Source) -> str:
    """The Admiralty grade of a source ("B2", "B", "—2"), or "" when ungraded."""
    custom = source.custom
    reliability = str(custom.get("reliability") or "").strip()
    credibility = str(custom.get("credibility") or "").strip()
    if not reliability and not credibility:
        return ""
    return f"{reliability or '—'}{credibility or '—'}"


def container_or_publisher(data: Mapping[str, Any]) -> str:
    for key in ("container-title", "publisher", "authority", "collection-title"):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def date_text(value: Any) -> str:
    """A CSL date as 2024, 2024-03 or 2024-03-15 (or its literal text)."""
    parts = first_date_parts(value)
    return iso(parts) if parts else date_literal(value)


def names_text(names: Any) -> str:
    if not isinstance(names, list):
        return ""
    out = []
    for name in names:
        if isinstance(name, Mapping):
            out.append(" ".join(str(name.get(k) or "") for k in ("given", "family", "literal")))
    return "; ".join(" ".join(n.split()) for n in out if n.strip())


_TYPE_LABELS = dict(TYPES)


def type_label(kind: str | None) -> str:
    """"Newspaper article" for article-newspaper; an unknown CSL type as written."""
    return _TYPE_LABELS.get(kind or "", kind or "")


def sort_text(text: str) -> str:
    """A key that sorts "À Genève" among the A's, whatever the case."""
    if text.isascii():  # most library text: no accents to take off (ten times faster)
        return text.lower()
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


class _Row:
    """What one source shows in the table: built only when its row is first drawn."""

    __slots__ = ("id", "index", "texts", "keys")

    def __init__(self, index: int, source: Source, uses: int) -> None:
        data = source.data
        self.id = source.id or ""
        self.index = index
        date = date_text(data.get("issued"))
        self.texts = [source.title or self.id or "(untitled)", container_or_publisher(data),
                      date, type_label(source.type), grade(source), str(uses)]
        self.keys: list[Any] = [sort_text(t) for t in self.texts]
        self.keys[COL_USES] = uses

    def set_uses(self, uses: int) -> None:
        self.texts[COL_USES] = str(uses)
        self.keys[COL_USES] = uses


def haystack(source: Source) -> str:
    """Everything a filter may match in one source (every column, authors, URL…), folded
    like the sort key, so "geneve" finds "Genève"."""
    data = source.data
    sid = source.id or ""
    parts = (source.title or sid or "(untitled)", container_or_publisher(data),
             date_text(data.get("issued")), type_label(source.type), grade(source), sid,
             source.type or "", names_text(data.get("author")), names_text(data.get("editor")),
             str(data.get("URL") or ""), str(data.get("DOI") or ""))
    return sort_text("\n".join(parts))


# Haystacks made per slice of idle time after a library is shown (a few tens of ms each).
HAYSTACK_CHUNK = 8000


class SourcesModel(QAbstractTableModel):
    """The brief's sources as rows, filtered and sorted here rather than by a proxy.

    A library may hold 100,000 sources: a row's texts are built only when the row is drawn,
    the filter's folded text of every source is built in slices of idle time after the
    library is shown (or at the first keystroke, whatever is left), a filter that only
    narrows the last one searches only the rows it kept, and a sort reads one key per
    source. ``rows`` are the source indices on show, in order.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sources: tuple[Source, ...] = ()
        self.uses: Counter[str] = Counter()
        self.rows: list[int] = []
        self.words: list[str] = []
        self._ids: list[str] = []
        self._cache: dict[int, _Row] = {}
        self._haystacks: list[str] = []
        self._sort: tuple[int, Qt.SortOrder] = (COL_TITLE, Qt.SortOrder.AscendingOrder)
        self._sorted: list[int] | None = None  # every source index in sort order
        self._keys: dict[int, list[Any]] = {}
        self._filled = QTimer(self)
        self._filled.setInterval(0)
        self._filled.timeout.connect(self._fill_haystacks)

    # ------------------------------------------------------------------ content

    def set_sources(self, sources: tuple[Source, ...], uses: Counter[str]) -> None:
        """Show ``sources``; a reset only when the sources themselves changed."""
        if sources is self.sources:
            self.set_uses(uses)
            return
        self.beginResetModel()
        self.sources = sources
        self.uses = uses
        self._ids = [s.id or "" for s in sources]
        self._cache = {}
        self._keys = {}
        self._haystacks = []
        self._sorted = None
        self.rows = self._visible()
        self.endResetModel()
        self._filled.start()

    def set_uses(self, uses: Counter[str]) -> None:
        if uses == self.uses:
            return
        old, self.uses = self.uses, uses
        changed = {sid for sid in set(old) | set(uses) if old.get(sid, 0) != uses.get(sid, 0)}
        if not changed:
            return
        self._keys.pop(COL_USES, None)
        for row in self._cache.values():
            if row.id in changed:
                row.set_uses(uses.get(row.id, 0))
        if self._sort[0] == COL_USES:
            self._resort()
        elif self.rows:
            self.dataChanged.emit(self.index(0, COL_USES),
                                  self.index(len(self.rows) - 1, COL_USES))

    def row(self, index: int) -> _Row:
        """The texts of source ``index`` (built on first use)."""
        row = self._cache.get(index)
        if row is None:
            source = self.sources[index]
            row = self._cache[index] = _Row(index, source, self.uses.get(source.id or "", 0))
        return row

    # ------------------------------------------------------------------ filter and sort

    def _fill_haystacks(self, everything: bool = False) -> None:
        sources, done = self.sources, len(self._haystacks)
        if done >= len(sources) and not everything:
            # Then the citation picker's index of the same sources, so that the picker
            # opens at once too.
            from brief_editor.ui.citation_picker import index_for

            if index_for(sources, later=True).advance(HAYSTACK_CHUNK):
                self._filled.stop()
            return
        end = len(sources) if everything else min(len(sources), done + HAYSTACK_CHUNK)
        self._haystacks.extend(haystack(s) for s in sources[done:end])

    def set_text(self, text: str) -> None:
        """Keep the rows whose text (every column, authors, URL, id) holds every word."""
        words = sort_text(text).split()
        if words == self.words:
            return
        narrower = bool(self.words) and all(
            any(old in new for new in words) for old in self.words)
        self.words = words
        self.beginResetModel()
        self.rows = self._visible(self.rows if narrower else None)
        self.endResetModel()

    def _visible(self, within: list[int] | None = None) -> list[int]:
        order = self._order()
        words = self.words
        if not words:
            return list(order)
        if len(self._haystacks) < len(self.sources):
            self._fill_haystacks(everything=True)
        hay = self._haystacks
        if within is None:
            within = order
        if len(words) == 1:
            word = words[0]
            return [i for i in within if word in hay[i]]
        return [i for i in within if all(w in hay[i] for w in words)]

    def _key_list(self, column: int) -> list[Any]:
        keys = self._keys.get(column)
        if keys is None:
            if column == COL_USES:
                keys = [self.uses.get(sid, 0) for sid in self._ids]
            elif column == COL_TITLE:
                keys = [sort_text(s.title or s.id or "(untitled)") for s in self.sources]
            else:
                keys = [self.row(i).keys[column] for i in range(len(self.sources))]
            self._keys[column] = keys
        return keys

    def _order(self) -> list[int]:
        if self._sorted is None:
            column, order = self._sort
            keys = self._key_list(column)
            self._sorted = sorted(range(len(self.sources)), key=keys.__getitem__,
                                  reverse=order == Qt.SortOrder.DescendingOrder)
        return self._sorted

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if (column, order) == self._sort and self._sorted is not None:
            return
        self._sort = (column, order)
        self._resort()

    def _resort(self) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sorted = None
        shown = set(self.rows) if self.words else None
        order = self._order()
        self.rows = list(order) if shown is None else [i for i in order if i in shown]
        self.layoutChanged.emit()

    # ------------------------------------------------------------------ Qt

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        col = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter) if col in (COL_GRADE, COL_USES) else None
        if role not in (Qt.ItemDataRole.DisplayRole, SORT_ROLE, ID_ROLE,
                        Qt.ItemDataRole.ToolTipRole):
            return None
        row = self.row(self.rows[index.row()])
        if role == Qt.ItemDataRole.DisplayRole:
            return row.texts[col]
        if role == SORT_ROLE:
            return row.keys[col]
        if role == ID_ROLE:
            return row.id
        if col == COL_TITLE:  # the tool tip
            return f"{row.texts[col]} [{row.id}]"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def row_of(self, source_index: int) -> int:
        """Where source ``source_index`` is shown, or -1 when the filter hides it."""
        try:
            return self.rows.index(source_index)
        except ValueError:
            return -1


# ============================================================================ the dock


class SourcesTable(QTableView):
    """The table, fitting its columns to the dock's width (the title gets the most)."""

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        metrics = self.fontMetrics()

        def room(text: str) -> int:
            return metrics.horizontalAdvance(text) + 22

        fixed = {COL_DATE: room("2024-03-04"), COL_TYPE: room("Newspaper article"),
                 COL_GRADE: room("Grade"), COL_USES: room("Uses")}
        title_min, container_min = room("M" * 14), room("M" * 7)
        width = self.viewport().width()
        # In a narrow dock drop the type, then the date, before squeezing the title.
        for col in (COL_TYPE, COL_DATE):
            if width >= title_min + container_min + sum(fixed.values()):
                break
            del fixed[col]
        for col in (COL_TYPE, COL_DATE):
            self.setColumnHidden(col, col not in fixed)
        header = self.horizontalHeader()
        for col, size in fixed.items():
            header.resizeSection(col, size)
        rest = max(width - sum(fixed.values()), title_min + container_min)
        header.resizeSection(COL_TITLE, rest * 3 // 5)
        header.resizeSection(COL_CONTAINER, rest - rest * 3 // 5)



class SourcesPanel(QWidget):
    """The filter box, the table and the buttons of the Sources dock."""

    def __init__(self, window: SourcesHost) -> None:
        super().__init__()
        self.window_ = window
        self.setAccessibleName("Sources")
        self.model = SourcesModel(self)
        # The table's rows: the model filters and sorts itself (a proxy would ask Python
        # for every row of a large library on each keystroke and each sort).
        self.proxy = self.model
        self._brief: Brief | None = None
        self._uses_stale = False
        self.uses_counter = UsesCounter()

        self.filter_edit = QLineEdit()
        self.filter_edit.setAccessibleName("Filter sources")
        self.filter_edit.setPlaceholderText("Filter: title, author, site, year, URL…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.model.set_text)

        self.table = SourcesTable()
        self.table.setAccessibleName("Sources table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_TITLE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        # Fixed row heights keep a large table cheap to lay out.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 8)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        self.add_button = self._button("&Add…", "Add a source", self.add_source)
        self.edit_button = self._button("&Edit…", "Edit the selected source", self.edit_selected)
        self.delete_button = self._button("Delete", "Delete the selected sources (Delete key)",
                                          self.delete_selected)
        self.merge_button = self._button("&Merge…", "Merge the two selected sources",
                                         self.merge_selected)
        self.duplicates_button = self._button("Find &Duplicates…",
                                               "List sources that are the same work (W104)",
                                               self.find_duplicates)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.add_button, self.edit_button, self.delete_button,
                       self.merge_button, self.duplicates_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.count_label = QLabel()
        self.count_label.setAccessibleName("Number of sources shown")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.count_label)
        self.model.modelReset.connect(self._update_count)
        self.model.layoutChanged.connect(lambda *_: self._update_count())

        self._uses_timer = QTimer(self)
        self._uses_timer.setSingleShot(True)
        self._uses_timer.setInterval(USES_DELAY_MS)
        self._uses_timer.timeout.connect(self.refresh_uses)
        self._update_buttons()

    def _button(self, text: str, tip: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(lambda _c=False: slot())
        return button

    @property
    def document(self) -> Document:
        return self.window_.document

    # ------------------------------------------------------------------ following the document

    def attach(self, document: Document) -> None:
        """Follow ``document`` (a newly opened brief)."""
        document.changed.connect(self._on_changed)
        self._brief = None
        self.uses_counter = UsesCounter()
        self.show_brief(document.brief)

    def show_brief(self, brief: Brief) -> None:
        """Show the sources of ``brief`` with fresh use counts."""
        keep = self.selected_ids()
        self._brief = brief
        self._uses_timer.stop()
        self._uses_stale = False
        self.model.set_sources(brief.sources, self.uses_counter.update(brief))
        self.select_ids(keep)

    def _on_changed(self, old: Brief, new: Brief) -> None:
        if self.sender() is not self.document:
            return  # a document that is no longer shown
        if new.sources is not old.sources:
            self.show_brief(new)
        elif new.sections is not old.sections or new.meta is not old.meta:
            # Typing changes notes (rarely); count them again once the typing pauses.
            self._brief = new
            self._uses_stale = True
            self._uses_timer.start()

    def refresh_uses(self) -> None:
        if self._uses_stale and self._brief is not None:
            self._uses_stale = False
            self.model.set_uses(self.uses_counter.update(self._brief))

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), len(self.model.sources)
        self.count_label.setText(f"{total:,} sources" if shown == total
                                 else f"{shown:,} of {total:,} sources")

    def _update_buttons(self) -> None:
        n = len(self.selected_ids())
        self.edit_button.setEnabled(n == 1)
        self.delete_button.setEnabled(n >= 1)
        self.merge_button.setEnabled(n == 2)

    # ------------------------------------------------------------------ selection

    def selected_ids(self) -> list[str]:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return [str(self.model.data(r, ID_ROLE)) for r in sorted(rows, key=lambda i: i.row())]

    def select_ids(self, ids: Iterable[str]) -> None:
        wanted = set(ids)
        selection = self.table.selectionModel()
        selection.clearSelection()
        if not wanted:
            return
        flags = (selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
        first = None
        ids = self.model._ids
        shown = {source: row for row, source in enumerate(self.model.rows)}
        for source_index in (i for i, sid in enumerate(ids) if sid in wanted):
            row = shown.get(source_index)
            if row is not None:
                index = self.model.index(row, 0)
                selection.select(index, flags)
                first = first or index
        if first is not None:
            selection.setCurrentIndex(first, selection.SelectionFlag.NoUpdate)
            self.table.scrollTo(first)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.matches(QKeySequence.StandardKey.Delete) and self.table.hasFocus():
            self.delete_selected()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            self.edit_selected()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ commands

    def add_source(self) -> str | None:
        """Open the form for a new source; returns its id when one was added."""
        dialog = SourceDialog(self.document.brief, None, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        source = dialog.result_source()
        brief = self.document.brief
        self.document.push(dataclasses.replace(brief, sources=brief.sources + (source,)),
                           "Add source")
        self.select_ids([source.id or ""])
        return source.id

    def edit_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.edit_source(ids[0])

    def edit_source(self, source_id: str) -> bool:
        """Open the form on one source; True when it was changed."""
        brief = self.document.brief
        index = next((i for i, s in enumerate(brief.sources) if s.id == source_id), None)
        if index is None:
            return False
        dialog = SourceDialog(brief, brief.sources[index], self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        source = dialog.result_source()
        brief = self.document.brief  # unchanged while the dialog was modal, but be safe
        if index >= len(brief.sources) or brief.sources[index].id != source_id:
            return False
        new = replace_source(brief, index, source)
        if new == brief:
            return False
        self.document.push(new, "Edit source")
        self.select_ids([source.id or ""])
        return True

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.delete_sources(ids)

    def delete_sources(self, ids: list[str]) -> bool:
        """Delete sources; cited ones only after the user agrees to remove their cites."""
        brief = self.document.brief
        uses = self.uses_counter.update(brief)
        cited = {i: uses[i] for i in ids if uses.get(i)}
        with_cites = False
        if cited:
            total = sum(cited.values())
            names = ", ".join(f"“{self._title(i)}” ({n}×)" for i, n in cited.items())
            box = QMessageBox(QMessageBox.Icon.Warning, "Source is cited",
                              f"{names} {'is' if len(cited) == 1 else 'are'} cited "
                              f"{total} time{'s' if total != 1 else ''}. A cited source cannot "
                              "be deleted on its own.", parent=self)
            box.setAccessibleName("Source is cited")
            box.setInformativeText("Remove its cites as well? Notes left with no cite and no "
                                   "comment are removed. Undo brings everything back.")
            remove = box.addButton("Remove Cites and Delete", QMessageBox.ButtonRole.DestructiveRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            if box.clickedButton() is not remove:
                return False
            with_cites = True
        new = delete_sources(brief, ids, with_cites=with_cites)
        self.document.push(new, "Delete source" if len(ids) == 1 else "Delete sources")
        self.window_.statusBar().showMessage(
            f"Deleted {len(ids)} source{'s' if len(ids) != 1 else ''} (Undo brings "
            f"{'it' if len(ids) == 1 else 'them'} back)", 5000)
        return True

    def _title(self, source_id: str) -> str:
        source = self.document.brief.source_by_id().get(source_id)
        return (source.title if source else "") or source_id

    def merge_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 2:
            sources = self.document.brief.source_by_id()
            reason = next((r for a, b, r in duplicate_pairs([sources[ids[0]], sources[ids[1]]])),
                          "chosen by hand")
            DuplicatesDialog(self, [(ids[0], ids[1], reason)], scan=False).exec()

    def find_duplicates(self) -> None:
        pairs = duplicate_pairs(self.document.brief.sources)
        if not pairs:
            QMessageBox.information(self, "Find duplicates",
                                    "No two sources share a DOI, a URL, or a title and "
                                    "container.")
            return
        DuplicatesDialog(self, pairs).exec()

    def merge(self, keep: str, drop: str) -> None:
        """Merge ``drop`` into ``keep`` as one undoable step."""
        new = merge_sources(self.document.brief, keep, drop)
        self.document.push(new, "Merge sources")
        self.select_ids([keep])
        self.window_.statusBar().showMessage(
            f"Merged “{drop}” into “{keep}”; its cites now point at “{keep}”", 5000)


class DuplicatesDialog(QDialog):
    """Pairs of sources that are the same work; pick one, pick which to keep, merge."""

    def __init__(self, panel: SourcesPanel, pairs: list[tuple[str, str, str]], *,
                 scan: bool = True) -> None:
        super().__init__(panel)
        self.panel = panel
        self.pairs = pairs
        self.scan = scan  # the pairs came from a scan of the whole library: scan again
        self.setWindowTitle("Duplicate sources")
        self.setAccessibleName("Duplicate sources")
        self.resize(620, 360)
        intro = QLabel("These sources look like the same work. Merging keeps one: every "
                       "cite of the other is pointed at it, and the other is removed.")
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Duplicate pairs")
        self.keep_first = QRadioButton()
        self.keep_second = QRadioButton()
        self.keep_first.setAccessibleName("Keep the first source")
        self.keep_second.setAccessibleName("Keep the second source")
        group = QButtonGroup(self)
        group.addButton(self.keep_first)
        group.addButton(self.keep_second)
        self.keep_first.setChecked(True)
        buttons = QDialogButtonBox()
        self.merge_button = buttons.addButton("&Merge", QDialogButtonBox.ButtonRole.ActionRole)
        self.merge_button.clicked.connect(self.merge_current)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(QLabel("Keep:"))
        layout.addWidget(self.keep_first)
        layout.addWidget(self.keep_second)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._show_pair)
        self._fill()

    def _label(self, source_id: str) -> str:
        source = self.panel.document.brief.source_by_id().get(source_id)
        if source is None:
            return source_id
        where = container_or_publisher(source.data)
        date = date_text(source.data.get("issued"))
        bits = ", ".join(b for b in (where, date) if b)
        uses = self.panel.uses_counter.update(self.panel.document.brief).get(source_id, 0)
        return f"{source.title or source_id} [{source_id}]" + (f" — {bits}" if bits else "") + \
            f" · {uses} cite{'s' if uses != 1 else ''}"

    def _fill(self) -> None:
        self.list.clear()
        for a, b, reason in self.pairs:
            item = QListWidgetItem(f"{a}  ⟷  {b}   ({reason})")
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.merge_button.setEnabled(bool(self.pairs))
        if not self.pairs:
            self.keep_first.setText("")
            self.keep_second.setText("")

    def _show_pair(self, row: int) -> None:
        if not 0 <= row < len(self.pairs):
            return
        a, b, _ = self.pairs[row]
        self.keep_first.setText(self._label(a))
        self.keep_second.setText(self._label(b))

    def merge_current(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.pairs):
            return
        a, b, _ = self.pairs[row]
        keep, drop = (a, b) if self.keep_first.isChecked() else (b, a)
        self.panel.merge(keep, drop)
        # Other pairs may have named the source that is gone: scan again.
        self.pairs = duplicate_pairs(self.panel.document.brief.sources) if self.scan else []
        if not self.pairs:
            self.accept()
            return
        self._fill()


def install_sources_dock(window: SourcesHost) -> SourcesPanel:
    """Add the Sources dock and the library commands to ``window``."""
    from brief_editor.ui.library_actions import install_library_actions

    panel = SourcesPanel(window)
    window.sources_panel = panel  # type: ignore[attr-defined]
    # Not Ctrl+Alt+S: on Windows AltGr is Ctrl+Alt, and AltGr+S types "ś" in Polish.
    window.add_panel("Sources", panel, "Ctrl+Shift+O")
    panel.attach(window.document)
    window.document_replaced.connect(lambda: panel.attach(window.document))
    install_library_actions(window)
    return panel
