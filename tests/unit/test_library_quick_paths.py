"""Quick paths of the library checks agree with the full ones: W104's URL key for plain
http(s) URLs is what urllib gives, and E007's quick walk finds what the full walk finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from brief_editor.citations.library_match import normalize_url, split_url_key

TRICKY = [
    "https://Example.org/a/b/", "HTTP://EXAMPLE.ORG", "http://example.org/?", "https://x.org/?q=1#f",
    "https://x.org#frag", "https://x.org/a?b?c#d#e", "https://user:PW@Host.org:8080/p/",
    "https://x.org//double//", "https://x.org/", "http://x.org/a%20b/", "https://x.org/ä/ö?ü=1",
    "https://[::1]/a", "https://exa mple.org/", "https://x.org/a\tb", "ftp://x.org/a/",
    "https:///path", "https://", "//x.org/a", "example.org/a", "mailto:a@b.org",
    "  https://x.org/a/  ", "https://bücher.example/a", "https://x.org/a?", "https://x.org?a",
    "Https://X.org/A/?Q#", "https://x.org/a/#/b", "https://x.org/;p?q=/#",
]


def test_plain_urls_get_the_key_urllib_gives() -> None:
    for url in TRICKY:
        assert normalize_url(url) == split_url_key(url.strip()), url


ALPHABET = st.sampled_from(list("aZ09./?#:@%-_~;=&+!$'()*, \t[]ä"))


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["http://", "https://", "HTTPS://", "ftp://", ""]),
       st.text(ALPHABET, max_size=30))
def test_any_url_gets_the_key_urllib_gives(prefix: str, rest: str) -> None:
    url = (prefix + rest).strip()
    if url:
        assert normalize_url(url) == split_url_key(url)


# ---------------------------------------------------------------- E007's quick walk

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["author", "title", "editor", "issued", "x", "family"]), inner,
        max_size=3),
    max_leaves=12)


@settings(max_examples=400, deadline=None)
@given(JSON_VALUES)
def test_the_quick_walk_agrees_with_the_full_one(data: object) -> None:
    from brief_editor.citations.input_checks import _bad_values, _clean, _clean_any

    assert _clean(data) == (not list(_bad_values(data)))
    assert _clean_any(data) == (not list(_bad_values(data)))
