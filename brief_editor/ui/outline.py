"""The outline on the left: the masthead, then each section with badges of notes and problems."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QDropEvent, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from brief_editor.model import Brief, EventSection, Section, inline_text
from brief_editor.ui.forms import _count

ID_ROLE = Qt.ItemDataRole.UserRole
NOTES_ROLE = Qt.ItemDataRole.UserRole + 1
PROBLEMS_ROLE = Qt.ItemDataRole.UserRole + 2
SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 3
SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 4
# Badge colours (background, text) by the most serious problem of a row: warnings are
# amber, not red, so that a real error stands out.
BADGE_COLOURS = {
    "error": ("#c0392b", "white"),
    "warning": ("#f0b429", "#3d2c00"),
    "info": ("#7b8794", "white"),
}
MASTHEAD = "__masthead__"


def section_notes(section: Section) -> int:
    """How many notes a section holds."""
    total = _count(section.heading)
    if isinstance(section, EventSection):
        total += sum(_count(p) for p in section.event)
        total += sum(_count(p) for p in section.implications)
    else:
        total += sum(_count(p) for p in section.body)
    total += sum(_count(f.caption) for f in section.figures)
    return total


def section_title(section: Section) -> str:
    text = " ".join(inline_text(section.heading).split())
    return text or "(no heading)"


def section_subtitle(section: Section) -> str:
    if isinstance(section, EventSection):
        parts = ["Event"]
        if section.date:
            parts.append(section.date.isoformat())
        if section.location:
            parts.append(section.location)
        return " · ".join(parts)
    return "Narrative"


class OutlineDelegate(QStyledItemDelegate):
    """Two lines (heading, kind and date) and pills for notes and problems."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        metrics = option.fontMetrics
        return QSize(200, int(metrics.height() * 2.6) + 6)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        style = option.widget.style() if option.widget else None
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        fg = palette.color(QPalette.ColorRole.HighlightedText if selected
                           else QPalette.ColorRole.Text)
        dim = QColor(fg)
        dim.setAlpha(150)
        rect = option.rect.adjusted(10, 3, -8, -3)
        # Pills on the right.
        pills: list[tuple[str, QColor, QColor]] = []
        notes = int(index.data(NOTES_ROLE) or 0)
        problems = int(index.data(PROBLEMS_ROLE) or 0)
        if problems:
            back, ink = BADGE_COLOURS.get(index.data(SEVERITY_ROLE) or "error",
                                          BADGE_COLOURS["error"])
            pills.append((f"⚠ {problems}", QColor(back), QColor(ink)))
        if notes:
            pills.append((f"{notes}", QColor("#4f74a8"), QColor("white")))
        small = QFont(option.font)
        small.setPointSizeF(max(6.0, option.font.pointSizeF() * 0.85))
        small_metrics = QFontMetrics(small)
        right = rect.right()
        painter.setFont(small)
        for label, color, ink in pills:
            width = small_metrics.horizontalAdvance(label) + 12
            pill = QRect(right - width, rect.top() + 2, width, small_metrics.height() + 2)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
            painter.setPen(ink)
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, label)
            right -= width + 4
        title_rect = QRect(rect.left(), rect.top(), right - rect.left() - 4,
                           option.fontMetrics.height() + 2)
        bold = QFont(option.font)
        if index.data(ID_ROLE) == MASTHEAD:
            bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(fg)
        elided = QFontMetrics(bold).elidedText(text, Qt.TextElideMode.ElideRight,
                                               title_rect.width())
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         elided)
        subtitle = str(index.data(SUBTITLE_ROLE) or "")
        sub_rect = QRect(rect.left(), title_rect.bottom() + 2, rect.width(),
                         small_metrics.height() + 2)
        painter.setFont(small)
        painter.setPen(dim)
        painter.drawText(sub_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         small_metrics.elidedText(subtitle, Qt.TextElideMode.ElideRight,
                                                  sub_rect.width()))
        painter.restore()


class Outline(QListWidget):
    """The list of the masthead and sections; drag a section to move it."""

    section_selected = Signal(object)  # section id, or None for the masthead
    move_requested = Signal(str, int)  # section id, new index among sections
    delete_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Outline")
        self.setAccessibleDescription("The masthead and the sections of the issue, in order")
        self.setItemDelegate(OutlineDelegate(self))
        self.setUniformItemSizes(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._ids: list[str] = []
        self._problems: dict[str | None, int] = {}
        self._severities: dict[str | None, str] = {}
        self.currentItemChanged.connect(self._current_changed)
        masthead = QListWidgetItem("Masthead")
        masthead.setData(ID_ROLE, MASTHEAD)
        masthead.setData(SUBTITLE_ROLE, "Publication, title, week, authors")
        masthead.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        masthead.setData(Qt.ItemDataRole.AccessibleTextRole, "Masthead")
        self.addItem(masthead)

    # ------------------------------------------------------------------ content

    def set_brief(self, brief: Brief) -> None:
        """Show every section of ``brief`` (a full rebuild)."""
        current = self.current_section_id()
        self.blockSignals(True)
        try:
            while self.count() > 1:
                self.takeItem(self.count() - 1)
            self._ids = []
            for section in brief.sections:
                item = QListWidgetItem()
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                              | Qt.ItemFlag.ItemIsDragEnabled)
                self._fill(item, section)
                self.addItem(item)
                self._ids.append(section.id)
            self._update_masthead(brief)
            self.select(current)
        finally:
            self.blockSignals(False)

    def update_brief(self, old: Brief, new: Brief) -> None:
        """Show ``new``, touching only the rows of sections that changed."""
        if [s.id for s in new.sections] != self._ids:
            self.set_brief(new)
            return
        for row, (before, after) in enumerate(zip(old.sections, new.sections, strict=False)):
            if before is not after:
                self._fill(self.item(row + 1), after)
        if old.meta is not new.meta:
            self._update_masthead(new)

    def _update_masthead(self, brief: Brief) -> None:
        item = self.item(0)
        item.setText("Masthead")
        item.setData(NOTES_ROLE, _count(brief.meta.summary))
        title = brief.meta.title or brief.meta.publication
        item.setData(SUBTITLE_ROLE, title or "Publication, title, week, authors")

    def _fill(self, item: QListWidgetItem, section: Section) -> None:
        title = section_title(section)
        notes = section_notes(section)
        item.setText(title)
        item.setData(ID_ROLE, section.id)
        item.setData(NOTES_ROLE, notes)
        item.setData(SUBTITLE_ROLE, section_subtitle(section))
        item.setData(PROBLEMS_ROLE, self._problems.get(section.id, 0))
        item.setData(SEVERITY_ROLE, self._severities.get(section.id))
        item.setData(Qt.ItemDataRole.AccessibleTextRole,
                     f"{section_subtitle(section)}: {title}, {notes} notes")
        item.setToolTip(title)

    def set_problem_counts(self, counts: dict[str | None, int],
                           severities: dict[str | None, str] | None = None) -> None:
        """Show problem badges (from the checks of issue 6): section id → count, and the
        most serious severity of each (without it, badges are red)."""
        self._problems = dict(counts)
        self._severities = dict(severities or {})
        for row in range(1, self.count()):
            item = self.item(row)
            item.setData(PROBLEMS_ROLE, self._problems.get(item.data(ID_ROLE), 0))
            item.setData(SEVERITY_ROLE, self._severities.get(item.data(ID_ROLE)))
        self.item(0).setData(PROBLEMS_ROLE, self._problems.get(None, 0))
        self.item(0).setData(SEVERITY_ROLE, self._severities.get(None))

    # ------------------------------------------------------------------ selection

    def current_section_id(self) -> str | None:
        item = self.currentItem()
        if item is None:
            return None
        value = item.data(ID_ROLE)
        return None if value == MASTHEAD else value

    def select(self, section_id: str | None) -> None:
        row = 0
        if section_id is not None and section_id in self._ids:
            row = self._ids.index(section_id) + 1
        self.setCurrentRow(row)

    def _current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is None:
            return
        value = current.data(ID_ROLE)
        self.section_selected.emit(None if value == MASTHEAD else value)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        section_id = self.current_section_id()
        if event.key() == Qt.Key.Key_Delete and section_id is not None:
            self.delete_requested.emit(section_id)
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ drag and drop

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        # The document, not the list widget, owns the order: turn the drop into a move
        # command and let the outline be rebuilt from the document.
        section_id = self.current_section_id()
        if event.source() is not self or section_id is None:
            event.ignore()
            return
        target = self.indexAt(event.position().toPoint())
        row = target.row() if target.isValid() else self.count()
        indicator = self.dropIndicatorPosition()
        if indicator == QAbstractItemView.DropIndicatorPosition.BelowItem:
            row += 1
        elif indicator == QAbstractItemView.DropIndicatorPosition.OnViewport:
            row = self.count()
        new_index = max(0, row - 1)
        old_index = self._ids.index(section_id)
        if new_index > old_index:
            new_index -= 1
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if new_index != old_index:
            self.move_requested.emit(section_id, new_index)
