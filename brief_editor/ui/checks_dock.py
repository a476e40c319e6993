"""The checks dock: the problems of CITATIONS.md, grouped by severity, each a jump away.

Also the question asked before exporting a brief with errors: fix them, or export a DRAFT.

The list is a model and a view: a library of 100,000 sources can bring as many problems
(W103, a source no note cites), and a row's texts (where the problem is, in words) are
made only when the row is drawn or asked for.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QMessageBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from brief_editor.citations.checks import ERROR, INFO, WARNING, Problem
from brief_editor.model import Brief, Place
from brief_editor.model.places import capitalized, describe_place
from brief_editor.ui.widgets import WidthRelayout

log = logging.getLogger(__name__)

PROBLEM_ROLE = Qt.ItemDataRole.UserRole
GROUPS = ((ERROR, "Errors"), (WARNING, "Warnings"), (INFO, "Information"))


def severity_icon(widget: QWidget, severity: str) -> QIcon:
    pix = QStyle.StandardPixmap
    which = {ERROR: pix.SP_MessageBoxCritical, WARNING: pix.SP_MessageBoxWarning}.get(
        severity, pix.SP_MessageBoxInformation)
    return widget.style().standardIcon(which)


def place_label(brief: Brief, place: Place) -> str:
    """Where a problem is, in words: “The second event (“Doha, July 19”), paragraph 1”."""
    return capitalized(describe_place(brief, place))


def section_counts(problems: Sequence[Problem]) -> dict[str | None, int]:
    """Problems per outline row: a section id, or None for the masthead (summary, meta)."""
    counts: dict[str | None, int] = {}
    for problem in problems:
        place = problem.place
        if place.field == "source":
            continue
        counts[place.section] = counts.get(place.section, 0) + 1
    return counts


def section_severities(problems: Sequence[Problem]) -> dict[str | None, str]:
    """The most serious problem of each outline row (colours its badge), as section_counts."""
    order = {ERROR: 0, WARNING: 1, INFO: 2}
    worst: dict[str | None, str] = {}
    for problem in problems:
        place = problem.place
        if place.field == "source":
            continue
        known = worst.get(place.section)
        if known is None or order.get(problem.severity, 3) < order.get(known, 3):
            worst[place.section] = problem.severity
    return worst


WHERE_ROLE = Qt.ItemDataRole.UserRole + 1
# A group with more problems than this is shown closed at first (see ChecksPanel._rebuild).
OPEN_GROUP_LIMIT = 5000


class _ProblemDelegate(QStyledItemDelegate):
    """A problem: its icon, its message wrapped to the dock's width, where it is, dimmed."""

    ICON = 16

    def __init__(self, tree: QTreeView) -> None:
        super().__init__(tree)
        self.tree = tree

    def _width(self, index: QModelIndex) -> int:
        depth = 1 if index.parent().isValid() else 0
        return max(80, self.tree.viewport().width() - self.tree.indentation() * (depth + 1)
                   - self.ICON - 16)

    def _small(self, option: QStyleOptionViewItem) -> QFont:
        font = QFont(option.font)
        font.setPointSizeF(max(6.0, option.font.pointSizeF() * 0.88))
        return font

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        where = index.data(WHERE_ROLE)
        if where is None:
            return super().sizeHint(option, index)
        width = self._width(index)
        flags = int(Qt.TextFlag.TextWordWrap)
        text = option.fontMetrics.boundingRect(0, 0, width, 100_000, flags,
                                               str(index.data(Qt.ItemDataRole.DisplayRole)))
        small = QFontMetrics(self._small(option)).boundingRect(0, 0, width, 100_000, flags,
                                                               str(where))
        return QSize(width, text.height() + small.height() + 10)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        where = index.data(WHERE_ROLE)
        if where is None:
            super().paint(painter, option, index)
            return
        painter.save()
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        opt.icon = QIcon()
        style = self.tree.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, self.tree)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        fg = option.palette.color(QPalette.ColorRole.HighlightedText if selected
                                  else QPalette.ColorRole.Text)
        rect = option.rect.adjusted(4, 4, -4, -4)
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(icon, QIcon):
            icon.paint(painter, QRect(rect.left(), rect.top() + 1, self.ICON, self.ICON))
        left = rect.left() + self.ICON + 6
        width = rect.right() - left
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                    | Qt.TextFlag.TextWordWrap)
        painter.setPen(fg)
        painter.setFont(option.font)
        used = painter.boundingRect(QRect(left, rect.top(), width, 100_000), flags,
                                    str(index.data(Qt.ItemDataRole.DisplayRole)))
        painter.drawText(QRect(left, rect.top(), width, used.height()), flags,
                         str(index.data(Qt.ItemDataRole.DisplayRole)))
        dim = QColor(fg)
        dim.setAlpha(150)
        painter.setPen(dim)
        painter.setFont(self._small(option))
        painter.drawText(QRect(left, rect.top() + used.height() + 2, width, 100_000), flags,
                         str(where))
        painter.restore()


_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_GROUP_FLAGS = Qt.ItemFlag.ItemIsEnabled
# A problem never has rows under it: the view need not ask (100,000 times).
_PROBLEM_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                  | Qt.ItemFlag.ItemNeverHasChildren)


class ProblemsModel(QAbstractItemModel):
    """Severity groups, each with its problems; a row's texts are made when asked for.

    A group's index has internal id 0; a problem's, its group's row plus one.
    """

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self._widget = widget
        self.groups: list[tuple[str, list[Problem]]] = []
        self.brief = Brief()
        self._labels: dict[Place, str] = {}
        self._icons: dict[str, QIcon] = {}

    # The model's contents --------------------------------------------------------------

    def reset(self, groups: list[tuple[str, list[Problem]]], brief: Brief) -> None:
        self.beginResetModel()
        self.groups = groups
        self.brief = brief
        self._labels.clear()
        self.endResetModel()

    def relabel(self, brief: Brief) -> None:
        """Headings or sources changed: the places' words are made again when drawn."""
        self.brief = brief
        self._labels.clear()
        for row in range(len(self.groups)):
            count = len(self.groups[row][1])
            if count:
                group = self.index(row, 0)
                self.dataChanged.emit(self.index(0, 0, group), self.index(count - 1, 0, group))

    def replace(self, row: int, start: int, removed: int, added: list[Problem]) -> None:
        """In group ``row``, put ``added`` in place of ``removed`` problems from ``start``."""
        group = self.index(row, 0)
        problems = self.groups[row][1]
        if removed:
            self.beginRemoveRows(group, start, start + removed - 1)
            del problems[start:start + removed]
            self.endRemoveRows()
        if added:
            self.beginInsertRows(group, start, start + len(added) - 1)
            problems[start:start] = added
            self.endInsertRows()
        self.dataChanged.emit(group, group)  # its count

    def problem_index(self, problem: Problem) -> QModelIndex:
        for row, (_severity, problems) in enumerate(self.groups):
            for number, candidate in enumerate(problems):
                if candidate == problem:
                    return self.index(number, 0, self.index(row, 0))
        return QModelIndex()

    def problem_at(self, index: QModelIndex) -> Problem | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self.groups[index.internalId() - 1][1][index.row()]

    # QAbstractItemModel ----------------------------------------------------------------

    def index(self, row: int, column: int,
              parent: QModelIndex | QPersistentModelIndex = QModelIndex()  # noqa: B008
              ) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < len(self.groups) else QModelIndex()
        if parent.internalId() != 0 or parent.row() >= len(self.groups):
            return QModelIndex()
        if row < len(self.groups[parent.row()][1]):
            return self.createIndex(row, 0, parent.row() + 1)
        return QModelIndex()

    def parent(self, index: QModelIndex | QPersistentModelIndex | None = None,
               ) -> QModelIndex | QObject:  # type: ignore[override]
        if index is None:  # QObject.parent()
            return QObject.parent(self)
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()  # noqa: B008, N802
                 ) -> int:
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == 0 and parent.row() < len(self.groups):
            return len(self.groups[parent.row()][1])
        return 0

    def columnCount(self, _parent: QModelIndex | QPersistentModelIndex = QModelIndex()  # noqa: B008, N802
                    ) -> int:
        return 1

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        # The view asks this of every row it lays out: constants, no enum arithmetic.
        if not index.isValid():
            return _NO_FLAGS
        return _GROUP_FLAGS if index.internalId() == 0 else _PROBLEM_FLAGS

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._group_data(index.row(), role)
        row = index.internalId() - 1
        if row >= len(self.groups) or index.row() >= len(self.groups[row][1]):
            return None
        severity, problems = self.groups[row]
        problem = problems[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{problem.id}  {problem.message}"
        if role == PROBLEM_ROLE:
            return problem
        if role == WHERE_ROLE:
            return self._where(problem)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(severity)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{problem.id} ({severity}) — {self._where(problem)}\n{problem.message}\n"
                    "Click to go there.")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{severity} {problem.id}: {problem.message} ({self._where(problem)})"
        return None

    def _group_data(self, row: int, role: int) -> object:
        if row >= len(self.groups):
            return None
        severity, problems = self.groups[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{dict(GROUPS)[severity]} ({len(problems)})"
        if role == PROBLEM_ROLE:
            return severity
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(severity)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont(self._widget.font())
            font.setBold(True)
            return font
        return None

    def _where(self, problem: Problem) -> str:
        label = self._labels.get(problem.place)
        if label is None:
            label = self._labels[problem.place] = place_label(self.brief, problem.place)
        return label

    def _icon(self, severity: str) -> QIcon:
        # Hundreds of problems (spelling) share a few icons: look each up once.
        icon = self._icons.get(severity)
        if icon is None:
            icon = self._icons[severity] = severity_icon(self._widget, severity)
        return icon


class _WrappingTree(QTreeView):
    """A tree whose wrapped rows are measured again when the dock changes width."""

    def __init__(self) -> None:
        super().__init__()
        self._relayout = WidthRelayout(self)


class ChecksPanel(QWidget):
    """The problems of the brief, live; activating one asks to jump to its place."""

    problem_chosen = Signal(object)  # Problem

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Checks")
        self.summary = QLabel()
        self.summary.setAccessibleName("Checks summary")
        self.summary.setContentsMargins(6, 2, 6, 2)
        self.model = ProblemsModel(self)
        self.tree = _WrappingTree()
        self.tree.setModel(self.model)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.header().setStretchLastSection(True)
        self.tree.setItemDelegate(_ProblemDelegate(self.tree))
        self.tree.setAccessibleName("Problems")
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setAlternatingRowColors(False)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.clicked.connect(self._chosen)
        self.tree.activated.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        self.problems: list[Problem] = []
        self._shown = False
        self.set_problems([], Brief())

    def counts(self) -> dict[str, int]:
        out = {severity: 0 for severity, _ in GROUPS}
        for problem in self.problems:
            out[problem.severity] = out.get(problem.severity, 0) + 1
        return out

    def set_problems(self, problems: list[Problem], brief: Brief) -> bool:
        """Show ``problems``; False when they are the ones already shown."""
        if self._shown and problems == self.problems:
            return False
        # The places' labels name headings and sources: when those change, say them anew.
        labels_key = (tuple((s.id, s.kind, s.heading, getattr(s, "location", None),
                             getattr(s, "date", None)) for s in brief.sections), brief.sources)
        groups = [(severity, found) for severity, _ in GROUPS
                  if (found := [p for p in problems if p.severity == severity])]
        if self._shown and [g for g, _ in groups] == [g for g, _ in self.model.groups]:
            self._patch(groups, brief, relabel=labels_key != self._labels_key)
        else:
            self._rebuild(groups, brief)
        self._labels_key = labels_key
        self._shown = True
        self.problems = list(problems)
        self._show_summary(problems)
        return True

    _labels_key: tuple[object, ...] = ()

    def _rebuild(self, groups: list[tuple[str, list[Problem]]], brief: Brief) -> None:
        model, tree = self.model, self.tree
        expanded = {(severity, len(found) > OPEN_GROUP_LIMIT): tree.isExpanded(model.index(row, 0))
                    for row, (severity, found) in enumerate(model.groups)}
        current = model.problem_at(tree.currentIndex())
        model.reset(groups, brief)
        for row, (severity, found) in enumerate(groups):
            # A group of thousands (every source of a library uncited) opens closed: the
            # view lays out a group's rows when it is opened, so the window opens at once.
            # A group keeps how the user left it while it stays small, or stays large.
            large = len(found) > OPEN_GROUP_LIMIT
            tree.setExpanded(model.index(row, 0), expanded.get((severity, large), not large))
        if current is not None:
            index = model.problem_index(current)
            if index.isValid():
                tree.setCurrentIndex(index)

    def _patch(self, groups: list[tuple[str, list[Problem]]], brief: Brief, *,
               relabel: bool) -> None:
        """Replace only the rows that changed (an edit changes one section's problems).

        A long list (hundreds of unknown words) would otherwise be built again after every
        pause in typing.
        """
        model = self.model
        if relabel:
            model.relabel(brief)
        model.brief = brief
        for row, (_severity, new) in enumerate(groups):
            old = model.groups[row][1]
            # The live checks keep a problem the same object while its part is unchanged:
            # ``is`` settles most rows without comparing their fields.
            limit = min(len(old), len(new))
            start = 0
            while start < limit and (old[start] is new[start] or old[start] == new[start]):
                start += 1
            end = 0
            while end < limit - start and (old[len(old) - 1 - end] is new[len(new) - 1 - end]
                                           or old[len(old) - 1 - end] == new[len(new) - 1 - end]):
                end += 1
            model.replace(row, start, len(old) - end - start, new[start:len(new) - end])

    def _show_summary(self, problems: list[Problem]) -> None:
        counts = self.counts()
        if not problems:
            self.summary.setText("No problems found")
        else:
            self.summary.setText(f"{counts[ERROR]} errors · {counts[WARNING]} warnings · "
                                 f"{counts[INFO]} info")

    def index_of(self, problem: Problem) -> QModelIndex | None:
        """The row of ``problem``, or None when it is not shown."""
        index = self.model.problem_index(problem)
        return index if index.isValid() else None

    def select(self, problem: Problem) -> bool:
        """Make ``problem`` the current row, scrolled into view; False when not shown."""
        index = self.index_of(problem)
        if index is None:
            return False
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        return True

    def current_problem(self) -> Problem | None:
        return self.model.problem_at(self.tree.currentIndex())

    def _chosen(self, index: QModelIndex) -> None:
        problem = self.model.problem_at(index)
        if isinstance(problem, Problem):
            self.problem_chosen.emit(problem)


EXPORT_DRAFT = "draft"
EXPORT_SHOW = "show"
EXPORT_CANCEL = "cancel"


def ask_export_with_errors(parent: QWidget, errors: Sequence[Problem], brief: Brief) -> str:
    """Ask what to do when the checks found errors: draft, show the problems, or cancel."""
    count = len(errors)
    box = QMessageBox(QMessageBox.Icon.Warning, "Export blocked by errors",
                      f"The brief has {count} error{'s' if count != 1 else ''} that would "
                      "print wrong notes or sources.", parent=parent)
    box.setAccessibleName("Export blocked by errors")
    shown = errors[:8]
    lines = [f"• {p.id}: {p.message}" for p in shown]
    if count > len(shown):
        lines.append(f"… and {count - len(shown)} more (see the Checks panel)")
    box.setInformativeText("\n".join(lines) + "\n\nFix them first, or export a draft marked "
                           "DRAFT on every page.")
    box.setDetailedText("\n".join(f"{p.id} ({place_label(brief, p.place)}): {p.message}"
                                  for p in errors))
    draft = box.addButton("Export as Draft", QMessageBox.ButtonRole.AcceptRole)
    show = box.addButton("Show Problems", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(show)
    box.exec()
    clicked = box.clickedButton()
    if clicked is draft:
        return EXPORT_DRAFT
    if clicked is show:
        return EXPORT_SHOW
    return EXPORT_CANCEL
