"""Start the desktop editor: the QApplication, the main window, the event loop."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from brief_editor.ui.mainwindow import MainWindow

log = logging.getLogger(__name__)


def _install_error_dialog() -> None:
    # An unexpected exception in a slot must show a dialog, not a traceback on a console
    # nobody reads; the details go to the log.
    from PySide6.QtWidgets import QApplication, QMessageBox

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        details = "".join(traceback.format_exception(kind, value, tb))
        log.error("unexpected error:\n%s", details)
        box = QMessageBox(QMessageBox.Icon.Critical, "Unexpected error",
                          f"Something went wrong: {value}\n\nYour work is autosaved; save "
                          "it under a new name if you can.")
        box.setDetailedText(details)
        box.exec()

    sys.excepthook = hook


def create_application(argv: list[str] | None = None):
    """The QApplication (created once), with names, style and high-DPI policy set."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(list(argv) if argv is not None else [sys.argv[0]])
    app.setApplicationName("Brief Editor")
    app.setOrganizationName("BriefEditor")
    app.setApplicationDisplayName("Brief Editor")
    app.setDesktopFileName("brief-editor")
    from PySide6.QtGui import QIcon

    from brief_editor.resources import resources_dir

    icon = resources_dir() / "icons" / "brief-editor.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def run_editor(path: str | None, argv: list[str] | None = None, *,
               on_ready: Callable[[MainWindow], object] | None = None) -> int:
    """Open the editor (on ``path`` if given) and run until the window is closed.

    ``on_ready`` is called with the window once the file is open (scripts and tests).
    """
    from PySide6.QtCore import QTimer

    from brief_editor.ui.mainwindow import MainWindow

    app = create_application(argv)
    _install_error_dialog()
    window = MainWindow()
    # However the loop ends, the lock beside the brief goes; a snapshot of unsaved work stays.
    app.aboutToQuit.connect(window.release_lock)
    window.show()

    def start() -> None:
        # After the window is on screen, so that dialogs have a parent to sit on.
        if not window.check_recovery() and path:
            window.open_path(Path(path), ask_to_save=False)
        if on_ready is not None:
            on_ready(window)

    QTimer.singleShot(0, start)
    return app.exec()
