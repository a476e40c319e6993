"""Help ▸ Keyboard Shortcuts: every menu command and the keys a person would press for it.

Qt's standard bindings also list keys that exist only on some X11 keyboards ("F14",
"Undo", "Copy"): they work where they exist, but listing them tells a reader nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

_LAST_ORDINARY_KEY = Qt.Key.Key_F12.value


def on_an_ordinary_keyboard(keys: QKeySequence) -> bool:
    """True when every key of ``keys`` is printed on an ordinary keyboard (F1-F12 at most)."""
    if keys.isEmpty():
        return False
    for index in range(keys.count()):
        key = keys[index].key().value
        if key > _LAST_ORDINARY_KEY:
            return False
    return True


def shortcut_text(action: QAction) -> str:
    """The action's shortcuts as a person would read them: "Ctrl+Shift+Z, Ctrl+Y"."""
    keys = [k for k in action.shortcuts() if on_an_ordinary_keyboard(k)]
    return ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)


def shortcut_rows(menu_bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every command of the menus, in menu order."""
    rows = []
    for menu_action in menu_bar.actions():
        menu = menu_action.menu()
        if menu is None:
            continue
        for action in menu.actions():
            if action.isSeparator() or action.menu() is not None:
                continue
            rows.append((menu_action.text().replace("&", ""), action.text().replace("&", ""),
                         shortcut_text(action)))
    return rows


class ShortcutsDialog(QDialog):
    """A table of the menus' commands and their keys."""

    def __init__(self, menu_bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        rows = shortcut_rows(menu_bar)
        table = QTableWidget(len(rows), 3, self)
        table.setAccessibleName("Keyboard shortcuts")
        table.setHorizontalHeaderLabels(["Menu", "Command", "Shortcut"])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(text))
        table.resizeColumnsToContents()
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.table = table
        self.resize(620, 600)
