"""The fast BibTeX scanner reads what bibtexparser (a reader we did not write) reads.

Libraries are written by ``bibtex_text`` from random sources, and by hand with the shapes
real files have (macros, concatenation, quotes, nested braces, escaped braces, odd spacing);
every entry must come out of both readers as the same CSL item.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from brief_editor.citations.library_bibtex import (
    _decoder,
    _read_slowly,
    bibtex_text,
    entry_to_csl,
    read_bibtex,
)
from brief_editor.citations.library_bibtex_inherit import inherit_parents
from brief_editor.model import Source

TEXT = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"),
                             exclude_characters="\u2028\u2029"), min_size=1, max_size=30)

NAME = st.from_regex(r"[A-Z][a-zà-ÿ]{1,8}( [A-Z][a-zà-ÿ]{1,8})?", fullmatch=True)


def _both(text: str) -> tuple[list[dict], list[dict]]:
    decoder = _decoder()
    fast, _ = read_bibtex(text, Path("t.bib"))
    records, _ = _read_slowly(text, 0, decoder, Path("t.bib"))
    slow = [entry_to_csl(r, decoder) for r in inherit_parents(records)]
    return [i.data for i in fast], slow


@settings(max_examples=150, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "title": TEXT, "container-title": TEXT, "publisher": TEXT,
    # Names of letters only: bibtexparser decodes a name's LaTeX before splitting it, so
    # "\\&, 0" loses its family there (the round-trip tests cover such names).
    "author": st.lists(st.fixed_dictionaries({"family": NAME, "given": NAME}), max_size=3),
}), min_size=1, max_size=4))
def test_scanner_reads_what_bibtexparser_reads(records: list[dict]) -> None:
    sources = [Source({"id": f"k{i}", "type": "article-journal", **{
        k: (" ".join(v.split()) if isinstance(v, str) else v) for k, v in r.items()}})
        for i, r in enumerate(records)]
    sources = [s for s in sources if s.data["title"]]
    fast, slow = _both(bibtex_text(sources))
    assert fast == slow


def test_hand_written_shapes_read_alike() -> None:
    text = (
        '@string{ un = "United Nations" }\n'
        "@Article{a1, Title = {The {UN} and {\\em Peace}}, Journal = un # { Review},\n"
        '  year = 2020, month = jul, author = "M{\\"u}ller, J{\\"o}rg and {World Bank}",\n'
        "  pages = {1--9}, note = {Braces \\{ inside \\} and 50\\% off}}\n"
        "@book(b1, title = {Round (parens) entry}, publisher = {Eastfield},\n"
        "       year = {1999})\n"
        "@misc{c1,title={No spaces},howpublished={\\url{https://example.org/x}},}\n"
        "@comment{ignored entirely}\n"
        "@incollection{d1, title = \"Quoted {with} braces\", crossref = {b1}}\n"
    )
    fast, slow = _both(text)
    assert len(fast) == 4
    assert fast == slow
