"""What reading a library file yields: items with their place in the file, and problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brief_editor.errors import BriefEditorError


class LibraryError(BriefEditorError):
    """A library file (BibTeX, CSL-JSON, RIS) could not be read at all."""

    def __init__(self, path: Path | str, message: str, *, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        where = f"{self.path}, line {line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")
        self.reason = message


@dataclass(frozen=True)
class LibraryItem:
    """One entry read from a library, already converted to a CSL-JSON item."""

    data: dict[str, Any]
    line: int | None = None  # 1-based line where the entry starts, when the format tells
    index: int | None = None  # 0-based position among the file's entries (CSL-JSON arrays)
    id_generated: bool = False  # the file gave no id; one was made up (RIS without ID)

    @property
    def id(self) -> str:
        value = self.data.get("id")
        return value if isinstance(value, str) else ""

    def label(self) -> str:
        """How a report names this entry: its id, and where it sits in the file."""
        where = _where(self.line, self.index)
        return f"{self.id} ({where})" if where else self.id


@dataclass(frozen=True)
class LibraryProblem:
    """An entry that was skipped because it is malformed."""

    message: str
    line: int | None = None
    index: int | None = None
    key: str | None = None  # the entry's own key or id, when it could be read
    malformed: bool = True  # False for an entry skipped for another reason (a repeated key)

    def __str__(self) -> str:
        where = _where(self.line, self.index)
        if self.key:
            head = f"{self.key} ({where})" if where else self.key
        elif self.index is not None:
            head = f"item {self.index + 1}" + (f" (line {self.line})" if self.line else "")
        else:
            head = f"entry at {where}" if where else "entry"
        return f"{head}: malformed: {self.message}" if self.malformed else f"{head}: {self.message}"

    @property
    def position(self) -> tuple[int, int]:
        return (self.line if self.line is not None else -1,
                self.index if self.index is not None else -1)


@dataclass(frozen=True)
class LibraryRead:
    """The outcome of reading one library file: the good entries and the skipped ones."""

    path: Path
    format: str  # "bibtex", "csl-json" or "ris"
    items: tuple[LibraryItem, ...] = ()
    problems: tuple[LibraryProblem, ...] = field(default=())

    @property
    def entries(self) -> list[dict[str, Any]]:
        """The good entries as CSL-JSON dicts (copies, safe to change)."""
        return [dict(item.data) for item in self.items]


def _where(line: int | None, index: int | None) -> str:
    if line is not None:
        return f"line {line}"
    if index is not None:
        return f"item {index + 1}"
    return ""
