"""Smart typography by language, and the spelling engine's shortcuts held to Hunspell."""

from __future__ import annotations

import random

import pytest

from brief_editor.citations.spelling import Speller, dictionary_for, words_to_check
from brief_editor.citations.typography import (
    ENGLISH,
    FRENCH,
    GERMAN,
    quote_style,
    smart_char,
    smarten,
)


@pytest.mark.parametrize(("language", "typed", "expected"), [
    ("en-US", 'He said "it\'s over" -- fine', "He said “it’s over” – fine"),
    ("en-GB", "the 'quiet' talks", "the ‘quiet’ talks"),
    ("fr", 'Il a dit "non"', "Il a dit «\u00a0non\u00a0»"),
    ("de", 'Er sagte "nein"', "Er sagte „nein“"),
    ("de", "ein 'kleines' Wort", "ein ‚kleines‘ Wort"),
    ("en-US", "north - south", "north – south"),
    ("en-US", "a pause---then", "a pause—then"),
    ("en-US", "the '90s", "the ’90s"),
])
def test_smarten_follows_the_language(language: str, typed: str, expected: str) -> None:
    assert smarten(typed, quote_style(language)) == expected


def test_a_quote_after_an_opening_bracket_or_dash_opens() -> None:
    assert smart_char('"', "(", ENGLISH) == "“"
    assert smart_char('"', "—", ENGLISH) == "“"
    assert smart_char('"', "d", ENGLISH) == "”"
    assert smart_char('"', " ", FRENCH) == "«\u00a0"
    assert smart_char('"', "t", GERMAN) == "“"


def test_unknown_languages_quote_in_english() -> None:
    assert quote_style("pt-BR") is ENGLISH


def test_dictionaries_serve_regional_variants() -> None:
    assert dictionary_for("en-AU") == "en-GB"
    assert dictionary_for("en") == "en-US"
    assert dictionary_for("fr-CA") == "fr"
    assert dictionary_for("de") is None  # not bundled (GPL-only): spelling is off


def test_tokens_skip_urls_mail_acronyms_and_numbers() -> None:
    text = ("See https://example.org/a-b and ops@desk.example; NATO and MPs met in the "
            "1990s; an F-16 flew; well-known Kurti’s plan")
    assert [t.text for t in words_to_check(text)] == [
        "See", "and", "and", "met", "in", "the", "an", "flew", "well", "known", "Kurti’s",
        "plan"]


@pytest.mark.parametrize("language", ["en-US", "en-GB", "fr", "es"])
def test_words_accepted_without_asking_hunspell_are_words_to_hunspell(language: str) -> None:
    # The shortcut (a plain stem) must never accept what Hunspell itself would reject.
    speller = Speller(language)
    sample = random.Random(3).sample(sorted(speller._plain), 400)
    rejected = [w for w in sample if not speller._engine.spell(w)]
    assert rejected == []
    capitalised = [w[:1].upper() + w[1:] for w in sample if w[:1].islower()][:100]
    assert [w for w in capitalised if not speller._engine.spell(w)] == []


def test_quick_suggestions_put_the_likely_word_first() -> None:
    speller = Speller("en-US")
    assert speller.quick_suggestions("teh")[0] == "the"
    assert speller.quick_suggestions("recieved")[0] == "received"
    assert speller.quick_suggestions("goverment")[0] == "government"
    assert speller.quick_suggestions("Thier")[0] == "Their"
    assert "colour" in Speller("en-GB").quick_suggestions("colur")
