"""Finding and replacing words in a brief (model/search.py), expectations set by hand."""

from __future__ import annotations

from brief_editor.model import (
    Brief,
    EventSection,
    Figure,
    Link,
    Meta,
    NarrativeSection,
    Note,
    Place,
    Styled,
    inline_text,
    numbered_notes,
)
from brief_editor.model.search import find_text, replace_in_inline, replace_matches, slot_text

NOTE = Note(comment=("Seen by the desk.",))
EVENT = ("The talks ended.", NOTE, " The envoys left; ", Styled("the talks", ("italic",)),
         " ended again.")


def brief() -> Brief:
    return Brief(
        meta=Meta(summary=("Talks in Lakeside stalled.",)),
        sections=(
            EventSection(id="s1", heading=("Lakeside Talks",), event=(EVENT,),
                         location="Lakeside talks centre", parties=("Envoy A", "Talks staff"),
                         implications=(("More talks are likely.", NOTE),),
                         figures=(Figure(id="f1", media_type="image/png", data="",
                                         caption=("The talks hall.",)),)),
            NarrativeSection(id="n1", heading=("Background",),
                             body=(("See the ", Link("https://example.org", "talks tracker"),
                                    "."),)),
        ),
    )


def test_slot_text_counts_a_note_as_one_character() -> None:
    assert slot_text(EVENT) == "The talks ended.\ufffc The envoys left; the talks ended again."


def test_find_in_reading_order_any_case() -> None:
    found = [(m.place, m.start, m.end) for m in find_text(brief(), "TALKS")]
    assert found == [
        (Place(None, "summary", 0), 0, 5),
        (Place("s1", "heading", 0), 9, 14),
        (Place("s1", "location", 0), 9, 14),  # as the form shows them: after the heading
        (Place("s1", "parties", 1), 0, 5),
        (Place("s1", "event", 0), 4, 9),
        (Place("s1", "event", 0), 39, 44),  # the italic "the talks" starts at 35
        (Place("s1", "implications", 0), 5, 10),
        (Place("s1", "caption", 0), 4, 9),
        (Place("n1", "body", 0), 8, 13),
    ]
    assert len(find_text(brief(), "Talks", match_case=True)) == 3  # summary, heading, party
    assert find_text(brief(), "   ") == []


def test_spaces_line_breaks_and_a_note_between_words() -> None:
    (match,) = find_text(brief(), "ended.  the\nenvoys")
    assert (match.start, match.end) == (10, 28)  # "ended." at 10, the note at 16
    assert find_text(brief(), "ended.the envoys") == []


def test_replace_inside_one_span_and_across_styles() -> None:
    # Plain text: the words before and after stay as they were.
    assert replace_in_inline(EVENT, 4, 9, "meeting") == (
        "The ", "meeting", " ended.", NOTE, " The envoys left; ", Styled("the talks", ("italic",)),
        " ended again.")
    # Inside italics: the new words are italic too.
    assert replace_in_inline(EVENT, 39, 44, "round")[3:6] == (
        Styled("the ", ("italic",)), Styled("round", ("italic",)), " ended again.")
    # From italics into plain text: the new words take the style where the old began.
    assert replace_in_inline(EVENT, 35, 50, "it")[3:] == (Styled("it", ("italic",)), " again.")


def test_replace_keeps_links_and_never_drops_a_note() -> None:
    linked = ("See the ", Link("https://example.org", "talks tracker"), ".")
    assert replace_in_inline(linked, 8, 13, "water") == (
        "See the ", Link("https://example.org", "water"), Link("https://example.org", " tracker"),
        ".")
    # The note inside the range follows the new words.
    assert replace_in_inline(EVENT, 10, 28, "stopped. Then the envoys") == (
        "The talks ", "stopped. Then the envoys", NOTE, " left; ",
        Styled("the talks", ("italic",)), " ended again.")
    # Replacing with nothing removes the words, not the note.
    assert replace_in_inline(EVENT, 9, 16, "") == (
        "The talks", NOTE, " The envoys left; ", Styled("the talks", ("italic",)),
        " ended again.")


def test_replace_every_match_in_the_brief() -> None:
    before = brief()
    after = replace_matches(before, find_text(before, "talks"), "negotiations")
    assert find_text(after, "talks") == []
    assert len(find_text(after, "negotiations")) == 9
    assert after.sections[0].location == "Lakeside negotiations centre"
    assert after.sections[0].parties == ("Envoy A", "negotiations staff")
    assert inline_text(after.meta.summary) == "negotiations in Lakeside stalled."
    assert inline_text(after.sections[0].event[0]) == (
        "The negotiations ended. The envoys left; the negotiations ended again.")
    assert inline_text(after.sections[0].figures[0].caption) == "The negotiations hall."
    assert len(numbered_notes(after)) == len(numbered_notes(before)) == 2
