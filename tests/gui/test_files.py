"""Files: bad files, changed on disk, locks, recent files, dropping a brief, closing."""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from brief_editor.model import inline_text
from brief_editor.storage import lock
from brief_editor.storage.files import loads_file, save_brief
from brief_editor.storage.settings import load_settings
from brief_editor.ui.forms import EventForm

from .helpers import answer_dialog, make_brief


def test_a_bad_file_shows_a_dialog_not_a_traceback(qtbot, window, tmp_path: Path) -> None:
    bad = tmp_path / "bad.brief"
    bad.write_text('{"format": "brief-editor", "version": 1, "meta": 3}', encoding="utf-8")
    seen: list[str] = []
    answer_dialog(QMessageBox.StandardButton.Ok, seen)
    assert not window.open_path(bad)
    assert seen == ["Cannot open brief"]
    assert window.document.path is None


def test_save_refuses_to_overwrite_a_file_changed_on_disk(qtbot, window, brief_file: Path,
                                                          tmp_path: Path) -> None:
    assert window.open_path(brief_file)
    window.outline.select("s1")
    qtbot.keyClicks(window.form.heading, " (mine)")
    theirs = make_brief(1)
    save_brief(brief_file, theirs)
    their_bytes = brief_file.read_bytes()
    seen: list[str] = []
    answer_dialog("Cancel", seen)
    assert not window.save()
    assert seen == ["Changed on disk"]
    assert brief_file.read_bytes() == their_bytes
    assert window.document.is_dirty

    # Reload takes their version; Undo brings mine back.
    answer_dialog("Reload from Disk")
    window.save()
    assert window.document.brief == theirs
    assert not window.document.is_dirty
    window.act_undo.trigger()
    assert inline_text(window.document.section("s1").heading) == "Talks round 1 (mine)"

    # Saving over the reloaded file now works: it is what we last read.
    assert window.save()
    assert loads_file(brief_file)[0] == window.document.brief


def test_a_lock_warns_a_second_person(qtbot, window, brief_file: Path) -> None:
    other = {"user": "colleague", "host": "another-host", "pid": 4242, "since": "09:00"}
    lock.lock_path(brief_file).write_text(json.dumps(other), encoding="utf-8")
    seen: list[str] = []
    answer_dialog("Cancel", seen)
    assert not window.open_path(brief_file)
    assert seen == ["Open elsewhere"]
    answer_dialog("Open Anyway")
    assert window.open_path(brief_file)
    # Their lock stays theirs.
    assert json.loads(lock.lock_path(brief_file).read_text(encoding="utf-8"))["user"] == "colleague"


def test_our_lock_lives_while_the_brief_is_open(qtbot, window, brief_file: Path,
                                                 tmp_path: Path) -> None:
    assert window.open_path(brief_file)
    holder = lock.read_lock(brief_file)
    assert holder is not None and holder.pid == os.getpid()
    other = tmp_path / "other.brief"
    assert window.save_to(other)
    assert lock.read_lock(brief_file) is None
    assert lock.read_lock(other) is not None
    window.new_file()
    assert lock.read_lock(other) is None


def test_recent_files_and_title(qtbot, window, brief_file: Path) -> None:
    assert window.windowTitle().startswith("Untitled")
    assert window.open_path(brief_file)
    assert window.windowTitle().startswith("issue.brief")
    assert not window.isWindowModified()
    assert load_settings().recent_files[0] == str(brief_file.resolve())
    window.outline.select("s1")
    qtbot.keyClicks(window.form.location, "!")
    assert window.isWindowModified()
    window._fill_recent()
    assert window.recent_menu.actions()[0].toolTip() == str(brief_file.resolve())


def test_dropping_a_brief_opens_it(qtbot, window, brief_file: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(brief_file))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.document.path == brief_file)
    assert window.outline.count() == 1 + len(make_brief().sections)


def test_close_asks_to_save(qtbot, window, tmp_path: Path) -> None:
    window.act_add_event.trigger()
    assert isinstance(window.form, EventForm)
    qtbot.keyClicks(window.form.heading, "Unsaved")
    seen: list[str] = []
    answer_dialog(QMessageBox.StandardButton.Cancel, seen)
    assert not window.close()
    assert seen == ["Unsaved changes"]
    assert window.isVisible()


def test_new_issue_after_this_one(qtbot, window, brief_file: Path) -> None:
    """The next week's issue: number plus one, the same masthead, no sections, unsaved."""
    import datetime as dt

    window.open_path(brief_file)
    before = window.document.brief.meta
    assert before.issue == 3
    window.act_new_after.trigger()
    brief = window.document.brief
    assert window.document.path is None and brief.sections == () and brief.sources == ()
    meta = brief.meta
    assert meta.issue == 4
    assert (meta.title, meta.team, meta.organization) == (before.title, before.team,
                                                         before.organization)
    assert meta.week_of is not None and meta.week_of.weekday() == 0  # a Monday
    assert dt.date.today() <= meta.week_of <= dt.date.today() + dt.timedelta(days=7)
    assert not lock.lock_path(brief_file).exists()  # the old issue was let go


def test_a_lock_whose_pid_overflows_does_not_stop_the_brief_opening(qtbot, window,
                                                                    brief_file: Path) -> None:
    import socket

    file = lock.lock_path(brief_file)
    file.write_text(json.dumps({"user": "x", "host": socket.gethostname(), "pid": 10**40,
                                "since": "09:00"}), encoding="utf-8")
    os.utime(file, (0, 0))  # long ago: nobody is writing it
    assert window.open_path(brief_file)
    assert window.document.path == brief_file.absolute()
    holder = lock.read_lock(brief_file)
    assert holder is not None and holder.is_ours
