"""The citation picker's search over a kept index ranks as the rule says, query after query.

The oracle is the rule written out plainly, one source at a time: every word of the query
must be somewhere in the source (title, authors, container, year, URL, id); sources whose
title has every word at the start of a word come first, then those whose title holds every
word, then the rest; within each, recently cited sources first (latest first), the others
by title. The index searches a narrowing query among the last one's matches only, so the
queries come in sequences that grow, shrink and change.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from brief_editor.model import Source
from brief_editor.ui.citation_picker import SOURCE_ROLE, SourceIndex, fold, haystack

WORDS = ("port", "porto", "report", "sorvik", "harbour", "talks", "Ålesund", "ale")

sources = st.lists(
    st.builds(lambda i, words, year: Source({
        "id": f"s{i}", "type": "report", "title": " ".join(words),
        "issued": {"date-parts": [[year]]}, "URL": f"https://ex.example/{words[0]}"}),
        st.integers(0, 12), st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
        st.integers(2019, 2024)),
    max_size=25, unique_by=lambda s: s.id)
queries = st.lists(st.text(alphabet="portsaleåh ", max_size=8), min_size=1, max_size=6)


def oracle(items: list[Source], query: str, recent: list[str]) -> list[str]:
    tokens = fold(query).split()
    rank = {sid: i for i, sid in enumerate(recent)}
    scored = []
    for order, source in enumerate(items):
        if not all(t in haystack(source) for t in tokens):
            continue
        title = fold(source.title)
        words = re.split(r"\W+", title)
        if tokens and all(any(w.startswith(t) for w in words) for t in tokens):
            score = 0
        elif all(t in title for t in tokens):
            score = 1
        else:
            score = 2
        recency = rank.get(source.id, len(rank))
        name = title if recency == len(rank) else ""
        scored.append((score, recency, name, order, source.id))
    return [item[4] for item in sorted(scored)]


@settings(max_examples=200, deadline=None)
@given(sources, queries, st.lists(st.sampled_from([f"s{i}" for i in range(5)]), max_size=3,
                                  unique=True))
def test_search_ranks_as_the_rule_says(items, typed, recent) -> None:
    index = SourceIndex(items)
    for query in typed:
        found = [index.sources[i].id for i in index.search(query, recent)]
        assert found == oracle(items, query, recent), query


def test_a_large_library_lists_the_best_matches_and_asks_for_more_words(qtbot) -> None:
    from brief_editor.model import Brief, Cite, Note
    from brief_editor.ui.citation_picker import MAX_RESULTS, CitationPicker

    library = tuple(Source({"id": f"r{i}", "type": "report", "title": f"Report {i} on ports",
                            "URL": f"https://ex.example/{i}"}) for i in range(2000))
    picker = CitationPicker(Brief(sources=library), note=Note((Cite("r1999"),)))
    qtbot.addWidget(picker)
    # The cite being edited stays in view though it sorts far down the list.
    assert picker.results.count() == MAX_RESULTS
    assert picker.results.currentIndex().data(SOURCE_ROLE) == "r1999"
    assert f"Showing {MAX_RESULTS} of 2,000" in picker.hint.text()
    qtbot.keyClicks(picker.search, "report 1234")
    assert [picker.results.item(r).data(SOURCE_ROLE)
            for r in range(picker.results.count())] == ["r1234"]
    assert "Showing" not in picker.hint.text()
