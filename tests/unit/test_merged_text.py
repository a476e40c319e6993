"""A hand-merged paragraph keeps the formatting of the words it keeps, and its notes."""

from __future__ import annotations

from brief_editor.model import Cite, Note
from brief_editor.model.inline import Link, Styled
from brief_editor.model.merged_text import merged_paragraph, text_with_note_marks

N1 = Note((Cite("wire1"),))
N2 = Note((Cite("wire2", "4"),))


def test_the_merge_box_shows_notes_as_numbered_marks() -> None:
    kept = ("The ", Styled("Harbour Board", ("bold",)), " met.", N1, " It adjourned.", N2)
    assert text_with_note_marks(kept) == "The Harbour Board met.⟦1⟧ It adjourned.⟦2⟧"


def test_kept_words_keep_their_bold_and_italic() -> None:
    kept = ("The ", Styled("Harbour Board", ("bold",)), " met on ",
            Styled("Tuesday", ("italic",)), ".", N1)
    merged = merged_paragraph(kept, None, "On Tuesday the Harbour Board met again.⟦1⟧")
    assert merged == ("On ", Styled("Tuesday", ("italic",)), " the ",
                      Styled("Harbour Board", ("bold",)), " met again.", N1)


def test_words_taken_from_the_other_version_bring_its_formatting() -> None:
    kept = ("Talks resumed.", N1)
    other = ("Talks resumed under the ", Styled("Lake Accord", ("italic",)), ", said the ",
             Link("https://example.org/ministry", "ministry"), ".")
    merged = merged_paragraph(kept, other,
                              "Talks resumed under the Lake Accord, said the ministry.⟦1⟧")
    assert merged == ("Talks resumed under the ", Styled("Lake Accord", ("italic",)),
                      ", said the ", Link("https://example.org/ministry", "ministry"), ".", N1)


def test_a_word_typed_inside_a_bold_phrase_is_bold_and_at_its_edge_is_not() -> None:
    kept = ("The ", Styled("Harbour Board", ("bold",)), " met.")
    merged = merged_paragraph(kept, None, "The Harbour Port Board met today.")
    assert merged == ("The ", Styled("Harbour Port Board", ("bold",)), " met today.")
    merged = merged_paragraph(kept, None, "The Harbour Board members met.")
    assert merged == ("The ", Styled("Harbour Board", ("bold",)), " members met.")


def test_notes_land_at_their_marks_and_an_unmarked_note_goes_to_the_end() -> None:
    kept = ("A ", Styled("bold", ("bold",)), " claim.", N1, " Another.", N2)
    merged = merged_paragraph(kept, None, "A bold⟦2⟧ claim⟦9⟧.")
    assert merged == ("A ", Styled("bold", ("bold",)), N2, " claim.", N1)


def test_plain_paragraphs_merge_as_plain_text() -> None:
    merged = merged_paragraph(("Old words.", N1), ("New words.",), "Old and new words.⟦1⟧")
    assert merged == ("Old and new words.", N1)


def test_a_long_paragraph_rewritten_all_over_keeps_its_formatting() -> None:
    # 4,000 words whose sentences the analyst put in another order: each sentence keeps its
    # bold or plain. (A first version of the merge took minutes over such a paragraph.)
    sentences = [f"Sentence {n} says harbour{n % 7} convoy{n % 11} ministry{n % 13}." for
                 n in range(800)]
    kept = tuple(Styled(s + " ", ("bold",)) if n % 2 else s + " "
                 for n, s in enumerate(sentences))
    order = [n for n in range(800) if n % 3 == 0] + [n for n in range(800) if n % 3]
    merged = merged_paragraph(kept, None, " ".join(sentences[n] for n in order))
    bold = "".join(s.text for s in merged if isinstance(s, Styled))
    plain = "".join(s for s in merged if isinstance(s, str))
    for n in order:
        assert sentences[n] in (bold if n % 2 else plain), n
