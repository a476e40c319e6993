"""The checks of CITATIONS.md, each seen firing and not firing, on briefs built in code."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from brief_editor.citations.checks import (
    CHECK_IDS,
    CheckSettingsError,
    Problem,
    has_errors,
    normalize_url,
    run_checks,
    severity_map,
)
from brief_editor.citations.quotes import find_quotations, flatten, unsourced_quotations
from brief_editor.model import (
    Brief,
    Cite,
    EventSection,
    Figure,
    Inline,
    Link,
    Meta,
    NarrativeSection,
    Note,
    Place,
    Source,
    Styled,
    loads,
)

WIRE = {
    "id": "wire",
    "type": "article-newspaper",
    "title": "Talks Resume in Geneva",
    "container-title": "Example Wire",
    "issued": {"date-parts": [[2024, 3]]},
    "URL": "https://example.org/talks",
}
META = Meta(
    publication="Desk Brief",
    title="Example Desk",
    issue=3,
    week_of=dt.date(2024, 3, 4),  # a Monday
    authors=("A. Analyst",),
    team="Example Team",
    organization="Example Group",
)

# A whole 1×1 PNG (a figure the checks have nothing to say about).
TINY_PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5"
            "ErkJggg==")


def cite(source: str = "wire", **kwargs: str) -> Note:
    return Note(cites=(Cite(source, **kwargs),))


def comment(*spans: str) -> Note:
    return Note(cites=(), comment=tuple(spans))


def make(
    event: tuple[Inline, ...] = (("Both delegations met again.", cite()),),
    *,
    heading: Inline = ("Talks Resume",),
    implications: tuple[Inline, ...] = (("Further rounds are likely.", cite()),),
    figures: tuple[Figure, ...] = (),
    sources: tuple[dict, ...] = (WIRE,),
    meta: Meta = META,
    more: tuple = (),
) -> Brief:
    section = EventSection(
        id="s1", heading=heading, event=event, implications=implications, figures=figures
    )
    return Brief(
        meta=meta, sections=(section, *more), sources=tuple(Source(dict(s)) for s in sources)
    )


def ids(brief: Brief) -> list[str]:
    return [p.id for p in run_checks(brief)]


def text_ids(paragraph: Inline) -> list[str]:
    """The problems of one event paragraph in an otherwise clean brief."""
    return ids(make(event=(paragraph,)))


def test_clean_brief_has_no_problems() -> None:
    assert run_checks(make()) == []


def test_format_example_is_clean() -> None:
    text = """{"format": "brief-editor", "version": 1,
      "meta": {"publication": "Security Brief", "title": "Example Desk", "issue": 3,
               "week_of": "2024-03-04", "authors": ["A. Analyst"], "team": "Example Team",
               "organization": "Example Group"},
      "sections": [{"id": "s1", "kind": "event", "heading": ["Talks Resume"],
        "event": [["Both delegations met again.", {"note": {"cites": [{"source": "wire1"}]}},
                   " A spokesperson called the talks \u201cuseful.\u201d",
                   {"note": {"cites": [{"source": "wire1", "locator": "2"}]}}]],
        "implications": [["Further rounds are likely."]]}],
      "sources": [{"id": "wire1", "type": "article-newspaper", "title": "Talks Resume",
        "container-title": "Example Wire", "issued": {"date-parts": [[2024, 3]]},
        "URL": "https://example.org/talks"}]}"""
    assert run_checks(loads(text)) == []


# ------------------------------------------------------------------------------ W101

N = cite()

W101_CASES = [
    # (name, paragraph, fires)
    ("long quote, no note", ("The minister said “we will not sign this deal.” Talks ended.",), True),
    ("long quote, note after closing quote", ("The minister said “we will not sign this deal.”", N), False),
    ("note after closing quote, then next sentence",
     ("The minister said “we will not sign this deal.”", N, " Talks ended."), False),
    ("note after the quote, before the full stop",
     ("The minister said “we will not sign this deal”", N, " on Monday."), False),
    ("note after a space after the sentence",
     ("The minister said “we will not sign this deal.” ", N), False),
    ("note only in the next sentence",
     ("The minister said “we will not sign this deal.” Talks ended.", N), True),
    ("note only in the sentence before",
     ("Talks ended.", N, " The minister said “we will not sign this deal.”"), True),
    ("scare quote", ("The group plays the “victim” in every statement.",), False),
    ("three quoted words", ("Both sides spoke of “hearts and minds” again.",), False),
    ("hyphenated single word", ("The “victim-victimizer” cycle goes on.",), False),
    ("exactly four words", ("He called it “a very bad idea” yesterday.",), True),
    ("straight quotes, no note", ('She said "the border stays closed today" and left.',), True),
    ("straight quotes with note", ('She said "the border stays closed today."', N), False),
    ("straight open, curly close, with note (hand-edited text)",
     ('The envoy stated that "as far as we are concerned, it\'s over.”', N), False),
    ("nested single quote inside, with note",
     ("He claimed that “the diplomats ‘could not believe what they heard’ in the room.”", N), False),
    ("nested single quote inside, no note",
     ("He claimed that “the diplomats ‘could not believe what they heard’ in the room.”",), True),
    ("quote of several sentences, note at its end",
     ("She said “We came to talk. They came to shout. Nothing moved.”", N), False),
    ("abbreviation inside the sentence does not split it",
     ("“We will leave by the summer,” said the U.S. envoy.", N), False),
    ("title before a name does not split it",
     ("“We will leave by the summer,” said Mr. Smith on Friday.", N), False),
    ("British single quotes, no note", ("The minister said ‘we will not sign this deal’ today.",), True),
    ("apostrophes are not quotations",
     ("Kosovo’s leaders said the parties’ talks failed and the envoy’s plan stalled badly.",),
     False),
    ("unclosed quotation is not guessed at", ("He said “we will not sign this deal and left.",), False),
    ("guillemets, no note", ("Il a dit «nous ne signerons pas cet accord» hier.",), True),
    ("question inside a quote, with note", ("They asked “why should we sign this now?”", N), False),
    ("quote across styled spans, with note",
     ("He said “we will ", Styled("not", ("italic",)), " sign this deal.”", N), False),
    ("quote across styled spans, no note",
     ("He said “we will ", Styled("not", ("italic",)), " sign this deal.”",), True),
    ("quote inside a link text, no note",
     ("See ", Link("https://example.org", "“we will not sign this deal”"), " for more."), True),
    ("comment-only note still carries the sentence",
     ("He said “we will not sign this deal.”", comment("Translated by the team.")), False),
]


@pytest.mark.parametrize(
    ("paragraph", "fires"),
    [pytest.param(p, f, id=name) for name, p, f in W101_CASES],
)
def test_w101_quotation_without_note(paragraph: Inline, fires: bool) -> None:
    found = text_ids(paragraph)
    assert found == (["W101"] if fires else [])


def test_w101_message_quotes_the_words_and_place() -> None:
    brief = make(event=(("Intro.", N), ("He said “we will not sign this deal.”",)))
    (problem,) = run_checks(brief)
    assert problem.id == "W101"
    assert "we will not sign this deal." in problem.message
    assert "6 words" in problem.message
    assert problem.place == Place("s1", "event", 1)


def test_w101_in_implications_caption_and_summary() -> None:
    quote = ("Officials called it “a final offer to everyone.”",)
    figure = Figure(id="f1", media_type="image/png", data=TINY_PNG, caption=quote)
    meta = dataclasses.replace(META, summary=quote)
    brief = make(implications=(("Likely.", N), quote), figures=(figure,), meta=meta)
    assert [(p.id, p.place) for p in run_checks(brief)] == [
        ("W101", Place(None, "summary", 0)),
        ("W101", Place("s1", "implications", 1)),
        ("W101", Place("s1", "caption", 0)),
    ]


def test_quotation_reader_counts_nested_words_once() -> None:
    flat = flatten(("A said “b ‘c d’ e.” F.",))
    (quotation,) = find_quotations(flat.text)
    assert quotation.words == 4
    assert quotation.inner == "b ‘c d’ e."
    assert len(unsourced_quotations(flat)) == 1


# ------------------------------------------------------------------------------ W105, W106

TEXT_CASES = [
    ("typed Ibid.", ("As before, Ibid.",), ["W105"]),
    ("typed ibid lower case", ("see ibid for details",), ["W105"]),
    ("typed ibidem", ("Ibidem, page 4.",), ["W105"]),
    ("ibid inside a word", ("The bibidi song played.",), []),
    ("bracket marker", ("Talks ended without progress.[3]",), ["W106"]),
    ("bracket marker list", ("Talks ended [2, 3] without progress.",), ["W106"]),
    ("year in brackets", ("The accord [2021] still holds.",), []),
    ("enumeration in parentheses", ("Two outcomes: (1) delay and (2) drift.",), []),
    ("superscript digit", ("Talks ended³ without progress.",), ["W106"]),
    ("two superscript digits", ("Talks ended¹² without progress.",), ["W106"]),
    ("square metres", ("The site covers 40 m² of ground.",), []),
    ("exponent", ("About 10⁶ people moved.",), []),
    ("superscript-marked digit", ("Talks ended", Styled("4", ("superscript",)), " early."),
     ["W106"]),
    ("superscript-marked ordinal", ("The 1", Styled("st", ("superscript",)), " round."), []),
]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [pytest.param((*p, N), e, id=name) for name, p, e in TEXT_CASES],
)
def test_hand_typed_ibid_and_markers(paragraph: Inline, expected: list[str]) -> None:
    assert text_ids(paragraph) == expected


def test_w105_in_a_comment_and_a_cite_suffix() -> None:
    paragraph = (
        "Talks ended.", comment("Ibid."),
        " They resume soon.", Note(cites=(Cite("wire", suffix="ibid"),)),
    )
    problems = run_checks(make(event=(paragraph,)))
    assert [p.id for p in problems] == ["W105", "W105"]
    assert "note 1" in problems[0].message
    assert "note 2" in problems[1].message


def test_w106_message_names_the_marker() -> None:
    (problem,) = run_checks(make(heading=("Dialogue Stalls[1]",)))
    assert problem.id == "W106"
    assert "“[1]”" in problem.message
    assert problem.place == Place("s1", "heading", 0)


# ------------------------------------------------------------------------------ notes


def test_e001_unknown_source_names_it_and_suggests() -> None:
    problems = run_checks(make(event=(("Talks ended.", cite("Wire")),)))
    assert [p.id for p in problems] == ["E001"]
    assert "“Wire”" in problems[0].message
    assert "did you mean “wire”" in problems[0].message
    assert problems[0].severity == "error"


def test_e001_does_not_fire_for_known_source() -> None:
    assert "E001" not in ids(make())


@pytest.mark.parametrize(
    ("note", "fires"),
    [
        pytest.param(Note(), True, id="no cites no comment"),
        pytest.param(Note(cites=(), comment=()), True, id="empty comment"),
        pytest.param(Note(cites=(), comment=("  ",)), True, id="blank comment"),
        pytest.param(comment("Figures are estimates."), False, id="commentary note"),
        pytest.param(cite(), False, id="cite only"),
    ],
)
def test_e002_empty_note(note: Note, fires: bool) -> None:
    assert ("E002" in text_ids(("Talks ended.", note))) is fires


def test_e002_message_gives_the_note_number() -> None:
    problems = run_checks(make(event=(("A.", cite(), " B.", Note()),)))
    assert [p.id for p in problems] == ["E002"]
    assert problems[0].message.startswith("Note 2 ")


# ------------------------------------------------------------------------------ W102


def test_w102_event_without_cite() -> None:
    brief = make(event=(("Talks ended.",),), implications=(("Likely.", comment("Our view.")),),
                 sources=())
    problems = run_checks(brief)
    assert [p.id for p in problems] == ["W102"]
    assert problems[0].place == Place("s1", "event", 0)
    assert "Talks Resume" in problems[0].message


def test_w102_cite_in_implications_or_caption_is_enough() -> None:
    figure = Figure(id="f", media_type="image/png", data=TINY_PNG, caption=("Photo.", cite()))
    assert ids(make(event=(("Talks ended.",),), implications=(("Likely.", cite()),))) == []
    assert ids(make(event=(("Talks ended.",),), implications=(), figures=(figure,))) == []


def test_w102_not_for_narrative_sections() -> None:
    narrative = NarrativeSection(id="n1", heading=("Background",), body=(("Some prose.",),))
    assert ids(make(more=(narrative,))) == []


# ------------------------------------------------------------------------------ sources


def with_source(**changes: object) -> dict:
    data = {**WIRE, **changes}
    return {k: v for k, v in data.items() if v is not None}


SOURCE_CASES = [
    # (name, second source, expected ids on it) — the second source is cited so W103 is quiet
    ("no title", with_source(id="b", title=None, URL="https://example.org/o"), ["E003"]),
    ("blank title", with_source(id="b", title="  ", URL="https://example.org/o"), ["E003"]),
    ("no type", with_source(id="b", type=None, title="Other", URL="https://example.org/o"),
     ["E003"]),
    ("complete and different", with_source(id="b", title="Other", URL="https://example.org/x"),
     []),
    ("same DOI in another case",
     None, ["W104"]),
    ("same URL with trailing slash, fragment, host case and http",
     with_source(id="b", title="Other", URL="http://EXAMPLE.org/talks/#top"), ["W104"]),
    ("same title and container in another case and spacing",
     with_source(id="b", title="talks  resume in GENEVA", URL="https://example.org/other"),
     ["W104"]),
    ("same title, other container",
     with_source(id="b", **{"container-title": "Other Wire"}, URL="https://example.org/o"), []),
    ("webpage without URL", with_source(id="b", type="webpage", title="Other", URL=None),
     ["W107"]),
    ("newspaper without date", with_source(id="b", title="Other", issued=None,
                                            URL="https://example.org/o"), ["W107"]),
    ("book without URL is fine",
     {"id": "b", "type": "book", "title": "A History", "publisher": "Press",
      "issued": {"date-parts": [[2019]]}}, []),
    ("cited book without a date", {"id": "b", "type": "book", "title": "A History"}, ["W108"]),
    ("cited chapter without its book",
     {"id": "b", "type": "chapter", "title": "Part One", "issued": {"date-parts": [[2019]]}},
     ["W108"]),
    ("cited article without journal or date",
     {"id": "b", "type": "article-journal", "title": "On Rivers"}, ["W108"]),
    ("webpage with literal date",
     with_source(id="b", type="webpage", title="Other", issued={"literal": "spring 2024"},
                 URL="https://example.org/o"), []),
]


@pytest.mark.parametrize(
    ("second", "expected"),
    [pytest.param(s, e, id=name) for name, s, e in SOURCE_CASES],
)
def test_source_checks(second: dict | None, expected: list[str]) -> None:
    first = dict(WIRE)
    if second is None:  # the DOI case
        first = {**WIRE, "DOI": "10.1234/ABC.5"}
        second = with_source(id="b", title="Other", URL="https://example.org/o",
                             DOI="https://doi.org/10.1234/abc.5")
    paragraph = ("Talks ended.", cite("wire"), " Again.", cite("b"))
    problems = run_checks(make(event=(paragraph,), sources=(first, second)))
    assert [p.id for p in problems] == expected
    assert all(p.place == Place(None, "source", 1) for p in problems)


def test_e003_without_id_and_e004_duplicate_ids() -> None:
    sources = (WIRE, {"type": "webpage", "title": "X", "URL": "https://a.example",
                      "issued": {"date-parts": [[2024]]}}, {**WIRE, "title": "Another"})
    problems = run_checks(make(sources=sources))
    assert [(p.id, p.place.index) for p in problems] == [("E003", 1), ("E004", 2)]
    assert "number 2 (no id)" in problems[0].message
    assert "“wire”" in problems[1].message and "1 and 3" in problems[1].message


def test_w103_uncited_source_names_it() -> None:
    other = with_source(id="spare", title="Other", URL="https://example.org/o")
    problems = run_checks(make(sources=(WIRE, other)))
    assert [p.id for p in problems] == ["W103"]
    assert "“spare”" in problems[0].message


def test_w107_names_what_is_missing() -> None:
    bare = {"id": "wire", "type": "webpage", "title": "Talks"}
    (problem,) = run_checks(make(sources=(bare,)))
    assert problem.id == "W107"
    assert "date" in problem.message and "URL" in problem.message


def test_url_normalization() -> None:
    assert normalize_url("HTTP://Example.org/a/#x") == normalize_url("https://example.org/a")
    assert normalize_url("https://example.org/a?q=1") != normalize_url("https://example.org/a")
    assert normalize_url("https://example.org/A") != normalize_url("https://example.org/a")


# ------------------------------------------------------------------------------ masthead


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        pytest.param({"issue": None}, "issue number", id="no issue"),
        pytest.param({"week_of": None}, "week", id="no week"),
        pytest.param({"authors": ()}, "author", id="no author"),
        pytest.param({"authors": ("  ",)}, "author", id="blank author"),
    ],
)
def test_w201_masthead_incomplete(changes: dict, missing: str) -> None:
    (problem,) = run_checks(make(meta=dataclasses.replace(META, **changes)))
    assert problem.id == "W201"
    assert missing in problem.message
    assert problem.place == Place(None, "meta", 0)


def test_w202_week_not_monday_is_info() -> None:
    (problem,) = run_checks(make(meta=dataclasses.replace(META, week_of=dt.date(2024, 3, 6))))
    assert (problem.id, problem.severity) == ("W202", "info")
    assert "Wednesday, March 6, 2024" in problem.message
    assert "Monday, March 4, 2024" in problem.message
    assert not has_errors([problem])


# ------------------------------------------------------------------------------ together


def test_hand_kept_issue_patterns_are_all_caught() -> None:
    """The failures of hand-kept notes, in our own words: marker in a heading, typed Ibid.,
    an unsourced quotation next to sourced ones, a note to a missing source."""
    event = (
        ("On Monday the talks ended without agreement. The envoy said “this was one more attempt "
         "to force our hand, and the mediators ‘could not follow what was said’ at all.”",
         cite()),
        (" The other side said “the words about the past were struck from the text.”",
         comment("Ibid.")),
        (" A third delegate said “we expect to meet again within the month.”",),
        (" Officials also spoke of a “reset.”", cite("lost")),
    )
    brief = make(heading=("Dialogue Stalls[1]",), event=event)
    problems = run_checks(brief)
    assert [(p.id, p.place.field, p.place.index) for p in problems] == [
        ("W106", "heading", 0),
        ("W105", "event", 1),
        ("W101", "event", 2),
        ("E001", "event", 3),
    ]
    assert has_errors(problems)


def test_order_is_document_then_sources_then_meta() -> None:
    narrative = NarrativeSection(id="n1", heading=("Background",), body=(("See [2].",),))
    brief = make(
        event=(("He said “we will not sign this deal.” Then ended.",),),
        implications=(("Likely.", Note()),),
        sources=(WIRE, {"id": "x", "type": "book"}),
        meta=dataclasses.replace(META, issue=None, week_of=dt.date(2024, 3, 5)),
        more=(narrative,),
    )
    assert [(p.id, p.place.section, p.place.field) for p in run_checks(brief)] == [
        ("W101", "s1", "event"),
        ("E002", "s1", "implications"),
        ("W102", "s1", "event"),
        ("W106", "n1", "body"),
        ("W103", None, "source"),
        ("E003", None, "source"),
        ("W103", None, "source"),
        ("W201", None, "meta"),
        ("W202", None, "meta"),
    ]


def test_as_json_is_the_cli_object() -> None:
    problem = Problem("W101", "warning", "msg", Place("s1", "event", 2))
    assert problem.as_json() == {
        "id": "W101", "severity": "warning", "message": "msg",
        "where": {"section": "s1", "field": "event", "index": 2},
    }
    json.dumps(problem.as_json())
    meta_problem = run_checks(make(meta=dataclasses.replace(META, authors=())))[0]
    assert meta_problem.as_json()["where"] == {"section": None, "field": "meta", "index": 0}


# ------------------------------------------------------------------------------ severities


def test_severity_override_raises_w101_to_error() -> None:
    brief = make(event=(("He said “we will not sign this deal.” Then ended.", N),))
    (default,) = run_checks(brief)
    (raised,) = run_checks(brief, severities={"W101": "error"})
    assert (default.severity, raised.severity) == ("warning", "error")
    assert has_errors([raised]) and not has_errors([default])


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        pytest.param({"W999": "error"}, "W999", id="unknown id"),
        pytest.param({"W101": "fatal"}, "fatal", id="unknown severity"),
        pytest.param({"E001": "warning"}, "always an error", id="lowering an error"),
    ],
)
def test_bad_severity_overrides_are_refused(overrides: dict, words: str) -> None:
    with pytest.raises(CheckSettingsError, match=words):
        run_checks(make(), severities=overrides)


def test_every_check_has_a_default_severity() -> None:
    assert CHECK_IDS == ("E001", "E002", "E003", "E004", "E005", "E006", "E007", "E008",
                         "W101", "W102", "W103", "W104", "W105", "W106", "W107", "W108", "W201",
                         "W202", "W301", "W302", "W303", "W304", "W305")
    assert severity_map()["W301"] == "info"
    assert severity_map()["W202"] == "info"
    assert {severity_map()[i] for i in CHECK_IDS if i.startswith("E")} == {"error"}


def test_problems_in_one_inline_for_live_checking() -> None:
    from brief_editor.citations.checks import problems_in

    place = Place("s1", "event", 0)
    inline = ("He said “we will not sign this deal.” See [4].", cite("nowhere"))
    assert [p.id for p in problems_in(inline, place)] == ["W101", "W106"]
