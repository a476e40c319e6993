"""Export to DOCX or PDF in a worker thread, with progress, cancel and "open the result"."""

from __future__ import annotations

import dataclasses
import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from brief_editor.errors import BriefEditorError
from brief_editor.model import Brief

log = logging.getLogger(__name__)


class _Cancelled(BaseException):
    """Raised inside the exporter's progress callback to stop it (BaseException on purpose:
    an exporter's ``except Exception`` must not swallow a cancel)."""


class ExportThread(QThread):
    """Runs one export; the brief is an immutable value, so editing can go on meanwhile."""

    progressed = Signal(int, int)
    succeeded = Signal(object)  # list of warnings
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, brief: Brief, output: Path, brief_dir: Path | None,
                 options: object | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.brief = brief
        self.output = output
        self.brief_dir = brief_dir
        self.options = options
        self._cancel = threading.Event()
        self._worker = None  # the process laying out a PDF, while one is

    def cancel(self) -> None:
        self._cancel.set()
        worker = self._worker
        if worker is not None:
            worker.cancel()  # a long layout stops now, not when it is done

    def _progress(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise _Cancelled
        self.progressed.emit(int(done), int(total))

    def run(self) -> None:  # noqa: D102 - QThread override
        try:
            from brief_editor.export.run import ExportCancelled, export_brief
        except ImportError as exc:
            log.warning("export is not available: %s", exc)
            self.failed.emit("Export is not available in this installation "
                             f"({exc.name or exc} is missing).")
            return
        options = self.options
        if self.output.suffix.lower() == ".pdf":
            from brief_editor.export.run import ExportOptions
            from brief_editor.export.typst_compile import TypstWorker

            # Typst never gives back the memory of a layout (typst-py#104): each export of a
            # long issue would leave the editor hundreds of megabytes larger. A process of
            # its own lays the PDF out and takes that memory with it when it ends.
            self._worker = TypstWorker(max_compiles=4)  # the font probe, then the layout
            options = dataclasses.replace(options or ExportOptions(),
                                          compiler=self._worker.compile)
        try:
            warnings = export_brief(self.brief, self.output, brief_dir=self.brief_dir,
                                    options=options, progress=self._progress)  # type: ignore[arg-type]
        except (_Cancelled, ExportCancelled):
            self.cancelled.emit()
            return
        except BriefEditorError as exc:
            if self._cancel.is_set():  # the layout was stopped by Cancel
                self.cancelled.emit()
            else:
                self.failed.emit(str(exc))
            return
        except ImportError as exc:
            self.failed.emit(f"This export needs a part that is not installed: {exc.name or exc}.")
            return
        except Exception as exc:  # an exporter bug must not take the editor down
            log.exception("export to %s failed", self.output)
            self.failed.emit(f"The export failed unexpectedly: {exc}")
            return
        finally:
            worker, self._worker = self._worker, None
            if worker is not None:
                worker.close()
        if self._cancel.is_set():
            self.cancelled.emit()
            return
        self.succeeded.emit(list(warnings or []))


class ExportController(QObject):
    """Shows the progress of an export and what came of it."""

    finished = Signal(bool)

    def __init__(self, parent: QWidget, brief: Brief, output: Path, brief_dir: Path | None,
                 options: object | None = None) -> None:
        super().__init__(parent)
        self.window = parent
        self.output = output
        self.thread = ExportThread(brief, output, brief_dir, options, self)
        self.dialog = QProgressDialog(f"Exporting {output.name}…", "Cancel", 0, 0, parent)
        self.dialog.setWindowTitle("Export")
        self.dialog.setAccessibleName("Export progress")
        self.dialog.setWindowModality(Qt.WindowModality.NonModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.thread.cancel)
        self.thread.progressed.connect(self._progress)
        self.thread.succeeded.connect(self._succeeded)
        self.thread.failed.connect(self._failed)
        self.thread.cancelled.connect(self._cancelled)
        self.result: str | None = None

    def start(self) -> None:
        self.thread.start()

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))

    def _done(self) -> None:
        self.thread.wait()
        self.dialog.reset()
        self.dialog.hide()

    def _succeeded(self, warnings: list[str]) -> None:
        self._done()
        self.result = "ok"
        self.finished.emit(True)
        box = QMessageBox(QMessageBox.Icon.Information, "Export",
                          f"Exported {self.output.name}.", parent=self.window)
        if warnings:
            box.setDetailedText("\n".join(str(w) for w in warnings))
            box.setInformativeText(f"{len(warnings)} warning(s); see the details.")
        open_file = box.addButton("Open", QMessageBox.ButtonRole.AcceptRole)
        open_folder = box.addButton("Open Folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is open_file:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.output)))
        elif box.clickedButton() is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.output.parent)))

    def _failed(self, message: str) -> None:
        self._done()
        self.result = "failed"
        self.finished.emit(False)
        QMessageBox.warning(self.window, "Export failed", message)

    def _cancelled(self) -> None:
        self._done()
        self.result = "cancelled"
        self.finished.emit(False)
