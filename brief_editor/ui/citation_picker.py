"""Insert citation: pick sources by typing, with locator, prefix and comment, all by keyboard.

Type part of a title (or an author, the container, a year, a URL) and press Enter: the
best match, or the source just cited, becomes the note. Ctrl+Enter keeps the cite and adds
another to the same note. "New source" adds a source without leaving the picker. The same
dialog edits an existing note when a marker is double-clicked.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from brief_editor.citations.library_fields import make_id
from brief_editor.model import Brief, Cite, Inline, Note, Source, inline_text

log = logging.getLogger(__name__)

# CSL locator labels, most used first.
LOCATOR_LABELS = (
    "page", "section", "paragraph", "line", "chapter", "part", "volume", "figure", "table",
    "note", "column", "timestamp", "verse", "book", "article-locator",
)
NEW_SOURCE_TYPES = (
    ("article-newspaper", "Newspaper article"),
    ("webpage", "Web page"),
    ("report", "Report"),
    ("article-magazine", "Magazine article"),
    ("article-journal", "Journal article"),
    ("post", "Online post"),
    ("book", "Book"),
    ("broadcast", "Broadcast"),
    ("document", "Other document"),
)
# A list of more matches than this shows the best ones and asks for more words: a view of
# 100,000 rows is laid out anew at every keystroke, and nobody scrolls through it.
MAX_RESULTS = 500
HINT = "Enter inserts · Ctrl+Enter adds another source · ↑↓ choose"
SOURCE_ROLE = Qt.ItemDataRole.UserRole
RESULTS_HEIGHT = 230
RESULTS_HEIGHT_WITH_FORM = 130
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 1
_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?\s*$")


# ----------------------------------------------------------------------------- searching


# Letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "þ": "th",
                               "ı": "i", "ð": "d", "ħ": "h"})


def fold(text: str) -> str:
    """Text for matching: no accents, no case."""
    if text.isascii():  # most library text: nothing to decompose (ten times faster)
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.translate(_UNDECOMPOSED)


def _names(value: Any) -> list[str]:
    out = []
    if isinstance(value, list):
        for name in value:
            if isinstance(name, dict):
                out.extend(str(name.get(k, "")) for k in ("family", "given", "literal")
                           if name.get(k))
    return out


def year_of(data: dict[str, Any]) -> str:
    issued = data.get("issued")
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            return str(parts[0][0])
        for key in ("literal", "raw"):
            if isinstance(issued.get(key), str):
                found = re.search(r"\d{4}", issued[key])
                if found:
                    return found.group()
    return ""


def haystack(source: Source) -> str:
    """Everything a search may match in a source, folded."""
    data = source.data
    parts = [source.title, str(data.get("title-short") or ""), *_names(data.get("author")),
             *_names(data.get("editor")), str(data.get("container-title") or ""),
             str(data.get("publisher") or ""), year_of(data), str(data.get("URL") or ""),
             source.id or ""]
    return fold(" ".join(p for p in parts if p))


def source_detail(source: Source) -> str:
    """The second line of a source in the picker: authors, container, year."""
    data = source.data
    authors = _names(data.get("author"))
    bits = []
    families = [n.get("family") or n.get("literal") for n in data.get("author") or []
                if isinstance(n, dict)] if isinstance(data.get("author"), list) else []
    if families:
        bits.append(", ".join(str(f) for f in families if f))
    elif authors:
        bits.append(authors[0])
    for key in ("container-title", "publisher"):
        if isinstance(data.get(key), str) and data[key]:
            bits.append(data[key])
            break
    year = year_of(data)
    if year:
        bits.append(year)
    bits.append(source.type or "no type")
    return " · ".join(bits)


class SourceIndex:
    """The folded search text of a list of sources, made once and searched per keystroke.

    A library of 100,000 sources takes a few tenths of a second to index; the picker keeps
    the index of the brief's sources between openings (see :func:`index_for`).
    """

    def __init__(self, sources: Sequence[Source], *, later: bool = False) -> None:
        self.sources = list(sources)
        self.ids = [s.id for s in self.sources]
        self.haystacks: list[str] = []
        self.titles: list[str] = []
        # Each title's words, each after a NUL: "\0" + word is found in it exactly when a
        # word of the title starts with that word (a plain substring test, no regex).
        self.starts: list[str] = []
        # Every source with an id, by folded title (then by its place in the library).
        self.by_title: list[int] = []
        self._last: tuple[list[str], list[int]] = ([], [])
        self.ready = False
        if not later:
            self.advance(len(self.sources))

    def advance(self, count: int) -> bool:
        """Index ``count`` more sources (the Sources dock calls this in idle time, so the
        picker opens at once); True once the whole index is ready."""
        if self.ready:
            return True
        done = len(self.titles)
        end = min(len(self.sources), done + count)
        split = re.compile(r"\W+").split
        for source in self.sources[done:end]:
            title = fold(source.title)
            self.titles.append(title)
            self.haystacks.append(haystack(source))
            self.starts.append("\0" + "\0".join(split(title)))
        if end == len(self.sources):
            self.by_title = sorted((i for i, sid in enumerate(self.ids) if sid is not None),
                                   key=self.titles.__getitem__)
            self.ready = True
        return self.ready

    @property
    def by_id(self) -> dict[str | None, Source]:
        """The sources by id (the last of two with one id), made on first use."""
        known = getattr(self, "_by_id", None)
        if known is None:
            known = self._by_id = {s.id: s for s in self.sources if s.id is not None}
        return known

    def extended(self, more: Sequence[Source]) -> SourceIndex:
        """This index with ``more`` sources after its own (sources added in the picker, or
        the team library), indexing only those."""
        if not more:
            return self
        self.advance(len(self.sources))
        index = SourceIndex([*self.sources, *more], later=True)
        index.titles, index.haystacks = list(self.titles), list(self.haystacks)
        index.starts = list(self.starts)
        index.advance(len(more))
        return index

    def search(self, query: str, recent: Sequence[str] = ()) -> list[int]:
        """Indices of the sources matching every word of ``query``: those whose title has
        every word at the start of a word first, then every word anywhere in the title,
        then the rest; within each, the recent ones first, the others by title."""
        self.advance(len(self.sources))
        tokens = fold(query).split()
        rank = {sid: i for i, sid in enumerate(recent)}
        unranked = len(rank)
        ids = self.ids
        if not tokens:
            first = sorted((i for i, sid in enumerate(ids) if sid in rank),
                           key=lambda i: (rank[ids[i]], i))
            return first + [i for i in self.by_title if ids[i] not in rank]
        # A search that only narrows the last one looks only among the last one's matches.
        within = self.by_title
        last_tokens, last_matches = self._last
        if last_tokens and all(any(old in new for new in tokens) for old in last_tokens):
            within = last_matches
        hay = self.haystacks
        if len(tokens) == 1:
            token = tokens[0]
            matches = [i for i in within if token in hay[i]]
        else:
            matches = [i for i in within if all(t in hay[i] for t in tokens)]
        self._last = (tokens, matches)
        # Three groups, each in title order: every word at the start of a word of the
        # title, every word somewhere in the title, the rest (authors, URL, year…).
        titles = self.titles
        in_title = matches
        for token in tokens:
            in_title = [i for i in in_title if token in titles[i]]
        starts = in_title
        word_starts = self.starts
        for token in tokens:
            if re.search(r"\W", token):  # never at the start of a word of the title
                starts = []
                break
            marked = "\0" + token
            starts = [i for i in starts if marked in word_starts[i]]
        first, second = set(starts), set(in_title)
        groups = [starts, [i for i in in_title if i not in first],
                  [i for i in matches if i not in second]]
        if rank:
            # Within a group, the recent sources first, latest first.
            groups = [sorted(group, key=lambda i: rank.get(ids[i], unranked))
                      for group in groups]
        return groups[0] + groups[1] + groups[2]


_last_index: tuple[Sequence[Source], SourceIndex] | None = None


def index_for(sources: Sequence[Source], *, later: bool = False) -> SourceIndex:
    """The index of ``sources``, kept for the last sequence asked for (the brief's sources,
    an immutable tuple, are the same object from one opening of the picker to the next).
    With ``later``, a new index is made bit by bit through ``advance``."""
    global _last_index
    if _last_index is not None and _last_index[0] is sources:
        return _last_index[1]
    index = SourceIndex(sources, later=later)
    _last_index = (sources, index)
    return index


def search_sources(sources: Sequence[Source], query: str,
                   recent: Sequence[str] = ()) -> list[Source]:
    """Sources matching every word of ``query``; best title matches, then recent, first."""
    index = index_for(sources)
    return [index.sources[i] for i in index.search(query, recent)]


def recent_sources(notes: Iterable[Note], before: int, history: Sequence[str] = ()) -> list[str]:
    """Source ids cited in the ``before`` notes before the cursor, latest first, then history."""
    seen: list[str] = []
    listed = list(notes)[:max(0, before)]
    for note in reversed(listed):
        for cite in reversed(note.cites):
            if cite.source not in seen:
                seen.append(cite.source)
    for sid in history:
        if sid not in seen:
            seen.append(sid)
    return seen


def parse_date(text: str) -> dict[str, Any] | None:
    """A CSL date from ``2024``, ``2024-03`` or ``2024-03-05``; None if empty; ValueError else."""
    if not text.strip():
        return None
    match = _DATE.match(text)
    if not match:
        raise ValueError("Write the date as YYYY, YYYY-MM or YYYY-MM-DD.")
    parts = [int(p) for p in match.groups() if p]
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        raise ValueError("The month must be between 1 and 12.")
    if len(parts) > 2 and not 1 <= parts[2] <= 31:
        raise ValueError("The day must be between 1 and 31.")
    return {"date-parts": [parts]}


def parse_authors(text: str) -> list[dict[str, str]]:
    """CSL names from "Family, Given; Family, Given; An Organisation"."""
    names: list[dict[str, str]] = []
    for part in text.split(";"):
        part = " ".join(part.split())
        if not part:
            continue
        if "," in part:
            family, given = (p.strip() for p in part.split(",", 1))
            names.append({"family": family, "given": given} if given else {"family": family})
        else:
            # One word, or an organisation: printed as written.
            names.append({"literal": part})
    return names


def describe_cite(cite: Cite, sources: dict[str, Source]) -> str:
    source = sources.get(cite.source)
    title = source.title if source and source.title else cite.source
    text = f"{cite.prefix} {title}" if cite.prefix else title
    if cite.locator:
        text += f" — {cite.effective_label} {cite.locator}"
    return text


# ----------------------------------------------------------------------------- widgets


class TwoLineDelegate(QStyledItemDelegate):
    """A title line and a dimmer detail line."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        return QSize(200, int(option.fontMetrics.height() * 2.3) + 6)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title = opt.text
        opt.text = ""
        widget = option.widget
        style = widget.style() if widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = (opt.palette.ColorRole.HighlightedText if selected else opt.palette.ColorRole.Text)
        fg = opt.palette.color(role)
        dim = QColor(fg)
        dim.setAlpha(165)
        rect = option.rect.adjusted(8, 3, -8, -3)
        bold = QFont(option.font)
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        painter.setFont(bold)
        painter.setPen(fg)
        top = QRect(rect.left(), rect.top(), rect.width(), metrics.height())
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         metrics.elidedText(title, Qt.TextElideMode.ElideRight, rect.width()))
        small = QFont(option.font)
        small.setPointSizeF(max(6.0, option.font.pointSizeF() * 0.9))
        small_metrics = QFontMetrics(small)
        painter.setFont(small)
        painter.setPen(dim)
        detail = str(index.data(DETAIL_ROLE) or "")
        bottom = QRect(rect.left(), top.bottom() + 2, rect.width(), small_metrics.height())
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         small_metrics.elidedText(detail, Qt.TextElideMode.ElideRight,
                                                  rect.width()))
        painter.restore()


class ResultsModel(QAbstractListModel):
    """The sources a search found, as rows of a list; a row's texts are made when drawn."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sources: list[Source] = []
        self.rows: list[int] = []
        self._details: dict[int, str] = {}
        self.detail: Callable[[Source], str] = source_detail  # the second line of a row

    def show(self, sources: list[Source], rows: list[int]) -> None:
        self.beginResetModel()
        if sources is not self.sources:
            self._details = {}
        self.sources = sources
        self.rows = rows
        self.endResetModel()

    def source_at(self, row: int) -> Source | None:
        return self.sources[self.rows[row]] if 0 <= row < len(self.rows) else None

    def row_of(self, source_id: str) -> int:
        sources = self.sources
        return next((r for r, i in enumerate(self.rows) if sources[i].id == source_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        source = self.source_at(index.row()) if index.isValid() else None
        if source is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return source.title or f"(untitled: {source.id})"
        if role == SOURCE_ROLE:
            return source.id
        if role in (DETAIL_ROLE, Qt.ItemDataRole.ToolTipRole):
            at = self.rows[index.row()]
            detail = self._details.get(at)
            if detail is None:
                detail = self._details[at] = self.detail(source)
            if role == DETAIL_ROLE:
                return detail
            return f"{source.title}\n{detail}\n{source.data.get('URL') or ''}".strip()
        return None


class ResultsView(QTreeView):
    """The list of matching sources: a flat tree view, which asks only the rows on screen
    for their texts and sizes (a list view lays out every row of 100,000 on a reset)."""

    def __init__(self) -> None:
        super().__init__()
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)

    def setUniformItemSizes(self, on: bool) -> None:  # noqa: N802 - QListView's name
        self.setUniformRowHeights(on)

    def item(self, row: int) -> QModelIndex:
        """Row ``row``, whose ``data(role)`` reads as a list widget item's does."""
        model = self.model()
        return model.index(row, 0) if model is not None else QModelIndex()

    def count(self) -> int:
        model = self.model()
        return model.rowCount() if model is not None else 0


class _SearchEdit(QLineEdit):
    """The search box: arrow keys move through the results while typing."""

    def __init__(self, results: QTreeView) -> None:
        super().__init__()
        self._results = results

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp,
                           Qt.Key.Key_PageDown):
            self._results.keyPressEvent(event)
            return
        super().keyPressEvent(event)


class _FormLineEdit(QLineEdit):
    """A field of the "New source" form: Enter adds the source and goes no further."""

    def __init__(self, on_enter: Callable[[], object]) -> None:
        super().__init__()
        self._on_enter = on_enter

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier
        ):
            event.accept()
            self._on_enter()
            return
        super().keyPressEvent(event)


@dataclasses.dataclass
class _Row:
    source: str | None = None
    locator: str = ""
    label: str = "page"
    prefix: str = ""
    suffix: str | None = None

    def cite(self) -> Cite | None:
        if not self.source:
            return None
        locator = self.locator.strip() or None
        return Cite(self.source, locator,
                    self.label if locator and self.label != "page" else None,
                    self.prefix.strip() or None, self.suffix)


class CitationPicker(QDialog):
    """Pick the sources of one note (new or existing), with locators, prefix and comment."""

    def __init__(self, brief: Brief, *, note: Note | None = None, recent: Sequence[str] = (),
                 title: str = "Insert citation", parent: QWidget | None = None,
                 library: Sequence[Source] = (),
                 cited_in: Callable[[Source], str] | None = None) -> None:
        super().__init__(parent)
        # The team's shared library (in a workspace): searchable here, copied into the
        # brief when cited, so that a .brief stays self-contained.
        from brief_editor.citations.library import find_duplicate

        own = {s.id for s in brief.sources} if library else set()
        self.library = [s for s in library if s.id is not None and s.id not in own
                        and find_duplicate(brief.sources, s.data) is None]
        self._library_ids = {s.id for s in self.library}
        self.cited_in = cited_in
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(620)
        self.brief = brief
        self.recent = list(recent)
        self.new_sources: list[Source] = []
        self._original_comment: Inline | None = note.comment if note else None
        self._quiet = False
        self.rows: list[_Row] = []
        for cite in note.cites if note else ():
            self.rows.append(_Row(cite.source, cite.locator or "", cite.effective_label,
                                  cite.prefix or "", cite.suffix))
        if not self.rows:
            self.rows.append(_Row())
        self.active = 0

        self.index = index_for(brief.sources)
        self.results_model = ResultsModel(self)
        self.results_model.detail = self._detail
        self.results = ResultsView()
        self.results.setModel(self.results_model)
        self.results.setAccessibleName("Matching sources")
        self.results.setItemDelegate(TwoLineDelegate(self.results))
        self.results.setUniformItemSizes(True)
        self.results.setMinimumHeight(RESULTS_HEIGHT)
        self.results.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.results.selectionModel().currentChanged.connect(self._result_chosen)
        self.search = _SearchEdit(self.results)
        self.search.setAccessibleName("Search sources")
        self.search.setPlaceholderText("Type part of a title, author, container, year or URL")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)

        self.cites = QListWidget()
        self.cites.setAccessibleName("Cites in this note")
        self.cites.setMaximumHeight(86)
        self.cites.currentRowChanged.connect(self._cite_selected)
        self.remove_button = QPushButton("&Remove cite")
        self.remove_button.setAccessibleName("Remove cite")
        self.remove_button.clicked.connect(self.remove_active)
        self.add_button = QPushButton("&Add another")
        self.add_button.setAccessibleName("Add another source to this note")
        self.add_button.setToolTip("Keep this cite and add another source (Ctrl+Enter)")
        self.add_button.clicked.connect(self.add_another)

        self.label = QComboBox()
        self.label.setAccessibleName("Locator label")
        for name in LOCATOR_LABELS:
            self.label.addItem(name.replace("-locator", ""), name)
        self.locator = QLineEdit()
        self.locator.setAccessibleName("Locator")
        self.locator.setPlaceholderText("e.g. 45 or 12–14")
        self.prefix = QLineEdit()
        self.prefix.setAccessibleName("Prefix")
        self.prefix.setPlaceholderText("e.g. see")
        self.comment = QLineEdit()
        self.comment.setAccessibleName("Comment")
        self.comment.setPlaceholderText("Printed after the cites (a note with only a comment "
                                        "is a commentary note)")
        for widget in (self.locator, self.prefix):
            widget.textEdited.connect(self._fields_edited)
        self.label.currentIndexChanged.connect(self._fields_edited)
        self.comment.textEdited.connect(self._update_buttons)

        self.new_button = QPushButton("&New source…")
        self.new_button.setAccessibleName("New source")
        self.new_button.setCheckable(True)
        self.new_button.toggled.connect(self._show_new_source)
        self.new_box = self._new_source_box()
        self.new_box.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton("Insert" if note is None else "Update",
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setAccessibleName(self.ok_button.text())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        note_label = QLabel("In this note:")
        note_label.setBuddy(self.cites)
        layout.addWidget(note_label)
        row = QHBoxLayout()
        row.addWidget(self.cites, 1)
        side = QVBoxLayout()
        side.addWidget(self.add_button)
        side.addWidget(self.remove_button)
        side.addStretch(1)
        row.addLayout(side)
        layout.addLayout(row)
        fields = QFormLayout()
        locator_row = QHBoxLayout()
        locator_row.addWidget(self.label)
        locator_row.addWidget(self.locator, 1)
        for text, widget in (("&Locator", locator_row), ("&Prefix", self.prefix),
                             ("Co&mment", self.comment)):
            caption = QLabel(f"{text}:")
            caption.setBuddy(self.label if widget is locator_row else widget)
            fields.addRow(caption, widget)
        layout.addLayout(fields)
        layout.addWidget(self.new_box)
        bottom = QHBoxLayout()
        bottom.addWidget(self.new_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        self.hint = QLabel(HINT)
        self.hint.setAccessibleName("Keyboard hints")
        hint_font = self.hint.font()
        hint_font.setPointSizeF(hint_font.pointSizeF() * 0.9)
        self.hint.setFont(hint_font)
        self.hint.setEnabled(False)
        layout.addWidget(self.hint)

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self.add_another)
        if note is not None and note.comment:
            self.comment.setText(" ".join(inline_text(note.comment).split()))
        self._refresh_cites()
        self._load_fields()
        self._search_changed("")
        # Only now is the button inside the dialog, which is what makes it the default.
        self.ok_button.setDefault(True)
        self.search.setFocus()

    # ------------------------------------------------------------------ sources

    def all_sources(self) -> list[Source]:
        return [*self.brief.sources, *self.new_sources, *self.library]

    def _detail(self, source: Source) -> str:
        detail = source_detail(source)
        if source.id in self._library_ids:
            detail += " · team library"
        used = self.cited_in(source) if self.cited_in is not None else ""
        return f"{detail} · {used}" if used else detail

    def _source_map(self) -> dict[str | None, Source]:
        if len(self.index.sources) != len(self.brief.sources) + len(self.new_sources) + len(
                self.library):
            self.index = index_for(self.brief.sources).extended(
                [*self.new_sources, *self.library])
        return self.index.by_id

    def _search_changed(self, text: str) -> None:
        self._source_map()  # sources added here, or the team library: indexed once
        index = self.index
        found = index.search(text, self.recent)
        shown = found[:MAX_RESULTS]
        current = self.rows[self.active].source
        if not text and current is not None and len(found) > MAX_RESULTS:
            # The source of the cite being edited stays in the list, at its top.
            at = next((i for i in found if index.ids[i] == current), None)
            if at is not None and at not in shown:
                shown = [at, *shown[:-1]]
        self._quiet = True
        try:
            self.results_model.show(index.sources, shown)
        finally:
            self._quiet = False
        if len(found) > len(shown):
            self.hint.setText(f"Showing {len(shown):,} of {len(found):,} matching sources: "
                              "type more to narrow · Enter inserts")
        else:
            self.hint.setText(HINT)
        if not text and current is not None:
            self._select_result(current)
        elif self.results.count():
            self.results.setCurrentIndex(self.results_model.index(0))
        else:
            self.rows[self.active].source = None
            self._refresh_cites()

    def _show_all(self) -> None:
        if self.search.text():
            self.search.clear()  # the search runs again on its own
        else:
            self._search_changed("")

    def _select_result(self, source_id: str) -> None:
        row = self.results_model.row_of(source_id)
        if row >= 0:
            index = self.results_model.index(row)
            self.results.setCurrentIndex(index)
            self.results.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def _result_chosen(self, current: QModelIndex, _previous: object) -> None:
        if self._quiet or not current.isValid():
            return
        self.rows[self.active].source = current.data(SOURCE_ROLE)
        self._refresh_cites()

    # ------------------------------------------------------------------ cites

    def _refresh_cites(self) -> None:
        sources = self._source_map()
        self.cites.blockSignals(True)
        self.cites.clear()
        for row in self.rows:
            cite = row.cite()
            self.cites.addItem(describe_cite(cite, sources) if cite else "(choose a source)")
        self.cites.setCurrentRow(self.active)
        self.cites.blockSignals(False)
        self.remove_button.setEnabled(len(self.rows) > 1 or self.rows[0].source is not None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.ok_button.setEnabled(self.note() is not None)
        self.add_button.setEnabled(self.rows[self.active].source is not None)

    def _load_fields(self) -> None:
        row = self.rows[self.active]
        self._quiet = True
        try:
            index = self.label.findData(row.label)
            if index < 0:
                self.label.addItem(row.label, row.label)
                index = self.label.count() - 1
            self.label.setCurrentIndex(index)
            self.locator.setText(row.locator)
            self.prefix.setText(row.prefix)
        finally:
            self._quiet = False

    def _fields_edited(self, *_: object) -> None:
        if self._quiet:
            return
        row = self.rows[self.active]
        row.locator = self.locator.text()
        row.label = self.label.currentData() or "page"
        row.prefix = self.prefix.text()
        self._refresh_cites()

    def _cite_selected(self, index: int) -> None:
        if not 0 <= index < len(self.rows) or index == self.active:
            return
        self.active = index
        self._load_fields()
        self.search.clear()  # shows every source, with this cite's source selected
        source = self.rows[index].source
        if source is not None:
            self._select_result(source)

    def add_another(self) -> None:
        """Keep the cite being edited and start another one in the same note."""
        if self.rows[self.active].source is None:
            return
        self.rows.append(_Row())
        self.active = len(self.rows) - 1
        self._load_fields()
        self._show_all()
        self._refresh_cites()
        self.search.setFocus()

    def remove_active(self) -> None:
        if len(self.rows) == 1:
            self.rows[0] = _Row()
        else:
            del self.rows[self.active]
            self.active = min(self.active, len(self.rows) - 1)
        self._load_fields()
        source = self.rows[self.active].source
        if source is not None:
            self._select_result(source)
        else:
            self.results.setCurrentIndex(QModelIndex())
        self._refresh_cites()

    def note(self) -> Note | None:
        """The note as the dialog now describes it, or None when it would be empty."""
        cites = tuple(c for c in (row.cite() for row in self.rows) if c is not None)
        text = " ".join(self.comment.text().split())
        comment: Inline | None = None
        if text:
            original = self._original_comment
            same = original is not None and " ".join(inline_text(original).split()) == text
            comment = original if same else (text,)
        if not cites and comment is None:
            return None
        return Note(cites, comment)

    def accept(self) -> None:
        note = self.note()
        if note is None:
            self.search.setFocus()
            return
        chosen = {cite.source for cite in note.cites}
        added = {s.id for s in self.new_sources}
        for source in self.library:
            if source.id in chosen and source.id not in added:
                self.new_sources.append(source)  # copied from the team library
        super().accept()

    # ------------------------------------------------------------------ new source

    def _new_source_box(self) -> QGroupBox:
        box = QGroupBox("New source")
        box.setAccessibleName("New source")
        # Two columns where the fields are short, so that the picker with this form open
        # still fits a 1366×768 laptop screen.
        grid = QGridLayout(box)
        grid.setVerticalSpacing(6)
        self.new_type = QComboBox()
        self.new_type.setAccessibleName("Type of the new source")
        for kind, label in NEW_SOURCE_TYPES:
            self.new_type.addItem(label, kind)
        self.new_title = _FormLineEdit(self.add_new_source)
        self.new_title.setAccessibleName("Title of the new source")
        self.new_authors = _FormLineEdit(self.add_new_source)
        self.new_authors.setAccessibleName("Authors of the new source")
        self.new_authors.setPlaceholderText("Family, Given; Family, Given; or an organisation")
        self.new_authors.setToolTip("People as “Family, Given”, separated by semicolons; "
                                    "an organisation by its name")
        self.new_container = _FormLineEdit(self.add_new_source)
        self.new_container.setAccessibleName("Container of the new source")
        self.new_container.setPlaceholderText("newspaper, website, journal or publisher")
        self.new_date = _FormLineEdit(self.add_new_source)
        self.new_date.setAccessibleName("Date of the new source")
        self.new_date.setPlaceholderText("YYYY-MM-DD")
        self.new_url = _FormLineEdit(self.add_new_source)
        self.new_url.setAccessibleName("URL of the new source")
        self.new_url.setPlaceholderText("https://")
        rows = (
            (("&Type", self.new_type), ("&Date", self.new_date)),
            (("T&itle", self.new_title),),
            (("Aut&hors", self.new_authors),),
            (("C&ontainer", self.new_container), ("&URL", self.new_url)),
        )
        for row, fields in enumerate(rows):
            for column, (text, widget) in enumerate(fields):
                caption = QLabel(f"{text}:")
                caption.setBuddy(widget)
                grid.addWidget(caption, row, column * 2)
                grid.addWidget(widget, row, column * 2 + 1, 1, 3 if len(fields) == 1 else 1)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        self.new_error = QLabel()
        self.new_error.setAccessibleName("New source problem")
        self.new_error.setStyleSheet("color: #c0392b")
        self.new_error.hide()
        grid.addWidget(self.new_error, len(rows), 0, 1, 4)
        buttons = QHBoxLayout()
        self.new_add = QPushButton("Add &source")
        self.new_add.setAccessibleName("Add the new source")
        self.new_add.clicked.connect(self.add_new_source)
        buttons.addStretch(1)
        try:  # the full source form, when that part of the editor is installed
            from brief_editor.ui.source_form import SourceDialog  # noqa: F401

            more = QPushButton("More &fields…")
            more.setAccessibleName("Open the full source form")
            more.clicked.connect(self._full_form)
            buttons.addWidget(more)
        except ImportError:
            pass
        buttons.addWidget(self.new_add)
        grid.addLayout(buttons, len(rows) + 1, 0, 1, 4)
        return box

    def _show_new_source(self, shown: bool) -> None:
        # The list of matches gives up height to the form while it is open.
        self.results.setMinimumHeight(RESULTS_HEIGHT_WITH_FORM if shown else RESULTS_HEIGHT)
        self.new_box.setVisible(shown)
        # While the form is open, Enter adds the source rather than inserting the note.
        self.ok_button.setDefault(not shown)
        self.ok_button.setAutoDefault(not shown)
        if shown:
            if not self.new_title.text():
                self.new_title.setText(self.search.text().strip())
            self.new_error.hide()
            self.new_title.setFocus()
            self.new_title.selectAll()
        else:
            self.search.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if self.new_box.isVisible() and event.key() == Qt.Key.Key_Escape:
            self.new_button.setChecked(False)
            return
        super().keyPressEvent(event)

    def _taken_ids(self) -> set[str]:
        return {s.id for s in self.all_sources() if s.id is not None}

    def add_new_source(self) -> Source | None:
        """Add the source described in the "New source" form and cite it."""
        title = " ".join(self.new_title.text().split())
        if not title:
            self._new_problem("Give the new source a title.")
            return None
        data: dict[str, Any] = {"type": self.new_type.currentData(), "title": title}
        container = " ".join(self.new_container.text().split())
        if container:
            key = "publisher" if data["type"] in ("report", "book", "document") else (
                "container-title")
            data[key] = container
        try:
            issued = parse_date(self.new_date.text())
        except ValueError as exc:
            self._new_problem(str(exc))
            return None
        if issued:
            data["issued"] = issued
        authors = parse_authors(self.new_authors.text())
        if authors:
            data["author"] = authors
        url = self.new_url.text().strip()
        if url and url != "https://":
            if not re.match(r"^(https?|ftp)://\S+$", url):
                self._new_problem("The URL must start with http:// or https://.")
                return None
            data["URL"] = url
        data = {"id": make_id(data, self._taken_ids()), **data}
        return self._use_new_source(Source(data))

    def _use_new_source(self, source: Source) -> Source:
        self.new_sources.append(source)
        for edit in (self.new_title, self.new_authors, self.new_container, self.new_date,
                     self.new_url):
            edit.clear()
        self.new_button.setChecked(False)
        self.rows[self.active].source = source.id
        self._show_all()
        self._select_result(source.id or "")
        self._refresh_cites()
        self.search.setFocus()
        return source

    def _new_problem(self, text: str) -> None:
        self.new_error.setText(text)
        self.new_error.show()

    def _full_form(self) -> None:
        from brief_editor.ui.source_form import SourceDialog

        brief = dataclasses.replace(self.brief, sources=tuple(self.all_sources()))
        dialog = SourceDialog(brief, None, self, kind=self.new_type.currentData())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._use_new_source(dialog.result_source())
