"""Notes follow the brief's language: the CSL project's locale for it, not US English.

The expectations are the conventions of each language as the CSL locales write them
(British day-month-year dates and single quotes, the word for "and"), set by hand.
"""

from __future__ import annotations

import json

import pytest

from brief_editor.citations.csl_locales import locale_name, locales_dir
from brief_editor.citations.notes import NoteRenderer, render_notes
from brief_editor.model import loads

NEWS = {"id": "news", "type": "article-newspaper", "title": "Talks Resume",
        "container-title": "The Ledger", "issued": {"date-parts": [[2024, 10, 14]]}}
BOOK = {"id": "book", "type": "book", "title": "Rivers",
        "author": [{"family": "Marković", "given": "Dragana"}, {"family": "Cole", "given": "Dan"}],
        "publisher": "Eastfield Press", "issued": {"date-parts": [[2019]]}}


def notes_in(language: str) -> list[str]:
    brief = loads(json.dumps({
        "format": "brief-editor", "version": 1,
        "meta": {"language": language},
        "style": {"citation_style": "chicago-notes", "notes": "endnotes", "ibid": True},
        "sections": [{"id": "s1", "kind": "narrative", "heading": ["Heading"], "body": [[
            "Talks resumed.", {"note": {"cites": [{"source": "news"}]}},
            " The book agrees.", {"note": {"cites": [{"source": "book"}]}},
        ]]}],
        "sources": [NEWS, BOOK],
    }))
    return [n.text for n in render_notes(brief, renderer=NoteRenderer())]


@pytest.mark.parametrize(
    ("language", "news", "book"),
    [
        ("en-US", "“Talks Resume,” The Ledger, October 14, 2024.",
         "Dragana Marković and Dan Cole, Rivers (Eastfield Press, 2019)."),
        ("en-GB", "‘Talks Resume’, The Ledger, 14 October 2024.",
         "Dragana Marković and Dan Cole, Rivers (Eastfield Press, 2019)."),
        ("de-AT", "„Talks Resume“, The Ledger, 14. Oktober 2024.",
         "Dragana Marković und Dan Cole, Rivers (Eastfield Press, 2019)."),
        ("el-GR", "‘Talks Resume’, The Ledger, 14 Οκτώβριος 2024.",
         "Dragana Marković και Dan Cole, Rivers (Eastfield Press, 2019)."),
    ],
)
def test_notes_are_worded_in_the_brief_language(language: str, news: str, book: str) -> None:
    assert notes_in(language) == [news, book]


def test_a_language_without_a_file_of_its_own_uses_its_main_dialect() -> None:
    assert locales_dir() is not None
    assert locale_name("en-GB") == "en-GB"
    assert locale_name("pt-AO") == "pt-PT"  # Angola has no file; Portugal's is the main one
    assert locale_name("el") == "el-GR"
    assert locale_name("sr").startswith("sr-")
    assert locale_name("xx-YY") is None
    # Serbian: "i" for "and", whichever Serbian file serves it.
    assert notes_in("sr")[1].startswith("Dragana Marković i Dan Cole")
