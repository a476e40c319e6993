"""The add / edit source form: the CSL fields suited to the type, the names, dates and grade.

The form edits a copy of the source's CSL-JSON. Only the fields it shows for the chosen
type are written back; every other key of the item (a field of another type, a key the
form does not know, a literal date left untouched) is kept, so editing never loses data.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from brief_editor.citations.library_fields import first_date_parts, make_id
from brief_editor.model import Brief, Source

log = logging.getLogger(__name__)

# (CSL type, label) in the order the type box lists them.
TYPES = (
    ("article-newspaper", "Newspaper article"),
    ("article-magazine", "Magazine article"),
    ("article-journal", "Journal article"),
    ("webpage", "Web page"),
    ("post", "Online post"),
    ("post-weblog", "Blog post"),
    ("report", "Report"),
    ("book", "Book"),
    ("chapter", "Book chapter"),
    ("legal_case", "Legal case"),
    ("interview", "Interview"),
    ("broadcast", "Broadcast"),
    ("document", "Other document"),
)

_ARTICLE = ("title", "container-title", "author", "issued", "URL", "accessed", "page")
_WEB = ("title", "container-title", "author", "issued", "URL", "accessed")
TYPE_FIELDS: dict[str, tuple[str, ...]] = {
    "article-newspaper": _ARTICLE,
    "article-magazine": _ARTICLE,
    "article-journal": _ARTICLE[:-1] + ("volume", "issue", "page", "DOI"),
    "webpage": _WEB,
    "post": _WEB,
    "post-weblog": _WEB,
    "report": ("title", "publisher", "author", "issued", "URL", "accessed", "number"),
    "book": ("title", "author", "publisher", "publisher-place", "issued", "URL", "DOI"),
    "chapter": ("title", "author", "container-title", "editor", "publisher", "publisher-place",
                "issued", "page", "DOI"),
    "legal_case": ("title", "authority", "number", "issued", "URL", "accessed"),
    "interview": ("title", "author", "interviewer", "container-title", "medium", "issued",
                  "URL", "accessed"),
    "broadcast": ("title", "container-title", "publisher", "medium", "issued", "URL",
                  "accessed"),
}
# Every type also gets a short title; unknown types get a general set.
COMMON_FIELDS = ("title-short",)
OTHER_FIELDS = ("title", "author", "container-title", "publisher", "issued", "URL", "accessed",
                "page", "number", "DOI")

NAME_FIELDS = ("author", "editor", "interviewer")
DATE_FIELDS = ("issued", "accessed")
LABELS = {
    "title": "Title", "title-short": "Short title", "container-title": "Published in",
    "author": "Authors", "editor": "Editors", "interviewer": "Interviewers",
    "issued": "Date", "accessed": "Accessed", "URL": "URL", "page": "Pages",
    "publisher": "Publisher", "publisher-place": "Place", "number": "Number",
    "authority": "Court or authority", "medium": "Medium", "volume": "Volume",
    "issue": "Issue", "DOI": "DOI",
}
CONTAINER_LABELS = {
    "article-newspaper": "Newspaper", "article-magazine": "Magazine",
    "article-journal": "Journal", "webpage": "Website", "post": "Website or platform",
    "post-weblog": "Blog", "chapter": "Book title", "interview": "Programme or publication",
    "broadcast": "Programme",
}
PUBLISHER_LABELS = {"report": "Publisher (organisation)", "broadcast": "Network"}

RELIABILITY = (
    ("A", "Completely reliable"), ("B", "Usually reliable"), ("C", "Fairly reliable"),
    ("D", "Not usually reliable"), ("E", "Unreliable"), ("F", "Reliability cannot be judged"),
)
CREDIBILITY = (
    ("1", "Confirmed by other sources"), ("2", "Probably true"), ("3", "Possibly true"),
    ("4", "Doubtful"), ("5", "Improbable"), ("6", "Truth cannot be judged"),
)
_ID_OK = re.compile(r"^[^\s]+$")


def fields_for(kind: str) -> tuple[str, ...]:
    return TYPE_FIELDS.get(kind, OTHER_FIELDS) + COMMON_FIELDS


# ============================================================================ small editors


class NameRow(QWidget):
    """One person (family, given) or one organisation (a literal name)."""

    removed = Signal(object)

    def __init__(self, role: str, value: Mapping[str, Any] | None = None) -> None:
        super().__init__()
        self.original = dict(value or {})
        self.kind = QComboBox()
        self.kind.addItems(["Person", "Organisation"])
        self.kind.setAccessibleName(f"{role} kind")
        self.family = QLineEdit()
        self.family.setAccessibleName(f"{role} family name")
        self.given = QLineEdit()
        self.given.setAccessibleName(f"{role} given names")
        self.given.setPlaceholderText("Given names")
        self.remove = QToolButton()
        self.remove.setText("×")
        self.remove.setAccessibleName(f"Remove {role.lower()}")
        self.remove.setToolTip("Remove this name")
        self.remove.clicked.connect(lambda: self.removed.emit(self))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind)
        layout.addWidget(self.family, 2)
        layout.addWidget(self.given, 2)
        layout.addWidget(self.remove)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        literal = self.original.get("literal")
        if isinstance(literal, str) and literal and not self.original.get("family"):
            self.kind.setCurrentIndex(1)
            self.family.setText(literal)
        else:
            self.family.setText(str(self.original.get("family") or ""))
            self.given.setText(str(self.original.get("given") or ""))
        self._kind_changed()

    @property
    def is_organisation(self) -> bool:
        return self.kind.currentIndex() == 1

    def _kind_changed(self) -> None:
        self.given.setVisible(not self.is_organisation)
        self.family.setPlaceholderText("Organisation" if self.is_organisation else "Family name")

    def value(self) -> dict[str, Any] | None:
        first = " ".join(self.family.text().split())
        given = " ".join(self.given.text().split())
        if not first:
            return None
        data = {k: v for k, v in self.original.items() if k not in ("family", "given", "literal")}
        if self.is_organisation:
            data["literal"] = first
        else:
            data["family"] = first
            if given:
                data["given"] = given
        return data


class NamesEditor(QWidget):
    """A list of names (authors, editors), each a person or an organisation."""

    changed = Signal()

    def __init__(self, role: str) -> None:
        super().__init__()
        self.role = role
        self.setAccessibleName(f"{role} list")
        self.rows: list[NameRow] = []
        self.rows_layout = QVBoxLayout()
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(f"Add {role.lower().rstrip('s')}")
        self.add_button.setAccessibleName(f"Add {role.lower().rstrip('s')}")
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.rows_layout)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    def add_row(self, value: Mapping[str, Any] | None = None, *, focus: bool = False) -> NameRow:
        row = NameRow(self.role.rstrip("s"), value)
        row.removed.connect(self._remove)
        row.family.textChanged.connect(self.changed)
        self.rows.append(row)
        self.rows_layout.addWidget(row)
        if focus:
            row.family.setFocus()
        return row

    def _remove(self, row: NameRow) -> None:
        self.rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        self.changed.emit()

    def set_value(self, names: Any) -> None:
        for row in list(self.rows):
            self._remove(row)
        for name in names if isinstance(names, list) else []:
            if isinstance(name, Mapping):
                self.add_row(name)

    def value(self) -> list[dict[str, Any]]:
        return [v for row in self.rows if (v := row.value()) is not None]


class DatePartsEdit(QWidget):
    """Year, month and day of a CSL date; month and day may be left out ("—")."""

    changed = Signal()

    def __init__(self, label: str) -> None:
        super().__init__()
        self.original: Any = None
        self._original_parts: list[int] | None = None
        self.year = self._spin(f"{label} year", 0, 9999, "Year")
        self.month = self._spin(f"{label} month", 0, 12, "Month")
        self.day = self._spin(f"{label} day", 0, 31, "Day")
        self.today = QToolButton()
        self.today.setText("Today")
        self.today.setAccessibleName(f"{label}: today")
        self.today.clicked.connect(self.set_today)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.year, self.month, self.day, self.today):
            layout.addWidget(widget)
        layout.addStretch(1)

    def _spin(self, name: str, low: int, high: int, tip: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setSpecialValueText("—")
        spin.setAccessibleName(name)
        spin.setToolTip(f"{tip} (— for none)")
        spin.valueChanged.connect(self.changed)
        return spin

    def set_today(self) -> None:
        today = dt.date.today()
        self.year.setValue(today.year)
        self.month.setValue(today.month)
        self.day.setValue(today.day)

    def set_value(self, value: Any) -> None:
        self.original = value
        parts = first_date_parts(value) or []
        self._original_parts = parts
        for spin, part in zip((self.year, self.month, self.day), parts + [0, 0, 0], strict=False):
            spin.setValue(part)
        literal = value.get("literal") or value.get("raw") if isinstance(value, Mapping) else None
        self.setToolTip(f"Kept as written unless changed: {literal}" if literal else "")

    def parts(self) -> list[int]:
        y, m, d = self.year.value(), self.month.value(), self.day.value()
        if not y:
            return []
        if not m:
            return [y]
        return [y, m] if not d else [y, m, d]

    def value(self) -> Any:
        parts = self.parts()
        if parts == self._original_parts and self.original is not None:
            return self.original  # a literal, a range or a season stays as it was
        return {"date-parts": [parts]} if parts else None


# ============================================================================ the dialog


class SourceDialog(QDialog):
    """Add a source (``source`` None) or edit one, checking that its id stays unique."""

    def __init__(self, brief: Brief, source: Source | None, parent: QWidget | None = None,
                 *, kind: str = "article-newspaper") -> None:
        super().__init__(parent)
        self.brief = brief
        self.original = source
        self.data: dict[str, Any] = dict(source.data) if source else {"type": kind}
        adding = source is None
        self.setWindowTitle("Add source" if adding else "Edit source")
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(560)
        # Ids of the other sources: the id typed must differ from all of them.
        others = list(brief.sources)
        if source is not None and source in others:
            others.remove(source)
        self.taken = {s.id for s in others if s.id}
        self._id_touched = not adding

        self.type_box = QComboBox()
        self.type_box.setAccessibleName("Type")
        for value, label in TYPES:
            self.type_box.addItem(label, value)
        current = self.data.get("type") if isinstance(self.data.get("type"), str) else kind
        if self.type_box.findData(current) < 0:
            self.type_box.addItem(current, current)  # a CSL type the form has no layout for
        self.type_box.setCurrentIndex(self.type_box.findData(current))
        self.id_edit = QLineEdit(str(self.data.get("id") or ""))
        self.id_edit.setAccessibleName("Id")
        self.id_edit.setToolTip("How notes name this source; unique in the brief")
        self.id_edit.textEdited.connect(self._id_edited)

        self.form = QFormLayout()
        self.form.addRow("&Type", self.type_box)
        self.form.addRow("&Id", self.id_edit)
        self.fields: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        order: list[str] = []
        for fields in (*TYPE_FIELDS.values(), OTHER_FIELDS, COMMON_FIELDS):
            order += [f for f in fields if f not in order]
        for name in order:
            widget = self._make_field(name)
            label = QLabel(LABELS.get(name, name))
            label.setBuddy(widget)
            self.fields[name] = widget
            self.labels[name] = label
            self.form.addRow(label, widget)

        grade = QGroupBox("Grade")
        grade.setAccessibleName("Grade")
        self.reliability = QComboBox()
        self.reliability.setAccessibleName("Reliability")
        self.reliability.addItem("— not graded", "")
        for value, text in RELIABILITY:
            self.reliability.addItem(f"{value} — {text}", value)
        self.credibility = QComboBox()
        self.credibility.setAccessibleName("Credibility")
        self.credibility.addItem("— not graded", "")
        for value, text in CREDIBILITY:
            self.credibility.addItem(f"{value} — {text}", value)
        self.grade_note = QLineEdit()
        self.grade_note.setAccessibleName("Grade note")
        self.grade_note.setPlaceholderText("Why this source, why this grade")
        grade_form = QFormLayout(grade)
        grade_form.addRow("&Reliability", self.reliability)
        grade_form.addRow("&Credibility", self.credibility)
        grade_form.addRow("&Note", self.grade_note)

        self.error = QLabel()
        self.error.setAccessibleName("Problem")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Add" if adding else "Save")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(grade)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self._load()
        self.type_box.currentIndexChanged.connect(self._type_changed)
        self._type_changed()
        for name in ("title", "author", "issued"):
            widget = self.fields[name]
            signal = widget.textChanged if isinstance(widget, QLineEdit) else widget.changed
            signal.connect(self._suggest_id)
        if adding:
            self._suggest_id()

    # ------------------------------------------------------------------ building

    def _make_field(self, name: str) -> QWidget:
        label = LABELS.get(name, name)
        if name in NAME_FIELDS:
            return NamesEditor(label)
        if name in DATE_FIELDS:
            return DatePartsEdit(label)
        edit = QLineEdit()
        edit.setAccessibleName(label)
        return edit

    def _load(self) -> None:
        for name, widget in self.fields.items():
            value = self.data.get(name)
            if isinstance(widget, (NamesEditor, DatePartsEdit)):
                widget.set_value(value)
            elif isinstance(widget, QLineEdit):
                widget.setText("" if value is None else str(value))
        custom = self.data.get("custom") if isinstance(self.data.get("custom"), dict) else {}
        for box, key in ((self.reliability, "reliability"), (self.credibility, "credibility")):
            value = str(custom.get(key) or "").strip().upper()
            at = box.findData(value)
            if at < 0 and value:
                box.addItem(value, value)  # a grade outside the scale is shown, not dropped
                at = box.count() - 1
            box.setCurrentIndex(max(at, 0))
        self.grade_note.setText(str(custom.get("note") or ""))

    @property
    def kind(self) -> str:
        return str(self.type_box.currentData())

    def _type_changed(self) -> None:
        shown = set(fields_for(self.kind))
        for name, widget in self.fields.items():
            self.form.setRowVisible(widget, name in shown)
        if "container-title" in self.labels:
            self.labels["container-title"].setText(CONTAINER_LABELS.get(self.kind, "Published in"))
        self.labels["publisher"].setText(PUBLISHER_LABELS.get(self.kind, "Publisher"))
        self.adjustSize()

    def _id_edited(self, _text: str) -> None:
        self._id_touched = True
        self.error.hide()

    def _suggest_id(self) -> None:
        if self._id_touched:
            return
        self.id_edit.setText(make_id(self._collect(with_id=False), self.taken))

    # ------------------------------------------------------------------ result

    def _collect(self, *, with_id: bool = True) -> dict[str, Any]:
        data = dict(self.data)
        data["type"] = self.kind
        if with_id:
            data["id"] = self.id_edit.text().strip()
        for name in fields_for(self.kind):
            widget = self.fields[name]
            value: Any
            if isinstance(widget, NamesEditor):
                value = widget.value() or None
            elif isinstance(widget, DatePartsEdit):
                value = widget.value()
            else:
                assert isinstance(widget, QLineEdit)
                value = " ".join(widget.text().split()) or None
                if value is not None and value == str(self.data.get(name)):
                    value = self.data[name]  # a number (volume 12) stays a number
            if value is None:
                data.pop(name, None)
            else:
                data[name] = value
        custom = dict(data.get("custom")) if isinstance(data.get("custom"), dict) else {}
        for key, value in (("reliability", self.reliability.currentData()),
                           ("credibility", self.credibility.currentData()),
                           ("note", " ".join(self.grade_note.text().split()))):
            if value:
                custom[key] = value
            else:
                custom.pop(key, None)
        if custom:
            data["custom"] = custom
        else:
            data.pop("custom", None)
        return data

    def problem(self) -> str | None:
        """What stops the form from being saved, or None."""
        ident = self.id_edit.text().strip()
        if not ident:
            return "Give the source an id (notes name it by its id)."
        if not _ID_OK.match(ident):
            return "An id cannot contain spaces."
        if ident in self.taken:
            return f"Another source already has the id “{ident}”; choose another."
        data = self._collect()
        if not (data.get("title") or data.get("container-title")):
            return "Give the source a title."
        url = data.get("URL")
        if isinstance(url, str) and url and not re.match(r"^https?://\S+$", url, re.IGNORECASE):
            return "A URL starts with http:// or https:// and has no spaces."
        return None

    def accept(self) -> None:
        problem = self.problem()
        if problem is not None:
            self.error.setText(problem)
            self.error.show()
            return
        super().accept()

    def result_source(self) -> Source:
        """The source as the form now describes it."""
        return Source(data=self._collect())
