"""File ▸ Document Settings…: how this brief's notes and pages look, and its language.

The values live in the brief (its ``style`` and ``meta.language``, FORMAT.md), so they
travel with the file; a change is one step on the undo stack. A setting the user leaves
at its default stays unset in the file, as a brief written by hand would have it.
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from brief_editor.citations.errors import CitationError
from brief_editor.citations.styles import available_styles, resolve_style
from brief_editor.model import Brief, Style
from brief_editor.model.document import DEFAULT_LANGUAGE

# A BCP 47 tag as people write them: a language, then region, script or variant parts.
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
COMMON_LANGUAGES = ("en-US", "en-GB", "fr-FR", "de-DE", "es-ES", "it-IT", "pt-BR", "nl-NL",
                    "pl-PL", "uk-UA", "ru-RU", "ar", "tr-TR", "zh-CN", "ja-JP")
PAPERS = (("letter", "US Letter (8.5 × 11 in)"), ("a4", "A4 (210 × 297 mm)"))
_CSL_TITLE = re.compile(r"<title>([^<]+)</title>")


def citation_style_choices(user_styles: Path | None) -> list[tuple[str, str]]:
    """(name for the brief, label to show) of every style the program can offer.

    The one place the dialog learns which styles exist, so that a new list of styles
    (the bundled set, the user's folder) needs a change here only.
    """
    choices = []
    for name in available_styles(user_styles):
        try:
            xml = resolve_style(name, user_styles=user_styles).xml
        except CitationError:
            continue
        match = _CSL_TITLE.search(xml)
        title = match.group(1).strip() if match else name
        choices.append((name, title))
    return choices


def brief_with_settings(brief: Brief, style: Style, language: str | None) -> Brief:
    """``brief`` with new style settings; values equal to what is in effect stay unset."""
    old = brief.style

    def keep(field: str, effective: object) -> object:
        chosen = getattr(style, field)
        current = getattr(old, field)
        return current if chosen == effective else chosen

    new_style = dataclasses.replace(
        old,
        citation_style=keep("citation_style", old.effective_citation_style),
        notes=keep("notes", old.effective_notes),
        ibid=keep("ibid", old.effective_ibid),
        paper=keep("paper", old.effective_paper),
    )
    meta = brief.meta
    if (language or DEFAULT_LANGUAGE) != meta.effective_language:
        meta = dataclasses.replace(meta, language=language)
    return dataclasses.replace(brief, style=new_style, meta=meta)


class DocumentSettingsDialog(QDialog):
    """Citation style, footnotes or endnotes, Ibid., paper size and language of one brief."""

    def __init__(self, brief: Brief, brief_dir: Path | None, user_styles: Path | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Document Settings")
        self.setAccessibleName("Document settings")
        self._brief = brief
        self._brief_dir = brief_dir
        self._user_styles = user_styles
        style = brief.style

        self.style_box = QComboBox()
        self.style_box.setAccessibleName("Citation style")
        for name, label in citation_style_choices(user_styles):
            self.style_box.addItem(label, name)
        self._select_style(style.effective_citation_style)
        browse = QPushButton("CSL &File…")
        browse.setAccessibleName("Use a CSL style file")
        browse.setToolTip("Use a citation style (.csl) from disk, such as one from the "
                          "Zotero style repository")
        browse.clicked.connect(self._browse)
        style_row = QHBoxLayout()
        style_row.addWidget(self.style_box, 1)
        style_row.addWidget(browse)

        self.endnotes = QRadioButton("&Endnotes: a numbered list at the end")
        self.footnotes = QRadioButton("F&ootnotes: at the foot of each page")
        for button in (self.endnotes, self.footnotes):
            button.setAccessibleName(button.text().replace("&", "").split(":")[0])
        group = QButtonGroup(self)
        group.addButton(self.endnotes)
        group.addButton(self.footnotes)
        (self.footnotes if style.effective_notes == "footnotes" else self.endnotes
         ).setChecked(True)
        notes = QVBoxLayout()
        notes.addWidget(self.endnotes)
        notes.addWidget(self.footnotes)

        self.ibid = QCheckBox("Write “&Ibid.” when a note repeats the source of the note before")
        self.ibid.setAccessibleName("Ibid.")
        self.ibid.setToolTip("Off: a repeated source is given in its short form instead")
        self.ibid.setChecked(style.effective_ibid)

        self.paper = QComboBox()
        self.paper.setAccessibleName("Paper size")
        for value, label in PAPERS:
            self.paper.addItem(label, value)
        self.paper.setCurrentIndex(max(0, self.paper.findData(style.effective_paper)))

        self.language = QComboBox()
        self.language.setEditable(True)
        self.language.setAccessibleName("Language")
        self.language.setToolTip("A language tag (BCP 47), such as en-US or fr-FR: it sets "
                                 "the words of the notes (“Ibid.”, “accessed”) and the "
                                 "hyphenation of the PDF")
        self.language.addItems(COMMON_LANGUAGES)
        self.language.setCurrentText(brief.meta.effective_language)

        self.problem = QLabel()
        self.problem.setAccessibleName("Problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.setVisible(False)

        form = QFormLayout()
        form.addRow(self._label("Citation &style:", self.style_box), style_row)
        form.addRow(QLabel("Notes:"), notes)
        form.addRow(QLabel(""), self.ibid)
        form.addRow(self._label("&Paper:", self.paper), self.paper)
        form.addRow(self._label("&Language:", self.language), self.language)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(620, self.sizeHint().height())

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _select_style(self, name: str) -> None:
        index = self.style_box.findData(name)
        if index < 0:
            # A style file from disk, or one no longer installed: show it as it is named.
            self.style_box.addItem(name, name)
            index = self.style_box.count() - 1
        self.style_box.setCurrentIndex(index)

    def _browse(self) -> None:
        start = str(self._brief_dir or Path.home())
        name, _ = QFileDialog.getOpenFileName(self, "Citation style file", start,
                                              "CSL styles (*.csl)")
        if name:
            self.use_csl_file(Path(name))

    def use_csl_file(self, path: Path) -> bool:
        """Choose the style in ``path``; a file that is not a CSL style is explained."""
        path = path.absolute()
        try:
            resolve_style(str(path))
        except CitationError as exc:
            QMessageBox.warning(self, "Citation style", f"{exc}")
            return False
        self._select_style(self._name_for(path))
        return True

    def _name_for(self, path: Path) -> str:
        # FORMAT.md: a path relative to the brief's folder, so that they travel together;
        # a file outside that folder (or a brief not saved yet) keeps its full path.
        if self._brief_dir is not None:
            try:
                return path.relative_to(self._brief_dir.absolute()).as_posix()
            except ValueError:
                pass
        return os.fspath(path)

    def _accept(self) -> None:
        language = self.language.currentText().strip()
        if language and not _LANGUAGE_TAG.match(language):
            self.problem.setText(f"“{language}” is not a language tag: write one such as "
                                 "en-US, en-GB or fr-FR.")
            self.problem.setVisible(True)
            self.language.setFocus()
            return
        self.accept()

    def result_brief(self) -> Brief:
        """The brief with the settings chosen (after OK)."""
        style = Style(
            citation_style=self.style_box.currentData(),
            notes="footnotes" if self.footnotes.isChecked() else "endnotes",
            ibid=self.ibid.isChecked(),
            paper=self.paper.currentData(),
        )
        language = self.language.currentText().strip() or None
        return brief_with_settings(self._brief, style, language)


def open_document_settings(window) -> bool:
    """Show the dialog for the window's brief; True when settings changed (one undo step)."""
    document = window.document
    dialog = DocumentSettingsDialog(document.brief,
                                    document.path.parent if document.path else None,
                                    window.paths.user_styles, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    after = dialog.result_brief()
    if after == document.brief:
        return False
    document.push(after, "Change document settings")
    return True
