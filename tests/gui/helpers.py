"""Helpers shared by the editor tests: a sample brief, answering modal dialogs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QFileDialog, QMessageBox

from brief_editor.model import (
    Brief,
    Cite,
    EventSection,
    Link,
    Meta,
    NarrativeSection,
    Note,
    Source,
    Styled,
)


def make_brief(sections: int = 3) -> Brief:
    """A small brief with marks, links and notes, as a file written by the program would be."""
    secs = []
    for i in range(sections):
        secs.append(EventSection(
            id=f"s{i + 1}", heading=(f"Talks round {i + 1}",), date=dt.date(2024, 3, 4),
            location="Geneva, Switzerland", parties=("Delegation A", "Delegation B"),
            event=(("Both delegations met again in ", Styled("Geneva", ("italic",)), ".",
                    Note((Cite("wire1"),)), " A spokesperson called the talks useful.",
                    Note((Cite("wire1", "2"),))),
                   ("A second paragraph with a ", Link("https://example.org", "link"), ".")),
            implications=(("Further rounds are likely.",),
                          ("Pressure will mount.", Note((Cite("wire1"),)))),
        ))
    secs.append(NarrativeSection(id="n1", heading=("Outlook",), body=(("Quiet week ahead.",),)))
    return Brief(
        meta=Meta(publication="Security Brief", title="Example Desk", issue=3,
                  week_of=dt.date(2024, 3, 4), authors=("A. Analyst",), team="Example Team",
                  organization="Example Group"),
        sections=tuple(secs),
        sources=(Source({"id": "wire1", "type": "article-newspaper",
                         "title": "Talks Resume in Geneva", "container-title": "Example Wire",
                         "issued": {"date-parts": [[2024, 3]]},
                         "URL": "https://example.org/talks"}),),
    )


def answer_dialog(button: str | QMessageBox.StandardButton | Callable[[QDialog], None],
                  seen: list[str] | None = None) -> None:
    """Answer the next modal dialog by button text, standard button, or a function."""

    def attempt(tries: int = 0) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            if tries < 200:
                QTimer.singleShot(10, lambda: attempt(tries + 1))
            return
        if seen is not None:
            seen.append(dialog.windowTitle())
        if callable(button) and not isinstance(button, QMessageBox.StandardButton):
            button(dialog)
            return
        if isinstance(button, QMessageBox.StandardButton):
            assert isinstance(dialog, QMessageBox)
            dialog.button(button).click()
            return
        for candidate in dialog.findChildren(QAbstractButton):
            if candidate.text().replace("&", "") == button:
                candidate.click()
                return
        raise AssertionError(f"no button {button!r} in {dialog.windowTitle()!r}")

    QTimer.singleShot(0, attempt)


def choose_file(monkeypatch: Any, path: Path, *, save: bool = False) -> None:
    """Answer the next file dialog with ``path`` (the dialog itself is the OS's)."""
    name = "getSaveFileName" if save else "getOpenFileName"
    monkeypatch.setattr(QFileDialog, name, staticmethod(lambda *a, **k: (str(path), "")))
