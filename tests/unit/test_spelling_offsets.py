"""The quick spell check of a text (distinct tokens, offsets found by searching) reports the
same words at the same offsets as the careful tokenizer, on the real en-US dictionary."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brief_editor.citations.spelling import SpellCheck, find_unknown, speller_for

WORDS = ["the", "talks", "defence", "kilometres", "Kurti’s", "co-operation", "zzqx", "F-16",
         "1990s", "NATO", "O'Neil", "naïve", "e\u0301t", "xqzt-yy", "it's", "_x_", "a",
         "zzqx‐talks", "https://zzqx.org/a-b", "et al", "www.zzqx", "x@zzqx.org", "talks-zzqx"]
GAPS = [" ", ", ", " — ", "\n", " (", ") ", "'", " ‘", "’ ", "-", "  ", ".\u00a0"]


@pytest.fixture(scope="module")
def speller():
    found = speller_for("en-US")
    if found is None:
        pytest.skip("no en-US dictionary (make vendor)")
    return found


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GAPS)), max_size=14))
def test_quick_and_careful_agree(speller, pieces: list[tuple[str, str]]) -> None:
    text = "".join(word + gap for word, gap in pieces)
    check = SpellCheck(speller, frozenset({"kurti"}))
    quick = check.misspellings(text)
    assert quick == find_unknown(text, check.is_known)
    assert check.misspellings(text) == quick  # again, from the kept verdicts


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GAPS)), max_size=10),
                min_size=2, max_size=5))
def test_a_check_that_read_other_texts_first_finds_the_same(speller, texts) -> None:
    # What one text taught the check (its runs known to pass) never hides a word of another.
    check = SpellCheck(speller, frozenset({"kurti"}))
    for pieces in texts:
        text = "".join(word + gap for word, gap in pieces)
        assert check.misspellings(text) == find_unknown(text, check.is_known)
