"""Edits by offsets keep every note, in order, and change only the stretch named."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from brief_editor.model import Note, Styled, inline_text, notes_in
from brief_editor.review.inline_edit import insert_note, remove_note, replace_text, set_marks
from brief_editor.review.merge import diff_regions, rebase_edit
from tests.support.strategies import inlines, notes

INLINES = inlines(notes(st.sampled_from(["a", "b"])), max_size=6)


@settings(max_examples=150, deadline=None)
@given(INLINES, st.data(), st.text(max_size=8))
def test_replace_text_changes_only_the_stretch_and_keeps_the_notes(inline, data, new):
    text = inline_text(inline)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    out = replace_text(inline, start, end, new)
    assert inline_text(out) == text[:start] + new + text[end:]
    assert notes_in(out) == notes_in(inline)


@settings(max_examples=100, deadline=None)
@given(INLINES, st.data())
def test_marks_notes_out_and_in(inline, data):
    text = inline_text(inline)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    marked = set_marks(inline, start, end, ("italic",))
    assert inline_text(marked) == text and notes_in(marked) == notes_in(inline)
    if notes_in(inline):
        without, note = remove_note(inline, 0)
        assert note == notes_in(inline)[0] and len(notes_in(without)) == len(notes_in(inline)) - 1
        assert inline_text(insert_note(without, start, note)) == text


def test_a_replaced_word_keeps_its_formatting_and_the_note_after_it():
    note = Note()
    inline = ("The ", Styled("busiest", ("italic",)), " post.", note)
    out = replace_text(inline, 4, 11, "main")
    assert out == ("The ", Styled("main", ("italic",)), " post.", note)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="ab .", max_size=30), st.text(alphabet="ab .", max_size=30),
       st.data())
def test_an_edit_carried_over_an_unrelated_change_lands_on_the_same_words(base, ours, data):
    start = data.draw(st.integers(0, len(base)))
    end = data.draw(st.integers(start, len(base)))
    rb = rebase_edit(base, ours, start, end, "X")
    if rb.conflict or rb.already:
        return
    # Without a conflict, the words the reviewer replaced are there, untouched, in ours.
    assert ours[rb.start:rb.end] == base[start:end]
    assert diff_regions(base, base) == []
