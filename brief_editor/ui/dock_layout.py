"""Where the Preview goes when it is first opened: a tall slot in the panel column.

Added after Sources, the Preview dock opened as a strip between Sources and Notes, too
small to read a page in. A column of its own beside the panels does not fit a 1366-pixel
screen (the form would be squeezed out), so the Preview opens as a tab beside Sources,
takes most of the column's height, and widens the column to a readable page width. Later
it comes back wherever the user last put it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow

PREVIEW_WIDTH = 560  # a Letter or A4 page fitted to this width is readable
FORM_MIN_WIDTH = 420  # what the form keeps, beside the outline
PREVIEW_HEIGHT_SHARE = 0.7  # of the column; Notes and Checks keep the rest


def _dock(window: QMainWindow, name: str) -> QDockWidget | None:
    return window.findChild(QDockWidget, f"dock-{name}")


def arrange_docks(window: QMainWindow) -> None:
    """Have the Preview open in its readable place the first time it is shown."""
    preview = _dock(window, "preview")
    sources = _dock(window, "sources")
    if preview is None or sources is None:
        return
    state = {"placed": False}

    def shown(visible: bool) -> None:
        if visible and not state["placed"] and not preview.isFloating():
            state["placed"] = True
            window.tabifyDockWidget(sources, preview)
            preview.raise_()
            # After the dock is laid out: sizes asked for before that are forgotten.
            QTimer.singleShot(0, lambda: _size(window, preview))

    preview.visibilityChanged.connect(shown)


def _size(window: QMainWindow, preview: QDockWidget) -> None:
    if not preview.isVisible():
        return
    outline = getattr(window, "outline", None)
    taken = (outline.width() if outline is not None else 0) + FORM_MIN_WIDTH
    width = max(preview.width(), min(PREVIEW_WIDTH, window.width() - taken))
    window.resizeDocks([preview], [width], Qt.Orientation.Horizontal)
    column = window.centralWidget().height()
    below = [d for d in (_dock(window, n) for n in ("notes", "checks"))
             if d is not None and d.isVisible() and not d.isFloating()]
    rest = int(column * (1 - PREVIEW_HEIGHT_SHARE) / max(1, len(below)))
    window.resizeDocks([preview, *below], [int(column * PREVIEW_HEIGHT_SHARE)]
                       + [rest] * len(below), Qt.Orientation.Vertical)
