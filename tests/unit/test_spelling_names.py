"""The brief's names as the spell-checker knows them: counted word by word without reading
every name's words into a set (a library of 100,000 sources has 300,000 names)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from brief_editor.citations.spelling import (
    brief_vocabulary,
    names_holding,
    token_forms,
    vocabulary_of,
)

NAME = st.lists(st.sampled_from(list("abAB ’'-é\u0301ﬁß\n\xa0_1‐") + [" Kurti's", "co-op", "De"]),
                max_size=8).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(NAME, max_size=8))
def test_names_holding_counts_as_the_names_vocabularies_do(names: list[str]) -> None:
    names_t = tuple(names)
    assert brief_vocabulary(names_t) == vocabulary_of(names_t)
    for word in vocabulary_of(names_t) | {"zz"}:
        expected = sum(1 for name in names_t if word in vocabulary_of((name,)))
        assert names_holding(names_t, word, 10**6) == expected
        assert names_holding(names_t, word, 2) == min(expected, 2)


def test_a_possessive_and_a_hyphenated_name_give_their_parts() -> None:
    names = ("Kurti’s office", "Ministry of Co-operation", "Kurti")
    assert names_holding(names, "kurti", 5) == 2
    assert names_holding(names, "operation", 5) == 1
    assert set(token_forms("Co-operation")) == {"co-operation", "co", "operation"}
