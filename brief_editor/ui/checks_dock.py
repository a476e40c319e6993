"""The checks dock: the problems of CITATIONS.md, grouped by severity, each a jump away.

Also the question asked before exporting a brief with errors: fix them, or export a DRAFT.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QMessageBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
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


class _ProblemDelegate(QStyledItemDelegate):
    """A problem: its icon, its message wrapped to the dock's width, where it is, dimmed."""

    ICON = 16

    def __init__(self, tree: QTreeWidget) -> None:
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


class _WrappingTree(QTreeWidget):
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
        self.tree = _WrappingTree()
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.header().setStretchLastSection(True)
        self.tree.setItemDelegate(_ProblemDelegate(self.tree))
        self.tree.setAccessibleName("Problems")
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(1)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setAlternatingRowColors(False)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.itemClicked.connect(lambda item, _col: self._chosen(item))
        self.tree.itemActivated.connect(lambda item, _col: self._chosen(item))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        self.problems: list[Problem] = []
        self._labels: dict[Place, str] = {}
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
        # The places' labels name headings and sources: when those change, build anew.
        labels_key = (tuple((s.id, s.kind, s.heading, getattr(s, "location", None),
                             getattr(s, "date", None)) for s in brief.sections), brief.sources)
        if self._shown and labels_key == self._labels_key and self._patch(problems, brief):
            self.problems = list(problems)
            self._show_summary(problems)
            return True
        self._labels_key = labels_key
        self._shown = True
        self.problems = list(problems)
        expanded = {self.tree.topLevelItem(i).data(0, PROBLEM_ROLE): self.tree.topLevelItem(i)
                    .isExpanded() for i in range(self.tree.topLevelItemCount())}
        current = self.tree.currentItem()
        current_problem = current.data(0, PROBLEM_ROLE) if current is not None else None
        self.tree.setUpdatesEnabled(False)
        # Hundreds of problems (spelling) share a few icons: look each up once.
        try:
            self.tree.clear()
            for severity, title in GROUPS:
                found = [p for p in problems if p.severity == severity]
                if not found:
                    continue
                group = QTreeWidgetItem([f"{title} ({len(found)})"])
                group.setData(0, PROBLEM_ROLE, severity)
                icon = severity_icon(self, severity)
                group.setIcon(0, icon)
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.tree.addTopLevelItem(group)
                for problem in found:
                    item = self._item(problem, brief, icon)
                    group.addChild(item)
                    if problem == current_problem:
                        self.tree.setCurrentItem(item)
                group.setExpanded(expanded.get(severity, True))
        finally:
            self.tree.setUpdatesEnabled(True)
        self._show_summary(problems)
        return True

    _labels_key: tuple[object, ...] = ()

    @staticmethod
    def _item(problem: Problem, brief: Brief, icon: QIcon) -> QTreeWidgetItem:
        severity = problem.severity
        where = place_label(brief, problem.place)
        item = QTreeWidgetItem([f"{problem.id}  {problem.message}"])
        item.setData(0, WHERE_ROLE, where)
        item.setData(0, PROBLEM_ROLE, problem)
        item.setIcon(0, icon)
        item.setToolTip(0, f"{problem.id} ({severity}) — {where}\n{problem.message}\n"
                           "Click to go there.")
        item.setData(0, Qt.ItemDataRole.AccessibleTextRole,
                     f"{severity} {problem.id}: {problem.message} ({where})")
        return item

    def _patch(self, problems: list[Problem], brief: Brief) -> bool:
        """Replace only the rows that changed (an edit changes one section's problems).

        A long list (hundreds of unknown words) would otherwise be built again after every
        pause in typing. False when the groups themselves change: the caller rebuilds.
        """
        by_severity = {severity: [p for p in problems if p.severity == severity]
                       for severity, _ in GROUPS}
        wanted = [severity for severity, _ in GROUPS if by_severity[severity]]
        groups = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        if [g.data(0, PROBLEM_ROLE) for g in groups] != wanted:
            return False
        titles = dict(GROUPS)
        self.tree.setUpdatesEnabled(False)
        try:
            for group in groups:
                severity = group.data(0, PROBLEM_ROLE)
                new = by_severity[severity]
                old = [p for p in self.problems if p.severity == severity]  # shown now
                start = 0
                while start < min(len(old), len(new)) and old[start] == new[start]:
                    start += 1
                end = 0
                while end < min(len(old), len(new)) - start and \
                        old[len(old) - 1 - end] == new[len(new) - 1 - end]:
                    end += 1
                for _ in range(len(old) - end - start):
                    group.takeChild(start)
                icon = severity_icon(self, severity)
                fresh = [self._item(p, brief, icon)
                         for p in new[start:len(new) - end]]
                group.insertChildren(start, fresh)
                group.setText(0, f"{titles[severity]} ({len(new)})")
        finally:
            self.tree.setUpdatesEnabled(True)
        return True

    def _show_summary(self, problems: list[Problem]) -> None:
        counts = self.counts()
        if not problems:
            self.summary.setText("No problems found")
        else:
            self.summary.setText(f"{counts[ERROR]} errors · {counts[WARNING]} warnings · "
                                 f"{counts[INFO]} info")

    def item_for(self, problem: Problem) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount()):
                if group.child(j).data(0, PROBLEM_ROLE) == problem:
                    return group.child(j)
        return None

    def _chosen(self, item: QTreeWidgetItem) -> None:
        problem = item.data(0, PROBLEM_ROLE)
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
