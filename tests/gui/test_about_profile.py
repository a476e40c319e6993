"""Help → About names the version and credits; a team profile can be imported from the editor."""

from __future__ import annotations

import json

from brief_editor import __version__
from brief_editor.storage.profile import find_profile
from brief_editor.ui.about import about_html


def test_about_names_version_qt_profile_and_citeproc(tmp_path):
    text = about_html(tmp_path / "team.json")
    assert f"Brief Editor {__version__}" in text
    assert "citeproc-js" in text and "Frank Bennett" in text
    assert "team.json" in text
    assert "Qt " in text


def test_import_team_profile_from_the_file_menu(window, tmp_path):
    team = tmp_path / "house.json"
    team.write_text(json.dumps({"publication": "Harbour Watch", "last_issue": 4}),
                    encoding="utf-8")
    assert window.act_import_profile.text().startswith("Import Team")
    assert window.import_team_profile(str(team))
    assert find_profile(None, window.paths).publication == "Harbour Watch"
    window.new_file()
    assert window.document.brief.meta.publication == "Harbour Watch"
    assert window.document.brief.meta.issue == 5
