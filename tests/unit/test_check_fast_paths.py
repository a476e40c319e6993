"""The checks' quick paths find exactly what their plain definitions find.

`check` on a long issue and the editor opening a 100,000-source library skip work for text
that cannot match (a substring search before an expression, a smaller expression, counts
remembered per run of text). Each quick path is held here to the plain definition it
replaced, on generated text: a quick path that missed a hedge, a typed "Ibid.", a straight
quote or a duplicate source would print fewer problems.
"""

from __future__ import annotations

import gc
import re
import weakref

from hypothesis import example, given, settings
from hypothesis import strategies as st

from brief_editor.citations.checks import _IBID, _SUPER_DIGITS, _may_hold_ibid, _may_hold_super
from brief_editor.citations.estimative import ICD_203, EstimativeScale, _key, _pattern
from brief_editor.citations.library_match import (
    _PLAIN_URL,
    _SPACES,
    _simple_url_key,
    normalize_text,
    split_url_key,
)
from brief_editor.citations.quotes import _WORD, count_words
from brief_editor.citations.typography import QuoteStyle, quote_problems, quote_style
from brief_editor.model.bulk import PROMOTE_AFTER, paused_gc

PIECES = ["likely", "more than likely", "More Than  Likely", "perhaps", "it seems", "not",
          "very likely", "not very likely", "almost no chance", "good chance", "Fifty-fifty",
          "toss-up", "maybe", "a", "the", "un", "ibid", "Ibid.", "IBIDEM", "ıbıd", "İbid", "bid",
          "³", "¹²", "10⁶", "km²", "x", "’", "'", '"', "“", "”", "«", "»", "„", "it's",
          "www.", "et al", "://", "@", "_", "-", "‐", "1", "é", "\u0301"]
GAPS = [" ", "  ", "\n", ", ", ". ", "-", "", "\u00a0", "\t"]
TEXT = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(GAPS)), max_size=16).map(
    lambda pieces: "".join(p + g for p, g in pieces))


def _hedges_by_the_whole_expression(scale: EstimativeScale, text: str) -> list[tuple]:
    """W302 as it was found before: every hedge's expression over the whole text."""
    whole = _pattern(scale.hedges)
    if whole is None:
        return []
    terms = _pattern(scale.terms)
    standard = [m.span() for m in terms.finditer(text)] if terms else []
    lookup = {_key(k): v for k, v in scale.hedges.items()}
    found = []
    for match in whole.finditer(text):
        start, end = match.span()
        if any(a <= start and end <= b and (b - a) > (end - start) for a, b in standard):
            continue
        found.append((start, end, match.group(), lookup.get(_key(match.group()), "")))
    return found


TEAM_SCALE = EstimativeScale(terms=("likely", "it's likely"),
                             hedges={"it's likely": "x", "fifty-fifty": "y", "maybe so": "z",
                                     "more than likely": "likely", "50/50": "even"},
                             name="Team")


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_hedges_are_found_as_by_the_whole_expression(text: str) -> None:
    for scale in (ICD_203, TEAM_SCALE):
        quick = [(h.start, h.end, h.text, h.suggestion) for h in scale.hedges_in(text)]
        assert quick == _hedges_by_the_whole_expression(scale, text)


def test_a_hedge_is_still_flagged_beside_a_standard_term() -> None:
    text = "It is likely, and more than likely, that talks fail; perhaps not."
    assert [h.text for h in ICD_203.hedges_in(text)] == ["more than likely", "perhaps"]


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_words_are_counted_as_by_the_expression(text: str) -> None:
    assert count_words(text) == len(_WORD.findall(text))
    assert count_words(text) == len(_WORD.findall(text))  # again, from the kept runs


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_the_substring_tests_never_skip_a_match(text: str) -> None:
    if _IBID.search(text):
        assert _may_hold_ibid(text)
    if _SUPER_DIGITS.search(text):
        assert _may_hold_super(text)


def _quote_problems_by_expressions(text: str, style: QuoteStyle) -> list[tuple[int, str]]:
    """W304 as it was found before: the marks found by regular expressions."""
    first = re.search("[\"'“”«»„]", text)
    if first is None:
        return []
    found = []
    straight = [m.start() for m in re.finditer("[\"']", text)]
    if straight:
        found.append((straight[0], len(straight)))
    families: dict[str, int] = {}
    table = {"“": "“ ”", "”": "“ ”", "«": "« »", "»": "« »", "„": "„ “"}
    for match in re.finditer("[“”«»„]", text):
        family = table[match.group()]
        if match.group() == "“" and style.double[1] == "“":
            family = "„ “"
        families.setdefault(family, match.start())
    own = f"{style.double[0]} {style.double[1]}"
    nested = f"{style.single[0]} {style.single[1]}"
    allowed = (own, nested) if own in families else (own,)
    foreign = [(i, f) for f, i in families.items() if f not in allowed]
    if foreign:
        found.append(min(foreign))
    return found


@settings(max_examples=400, deadline=None)
@given(TEXT, st.sampled_from(["en-US", "en-GB", "fr", "de", "es"]))
@example("a » b « c “d” 'e'", "en-US")  # a closing mark first: the family's first mark
@example("x ” y “ z „w“", "de")
def test_quote_problems_are_found_as_by_the_expressions(text: str, language: str) -> None:
    style = quote_style(language)
    problems = quote_problems(text, style)
    expected = _quote_problems_by_expressions(text, style)
    assert [p.offset for p in problems] == [e[0] for e in expected]
    if expected and isinstance(expected[0][1], int):
        count = expected[0][1]
        assert problems[0].reason.startswith(
            "a straight quote" if count == 1 else f"{count} straight quotes")


URL_PARTS = ["http://", "https://", "HTTPS://", "www.", "a", "Z", "0", "-", ".", "/", "//",
             "?", "#", ":", "@", "%", "~", " ", "\t", "ä", "[", "]", "\x7f", "\x00", "'"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(URL_PARTS), max_size=10).map("".join))
def test_a_plain_url_gets_the_key_the_expression_gives(url: str) -> None:
    value = url.strip()
    quick = _simple_url_key(value) if value else None
    if quick is None:
        return
    plain = _PLAIN_URL.fullmatch(value)
    assert plain is not None
    _scheme, host, path, query = plain.groups()
    assert quick == (f"https://{host.lower()}{(path or '').rstrip('/')}"
                     f"{'?' + query if query else ''}")
    assert quick == split_url_key(value)  # and urllib agrees


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["A", "b", " ", "  ", "\t", "\n", "\x00", "\x1f", "é",
                                 "\u00a0", "\u2003", "Ω"]), max_size=8).map("".join))
def test_text_is_normalized_as_by_the_expression(text: str) -> None:
    assert normalize_text(text) == _SPACES.sub(" ", text).strip().casefold()


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_a_bulk_job_leaves_no_walk_behind_and_its_cycles_are_still_freed() -> None:
    with paused_gc():
        kept = [[] for _ in range(PROMOTE_AFTER + 1000)]  # a library's worth of lists
        node = _Node()
        node.other = node  # a cycle that becomes garbage later
        dead = weakref.ref(node)
    # They went straight to the oldest generation: no young collection walks them to find
    # them alive (it would leave them in the middle one).
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert id(kept[0]) in oldest and id(kept[-1]) in oldest
    del node
    gc.collect()
    assert dead() is None
