"""What each feature installed in the main window needs of it, and nothing more.

The main window (ui/mainwindow.py) builds the features — live citations, spelling, find,
comments, the review, the sources dock, the library — and hands itself to each. They see
it through these protocols instead of importing MainWindow, so no feature depends on the
window's module (tests/unit/test_layers.py keeps it so) and each one says what it uses.
The host is also the Qt parent of what a feature makes (docks, actions, dialogs): the main
window, a QMainWindow.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import Qt, SignalInstance
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import QDockWidget, QMenu, QMenuBar, QStatusBar, QStyle, QWidget

    from brief_editor.storage.paths import AppPaths
    from brief_editor.storage.settings import Settings
    from brief_editor.ui.document import Document
    from brief_editor.ui.outline import Outline
    from brief_editor.ui.richtext import RichTextEdit


class WindowHost(Protocol):
    """The brief being edited, its sections, and the window's menus and status bar."""

    document: Document
    document_replaced: SignalInstance  # a new Document was set
    destroyed: SignalInstance
    outline: Outline
    form: Any  # the form of the selected section or masthead (ui/forms.py), or None
    settings: Settings
    paths: AppPaths

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 - Qt's names
    def menuBar(self) -> QMenuBar: ...  # noqa: N802
    def addAction(self, action: QAction) -> None: ...  # noqa: N802
    def style(self) -> QStyle: ...


class FormsHost(WindowHost, Protocol):
    """A host whose form fields a feature moves the cursor in."""

    def focused_rich_edit(self) -> RichTextEdit | None: ...
    def focus_form(self) -> None: ...


class PanelHost(WindowHost, Protocol):
    """A host that takes docks, with a View menu entry each."""

    def add_panel(self, title: str, widget: QWidget, shortcut: str | None = None,
                  area: Qt.DockWidgetArea = ...) -> QDockWidget: ...


class SourcesHost(PanelHost, Protocol):
    """ui/sources_dock.py: the Sources dock."""

    sources_panel: Any


class LibraryHost(WindowHost, Protocol):
    """ui/library_actions.py: the library menu, beside File ▸ Save."""

    act_save: QAction
    library: Any  # set by install_library_actions


class LiveHost(FormsHost, PanelHost, Protocol):
    """ui/live.py: notes, checks and previews as the brief changes."""

    insert_menu: QMenu
    act_insert_citation: QAction
    problem_count: int | None
    live: Any  # set by install_citations, with the hooks below
    note_tooltip: Callable[..., Any]
    activate_note: Callable[..., Any]
    status_counts: Callable[..., Any]
    export_gate: Callable[[], bool]

    def set_problem_count(self, count: int | None) -> None: ...


class SpellingHost(WindowHost, Protocol):
    """ui/spelling.py: underlines, smart typing and counts."""

    writing_tools: Any  # set by install_writing_tools


class FindHost(FormsHost, Protocol):
    """ui/find_bar.py: Find and Replace in the Edit menu."""

    act_find: QAction
    act_find_next: QAction
    act_find_previous: QAction
    act_replace: QAction

    def _action(self, menu: QMenu, text: str, slot: Callable[[], object],
                shortcut: QKeySequence | str | QKeySequence.StandardKey | None = None,
                tip: str = "", extra: list | None = None) -> QAction: ...


class CommentsHost(FormsHost, Protocol):
    """ui/comments.py: comments on the brief's text."""

    insert_menu: QMenu
    act_insert_comment: QAction
    comments: Any  # set by install_comments


class ReviewHost(PanelHost, Protocol):
    """ui/review_dock.py: the Review dock and File ▸ Import Review; lays docks out as tabs."""

    act_import_review: QAction
    review_dock: Any  # set by install_review

    def centralWidget(self) -> QWidget: ...  # noqa: N802 - Qt's names
    def dockWidgetArea(self, dock: QDockWidget) -> Qt.DockWidgetArea: ...  # noqa: N802
    def tabifiedDockWidgets(self, dock: QDockWidget) -> list[QDockWidget]: ...  # noqa: N802
    def resizeDocks(self, docks: list[QDockWidget], sizes: list[int],  # noqa: N802
                    orientation: Qt.Orientation) -> None: ...
    def findChildren(self, kind: type, name: str = ...) -> list[Any]: ...  # noqa: N802
