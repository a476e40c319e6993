"""The forms in the middle of the window: the masthead, an event, a narrative, figures.

Only the selected item's form exists at any time, so that a brief of hundreds of sections
opens as fast as a short one. A form writes each edit to the Document as an undoable
command and, when the document changes (undo, redo, another view), shows the new values of
the fields that differ from what it shows.
"""

from __future__ import annotations

import base64
import dataclasses
import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from brief_editor.model import (
    Brief,
    EventSection,
    Figure,
    Inline,
    Meta,
    NarrativeSection,
    Note,
    Section,
    inlines_in_reading_order,
)
from brief_editor.model.figure_image import FigureImageError, figure_image_size
from brief_editor.model.narrative import reanchor
from brief_editor.safe_read import UnreadableFile, read_regular_file
from brief_editor.ui.date_field import DateField, WeekOfField
from brief_editor.ui.document import Document
from brief_editor.ui.richtext import RichTextEdit
from brief_editor.ui.subheadings import SubheadingsEditor
from brief_editor.ui.widgets import StringListEdit, UndoFreeLineEdit

log = logging.getLogger(__name__)

MAX_FIGURE_BYTES = 20 * 1024 * 1024


def _count(inline: Inline | None) -> int:
    return sum(1 for span in inline or () if isinstance(span, Note))


def note_bases(brief: Brief, section_id: str | None) -> dict[tuple[str, int], int]:
    """The number of the first note of each Inline of one section (None: the masthead).

    Counted in the model's reading order, so a figure placed between paragraphs numbers
    its caption's notes where it prints.
    """
    number = 1
    bases: dict[tuple[str, int], int] = {}
    if section_id is None:
        parts: list[Brief] = [Brief(meta=brief.meta)]
    else:
        # The notes before the section are counted a section at a time (cached while the
        # section is unchanged): the form asks at every keystroke, and reading the slots
        # of a 1,000-section brief each time cost more than the 16 ms a keystroke has.
        number += _count(brief.meta.summary)
        parts = []
        for section in brief.sections:
            if section.id == section_id:
                parts = [Brief(sections=(section,))]
                break
            number += _notes_of(section)
    for part in parts:
        for slot in inlines_in_reading_order(part):
            bases[(slot.place.field, slot.place.index)] = number
            number += _count(slot.inline)
    return bases


_section_notes: dict[int, tuple[object, int]] = {}


def _notes_of(section: object) -> int:
    """The number of notes of one section, remembered while it is the same object."""
    known = _section_notes.get(id(section))
    if known is None or known[0] is not section:
        if len(_section_notes) > 20_000:
            _section_notes.clear()
        count = sum(_count(slot.inline)
                    for slot in inlines_in_reading_order(Brief(sections=(section,))))  # type: ignore[arg-type]
        known = _section_notes[id(section)] = (section, count)
    return known[1]


class Form(QScrollArea):
    """A scrollable form bound to one part of the document."""

    def __init__(self, document: Document, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(title)
        holder = QWidget()
        holder.setAccessibleName(title)
        centre = QHBoxLayout(holder)
        centre.setContentsMargins(0, 0, 0, 0)
        body = QWidget()
        body.setAccessibleName(title)
        # Lines of text longer than this are hard to read; wide windows get margins instead.
        body.setMaximumWidth(980)
        centre.addWidget(body)
        self.outer = QVBoxLayout(body)
        self.outer.setContentsMargins(18, 14, 18, 18)
        self.outer.setSpacing(10)
        heading = QLabel(title)
        heading.setAccessibleName(f"{title} (form title)")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        heading.setFont(font)
        self.title_label = heading
        self.outer.addWidget(heading)
        self.layout_ = QFormLayout()
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.layout_.setVerticalSpacing(8)
        self.outer.addLayout(self.layout_)
        self.setWidget(holder)
        self.rich_edits: list[RichTextEdit] = []
        document.changed.connect(self._on_changed)

    def add_row(self, label: str, widget: QWidget) -> None:
        text = QLabel(f"{label}:")
        text.setBuddy(widget)
        text.setAccessibleName(label)
        self.layout_.addRow(text, widget)
        if isinstance(widget, RichTextEdit):
            self.rich_edits.append(widget)

    def finish(self) -> None:
        self.outer.addStretch(1)

    def _on_changed(self, old: Brief, new: Brief) -> None:
        self.refresh(new)

    def refresh(self, brief: Brief) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def first_field(self) -> QWidget | None:
        return None


class MastheadForm(Form):
    """Publication, title, issue number, week of, people, marking, language and summary."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, "Masthead", parent)
        self.publication = self._line("Publication", "publication")
        self.title = self._line("Title", "title")
        self.issue = QSpinBox()
        self.issue.setAccessibleName("Issue number")
        self.issue.setRange(0, 1_000_000)
        self.issue.setSpecialValueText("—")
        self.issue.valueChanged.connect(self._issue_changed)
        self.add_row("Issue", self.issue)
        self.week_of = WeekOfField("Week of (Monday)")
        self.week_of.value_changed.connect(
            lambda v: self.document.edit_meta("Change week", ("meta", "week_of"), week_of=v))
        self.add_row("Week of", self.week_of)
        self.authors = StringListEdit("Authors", "author")
        self.authors.value_changed.connect(
            lambda v: self.document.edit_meta("Change authors", None, authors=tuple(v)))
        self.add_row("Authors", self.authors)
        self.team = self._line("Team", "team")
        self.organization = self._line("Organization", "organization")
        self.credits = StringListEdit("Credits", "credit line")
        self.credits.value_changed.connect(
            lambda v: self.document.edit_meta("Change credits", None,
                                              credits=tuple(v) if v else None))
        self.add_row("Credits", self.credits)
        self.marking = self._line("Marking", "marking", optional=True)
        self.marking.setPlaceholderText("e.g. UNCLASSIFIED // FOR PUBLIC RELEASE")
        self.language = self._line("Language", "language", optional=True)
        self.language.setPlaceholderText("en-US")
        self.summary = RichTextEdit("Summary", single_block=True, min_lines=3)
        self.summary.edited.connect(self._summary_edited)
        self.summary.set_note_numbering(lambda _block: 1)
        self.add_row("Summary", self.summary)
        self.finish()
        self.refresh(document.brief)

    def _line(self, label: str, field: str, *, optional: bool = False) -> UndoFreeLineEdit:
        edit = UndoFreeLineEdit(label)
        edit.setPlaceholderText("")

        def edited(text: str) -> None:
            value: str | None = text
            if optional and not text:
                value = None
            self.document.edit_meta(f"Type in {label.lower()}", ("meta", field),
                                    **{field: value})

        edit.textEdited.connect(edited)
        self.add_row(label, edit)
        return edit

    def _issue_changed(self, value: int) -> None:
        if self._quiet_issue:
            return
        self.document.edit_meta("Change issue number", ("meta", "issue"),
                                issue=value if value > 0 else None)

    _quiet_issue = False

    def _summary_edited(self) -> None:
        inline = self.summary.inline()
        self.document.edit_meta("Type in summary", ("meta", "summary"),
                                summary=inline if inline else None)

    def refresh(self, brief: Brief) -> None:
        meta: Meta = brief.meta
        self.publication.set_text_quietly(meta.publication)
        self.title.set_text_quietly(meta.title)
        self._quiet_issue = True
        self.issue.setValue(meta.issue or 0)
        self._quiet_issue = False
        self.week_of.set_value(meta.week_of)
        self.authors.set_value(meta.authors)
        self.team.set_text_quietly(meta.team)
        self.organization.set_text_quietly(meta.organization)
        self.credits.set_value(meta.credits or ())
        self.marking.set_text_quietly(meta.marking or "")
        self.language.set_text_quietly(meta.language or "")
        self.summary.set_inline(meta.summary)
        self.summary.refresh_notes()

    def first_field(self) -> QWidget | None:
        return self.publication


class SectionForm(Form):
    """The part of the event and narrative forms that is the same: heading and figures."""

    def __init__(self, document: Document, section: Section, title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(document, title, parent)
        self.section_id = section.id
        self._bases: dict[tuple[str, int], int] = {}
        self.heading = RichTextEdit("Heading", single_block=True)
        self.heading.edited.connect(
            lambda: self._edit("Type in heading", "heading", self.heading.inline()))
        self.add_row("Heading", self.heading)
        self._numbering(self.heading, "heading")

    def _numbering(self, editor: RichTextEdit, field: str, index: int | None = None) -> None:
        # Paragraph and bullet fields number by block; single fields by their own slot.
        if index is None and field in ("heading",):
            index = 0
        if index is None:
            editor.set_note_numbering(lambda block: self._bases.get((field, block), 1))
        else:
            editor.set_note_numbering(lambda _block: self._bases.get((field, index), 1))

    def _edit(self, text: str, field: str, value: object) -> None:
        self.document.edit_section(self.section_id, text, (self.section_id, field),
                                   **{field: value})

    def add_figures(self) -> None:
        self.figures = FiguresEditor(self)
        self.outer.addWidget(self.figures)

    def current(self, brief: Brief) -> Section | None:
        for section in brief.sections:
            if section.id == self.section_id:
                return section
        return None

    def refresh(self, brief: Brief) -> None:
        section = self.current(brief)
        if section is None:
            return
        self._bases = note_bases(brief, self.section_id)
        self.heading.set_inline(section.heading)
        self.refresh_section(section)
        self.figures.refresh(section)
        for editor in [*self.rich_edits, *(box.caption for box in self.figures.boxes)]:
            editor.refresh_notes()

    def refresh_section(self, section: Section) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def first_field(self) -> QWidget | None:
        return self.heading


class EventForm(SectionForm):
    """Heading, date, location, parties, the event and the implications."""

    def __init__(self, document: Document, section: EventSection,
                 parent: QWidget | None = None) -> None:
        super().__init__(document, section, "Event", parent)
        self.date = DateField("Date of the event")
        self.date.value_changed.connect(lambda v: self._edit("Change date", "date", v))
        self.add_row("Date", self.date)
        self.location = UndoFreeLineEdit("Location")
        self.location.textEdited.connect(lambda t: self._edit("Type in location", "location", t))
        self.add_row("Location", self.location)
        self.parties = StringListEdit("Parties", "party")
        self.parties.value_changed.connect(lambda v: self._edit("Change parties", "parties", v))
        self.add_row("Parties", self.parties)
        self.event = RichTextEdit("The event", min_lines=4)
        self.event.edited.connect(lambda: self._edit("Type in the event", "event",
                                                     self.event.value()))
        self._numbering(self.event, "event")
        self.add_row("The event", self.event)
        self.implications = RichTextEdit("The implications", bullets=True, min_lines=3)
        self.implications.setToolTip(
            "Enter starts a bullet; Backspace on an empty bullet joins it to the one before; "
            "Alt+Up/Down moves a bullet; drag a bullet by its dot")
        self.implications.edited.connect(
            lambda: self._edit("Type in the implications", "implications",
                               self.implications.value()))
        self._numbering(self.implications, "implications")
        self.add_row("The implications", self.implications)
        self.add_figures()
        self.finish()
        self.refresh(document.brief)

    def refresh_section(self, section: Section) -> None:
        if not isinstance(section, EventSection):
            return
        self.date.set_value(section.date)
        self.location.set_text_quietly(section.location)
        self.parties.set_value(section.parties)
        self.event.set_value(section.event)
        self.implications.set_value(section.implications)


class NarrativeForm(SectionForm):
    """Heading, byline, source line, body, subheadings, figures and credits."""

    def __init__(self, document: Document, section: NarrativeSection,
                 parent: QWidget | None = None) -> None:
        super().__init__(document, section, "Narrative", parent)
        self.byline = UndoFreeLineEdit("Byline")
        self.byline.setPlaceholderText("The author of this piece, printed under its heading")
        self.byline.textEdited.connect(lambda t: self._edit("Type in byline", "byline", t))
        self.add_row("Byline", self.byline)
        self.source_line = UndoFreeLineEdit("Source")
        self.source_line.setPlaceholderText("Where the piece first appeared (printed "
                                            "“Source: …”)")
        self.source_line.textEdited.connect(
            lambda t: self._edit("Type in source", "source_line", t))
        self.add_row("Source", self.source_line)
        self.body = RichTextEdit("Body", min_lines=8)
        self.body.edited.connect(self._edit_body)
        self._numbering(self.body, "body")
        self.add_row("Body", self.body)
        self.subheadings = SubheadingsEditor(self._edit_subheadings)
        self.add_row("Subheadings", self.subheadings)
        self.credits = StringListEdit("Credits", "credit")
        self.credits.entry.setPlaceholderText("Translated by … (Enter adds it)")
        self.credits.value_changed.connect(lambda v: self._edit("Change credits", "credits", v))
        self.add_row("Credits", self.credits)
        self.add_figures()
        self.finish()
        self.refresh(document.brief)

    def _edit_body(self) -> None:
        # Figures and subheadings stay beside their paragraphs when paragraphs come and go.
        section = self.current(self.document.brief)
        if not isinstance(section, NarrativeSection):
            return
        changes = reanchor(section, self.body.value())
        self.document.edit_section(self.section_id, "Type in the body",
                                   (self.section_id, "body"), **changes)

    def _edit_subheadings(self, subheadings: tuple, text: str, key: object) -> None:
        merge = (self.section_id, *key) if isinstance(key, tuple) else None
        self.document.edit_section(self.section_id, text, merge, subheadings=subheadings)

    def refresh_section(self, section: Section) -> None:
        if isinstance(section, NarrativeSection):
            self.byline.set_text_quietly(section.byline)
            self.source_line.set_text_quietly(section.source_line)
            self.body.set_value(section.body)
            self.subheadings.refresh(section)
            self.credits.set_value(section.credits)


def sniff_media_type(data: bytes) -> str | None:
    """image/png or image/jpeg from the first bytes, or None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


class FigureBox(QGroupBox):
    """One figure: preview, caption, credit and alt text."""

    def __init__(self, owner: FiguresEditor, index: int, figure: Figure) -> None:
        super().__init__(f"Figure {index + 1}")
        self.setAccessibleName(f"Figure {index + 1}")
        self.owner = owner
        self.figure_id = figure.id
        self.index = index
        self.preview = QLabel()
        self.preview.setAccessibleName(f"Preview of figure {index + 1}")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(160, 100)
        self._show_image(figure)
        self.caption = RichTextEdit("Caption", single_block=True)
        form = owner.form
        self.caption.set_note_numbering(
            lambda _block: form._bases.get(("caption", self.index), 1))
        self.caption.edited.connect(lambda: owner.edit(self.figure_id, "Type in caption",
                                                       "caption", self.caption.inline()))
        self.credit = UndoFreeLineEdit("Credit")
        self.credit.textEdited.connect(
            lambda t: owner.edit(self.figure_id, "Type in credit", "credit", t))
        self.alt = UndoFreeLineEdit("Alt text")
        self.alt.setToolTip("Describes the image for screen readers")
        self.alt.textEdited.connect(
            lambda t: owner.edit(self.figure_id, "Type in alt text", "alt", t))
        # Preview and buttons on top, the fields under them across the whole width: side by
        # side, a caption got about 85 px at the default window size.
        self.place = QComboBox()
        self.place.setAccessibleName(f"Where figure {index + 1} goes")
        self.place.setToolTip("Between which paragraphs the figure prints")
        self.place.activated.connect(lambda i: owner.edit(self.figure_id, "Place figure",
                                                          "after", None if i == 0 else i - 1))
        narrative = isinstance(owner.form, NarrativeForm)
        self.place.setVisible(narrative)
        buttons = QHBoxLayout()
        for label, slot in (("Move up", lambda: owner.move(self.figure_id, -1)),
                            ("Move down", lambda: owner.move(self.figure_id, 1)),
                            ("Remove", lambda: owner.remove(self.figure_id))):
            button = QPushButton(label)
            button.setAccessibleName(f"{label} figure {index + 1}")
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        side = QVBoxLayout()
        place_label = QLabel("Place:")
        place_label.setBuddy(self.place)
        place_label.setVisible(narrative)
        place_row = QHBoxLayout()
        place_row.addWidget(place_label)
        place_row.addWidget(self.place, 1)
        side.addLayout(place_row)
        side.addLayout(buttons)
        side.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.preview)
        top.addLayout(side, 1)
        fields = QFormLayout()
        fields.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, widget in (("Caption", self.caption), ("Credit", self.credit),
                              ("Alt text", self.alt)):
            text = QLabel(f"{label}:")
            text.setBuddy(widget)
            fields.addRow(text, widget)
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addLayout(fields)
        self.update_fields(figure)

    def _show_image(self, figure: Figure) -> None:
        image = QImage()
        try:
            image.loadFromData(QByteArray(figure.image_bytes()))
        except (ValueError, TypeError):
            image = QImage()
        if image.isNull():
            self.preview.setText("(image cannot be shown)")
            return
        pixmap = QPixmap.fromImage(image)
        ratio = self.devicePixelRatioF() or 1.0
        scaled = pixmap.scaled(int(200 * ratio), int(140 * ratio),
                               Qt.AspectRatioMode.KeepAspectRatio,
                               Qt.TransformationMode.SmoothTransformation)
        scaled.setDevicePixelRatio(ratio)
        self.preview.setPixmap(scaled)

    def update_fields(self, figure: Figure) -> None:
        self.caption.set_inline(figure.caption)
        self.credit.set_text_quietly(figure.credit)
        self.alt.set_text_quietly(figure.alt)
        section = self.owner._section()
        paragraphs = len(section.body) if isinstance(section, NarrativeSection) else 0
        self.show_place(figure, paragraphs)

    def show_place(self, figure: Figure, paragraphs: int) -> None:
        """"At the end", "Before paragraph 1", "After paragraph 1", …"""
        choices = ["At the end of the section", "Before paragraph 1"]
        choices += [f"After paragraph {n}" for n in range(1, paragraphs)]
        if [self.place.itemText(i) for i in range(self.place.count())] != choices:
            self.place.blockSignals(True)
            self.place.clear()
            self.place.addItems(choices)
            self.place.blockSignals(False)
        after = figure.after
        index = 0 if after is None or after >= paragraphs else after + 1
        self.place.blockSignals(True)
        self.place.setCurrentIndex(index)
        self.place.blockSignals(False)


class FiguresEditor(QWidget):
    """The figures of a section, and the button that inserts one."""

    def __init__(self, form: SectionForm) -> None:
        super().__init__()
        self.setAccessibleName("Figures")
        self.form = form
        self.boxes: list[FigureBox] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        title = QLabel("Figures")
        title.setAccessibleName("Figures")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        self.box_layout = QVBoxLayout()
        layout.addLayout(self.box_layout)
        insert = QPushButton("Insert figure…")
        insert.setAccessibleName("Insert figure")
        insert.clicked.connect(self.choose_and_insert)
        row = QHBoxLayout()
        row.addWidget(insert)
        row.addStretch(1)
        layout.addLayout(row)
        self._ids: tuple[str, ...] = ()

    def _section(self) -> Section | None:
        return self.form.current(self.form.document.brief)

    def refresh(self, section: Section) -> None:
        ids = tuple(f.id for f in section.figures)
        if ids != self._ids:
            for box in self.boxes:
                box.setParent(None)
                box.deleteLater()
            self.boxes = []
            for i, figure in enumerate(section.figures):
                box = FigureBox(self, i, figure)
                self.boxes.append(box)
                self.box_layout.addWidget(box)
            self._ids = ids
        else:
            for box, figure in zip(self.boxes, section.figures, strict=True):
                box.update_fields(figure)

    def _replace_figures(self, figures: list[Figure], text: str,
                         merge_key: object | None = None) -> None:
        self.form.document.edit_section(self.form.section_id, text, merge_key,
                                        figures=tuple(figures))

    def edit(self, figure_id: str, text: str, field: str, value: object) -> None:
        section = self._section()
        if section is None:
            return
        figures = [dataclasses.replace(f, **{field: value}) if f.id == figure_id else f
                   for f in section.figures]
        self._replace_figures(figures, text, (self.form.section_id, figure_id, field))

    def move(self, figure_id: str, step: int) -> None:
        section = self._section()
        if section is None:
            return
        figures = list(section.figures)
        index = next(i for i, f in enumerate(figures) if f.id == figure_id)
        target = index + step
        if 0 <= target < len(figures):
            figures.insert(target, figures.pop(index))
            self._replace_figures(figures, "Move figure")

    def remove(self, figure_id: str) -> None:
        section = self._section()
        if section is None:
            return
        self._replace_figures([f for f in section.figures if f.id != figure_id],
                              "Remove figure")

    def choose_and_insert(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Insert figure", "",
                                              "Images (*.png *.jpg *.jpeg)")
        if name:
            self.insert_file(Path(name))

    def insert_file(self, path: Path) -> bool:
        """Add the PNG or JPEG at ``path`` as a new figure; explains any refusal in a dialog."""
        try:
            data = read_regular_file(path, MAX_FIGURE_BYTES,
                                     too_large="is larger than 20 MB; make it smaller first")
        except UnreadableFile as exc:
            QMessageBox.warning(self, "Insert figure", f"{path} {exc}.")
            return False
        media_type = sniff_media_type(data)
        if media_type is None:
            QMessageBox.warning(self, "Insert figure",
                                f"{path.name} is not a PNG or JPEG image. "
                                "Save it as PNG or JPEG and insert it again.")
            return False
        try:
            # Before any decoding: a small file may say it is billions of pixels.
            figure_image_size(data, media_type)
        except FigureImageError as exc:
            QMessageBox.warning(self, "Insert figure", f"{path.name}: {exc}.")
            return False
        if QImage.fromData(data).isNull():
            QMessageBox.warning(self, "Insert figure",
                                f"{path.name} is not a PNG or JPEG image. "
                                "Save it as PNG or JPEG and insert it again.")
            return False
        section = self._section()
        if section is None:
            return False
        figure = Figure(id=self.form.document.new_figure_id(), media_type=media_type,
                        data=base64.b64encode(data).decode("ascii"), alt="")
        self._replace_figures([*section.figures, figure], "Insert figure")
        return True


def form_for(document: Document, section_id: str | None) -> Form:
    """The form of the masthead (None) or of one section."""
    if section_id is None:
        return MastheadForm(document)
    section = document.section(section_id)
    if isinstance(section, EventSection):
        return EventForm(document, section)
    if isinstance(section, NarrativeSection):
        return NarrativeForm(document, section)
    raise KeyError(section_id)
