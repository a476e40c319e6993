"""Help → About: version, build, Qt, the team profile in use, and third-party credits."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from brief_editor import __version__
from brief_editor.buildinfo import build_info, vendored_versions
from brief_editor.resources import resources_dir


def about_html(profile_path: Path | None) -> str:
    """The text of the About box, as rich text with every value escaped."""
    info = build_info()
    built = ""
    if info.get("date") or info.get("commit"):
        built = f"Built {info.get('date', '')} {info.get('commit', '')}".strip()
    profile = str(profile_path) if profile_path else "the bundled default profile"
    licences = resources_dir().parent / "LICENSES.md"
    rows = [
        ("Version", f"Brief Editor {__version__}"),
        ("Build", built or "from source"),
        ("Qt", f"Qt {qVersion()}, PySide6 {pyside_version}"),
        ("Notes", vendored_versions()),
        ("Team profile", profile),
    ]
    table = "".join(
        f"<tr><td><b>{html.escape(k)}</b>&nbsp;&nbsp;</td><td>{html.escape(v)}</td></tr>"
        for k, v in rows
    )
    return (
        "<h3>Brief Editor</h3>"
        "<p>Source-cited weekly briefs: notes, Ibid. and checks are computed; "
        "export to Word and PDF.</p>"
        f"<table>{table}</table>"
        "<p>Citation formatting by citeproc-js, © Frank Bennett "
        "(Common Public Attribution License 1.0 / GNU AGPL 3.0). CSL locale data © the "
        "Citation Style Language project (CC BY-SA 3.0). PDF typesetting by Typst; "
        "preview pages drawn by PDFium. "
        "Qt for Python (LGPL 3.0), python-docx, bibtexparser, platformdirs, mini-racer.</p>"
        f"<p>Licences: {html.escape(str(licences))}</p>"
    )


class AboutDialog(QDialog):
    """A small, selectable About box (people copy the version into bug reports)."""

    def __init__(self, parent: QWidget | None, profile_path: Path | None):
        super().__init__(parent)
        self.setWindowTitle("About Brief Editor")
        self.setAccessibleName("About Brief Editor")
        label = QLabel(about_html(profile_path))
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setWordWrap(True)
        label.setAccessibleName("Version and credits")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.setAccessibleName("Close")
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(buttons)
        self.resize(520, 360)
