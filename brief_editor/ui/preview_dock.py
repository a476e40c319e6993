"""The Preview dock: the issue as its PDF will look, refreshed a moment after typing stops.

Each refresh takes the brief (an immutable value) to a background thread, which builds the
export plan there and has a recycled Typst worker process lay it out as a PDF; typing
never waits for either. PDFium then draws only the pages on screen, at the size shown.
Requests are numbered: a result older than the pages on screen is dropped, and a request
that is already stale when its plan is ready is not compiled. The dock does no work at all
while it is hidden, and stops its worker process when the window closes (or a while after
the dock is hidden, to give the memory back).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from brief_editor.errors import BriefEditorError
from brief_editor.export.pdf_raster import PdfPages
from brief_editor.export.preview import (
    SCREEN_PPI,
    PreviewOptions,
    compile_preview,
    preview_plan,
    preview_worker,
)
from brief_editor.export.typst_compile import CompileJob, CompileResult, TypstWorker
from brief_editor.model import Brief

log = logging.getLogger(__name__)

DEBOUNCE_MS = 700
# A hidden dock keeps its worker this long, so flipping between tabbed docks stays quick.
IDLE_STOP_MS = 30_000
MARGIN = 12
GAP = 12
ZOOMS = (("Fit width", None), ("50%", 0.5), ("75%", 0.75), ("100%", 1.0), ("150%", 1.5))
PANEL_TITLE = "Preview"
SHORTCUT = "Ctrl+Shift+P"

Compiler = Callable[[CompileJob], CompileResult]


class _Stopped(BaseException):
    """Raised inside the plan's progress callback to abandon a request (window closing)."""


@dataclass(frozen=True)
class _Request:
    generation: int
    brief: Brief
    brief_dir: Path | None
    options: PreviewOptions


@dataclass(frozen=True)
class PreviewResult:
    """The PDF of one request, what the export would warn about, and each step's time."""

    pdf: bytes
    warnings: tuple[str, ...]
    plan_seconds: float
    compile_seconds: float
    section_ids: tuple[str, ...] = ()  # the sections laid out, in order (one bookmark each)


class _Signals(QObject):
    """Lives in the GUI thread; the background thread emits, so slots run in the GUI thread."""

    compiling = Signal(int)
    rendered = Signal(int, object)  # generation, PreviewResult
    failed = Signal(int, str)


class PreviewRunner:
    """One background thread that plans and compiles the newest request, skipping older ones."""

    def __init__(self, worker: TypstWorker, signals: _Signals) -> None:
        self.worker = worker
        self.signals = signals
        self.compiler: Compiler | None = None  # None: the worker; tests may wrap it
        self._cond = threading.Condition()
        self._pending: _Request | None = None
        self._stopping = False
        self.busy = False
        self._thread = threading.Thread(target=self._run, name="brief-preview", daemon=True)
        self._thread.start()

    def submit(self, request: _Request) -> None:
        with self._cond:
            self._pending = request
            self._cond.notify()

    def clear(self) -> None:
        with self._cond:
            self._pending = None

    def _newer_waiting(self) -> bool:
        with self._cond:
            return self._pending is not None or self._stopping

    def _progress(self, _done: int, _total: int) -> None:
        if self._stopping:
            raise _Stopped

    def _compile(self, job: CompileJob) -> CompileResult:
        if self._stopping:
            raise _Stopped
        return (self.compiler or self.worker.compile)(job)

    def _emit(self, name: str, *args: object) -> None:
        # RuntimeError: the panel is gone (window closed) and nobody is listening.
        with contextlib.suppress(RuntimeError):
            getattr(self.signals, name).emit(*args)

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._pending is None and not self._stopping:
                    self._cond.wait()
                if self._stopping:
                    return
                request, self._pending = self._pending, None
                self.busy = True
            try:
                self._handle(request)
            except _Stopped:
                return
            finally:
                self.busy = False

    def _handle(self, request: _Request) -> None:
        gen = request.generation
        try:
            start = time.perf_counter()
            plan = preview_plan(request.brief, brief_dir=request.brief_dir,
                                options=request.options, progress=self._progress)
            planned = time.perf_counter()
            if self._newer_waiting():
                return  # stale before it was laid out: the next request supersedes it
            self._emit("compiling", gen)
            pdf, warnings = compile_preview(plan, options=request.options,
                                            compiler=self._compile)
            done = time.perf_counter()
        except _Stopped:
            raise
        except BriefEditorError as exc:
            if self._stopping:
                raise _Stopped from None
            self._emit("failed", gen, str(exc))
            return
        except Exception as exc:  # a bug here must not stop previews for the session
            log.exception("preview failed")
            self._emit("failed", gen, f"The preview failed unexpectedly: {exc}")
            return
        section_ids = tuple(section.id for section in request.brief.sections)
        self._emit("rendered", gen, PreviewResult(pdf, (*plan.warnings, *warnings),
                                                  planned - start, done - planned,
                                                  section_ids))

    def stop(self, timeout: float = 10.0) -> None:
        """Abandon queued work, kill a compile in progress, and end the thread."""
        with self._cond:
            self._stopping = True
            self._pending = None
            self._cond.notify()
        self.worker.cancel()
        self._thread.join(timeout)
        if self._thread.is_alive():  # still wording notes; it exits before compiling
            log.warning("preview thread still busy at shutdown")

    @property
    def alive(self) -> bool:
        return self._thread.is_alive() and not self._stopping


class PageView(QWidget):
    """The pages stacked vertically; only pages on screen are drawn, at the size shown."""

    CACHE_PAGES = 12

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Preview pages")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.pdf: PdfPages | None = None
        self.zoom: float | None = None  # None: fit the width of the dock
        self.rects: list[QRect] = []
        self._viewport_width = 400
        self._generation = 0  # which document the cached pictures belong to
        self._cache: OrderedDict[tuple[int, int, int, int], QPixmap] = OrderedDict()

    @property
    def page_count(self) -> int:
        return len(self.pdf) if self.pdf is not None else 0

    def set_document(self, pdf: PdfPages | None) -> None:
        """Show ``pdf`` (the view owns it from now on and closes the one it replaces)."""
        old, self.pdf = self.pdf, pdf
        self._generation += 1
        self._cache.clear()
        if old is not None:
            old.close()
        self.relayout()

    def set_zoom(self, zoom: float | None) -> None:
        self.zoom = zoom
        self.relayout()

    def set_viewport_width(self, width: int) -> None:
        if width != self._viewport_width:
            self._viewport_width = width
            self.relayout()

    def relayout(self) -> None:
        dpi = self.logicalDpiX() or SCREEN_PPI
        rects = []
        y = MARGIN
        widest = 0
        for width_pt, height_pt in (self.pdf.sizes if self.pdf is not None else ()):
            if self.zoom is None:
                width = max(80, self._viewport_width - 2 * MARGIN)
            else:
                width = max(40, round(width_pt / 72 * dpi * self.zoom))
            height = round(width * height_pt / width_pt)
            rects.append(QRect(0, y, width, height))
            widest = max(widest, width)
            y += height + GAP
        total_width = max(self._viewport_width, widest + 2 * MARGIN)
        for rect in rects:
            rect.moveLeft((total_width - rect.width()) // 2)
        self.rects = rects
        self.setFixedSize(total_width, max(y - GAP + MARGIN, 2 * MARGIN))
        self.update()

    def y_of(self, page: int, top_pt: float) -> int:
        """Where, in this view, the point ``top_pt`` below the top of ``page`` is drawn."""
        rect = self.rects[page]
        height_pt = self.pdf.sizes[page][1] if self.pdf is not None else 1.0
        return rect.top() + round(rect.height() * top_pt / max(height_pt, 1.0))

    def page_image(self, index: int, width: int, height: int) -> QImage:
        """Page ``index`` drawn by PDFium into a ``width`` × ``height`` picture."""
        assert self.pdf is not None
        pixels = self.pdf.render(index, width, height)
        image = QImage(pixels.data, pixels.width, pixels.height, pixels.stride,
                       QImage.Format.Format_RGB888).copy()  # copy: own the pixels
        if image.size() != QSize(width, height):
            image = image.scaled(width, height, Qt.AspectRatioMode.IgnoreAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
        return image

    def _pixmap(self, index: int, rect: QRect) -> QPixmap:
        ratio = self.devicePixelRatioF()
        width, height = round(rect.width() * ratio), round(rect.height() * ratio)
        key = (self._generation, index, width, height)
        pixmap = self._cache.get(key)
        if pixmap is not None:
            self._cache.move_to_end(key)
            return pixmap
        pixmap = QPixmap.fromImage(self.page_image(index, width, height))
        pixmap.setDevicePixelRatio(ratio)
        self._cache[key] = pixmap
        while len(self._cache) > self.CACHE_PAGES:
            self._cache.popitem(last=False)
        return pixmap

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        # A grey desk, darker than paper in light and dark themes alike.
        painter.fillRect(event.rect(), QColor(128, 128, 128))
        for index, rect in enumerate(self.rects):
            if rect.bottom() < event.rect().top() or rect.top() > event.rect().bottom():
                continue
            painter.fillRect(rect.translated(3, 3), QColor(0, 0, 0, 70))
            try:
                painter.drawPixmap(rect, self._pixmap(index, rect))
            except BriefEditorError as exc:  # a page PDFium cannot draw stays blank paper
                log.warning("preview page %d: %s", index + 1, exc)
                painter.fillRect(rect, QColor(255, 255, 255))
        painter.end()


class _Scroll(QScrollArea):
    def __init__(self, view: PageView) -> None:
        super().__init__()
        self.view = view
        self.setWidget(view)
        self.setWidgetResizable(False)
        self.setAccessibleName("Preview pages")
        # Always shown, so fitting the width cannot make the scroll bar come and go.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.view.set_viewport_width(self.viewport().width())


class PreviewPanel(QWidget):
    """Pages of the issue as the PDF export would print them, with zoom and a status line."""

    updated = Signal(int)  # the generation now on screen
    failed = Signal(str)

    def __init__(self, window: QWidget, worker: TypstWorker | None = None) -> None:
        super().__init__()
        self.setAccessibleName("Preview")
        self.main_window = window
        self.worker = worker or preview_worker()
        self.signals = _Signals(self)
        self.signals.compiling.connect(self._compiling)
        self.signals.rendered.connect(self._rendered)
        self.signals.failed.connect(self._failed)
        self._runner: PreviewRunner | None = None
        self._compiler: Compiler | None = None
        self.requested = 0  # generation of the newest request
        self.shown = 0  # generation of the pages on screen
        self.stale = True  # the brief changed since the newest request
        self.last_result: PreviewResult | None = None
        self.error: str | None = None
        self._closed = False

        self.zoom_box = QComboBox()
        self.zoom_box.setAccessibleName("Preview zoom")
        for text, value in ZOOMS:
            self.zoom_box.addItem(text, value)
        self.zoom_box.currentIndexChanged.connect(self._zoom_changed)
        self.page_label = QLabel("")
        self.page_label.setAccessibleName("Preview page count")
        self.status_label = QLabel("")
        self.status_label.setAccessibleName("Preview status")
        self.status_label.setWordWrap(True)
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored,
                                        QSizePolicy.Policy.Preferred)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 0)
        bar.setSpacing(10)
        bar.addWidget(self.zoom_box)
        bar.addWidget(self.page_label)
        bar.addWidget(self.status_label, 1)
        self.view = PageView()
        self.scroll = _Scroll(self.view)
        self.scroll.verticalScrollBar().valueChanged.connect(self._show_page_number)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.scroll, 1)

        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.refresh_now)
        self.idle_stop = QTimer(self)
        self.idle_stop.setSingleShot(True)
        self.idle_stop.setInterval(IDLE_STOP_MS)
        self.idle_stop.timeout.connect(self._stop_worker)

        window.installEventFilter(self)
        # Choosing a section in the outline brings its page into view.
        self._section_marks: dict[str, tuple[int, float]] = {}
        outline = getattr(window, "outline", None)
        if outline is not None:
            outline.section_selected.connect(self.show_section)
        document_replaced = getattr(window, "document_replaced", None)
        if document_replaced is not None:
            document_replaced.connect(self._document_replaced)
        self._document_replaced()

    # ------------------------------------------------------------------ state

    @property
    def compiler(self) -> Compiler | None:
        return self._compiler

    @compiler.setter
    def compiler(self, compiler: Compiler | None) -> None:
        """Wrap or replace the worker's compile (tests hold a compile back with it)."""
        self._compiler = compiler
        if self._runner is not None:
            self._runner.compiler = compiler

    @property
    def busy(self) -> bool:
        """A request is being planned or compiled."""
        return self._runner is not None and self._runner.busy

    @property
    def page_count(self) -> int:
        return self.view.page_count

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(460, 600)

    def _set_status(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setToolTip(text)

    # ------------------------------------------------------------------ requests

    def _document_replaced(self) -> None:
        document = getattr(self.main_window, "document", None)
        if document is None:
            return
        document.changed.connect(self._brief_changed)
        self._brief_changed()

    def _brief_changed(self, *_args: object) -> None:
        self.stale = True
        if self.isVisible() and not self._closed:
            self._set_status("Updating…")
            self.debounce.start()

    def _options(self) -> PreviewOptions:
        # The export's own choice of labels and fonts (from the team profile), so the
        # preview lays out what the export would.
        export_options = getattr(self.main_window, "_export_options", lambda: None)()
        if export_options is None:
            return PreviewOptions()
        return PreviewOptions(labels=getattr(export_options, "labels", None),
                              fonts=tuple(getattr(export_options, "fonts", ()) or ()),
                              endnotes_page=getattr(export_options, "endnotes_page", "new"))

    def refresh_now(self) -> None:
        """Send the current brief to be laid out (when the dock is on screen)."""
        self.debounce.stop()
        if not self.isVisible() or self._closed:
            return
        document = self.main_window.document  # type: ignore[attr-defined]
        runner = self._runner
        if runner is None or not runner.alive:
            runner = self._runner = PreviewRunner(self.worker, self.signals)
            runner.compiler = self._compiler
        self.requested += 1
        self.stale = False
        brief_dir = document.path.parent if document.path else None
        self._set_status("Updating…")
        runner.submit(_Request(self.requested, document.brief, brief_dir, self._options()))

    def _compiling(self, generation: int) -> None:
        log.debug("preview %d compiling", generation)

    def _rendered(self, generation: int, result: PreviewResult) -> None:
        if generation <= self.shown or self._closed:
            return  # older than what is on screen
        try:
            pdf = PdfPages(result.pdf)
        except BriefEditorError as exc:
            self._failed(generation, str(exc))
            return
        bar = self.scroll.verticalScrollBar()
        position = bar.value()
        self.shown = generation
        self.error = None
        self.last_result = result
        self.view.set_document(pdf)
        bar.setValue(position)
        marks = pdf.bookmarks()
        self._section_marks = (dict(zip(result.section_ids, marks, strict=True))
                               if len(marks) == len(result.section_ids) else {})
        self._show_page_number()
        if generation == self.requested and not self.stale:
            self._set_status("Up to date")
        self.updated.emit(generation)

    def current_page(self) -> int:
        """The page (from 1) across the middle of the view; 0 when there are none."""
        rects = self.view.rects
        if not rects:
            return 0
        middle = self.scroll.verticalScrollBar().value() + self.scroll.viewport().height() // 2
        for number, rect in enumerate(rects, start=1):
            if middle < rect.bottom() + GAP:
                return number
        return len(rects)

    def _show_page_number(self, *_args: object) -> None:
        count = self.view.page_count
        if count == 0:
            self.page_label.setText("")
        elif count == 1:
            self.page_label.setText("1 page")
        else:
            self.page_label.setText(f"Page {self.current_page()} of {count}")

    def show_section(self, section_id: str | None) -> None:
        """Scroll so the section's heading (or, for the masthead, the first page) shows."""
        if self.view.page_count == 0:
            return
        bar = self.scroll.verticalScrollBar()
        if section_id is None:
            bar.setValue(0)
            return
        mark = self._section_marks.get(section_id)
        if mark is not None:
            # A little paper above the heading, so it does not sit on the edge.
            bar.setValue(max(0, self.view.y_of(*mark) - 3 * MARGIN))

    def _failed(self, generation: int, message: str) -> None:
        if generation < self.requested or self._closed:
            return  # a newer request is on its way
        self.error = message
        text = message[:1].upper() + message[1:]
        self._set_status(f"The preview could not be updated: {text}")
        self.failed.emit(message)

    def _zoom_changed(self, _index: int) -> None:
        bar = self.scroll.verticalScrollBar()
        fraction = bar.value() / bar.maximum() if bar.maximum() else 0.0
        self.view.set_zoom(self.zoom_box.currentData())
        bar.setValue(round(fraction * bar.maximum()))

    # ------------------------------------------------------------------ visibility

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.idle_stop.stop()
        if self._closed:
            return
        if self.stale or self.shown < self.requested:
            QTimer.singleShot(0, self.refresh_now)

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().hideEvent(event)
        self.debounce.stop()
        if self._runner is not None:
            self._runner.clear()
        if self.shown < self.requested:
            self.stale = True  # what was asked for may never come; ask again when shown
        if not self._closed:
            self.idle_stop.start()

    def _stop_worker(self) -> None:
        if self.isVisible():
            return
        self.worker.cancel()
        self.worker.close()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # A window that hides of its own accord (not minimised by the window system) is
        # closing: stop the thread and the worker process now, leaving no process behind.
        if (watched is self.main_window and event.type() == QEvent.Type.Hide
                and not event.spontaneous()):
            self.shutdown()
        return False

    def shutdown(self) -> None:
        """Stop the background thread and the worker process (the window is closing)."""
        self._closed = True
        self.debounce.stop()
        self.idle_stop.stop()
        runner, self._runner = self._runner, None
        if runner is not None:
            runner.stop()
        self.worker.cancel()
        self.worker.close()
        self.view.set_document(None)


def install_preview(window) -> PreviewPanel:
    """Add the Preview dock to ``window`` (View ▸ Panels ▸ Preview), hidden until asked for."""
    panel = PreviewPanel(window)
    dock: QDockWidget = window.add_panel(PANEL_TITLE, panel, SHORTCUT)
    dock.hide()
    return panel
