"""Writing checks W301–W305 on briefs built in code, with the real Hunspell dictionaries."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from brief_editor.citations.checks import run_checks
from brief_editor.citations.estimative import EstimativeScale
from brief_editor.citations.writing import Limits, WritingSettings
from brief_editor.model import Brief, Cite, EventSection, Meta, NarrativeSection, Note, Source
from brief_editor.storage.profile import ProfileError, profile_from_raw

META = Meta(publication="Desk Brief", title="Desk", issue=1, week_of=dt.date(2024, 3, 4),
            authors=("A. Analyst",), team="Team", organization="Group")
WIRE = {"id": "wire", "type": "article-newspaper", "title": "Talks Resume in Qarzelin",
        "author": [{"family": "Oyelaran", "given": "Tunde"}],
        "container-title": "The Dravnik Herald", "issued": {"date-parts": [[2024, 3]]},
        "URL": "https://example.org/talks"}
ALL = WritingSettings.build()


def note() -> Note:
    return Note(cites=(Cite("wire"),))


def brief(*event: str, implications: tuple[str, ...] = ("More talks are planned.",),
          language: str | None = None, parties: tuple[str, ...] = (), location: str = "",
          body: tuple[str, ...] = ()) -> Brief:
    section = EventSection(id="s1", heading=("Talks Resume",), location=location,
                           parties=parties, event=tuple((p, note()) for p in event),
                           implications=tuple((b,) for b in implications))
    more = (NarrativeSection(id="n1", heading=("Background",), body=tuple((b,) for b in body)),
            ) if body else ()
    return Brief(meta=dataclasses.replace(META, language=language), sections=(section, *more),
                 sources=(Source(dict(WIRE)),))


def found(b: Brief, settings: WritingSettings = ALL, check: str | None = None,
          **kwargs) -> list[tuple[str, str]]:
    problems = run_checks(b, writing=settings, **kwargs)
    return [(p.id, p.message) for p in problems if check is None or p.id == check]


def words(b: Brief, settings: WritingSettings = ALL) -> list[str]:
    return [m.split("“")[1].split("”")[0] for _, m in found(b, settings, "W301")]


# ------------------------------------------------------------------------ spelling


def test_a_typo_is_reported_with_the_likeliest_word() -> None:
    assert found(brief("Officials said teh talks would resume."), check="W301") == [
        ("W301", "Unknown word “teh”: did you mean “the”?")]


def test_the_brief_language_picks_the_dictionary() -> None:
    text = "The organisation said the colour of the flag was chosen by the organization."
    assert words(brief(text, language="en-US")) == ["organisation", "colour"]
    assert words(brief(text, language="en-GB")) == ["organization"]
    assert words(brief("Le gouvernement a dit que la réunion est reportée.",
                       implications=("Les pourparlers reprendront.",), language="fr")) == []


def test_the_brief_own_names_urls_mails_and_acronyms_are_never_flagged() -> None:
    text = ("Oyelaran told the Dravnik Herald in Qarzelin that Velmoran and Sorvik’s "
            "officials met; see https://example.org/xqzvt or write to desk@xqzvt.example; "
            "NATO and the OSCE sent MPs.")
    b = brief(text, parties=("Velmoran Ministry",), location="Sorvik, Velmora")
    assert words(b) == []
    # Without those names the same words are unknown.
    assert "Velmoran" in words(brief(text))


def test_commentary_notes_are_checked_but_cite_ids_are_not() -> None:
    section = EventSection(id="s1", heading=("Talks",), event=(
        ("Talks resumed.", Note(cites=(Cite("xqzvt-2024"),), comment=("Acording to staff.",))),
    ))
    b = Brief(meta=META, sections=(section,), sources=(Source({**WIRE, "id": "xqzvt-2024"}),))
    assert words(b) == ["Acording"]


def test_team_and_personal_dictionaries_make_words_known() -> None:
    b = brief("The Zorvath brigade crossed at Kelmish.")
    assert words(b) == ["Zorvath", "Kelmish"]
    team = profile_from_raw({"writing": {"dictionary": ["Zorvath"]}})
    assert words(b, team.writing_settings(("Kelmish",))) == []


def test_the_profile_sets_the_severity_and_can_switch_spelling_off() -> None:
    b = brief("Officials said teh talks would resume.")
    (problem,) = [p for p in run_checks(b, writing=ALL) if p.id == "W301"]
    assert problem.severity == "info"
    profile = profile_from_raw({"severities": {"W301": "warning"},
                                "writing": {"off": ["W302"]}})
    (problem,) = [p for p in run_checks(b, writing=profile.writing_settings(),
                                        severities=profile.severities) if p.id == "W301"]
    assert problem.severity == "warning"
    off = profile_from_raw({"writing": {"off": ["W301"]}}).writing_settings()
    assert found(b, off, "W301") == []


def test_without_writing_settings_run_checks_is_unchanged() -> None:
    assert [p.id for p in run_checks(brief("Teh talks went well."))] == []


# ----------------------------------------------------------------- estimative language

# The shape of the reference issue's implications, in our own words.
REFERENCE_SHAPE = (
    "In all likelihood, the talks will stall before the spring.",
    "Should the bloc widen its sanctions, the ministry is more than likely going to answer "
    "in kind.",
)


def test_the_reference_issue_hedges_are_caught_with_the_closest_standard_term() -> None:
    b = brief("The ministry met the envoy.", implications=REFERENCE_SHAPE)
    assert found(b, check="W302") == [
        ("W302", "“In all likelihood” is not a standard expression of likelihood (ICD 203): "
                 "write “very likely”, or the term of the scale that says what you mean."),
        ("W302", "“more than likely” is not a standard expression of likelihood (ICD 203): "
                 "write “likely”, or the term of the scale that says what you mean."),
    ]


@pytest.mark.parametrize(("text", "hedge", "term"), [
    ("The envoy could possibly return.", "could possibly", "roughly even chance"),
    ("There is a good chance the vote passes.", "There is a good chance", "likely"),
    ("It seems the ceasefire holds.", "It seems", "likely"),
    ("Perhaps the talks resume.", "Perhaps", "roughly even chance"),
    ("A deal is not very likely this year.", "not very likely", "unlikely"),
])
def test_non_standard_hedges_are_flagged(text: str, hedge: str, term: str) -> None:
    (message,) = [m for _, m in found(brief(text), check="W302")]
    assert message.startswith(f"“{hedge}” is not") and f"write “{term}”" in message


def test_standard_terms_are_not_flagged() -> None:
    text = ("A deal is very unlikely; a strike is likely; talks are almost certain; a veto "
            "has almost no chance; the result is a roughly even chance; it is highly probable.")
    assert found(brief(text), check="W302") == []


def test_hedges_outside_event_and_implications_are_left_alone() -> None:
    assert found(brief("Talks resumed.", body=("Perhaps it rained.",)), check="W302") == []


def test_likelihood_and_confidence_in_one_statement() -> None:
    b = brief("We are highly confident it is likely to fail. We have high confidence in "
              "the reporting. The talks are likely to fail.")
    (message,) = [m for _, m in found(b, check="W303")]
    assert "“highly confident”" in message and "“likely”" in message


def test_a_profile_replaces_the_scale() -> None:
    raw = {"writing": {"estimative": {"name": "PHIA", "terms": ["realistic possibility",
                                                                  "highly likely"],
                                      "hedges": {"perhaps": "realistic possibility"}}}}
    settings = profile_from_raw(raw).writing_settings()
    b = brief("Perhaps the talks resume; a deal is highly likely.")
    assert found(b, settings, "W302") == [
        ("W302", "“Perhaps” is not a standard expression of likelihood (PHIA): write "
                 "“realistic possibility”, or the term of the scale that says what you mean.")]
    assert isinstance(settings.scale, EstimativeScale)


# --------------------------------------------------------------- quotes and lengths


def test_straight_and_mixed_quotes_in_printed_text() -> None:
    b = brief("He said \"no\" to it.", implications=("She said “yes” and « non ».",))
    messages = [m for _, m in found(b, check="W304")]
    assert len(messages) == 2
    assert messages[0].startswith("The text has 2 straight quotes")
    assert "« »" in messages[1]
    clean = brief("He said “no” to the envoy’s plan.", implications=("“Yes,” she said.",))
    assert found(clean, check="W304") == []


def test_french_and_german_quotes_follow_the_language() -> None:
    assert found(brief("Il a dit « non ».", implications=("Rien.",), language="fr"),
                 check="W304") == []
    assert found(brief("Er sagte „nein“.", implications=("Nichts.",), language="de"),
                 check="W304") == []
    assert len(found(brief("Il a dit “non”.", implications=("Rien.",), language="fr"),
                     check="W304")) == 1


def test_length_limits_of_the_profile() -> None:
    settings = WritingSettings.build(limits=Limits(event_words=250, implication_bullets=4))
    long_event = " ".join(["word"] * 251) + "."
    b = brief(long_event, implications=("One.", "Two.", "Three.", "Four.", "Five."))
    assert [m for _, m in found(b, settings, "W305")] == [
        "The event is 251 words, past the team's limit of 250: shorten it.",
        "The implications have 5 bullets, past the team's limit of 4: merge or cut some.",
    ]
    fits = brief(" ".join(["word"] * 250) + ".", implications=("One.",) * 4)
    assert found(fits, settings, "W305") == []


# --------------------------------------------------------------------- the profile


@pytest.mark.parametrize(("raw", "key"), [
    ({"writing": {"of": []}}, "writing.of"),
    ({"writing": {"off": ["W101"]}}, "writing.off"),
    ({"writing": {"limits": {"event_words": 0}}}, "writing.limits.event_words"),
    ({"writing": {"limits": {"pages": 3}}}, "writing.limits.pages"),
    ({"writing": {"estimative": {"terms": ["likely"], "hedges": {"perhaps": "maybe"}}}},
     "writing.estimative.hedges.perhaps"),
])
def test_bad_writing_settings_name_the_key(raw: dict, key: str) -> None:
    with pytest.raises(ProfileError) as info:
        profile_from_raw(raw)
    assert info.value.key == key


def test_the_command_line_reports_w301_with_the_user_dictionary(tmp_path, capsys,
                                                                monkeypatch) -> None:
    from brief_editor.cli import main
    from brief_editor.model import dumps
    from brief_editor.storage.dictionary import add_personal_word
    from brief_editor.storage.paths import app_paths

    path = tmp_path / "b.brief"
    path.write_text(dumps(brief("Officials said teh talks in Kelmish would resume.")),
                    encoding="utf-8")
    assert main(["check", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [(p["id"], p["severity"], p["message"]) for p in out if p["id"] == "W301"] == [
        ("W301", "info", "Unknown word “teh”: did you mean “the”?"),
        ("W301", "info", "Unknown word “Kelmish”: correct it, or add it to your dictionary "
                         "if it is right."),
    ]
    add_personal_word(app_paths(), "Kelmish")
    assert main(["check", str(path)]) == 0
    text = capsys.readouterr().out
    assert "Kelmish" not in text and "“teh”" in text


def test_a_narrative_byline_and_credits_are_names_of_the_brief() -> None:
    narrative = NarrativeSection(id="n1", heading=("Background",),
                                 body=(("Zelmarov wrote that the port was shut.",),),
                                 byline="By Anja Zelmarov", credits=("Translated by Qirvel",))
    b = Brief(meta=META, sections=(narrative,))
    assert words(b) == []
    assert words(dataclasses.replace(b, sections=(dataclasses.replace(
        narrative, byline="", credits=()),))) == ["Zelmarov"]


# ------------------------------------------------------------- the reference issue

REFERENCE = sorted((Path(__file__).resolve().parents[3] / "shared" / "reference").glob("*.txt"))


@pytest.mark.skipif(not REFERENCE, reason="the reference issues (shared/reference) are absent")
@pytest.mark.parametrize("path", REFERENCE, ids=lambda p: p.name[:3])
def test_the_reference_issues_flag_only_names(path: Path) -> None:
    from brief_editor.citations.spelling import SpellCheck, Speller

    text = path.read_text(encoding="utf-8")
    unknown = {m.word for m in SpellCheck(Speller("en-US")).misspellings(text)}
    # Names (Kurti, Kosovo, Ghani …) are known in a brief that lists its parties and
    # locations; no ordinary word of the issue may be flagged.
    assert sorted(w for w in unknown if not w[:1].isupper()) == []
    assert "Counterterrorism" not in unknown


@pytest.mark.skipif(not REFERENCE, reason="the reference issues (shared/reference) are absent")
def test_the_reference_issue_hedges_are_found_in_its_text() -> None:
    from brief_editor.citations.estimative import ICD_203

    text = " ".join(p.read_text(encoding="utf-8") for p in REFERENCE)
    found = {h.text.casefold(): h.suggestion for h in ICD_203.hedges_in(" ".join(text.split()))}
    assert found["more than likely"] == "likely"
    assert found["in all likelihood"] == "very likely"


def test_prefixes_and_et_al_are_not_unknown_words() -> None:
    text = ("De-escalation talks, co-chaired by al-Rashid (Vance et al. 2020), reframed the "
            "counterterrorism agenda; a non-binding truce is likely.")
    assert words(brief(text, parties=("Rashid",))) == []
