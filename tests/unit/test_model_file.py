"""The .brief file: validation with JSON paths, byte-for-byte round trip, versions."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from brief_editor.model import (
    BriefFormatError,
    Cite,
    EventSection,
    NarrativeSection,
    Note,
    dumps,
    loads,
    numbered_notes,
    parse,
)
from brief_editor.storage.files import read_brief, save_brief

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def _tiny_raw() -> dict:
    return json.loads((FIXTURES / "tiny.brief").read_text(encoding="utf-8"))


def test_tiny_example_reads_as_written_in_the_format():
    brief = read_brief(FIXTURES / "tiny.brief")
    assert brief.meta.publication == "Security Brief"
    assert brief.meta.week_of.isoformat() == "2024-03-04"
    section = brief.sections[0]
    assert isinstance(section, EventSection)
    assert section.parties == ("Delegation A", "Delegation B")
    notes = numbered_notes(brief)
    assert [n.number for n in notes] == [1, 2]
    assert notes[1].note == Note(cites=(Cite(source="wire1", locator="2"),))


def test_saved_file_reloads_byte_for_byte(tmp_path):
    brief = read_brief(FIXTURES / "tiny.brief")
    first = tmp_path / "one.brief"
    save_brief(first, brief)
    again = read_brief(first)
    assert again == brief
    second = tmp_path / "two.brief"
    save_brief(second, again)
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.brief")), ids=lambda p: p.name)
def test_bundled_samples_are_canonical(sample):
    """Open then save leaves the shipped samples unchanged, byte for byte."""
    data = sample.read_bytes()
    assert dumps(loads(data.decode("utf-8"))).encode("utf-8") == data


def test_saved_file_uses_two_space_indent_and_documented_key_order():
    text = dumps(read_brief(FIXTURES / "tiny.brief"))
    lines = text.splitlines()
    assert lines[0] == "{" and lines[1] == '  "format": "brief-editor",'
    assert list(json.loads(text)) == ["format", "version", "meta", "style", "sections", "sources"]
    section = json.loads(text)["sections"][0]
    assert list(section) == ["id", "kind", "heading", "date", "location", "parties", "event",
                             "implications"]
    assert text.endswith("}\n")


def test_unknown_keys_survive_a_round_trip():
    raw = _tiny_raw()
    raw["meta"]["x_desk_code"] = "D-7"
    raw["sections"][0]["x_priority"] = 2
    raw["x_top"] = {"kept": True}
    again = json.loads(dumps(parse(raw)))
    assert again["meta"]["x_desk_code"] == "D-7"
    assert again["sections"][0]["x_priority"] == 2
    assert again["x_top"] == {"kept": True}


def _error_for(mutate) -> BriefFormatError:
    raw = _tiny_raw()
    mutate(raw)
    with pytest.raises(BriefFormatError) as info:
        parse(raw)
    return info.value


@pytest.mark.parametrize(
    ("mutate", "path", "words"),
    [
        (lambda r: r["sections"][0]["event"][0].__setitem__(2, 42), "sections[0].event[0][2]", "span"),
        (lambda r: r["sections"][0].__setitem__("kind", "essay"), "sections[0].kind", "event"),
        (lambda r: r["sections"][0].__setitem__("date", "19/07/2021"), "sections[0].date", "YYYY-MM-DD"),
        (lambda r: r["sections"][0].__setitem__("date", "2021-02-30"), "sections[0].date", "real date"),
        (lambda r: r["meta"].__setitem__("issue", 0), "meta.issue", "1 or more"),
        (lambda r: r["meta"].__setitem__("authors", "A. Analyst"), "meta.authors", "array"),
        (lambda r: r["style"].__setitem__("notes", "sidenotes"), "style.notes", "endnotes"),
        (lambda r: r["sections"][0]["event"][0][1]["note"]["cites"][0].pop("source"),
         "sections[0].event[0][1].note.cites[0].source", "source"),
        (lambda r: r["sections"][0]["implications"][0].append({"link": "javascript:alert(1)", "text": "x"}),
         "sections[0].implications[0][1].link", "http"),
        (lambda r: r["sections"][0]["heading"].append({"text": "x", "marks": ["blink"]}),
         "sections[0].heading[1].marks[0]", "blink"),
        (lambda r: r["sections"].append(copy.deepcopy(r["sections"][0])), "sections[1].id", "twice"),
        (lambda r: r["sections"][0]["event"][0].append(
            {"note": {"cites": [], "comment": [{"note": {"cites": []}}]}}),
         "sections[0].event[0][4].note.comment[0]", "another note"),
        (lambda r: r.pop("sources"), "sources", "missing"),
        (lambda r: r.__setitem__("sections", {}), "sections", "array"),
    ],
)
def test_schema_violations_name_the_json_path(mutate, path, words):
    error = _error_for(mutate)
    assert error.path == path
    assert words in str(error)


def test_newer_version_is_refused_with_a_clear_message():
    error = _error_for(lambda r: r.__setitem__("version", 7))
    assert "version 7" in str(error) and "newer" in str(error)


def test_wrong_format_is_refused():
    error = _error_for(lambda r: r.__setitem__("format", "something-else"))
    assert error.path == "format"


def test_error_from_a_file_names_the_file(tmp_path):
    bad = tmp_path / "bad.brief"
    raw = _tiny_raw()
    raw["sections"][0]["event"][0][2] = None
    bad.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(BriefFormatError) as info:
        read_brief(bad)
    assert str(info.value).startswith(f"{bad}: sections[0].event[0][2]: ")


def test_version_0_file_is_migrated_to_version_1(tmp_path):
    brief = read_brief(FIXTURES / "version0.brief")
    assert brief.meta.publication == "Old Brief"
    section = brief.sections[0]
    assert isinstance(section, EventSection)
    assert section.event[0][1] == Note(cites=(Cite(source="s1", locator="3"),))
    assert section.implications[0][1] == Note(cites=(Cite(source="s1"),))
    assert brief.sources[0].id == "s1"
    target = tmp_path / "upgraded.brief"
    save_brief(target, brief)
    raw = json.loads(target.read_text(encoding="utf-8"))
    assert raw["version"] == 1 and "library" not in raw and raw["sources"][0]["id"] == "s1"
    assert read_brief(target) == brief


def test_narrative_sections_and_figures_round_trip(tmp_path):
    raw = _tiny_raw()
    raw["sections"].append({
        "id": "n1", "kind": "narrative", "heading": ["Background"],
        "body": [["Plain ", {"text": "italic", "marks": ["italic"]}, " and ",
                  {"link": "https://example.org", "text": "a link"}]],
        "figures": [{"id": "f1", "media_type": "image/png", "data": "iVBORw0KGgo=",
                     "caption": ["A port at dawn"], "credit": "A. Photographer / Agency",
                     "alt": "Cranes against the sky"}],
    })
    brief = parse(raw)
    assert isinstance(brief.sections[1], NarrativeSection)
    assert brief.sections[1].figures[0].credit == "A. Photographer / Agency"
    target = tmp_path / "n.brief"
    save_brief(target, brief)
    assert read_brief(target) == brief
