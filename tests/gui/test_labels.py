"""Labels a new user reads: the shortcuts list, the outline's badges, clashing keys
(issue 14, item 8)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import QTableWidget

from brief_editor.model import Brief, Cite, EventSection, Meta, Note, Source
from brief_editor.storage.files import save_brief

from .helpers import answer_dialog


def _shortcut_rows(qtbot, window) -> dict[str, str]:
    rows: dict[str, str] = {}

    def read(dialog) -> None:
        table = dialog.findChild(QTableWidget)
        for r in range(table.rowCount()):
            rows[table.item(r, 1).text()] = table.item(r, 2).text()
        dialog.reject()

    answer_dialog(read)
    window.show_shortcuts()
    return rows


def test_the_shortcuts_list_names_keys_a_person_presses(qtbot, window) -> None:
    rows = _shortcut_rows(qtbot, window)
    undo = next(text for command, text in rows.items() if command.startswith("Undo"))
    assert undo.split(", ")[0] == "Ctrl+Z"
    assert rows["Copy"].split(", ")[0] == "Ctrl+C"
    for command, keys in rows.items():
        for name in ("F14", "F16", "F18", "F20", "Undo", "Redo", "Copy", "Paste", "Cut",
                     "Open", "Help", "Find"):
            assert name not in keys.split(", "), f"{command}: {keys}"


def test_no_command_takes_words_font_shortcut(window) -> None:
    font = QKeySequence("Ctrl+Shift+F")
    takers = [a.text() for a in window.actions() if font in a.shortcuts()]
    assert takers == []
    assert window.act_import_profile.shortcuts(), "Import Team Profile keeps a shortcut"


def _brief() -> Brief:
    source = Source({"id": "wire", "type": "article-newspaper", "title": "Talks",
                     "container-title": "Wire", "issued": {"date-parts": [[2024, 3, 4]]},
                     "URL": "https://example.org/t"})
    cited = ("Talks began.", Note((Cite("wire"),)))
    return Brief(
        meta=Meta(publication="P", title="T", issue=1, authors=("A",)),
        sections=(
            EventSection(id="warned", heading=("No cite here",), event=(("Talks began.",),)),
            EventSection(id="erred", heading=("Bad cite",), event=(
                ("Talks began.", Note((Cite("missing"),))),)),
            EventSection(id="clean", heading=("All good",), event=(cited,)),
        ),
        sources=(source,),
    )


def _badge_colours(window, row: int) -> list[QColor]:
    outline = window.outline
    rect = outline.visualItemRect(outline.item(row))
    image = outline.viewport().grab(rect).toImage()
    # The badge sits at the right of the row's first line.
    colours = []
    for x in range(image.width() - 70, image.width()):
        for y in range(0, image.height() // 2):
            colour = image.pixelColor(x, y)
            if colour.saturation() > 120 and colour.value() > 80:
                colours.append(colour)
    return colours


def _is_red(colour: QColor) -> bool:
    return colour.hue() < 15 or colour.hue() > 345


def _is_amber(colour: QColor) -> bool:
    return 30 <= colour.hue() <= 55


def test_warning_badges_are_amber_and_error_badges_red(qtbot, window, tmp_path: Path) -> None:
    path = tmp_path / "b.brief"
    save_brief(path, _brief())
    assert window.open_path(path, ask_to_save=False)
    window.outline.select("clean")
    from brief_editor.ui.outline import PROBLEMS_ROLE

    qtbot.waitUntil(lambda: (window.outline.item(1).data(PROBLEMS_ROLE) or 0) > 0
                    and (window.outline.item(2).data(PROBLEMS_ROLE) or 0) > 0, timeout=10000)
    qtbot.wait(50)
    warned, erred = _badge_colours(window, 1), _badge_colours(window, 2)
    assert warned and erred
    assert sum(map(_is_amber, warned)) > 10 and not any(map(_is_red, warned))
    assert sum(map(_is_red, erred)) > 10
