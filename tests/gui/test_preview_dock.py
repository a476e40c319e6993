"""The Preview dock: pages as the PDF will look, refreshed after typing, never blocking it."""

from __future__ import annotations

import base64
import dataclasses
import os
import struct
import threading
import zlib
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDockWidget

from brief_editor.export.typst_compile import CompileJob, CompileResult
from brief_editor.model import Figure, inline_text
from brief_editor.storage.files import save_brief
from brief_editor.ui.preview_dock import PreviewPanel

from .helpers import make_brief

WAIT_MS = 60_000  # a cold worker process on a busy two-core machine


def panel_of(window) -> PreviewPanel:
    panel = window.findChild(PreviewPanel)
    assert panel is not None
    return panel


def show_preview(qtbot, window) -> PreviewPanel:
    dock = window.findChild(QDockWidget, "dock-preview")
    assert dock is not None and not dock.isVisible()
    dock.toggleViewAction().trigger()  # View ▸ Panels ▸ Preview
    panel = panel_of(window)
    qtbot.waitUntil(lambda: panel.isVisible())
    return panel


def wait_up_to_date(qtbot, panel: PreviewPanel, after: int = 0) -> None:
    qtbot.waitUntil(lambda: panel.shown > after and panel.shown == panel.requested
                    and not panel.stale, timeout=WAIT_MS)


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def long_brief(tmp_path: Path) -> Path:
    path = tmp_path / "long.brief"
    save_brief(path, make_brief(12))
    return path


def test_pages_appear_and_follow_a_heading_edit(qtbot, window, brief_file: Path) -> None:
    assert window.open_path(brief_file, ask_to_save=False)
    panel = show_preview(qtbot, window)
    wait_up_to_date(qtbot, panel)
    assert panel.page_count >= 1
    assert panel.status_label.text() == "Up to date"
    assert panel.page_label.text() == f"Page 1 of {panel.page_count}"
    before = panel.view.page_image(0, 306, 396)
    assert not before.isNull() and before.pixelColor(0, 0).name() == "#ffffff"  # paper
    last = panel.view.page_image(panel.page_count - 1, 306, 396)
    shown = panel.shown

    window.outline.select("s1")
    qtbot.keyClicks(window.form.heading, " and after")
    assert panel.status_label.text() == "Updating…"
    wait_up_to_date(qtbot, panel, after=shown)
    assert inline_text(window.document.brief.sections[0].heading) == "Talks round 1 and after"
    # The heading sits on the first page: its picture changed; the notes page did not.
    assert panel.view.page_image(0, 306, 396) != before
    assert panel.view.page_image(panel.page_count - 1, 306, 396) == last
    assert panel.status_label.text() == "Up to date"


def test_typing_goes_on_while_a_compile_runs(qtbot, window, brief_file: Path) -> None:
    assert window.open_path(brief_file, ask_to_save=False)
    panel = panel_of(window)
    entered, release = threading.Event(), threading.Event()

    def held_compile(job: CompileJob) -> CompileResult:
        # The real compile in the worker process, held back until the test lets it go.
        entered.set()
        release.wait(WAIT_MS / 1000)
        return panel.worker.compile(job)

    panel.compiler = held_compile
    show_preview(qtbot, window)
    try:
        qtbot.waitUntil(entered.is_set, timeout=WAIT_MS)
        window.outline.select("s2")
        qtbot.keyClicks(window.form.heading, " typed meanwhile")
        # Every keystroke reached the document while the compile was still running.
        assert not release.is_set() and panel.busy and panel.shown == 0
        assert inline_text(window.document.brief.sections[1].heading) == (
            "Talks round 2 typed meanwhile")
        assert window.form.heading.toPlainText() == "Talks round 2 typed meanwhile"
        assert panel.status_label.text() == "Updating…"
    finally:
        release.set()
    wait_up_to_date(qtbot, panel)
    # The preview caught up with the edit made during the held compile.
    assert panel.requested >= 2 and panel.shown == panel.requested


def test_a_hidden_dock_does_no_work(qtbot, window, brief_file: Path) -> None:
    assert window.open_path(brief_file, ask_to_save=False)
    panel = panel_of(window)
    window.outline.select("s1")
    qtbot.keyClicks(window.form.heading, "!")
    assert not panel.isVisible()
    assert not panel.debounce.isActive()
    assert panel.requested == 0 and panel.worker.pid is None
    show_preview(qtbot, window)
    wait_up_to_date(qtbot, panel)
    assert panel.shown == 1


def test_closing_the_window_stops_the_worker_process(qtbot, window, brief_file: Path) -> None:
    assert window.open_path(brief_file, ask_to_save=False)
    panel = show_preview(qtbot, window)
    wait_up_to_date(qtbot, panel)
    pid = panel.worker.pid
    assert pid is not None and process_alive(pid)
    window.document.undo_stack.setClean()
    window.close()
    assert not process_alive(pid)
    assert panel.worker.pid is None


def test_scroll_position_survives_a_refresh(qtbot, window, long_brief: Path) -> None:
    assert window.open_path(long_brief, ask_to_save=False)
    panel = show_preview(qtbot, window)
    wait_up_to_date(qtbot, panel)
    assert panel.page_count >= 3
    bar = panel.scroll.verticalScrollBar()
    window.outline.select("s12")  # brings s12's page into view; the reader scrolls on
    bar.setValue(bar.maximum() // 2)
    position = bar.value()
    assert position > 0
    shown = panel.shown
    qtbot.keyClicks(window.form.heading, " later")
    wait_up_to_date(qtbot, panel, after=shown)
    assert bar.value() == position


def test_zoom_fits_the_width_or_shows_actual_size(qtbot, window, brief_file: Path) -> None:
    assert window.open_path(brief_file, ask_to_save=False)
    panel = show_preview(qtbot, window)
    wait_up_to_date(qtbot, panel)
    view = panel.view
    viewport = panel.scroll.viewport().width()
    assert view.rects[0].width() <= viewport and view.width() == viewport
    # What is painted: white paper with the page's ink on the grey desk.
    shot = view.grab().toImage()
    page = view.rects[0]
    assert shot.pixelColor(page.left() + 4, page.top() + 4).name() == "#ffffff"
    assert shot.pixelColor(page.left() - 6, page.top() + 4).name() == "#808080"
    masthead = range(page.top() + page.height() // 20, page.top() + page.height() // 4, 2)
    assert any(shot.pixelColor(x, y).lightness() < 128
               for y in masthead for x in range(page.left(), page.right(), 2))
    panel.zoom_box.setCurrentText("100%")
    # Letter paper, 8.5 inches wide, at the screen's logical resolution.
    assert view.rects[0].width() == pytest.approx(8.5 * view.logicalDpiX(), abs=2)
    panel.zoom_box.setCurrentText("Fit width")
    assert view.rects[0].width() <= viewport


def test_a_failed_layout_says_why_without_a_traceback(qtbot, window, tmp_path: Path) -> None:
    brief = make_brief(1)
    # A picture whose header reads well but whose pixel data is not a zlib stream.
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(
            ">I", zlib.crc32(tag + data))

    broken = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 40, 20, 8, 2, 0, 0, 0))
              + chunk(b"IDAT", b"\x00" * 64) + chunk(b"IEND", b""))
    section = dataclasses.replace(brief.sections[0], figures=(
        Figure(id="f1", media_type="image/png", data=base64.b64encode(broken).decode(), caption=("Broken",), credit="",
               alt="A broken picture"),))
    path = tmp_path / "broken.brief"
    save_brief(path, dataclasses.replace(brief, sections=(section, *brief.sections[1:])))
    assert window.open_path(path, ask_to_save=False)
    panel = show_preview(qtbot, window)
    qtbot.waitUntil(lambda: panel.error is not None, timeout=WAIT_MS)
    status = panel.status_label.text()
    assert status.startswith("The preview could not be updated:")
    assert "image" in status and "Traceback" not in status
    assert panel.page_count == 0


def test_choosing_a_section_brings_its_heading_into_view(qtbot, window, long_brief: Path) -> None:
    import io

    import pypdf

    assert window.open_path(long_brief, ask_to_save=False)
    panel = show_preview(qtbot, window)
    wait_up_to_date(qtbot, panel)
    reader = pypdf.PdfReader(io.BytesIO(panel.last_result.pdf))
    bar = panel.scroll.verticalScrollBar()
    view = panel.view
    for section_id, item in zip(("s1", "s6", "s12"), (reader.outline[0], reader.outline[5],
                                                     reader.outline[11]), strict=True):
        window.outline.select(section_id)
        # Where the bookmark says the heading is, read from the PDF by pypdf.
        page = reader.get_destination_page_number(item)
        height = float(reader.pages[page].mediabox.height)
        rect = view.rects[page]
        heading_y = rect.top() + rect.height() * (height - float(item.top)) / height
        visible = range(bar.value(), bar.value() + panel.scroll.viewport().height())
        assert round(heading_y) in visible, section_id
    assert bar.value() > 0
    last_page = reader.get_destination_page_number(reader.outline[11]) + 1
    assert panel.page_label.text() in (f"Page {n} of {len(reader.pages)}"
                                       for n in (last_page, last_page + 1))
    window.outline.select(None)  # the masthead
    assert bar.value() == 0
    assert panel.page_label.text() == f"Page 1 of {len(reader.pages)}"
