"""Small form widgets: an undo-free line edit, an editable list of names (dates: date_field)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def is_undo_shortcut_override(event) -> bool:
    """True for Ctrl+Z / Ctrl+Shift+Z arriving as a shortcut override.

    Text fields would undo inside themselves; the editor leaves undo to the document's
    stack, so fields ignore these overrides and the window's Undo and Redo take them.
    """
    return event.type() == QKeyEvent.Type.ShortcutOverride and (
        event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)
    )


class UndoFreeLineEdit(QLineEdit):
    """A line edit that leaves Ctrl+Z / Ctrl+Shift+Z to the document's undo stack."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setPlaceholderText(accessible_name)

    def event(self, event) -> bool:  # noqa: D102 - Qt override
        if is_undo_shortcut_override(event):
            event.ignore()
            return False
        return super().event(event)

    def set_text_quietly(self, text: str) -> None:
        """Show ``text`` (from undo, reload) keeping the cursor where it was if possible."""
        if self.text() == text:
            return
        pos = self.cursorPosition()
        self.blockSignals(True)
        self.setText(text)
        self.setCursorPosition(min(pos, len(text)))
        self.blockSignals(False)


def monday_of(day: dt.date) -> dt.date:
    """The Monday of the week holding ``day``."""
    return day - dt.timedelta(days=day.weekday())


def next_monday(today: dt.date | None = None) -> dt.date:
    """The coming Monday (today if today is a Monday)."""
    today = today or dt.date.today()
    return today + dt.timedelta(days=(7 - today.weekday()) % 7)


class StringListEdit(QWidget):
    """An editable, reorderable list of short strings (parties, authors)."""

    value_changed = Signal(object)  # tuple[str, ...]

    def __init__(self, accessible_name: str, item_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self._value: tuple[str, ...] = ()
        self._quiet = False
        self.list = QListWidget(self)
        self.list.setAccessibleName(accessible_name)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.SelectedClicked)
        self.list.setMaximumHeight(110)
        self.list.itemChanged.connect(self._read)
        self.list.model().rowsMoved.connect(self._read)
        self.entry = UndoFreeLineEdit(f"Add {item_name}", self)
        self.entry.setPlaceholderText(f"Add {item_name} and press Enter")
        self.entry.returnPressed.connect(self._add)
        add = QPushButton("Add", self)
        add.setAccessibleName(f"Add {item_name}")
        add.clicked.connect(self._add)
        remove = QPushButton("Remove", self)
        remove.setAccessibleName(f"Remove selected {item_name}")
        remove.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.entry, 1)
        row.addWidget(add)
        row.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.list)
        layout.addLayout(row)
        self._sync_height()

    def value(self) -> tuple[str, ...]:
        return self._value

    def set_value(self, value: tuple[str, ...]) -> None:
        if value == self._value:
            return
        self._quiet = True
        try:
            self.list.clear()
            for text in value:
                item = QListWidgetItem(text)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                self.list.addItem(item)
            self._value = tuple(value)
        finally:
            self._quiet = False
        self._sync_height()

    def _sync_height(self) -> None:
        rows = max(1, self.list.count())
        self.list.setFixedHeight(min(110, rows * (self.list.sizeHintForRow(0) or 20) + 6))
        self.list.setVisible(self.list.count() > 0)

    def _read(self, *_: object) -> None:
        if self._quiet:
            return
        value = tuple(
            self.list.item(i).text().strip() for i in range(self.list.count())
            if self.list.item(i).text().strip()
        )
        if value != self._value:
            self._value = value
            self.value_changed.emit(value)

    def _add(self) -> None:
        text = self.entry.text().strip()
        if not text:
            return
        self.entry.clear()
        self.set_value((*self._value, text))
        self.value_changed.emit(self._value)

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.list.selectedIndexes()}, reverse=True)
        if not rows:
            return
        value = list(self._value)
        for row in rows:
            if row < len(value):
                del value[row]
        self.set_value(tuple(value))
        self.value_changed.emit(self._value)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Delete and self.list.hasFocus():
            self.remove_selected()
            return
        super().keyPressEvent(event)


class WidthRelayout(QObject):
    """Lays a view's wrapped rows out again shortly after its width changes.

    Item views cache row heights; rows whose text wraps need measuring again when the dock
    is resized, but only once the drag settles, not for every pixel.
    """

    def __init__(self, view: QAbstractItemView, delay_ms: int = 60) -> None:
        super().__init__(view)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(view.doItemsLayout)
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize and event.size().width() != event.oldSize().width():
            self._timer.start()
        return False
