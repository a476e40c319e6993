"""Fixtures for driving the real editor offscreen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from brief_editor.storage.files import save_brief

from .helpers import make_brief


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform cannot resize native windows to a widget's size hints and
    # says so at warning level; that says nothing about the editor.
    for item in items:
        if "tests/gui" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore("propagateSizeHints"))


@pytest.fixture
def brief_file(tmp_path: Path) -> Path:
    path = tmp_path / "issue.brief"
    save_brief(path, make_brief())
    return path


@pytest.fixture
def window(qtbot) -> Iterator[object]:
    from brief_editor.ui.mainwindow import MainWindow

    win = MainWindow()
    win.show()
    qtbot.waitExposed(win)
    yield win
    # Leave without the "save changes?" question.
    win.document.undo_stack.setClean()
    win.document._forced_dirty = False
    win.close()
    win.deleteLater()
