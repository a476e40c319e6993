"""Commands, shortcuts, accessibility, figures, settings and export from the window."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QTextEdit,
    QWidget,
)

from brief_editor.storage.settings import load_settings
from brief_editor.ui.forms import EventForm, MastheadForm, NarrativeForm

from .helpers import answer_dialog

INTERACTIVE = (QAbstractButton, QLineEdit, QTextEdit, QAbstractSpinBox, QComboBox, QListWidget)


def unnamed_controls(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(root):
            continue
        # Qt's own inner parts (the line edit inside a spin box) take their parent's name.
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QAbstractSpinBox):
            continue
        if not widget.accessibleName() and not (isinstance(widget, QAbstractButton)
                                                and widget.text()):
            missing.append(f"{type(widget).__name__} in {type(widget.parent()).__name__}")
    return missing


def menu_actions(menu) -> list:
    found = []
    for action in menu.actions():
        if action.menu() is not None:
            if action.menu() is not getattr(action.menu().parent(), "recent_menu", None):
                found += menu_actions(action.menu())
        elif not action.isSeparator():
            found.append(action)
    return found


def test_every_command_is_in_a_menu_with_a_shortcut(window) -> None:
    seen = set()
    for menu_action in window.menuBar().actions():
        for action in menu_actions(menu_action.menu()):
            assert action.shortcuts(), f"{action.text()} has no shortcut"
            seen.add(action.text().replace("&", ""))
    assert {"Save", "Undo", "Redo", "Add Event", "Move Up", "Export as PDF…", "Bold"} <= seen
    keys = [k.toString() for a in window.actions() for k in a.shortcuts()]
    assert len(keys) == len(set(keys)), "two commands share a shortcut"


def test_every_control_has_an_accessible_name(qtbot, window, brief_file: Path) -> None:
    window.open_path(brief_file)
    for section_id in (None, "s1", "n1"):
        window.outline.select(section_id)
        assert isinstance(window.form, (MastheadForm, EventForm, NarrativeForm))
        assert unnamed_controls(window) == []


def test_insert_a_figure_with_caption_credit_and_alt(qtbot, window, brief_file: Path,
                                                    tmp_path: Path) -> None:
    window.open_path(brief_file)
    window.outline.select("s1")
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    png = tmp_path / "map.png"
    assert image.save(str(png))
    form = window.form
    assert form.figures.insert_file(png)
    figure = window.document.section("s1").figures[0]
    assert figure.media_type == "image/png"
    assert base64.b64decode(figure.data) == png.read_bytes()
    box = window.form.figures.boxes[0]
    assert box.preview.pixmap() is not None and not box.preview.pixmap().isNull()
    qtbot.keyClicks(box.caption, "A map")
    qtbot.keyClicks(box.credit, "Agency")
    qtbot.keyClicks(box.alt, "Teal rectangle")
    figure = window.document.section("s1").figures[0]
    assert (figure.caption, figure.credit, figure.alt) == (("A map",), "Agency", "Teal rectangle")
    # Not an image: refused with a dialog.
    text = tmp_path / "notes.png"
    text.write_text("not really", encoding="utf-8")
    seen: list[str] = []
    answer_dialog("OK", seen)
    assert not form.figures.insert_file(text)
    assert seen == ["Insert figure"]
    window.act_undo.trigger()  # alt text
    window.act_undo.trigger()  # credit
    window.act_undo.trigger()  # caption
    window.act_undo.trigger()  # the figure itself
    assert window.document.section("s1").figures == ()


def test_settings_dialog_saves_typed_settings(qtbot, window) -> None:
    def fill(dialog) -> None:
        dialog.autosave.setValue(5)
        dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
        dialog.export_folder.setText("/tmp/exports")
        dialog.accept()

    answer_dialog(fill)
    window.act_settings.trigger()
    settings = load_settings()
    assert settings.autosave_interval_s == 5
    assert settings.theme == "dark"
    assert settings.export_folder == "/tmp/exports"
    assert window.autosave_timer.interval() == 5000
    from PySide6.QtWidgets import QApplication

    assert QApplication.palette().color(QApplication.palette().ColorRole.Window).lightness() < 100
    window.apply_settings(settings.__class__())


def test_export_runs_in_a_worker_and_reports(qtbot, window, brief_file: Path,
                                             tmp_path: Path) -> None:
    window.open_path(brief_file)
    out = tmp_path / "issue.docx"
    seen: list[str] = []
    answer_dialog(lambda dialog: (seen.append(dialog.windowTitle()), dialog.reject()))
    controller = window.start_export(out)
    qtbot.waitUntil(lambda: controller.result is not None, timeout=60000)
    assert seen and seen[0] in ("Export", "Export failed")
    if controller.result == "ok":
        assert out.is_file() and out.stat().st_size > 0
    else:
        assert not out.exists()


def test_pdf_export_is_laid_out_in_a_process_that_then_ends(qtbot, window, brief_file: Path,
                                                            tmp_path: Path,
                                                            monkeypatch) -> None:
    """Typst keeps a layout's memory for good, so the editor's export lays out elsewhere."""
    import os

    import pypdf

    from brief_editor.export.typst_compile import TypstWorker

    workers: list[tuple[int, int | None]] = []
    close = TypstWorker.close

    def close_and_note(self, *args, **kwargs):
        workers.append((self.processes_started, self.pid))
        return close(self, *args, **kwargs)

    monkeypatch.setattr(TypstWorker, "close", close_and_note)
    window.open_path(brief_file)
    out = tmp_path / "issue.pdf"
    answer_dialog(lambda dialog: dialog.reject())  # "Exported: open it?"
    controller = window.start_export(out, draft=False)
    qtbot.waitUntil(lambda: controller.result is not None, timeout=60000)
    assert controller.result == "ok"
    assert len(pypdf.PdfReader(out).pages) >= 1
    (started, pid), *_ = workers
    assert started >= 1 and pid is not None and pid != os.getpid()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # the layout process has ended


def test_autosave_writes_aside_only_when_there_is_unsaved_work(qtbot, window,
                                                              brief_file: Path) -> None:
    before = brief_file.read_bytes()
    window.open_path(brief_file)
    assert window.autosave() is None
    window.outline.select("s1")
    qtbot.keyClicks(window.form.location, " (old town)")
    snapshot = window.autosave()
    assert snapshot is not None and "old town" in snapshot.read_text(encoding="utf-8")
    assert window.autosave() is None  # nothing new since
    assert brief_file.read_bytes() == before
    window.save()
    assert not snapshot.exists()


def test_keyboard_moves_through_the_outline(qtbot, window, brief_file: Path) -> None:
    window.open_path(brief_file)
    assert window.outline.current_section_id() is None
    window.step_selection(1)
    assert window.outline.current_section_id() == "s1"
    assert isinstance(window.form, EventForm)


def test_toolbar_undo_keeps_its_label_and_names_the_step_in_its_tooltip(
        qtbot, window, brief_file: Path) -> None:
    from PySide6.QtWidgets import QToolButton

    window.open_path(brief_file)
    button = window.toolbar.widgetForAction(window.act_undo)
    assert isinstance(button, QToolButton)
    assert button.text() == "Undo" and not button.isEnabled()
    window.outline.select("s1")
    qtbot.keyClicks(window.form.heading, "!")
    assert button.isEnabled() and button.text() == "Undo"
    assert window.act_undo.toolTip().startswith("Undo ") and window.act_undo.toolTip() != "Undo"
    assert "Ctrl+Z" in window.act_undo.toolTip()
    window.act_undo.trigger()
    redo = window.toolbar.widgetForAction(window.act_redo)
    assert redo.text() == "Redo" and redo.isEnabled()
    assert window.act_redo.toolTip().startswith("Redo ")


def test_an_image_bomb_or_a_fifo_is_refused_on_insert_before_decoding(window, brief_file: Path,
                                                                       tmp_path: Path) -> None:
    import os
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    window.open_path(brief_file)
    window.outline.select("s1")
    bomb = tmp_path / "bomb.png"  # says 40000×40000: 6 GB once decoded
    bomb.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 40000, 40000,
                                                                        8, 0, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))
    pipe = tmp_path / "pipe.png"
    os.mkfifo(pipe)
    for path, why in ((bomb, "40000×40000 pixels"), (pipe, "not a regular file")):
        seen: list[str] = []

        def read(dialog, seen=seen) -> None:
            seen.append(dialog.text())
            dialog.accept()

        answer_dialog(read)
        assert not window.form.figures.insert_file(path)
        assert len(seen) == 1 and why in seen[0]
    assert window.document.section("s1").figures == ()
