"""Issue 12, item 5: the official CSL styles ship, a team adds its own, titles keep one stop.

Expectations are Chicago's (CMOS 18: volume, issue and page of a journal article; "et al."
for three or more authors; headline-style capitals) and the house style's, set by hand.
"""

from __future__ import annotations

from pathlib import Path

from brief_editor.citations.notes import NoteRenderer
from brief_editor.citations.styles import (
    BUNDLED,
    OFFICIAL,
    USER,
    list_styles,
    resolve_style,
)
from brief_editor.model import Brief, Cite, NarrativeSection, Note, Source, Style

ARTICLE = {
    "id": "art", "type": "article-journal",
    "title": "the politics of ceasefire monitoring in divided regions",
    "author": [{"family": "Lind", "given": "Maja"}, {"family": "Ortiz", "given": "Rafael"},
               {"family": "Chen", "given": "Wei"}],
    "container-title": "Journal of Conflict Research", "volume": "26", "issue": "3",
    "page": "180-205", "issued": {"date-parts": [[2006]]},
}
NEWS = {"id": "news", "type": "article-newspaper", "title": "Neck and neck.",
        "container-title": "Meduza", "issued": {"date-parts": [[2024, 3, 5]]}}


def _notes(style: str, cites: list[tuple[str, str | None]]) -> list[str]:
    body = tuple(("Text.", Note(cites=(Cite(source=s, locator=loc),))) for s, loc in cites)
    brief = Brief(style=Style(citation_style=style),
                  sections=(NarrativeSection(id="s1", heading=("H",), body=body),),
                  sources=(Source(data=dict(ARTICLE)), Source(data=dict(NEWS))))
    return [n.text for n in NoteRenderer().render(brief)]


def test_chicago_is_the_official_chicago() -> None:
    (note,) = _notes("chicago-notes", [("art", "191")])
    assert note == ("Maja Lind et al., “The Politics of Ceasefire Monitoring in Divided "
                    "Regions,” Journal of Conflict Research 26, no. 3 (2006): 191.")


def test_a_title_ending_in_a_full_stop_prints_one_stop() -> None:
    assert _notes("brief", [("news", None)]) == ["Neck and neck, Meduza, March 2024."]
    assert _notes("chicago-notes", [("news", None)]) == [
        "“Neck and Neck,” Meduza, March 5, 2024."]


def test_the_chooser_lists_the_house_official_and_team_styles(tmp_path: Path) -> None:
    team = tmp_path / "styles"
    team.mkdir()
    own = (Path(__file__).resolve().parents[2] / "resources" / "styles" / "brief.csl")
    (team / "our-desk.csl").write_text(
        own.read_text(encoding="utf-8").replace("<title>", "<title>Our Desk: ", 1),
        encoding="utf-8")
    styles = {s.id: s for s in list_styles(team)}
    assert styles["brief"].origin == BUNDLED
    for short in ("chicago-notes", "chicago-notes-17", "oscola", "new-harts-rules"):
        assert styles[short].origin == OFFICIAL
    assert "18th" in styles["chicago-notes"].name and "17th" in styles["chicago-notes-17"].name
    assert styles["our-desk"].origin == USER
    assert styles["our-desk"].name.startswith("Our Desk: ")
    # The team's style resolves by its name; any other official style by its file name.
    assert resolve_style("our-desk", user_styles=team).path == (team / "our-desk.csl").resolve()
    assert "<style" in resolve_style("apa-6th-edition").xml
