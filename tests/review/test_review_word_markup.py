"""Reviews made with the markup Word writes, read back and applied to the brief."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from brief_editor.model import Note, inline_text, notes_in
from brief_editor.review import ReviewError, apply_review, read_review
from tests.review.review_briefs import export, review_brief
from tests.review.word_markup import DATE, WordReview


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("export")
    return export(review_brief(), folder / "issue-7.docx")


def _review(exported: Path, tmp_path: Path, edit, current=None):
    word = WordReview(exported)
    edit(word)
    target = word.save(tmp_path / "reviewed.docx")
    current = current or review_brief()
    return current, read_review(current, target)


def _accept_all(current, review):
    return apply_review(current, review, [c.id for c in review.changes])


def event(brief, i=0):
    return inline_text(brief.sections[0].event[i])


def bullets(brief):
    return [inline_text(b) for b in brief.sections[0].implications]


def test_a_phrase_replaced_in_an_event_paragraph(exported, tmp_path):
    current, review = _review(exported, tmp_path,
                              lambda w: w.replace("nine days of talks", "a week of talks",
                                                  author="Jo Reviewer"))
    assert len(review.changes) == 1
    change = review.changes[0]
    assert (change.kind, change.author, change.date) == ("replace", "Jo Reviewer", DATE)
    assert (change.before, change.after) == ("nine days of talks", "a week of talks")
    assert (change.place.section, change.place.field, change.place.index) == ("s1", "event", 0)
    assert change.tracked and not change.conflict
    merged = _accept_all(current, review)
    assert event(merged) == ("The ferry union ended its strike after a week of talks with the "
                             "port board. Crossings resumed on Tuesday morning.")
    # The note stays where it was, after "board."
    assert merged.sections[0].event[0][1] == Note(cites=current.sections[0].event[0][1].cites)
    assert current == review_brief()  # apply is pure


def test_a_sentence_deleted_from_a_bullet_and_a_word_inserted(exported, tmp_path):
    def edit(w):
        w.delete(" Some hauliers expect longer delays.")
        w.insert_after("Calm", " and dry")
    current, review = _review(exported, tmp_path, edit)
    kinds = sorted(c.kind for c in review.changes)
    assert kinds == ["delete", "insert"]
    merged = _accept_all(current, review)
    assert bullets(merged)[0] == "Freight queues should clear within a week."
    assert inline_text(merged.sections[1].body[0]).startswith("Calm and dry weather is forecast")


def test_rejected_changes_are_not_applied(exported, tmp_path):
    def edit(w):
        w.delete(" Some hauliers expect longer delays.")
        w.insert_after("Calm", " and dry")
    current, review = _review(exported, tmp_path, edit)
    insert = next(c for c in review.changes if c.kind == "insert")
    merged = apply_review(current, review, [insert.id])
    assert bullets(merged)[0].endswith("Some hauliers expect longer delays.")
    assert inline_text(merged.sections[1].body[0]).startswith("Calm and dry")


def test_a_bullet_added_and_one_deleted(exported, tmp_path):
    def edit(w):
        w.add_paragraph_after("pattern for the dock", "Insurers will raise premiums.")
        w.delete_paragraph("Tourism bookings")
    current, review = _review(exported, tmp_path, edit)
    kinds = sorted(c.kind for c in review.changes)
    assert kinds == ["paragraph-delete", "paragraph-insert"]
    added = next(c for c in review.changes if c.kind == "paragraph-insert")
    assert added.place.field == "implications" and added.after == "Insurers will raise premiums."
    merged = _accept_all(current, review)
    assert bullets(merged) == [
        "Freight queues should clear within a week. Some hauliers expect longer delays.",
        "The deal sets a pattern for the dock workers' talks in January.",
        "Insurers will raise premiums.",
    ]


def test_a_moved_phrase_and_a_formatting_change(exported, tmp_path):
    def edit(w):
        w.move(" by spring", " to hire")
        w.italicize("Crossings resumed")
    current, review = _review(exported, tmp_path, edit)
    kinds = sorted(c.kind for c in review.changes)
    assert kinds == ["format", "move"]
    fmt = next(c for c in review.changes if c.kind == "format")
    assert fmt.before == "Crossings resumed (plain)" and fmt.after == "Crossings resumed (italic)"
    merged = _accept_all(current, review)
    assert event(merged, 1) == "The board agreed by spring to hire forty more deckhands."
    spans = merged.sections[0].event[0]
    assert any(getattr(s, "marks", None) == ("italic",) and s.text == "Crossings resumed"
               for s in spans)


def test_a_comment_on_text_that_has_a_note_in_it(exported, tmp_path):
    def edit(w):
        cid = w.comment("with the port board.", "Which board members?", author="Jo Reviewer",
                        through_note=True)
        w.reply(cid, "All five.", author="Sam Editor", resolve=True)
    current, review = _review(exported, tmp_path, edit)
    assert review.changes == ()
    [thread] = review.comments
    assert (thread.author, thread.text) == ("Jo Reviewer", "Which board members?")
    assert thread.anchor.quote == "with the port board."
    assert (thread.anchor.section, thread.anchor.field, thread.anchor.index) == ("s1", "event", 0)
    text = event(current)
    assert text[thread.anchor.start:thread.anchor.end] == "with the port board."
    assert [(r.author, r.text) for r in thread.replies] == [("Sam Editor", "All five.")]
    assert thread.resolved
    merged = _accept_all(current, review)
    assert merged.comments == (thread,)


def test_a_reviewer_who_forgot_to_turn_on_tracking(exported, tmp_path):
    current, review = _review(exported, tmp_path,
                              lambda w: w.retype("forty more deckhands", "forty new deckhands"))
    [change] = review.changes
    assert not change.tracked
    assert (change.kind, change.before, change.after) == ("replace", "more", "new")
    merged = _accept_all(current, review)
    assert event(merged, 1) == "The board agreed to hire forty new deckhands by spring."


def test_the_analyst_edited_the_same_section_after_the_export(exported, tmp_path):
    # After the export the analyst rewrote the end of the paragraph; the reviewer changed
    # its beginning: both survive.
    base = review_brief()
    s1 = base.sections[0]
    para = list(s1.event[0])
    para[2] = " Crossings resumed on Tuesday at dawn."
    current = dataclasses.replace(base, sections=(
        dataclasses.replace(s1, event=(tuple(para), s1.event[1])), base.sections[1]))
    _, review = _review(exported, tmp_path,
                        lambda w: w.replace("ferry union", "seafarers' union"), current=current)
    [change] = review.changes
    assert not change.conflict
    merged = _accept_all(current, review)
    assert event(merged) == ("The seafarers' union ended its strike after nine days of talks "
                             "with the port board. Crossings resumed on Tuesday at dawn.")


def test_the_same_words_changed_by_both_are_a_conflict(exported, tmp_path):
    base = review_brief()
    s1 = base.sections[0]
    current = dataclasses.replace(base, sections=(
        dataclasses.replace(s1, event=(s1.event[0], ("The board agreed to hire sixty more "
                                                      "deckhands by spring.", s1.event[1][1]))),
        base.sections[1]))
    _, review = _review(exported, tmp_path,
                        lambda w: w.replace("forty", "fifty"), current=current)
    [change] = review.changes
    assert change.conflict and change.ours == "sixty"
    assert (change.before, change.after) == ("forty", "fifty")
    merged = _accept_all(current, review)
    assert event(merged, 1) == "The board agreed to hire sixty more deckhands by spring."


def test_the_analyst_added_a_paragraph_before_the_reviewed_one(exported, tmp_path):
    base = review_brief()
    s1 = base.sections[0]
    current = dataclasses.replace(base, sections=(
        dataclasses.replace(s1, event=(("A new opening paragraph.",),) + s1.event),
        base.sections[1]))
    _, review = _review(exported, tmp_path, lambda w: w.replace("forty", "fifty"),
                        current=current)
    [change] = review.changes
    assert change.place.index == 2 and not change.conflict
    merged = _accept_all(current, review)
    assert event(merged, 2) == "The board agreed to hire fifty more deckhands by spring."


def test_a_change_inside_a_note_is_reported_against_its_source(exported, tmp_path):
    current, review = _review(exported, tmp_path,
                              lambda w: w.edit_note("Board Promises New Crews",
                                                    "Board Promises New Ferry Crews"))
    [change] = review.changes
    assert change.kind == "note" and change.source_id == "gazette"
    assert change.note_number == 2
    assert "note 2" in change.where and "gazette" in change.where
    assert "Board Promises New Ferry Crews" in change.after
    # Never applied as text: the note is computed from the source.
    assert _accept_all(current, review) == current


def test_a_deleted_note_marker_deletes_the_cite(exported, tmp_path):
    current, review = _review(exported, tmp_path, lambda w: w.delete_note_marker("2"))
    [change] = review.changes
    assert change.kind == "cite-delete" and change.source_id == "gazette"
    merged = _accept_all(current, review)
    assert notes_in(merged.sections[0].event[1]) == []
    assert event(merged, 1) == event(current, 1)


def test_a_moved_note_marker_moves_the_cite(exported, tmp_path):
    current, review = _review(exported, tmp_path,
                              lambda w: w.move_note_marker("1", " with the port board"))
    [change] = review.changes
    assert change.kind == "cite-move" and change.source_id == "wire"
    merged = _accept_all(current, review)
    para = merged.sections[0].event[0]
    assert inline_text(para) == event(current)
    offsets = [len(inline_text(para[:i])) for i, s in enumerate(para) if isinstance(s, Note)]
    assert offsets == [len("The ferry union ended its strike after nine days of talks")]
    assert notes_in(para) == notes_in(current.sections[0].event[0])


@pytest.mark.parametrize("content, message", [
    (b"not a zip at all", "not a Word document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "encrypted"),
])
def test_unreadable_files_get_one_clear_line(tmp_path, content, message):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(content)
    with pytest.raises(ReviewError) as err:
        read_review(review_brief(), bad)
    assert message in str(err.value) and "\n" not in str(err.value)
    assert str(bad) in str(err.value)


def test_a_review_of_another_issue_is_refused(exported):
    other = dataclasses.replace(review_brief(), meta=dataclasses.replace(review_brief().meta,
                                                                         issue=8))
    with pytest.raises(ReviewError, match="issue 7"):
        read_review(other, exported)


def test_a_review_of_another_publication_with_the_same_section_ids_is_refused(exported):
    # Every new brief numbers its sections s1, s2…: shared ids prove nothing.
    other = dataclasses.replace(review_brief(), meta=dataclasses.replace(
        review_brief().meta, publication="Harbour Desk Weekly"))
    with pytest.raises(ReviewError, match="not of Harbour Desk Weekly"):
        read_review(other, exported)


def test_a_docx_brief_editor_did_not_write_is_refused(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Hello")
    path = tmp_path / "plain.docx"
    document.save(str(path))
    with pytest.raises(ReviewError, match="no review map"):
        read_review(review_brief(), path)


def test_accepting_one_change_at_a_time_in_any_order_gives_the_same_brief(exported, tmp_path):
    # The editor accepts changes one by one, each an undoable step on the brief as the
    # previous step left it; the words and paragraphs are found again every time.
    import itertools

    def edit(w):
        w.replace("nine days", "a week")
        w.insert_after("Crossings resumed", " fully")
        w.delete(" Some hauliers expect longer delays.")
        w.add_paragraph_after("pattern for the dock", "Insurers will raise premiums.")
        w.add_paragraph_after("Insurers will raise premiums.", "Fares may rise.")
        w.delete_paragraph("Tourism bookings")
        w.delete_note_marker("2")
    current, review = _review(exported, tmp_path, edit)
    assert len(review.changes) == 7
    at_once = _accept_all(current, review)
    assert bullets(at_once) == [
        "Freight queues should clear within a week.",
        "The deal sets a pattern for the dock workers' talks in January.",
        "Insurers will raise premiums.", "Fares may rise."]
    assert event(at_once) == ("The ferry union ended its strike after a week of talks with the "
                              "port board. Crossings resumed fully on Tuesday morning.")
    ids = [c.id for c in review.changes]
    for order in itertools.islice(itertools.permutations(ids), 0, 5040, 397):
        brief = current
        for change_id in order:
            brief = apply_review(brief, review, [change_id], comments=False)
        assert brief.sections == at_once.sections, order


def test_heading_location_and_parties_map_to_their_fields(exported, tmp_path):
    def edit(w):
        w.replace("Strike Ends", "Strike Is Over")
        w.replace("Port Lenna", "Lenna Harbour")
        w.replace("Port Board", "Harbour Board")
    current, review = _review(exported, tmp_path, edit)
    assert sorted(c.place.field for c in review.changes) == ["heading", "location", "parties"]
    merged = _accept_all(current, review)
    s1 = merged.sections[0]
    assert inline_text(s1.heading) == "Ferry Strike Is Over"
    assert s1.location == "Lenna Harbour"
    assert s1.parties == ("Ferry Union", "Harbour Board")


def test_a_bullet_added_without_tracking(exported, tmp_path):
    current, review = _review(exported, tmp_path, lambda w: w.add_paragraph_after(
        "Tourism bookings", "Hotels report early bookings.", tracked=False))
    [change] = review.changes
    assert change.kind == "paragraph-insert" and not change.tracked
    assert bullets(_accept_all(current, review))[-1] == "Hotels report early bookings."


def test_a_narrative_subheading_and_paragraphs_around_it(tmp_path):
    narrative = {"id": "s2", "kind": "narrative", "heading": ["Outlook"],
                 "body": [["Calm weather is forecast for the strait."],
                          ["Freight rates should fall by March."]],
                 "subheadings": [{"before": 1, "text": ["Prices"]}]}
    from brief_editor.model import to_raw

    current = review_brief(sections=[to_raw(review_brief())["sections"][0], narrative])
    path = export(current, tmp_path / "narrative.docx")

    def edit(w):
        w.replace("Prices", "Freight prices")
        w.add_paragraph_after("Freight prices", "Brokers agree.")       # under the subheading
        w.add_paragraph_after("Calm weather is forecast", "Winds stay low.")  # before it
    word = WordReview(path)
    edit(word)
    review = read_review(current, word.save(tmp_path / "reviewed.docx"))
    merged = _accept_all(current, review)
    s2 = merged.sections[1]
    assert inline_text(s2.subheadings[0].text) == "Freight prices"
    assert [inline_text(p) for p in s2.body] == [
        "Calm weather is forecast for the strait.", "Winds stay low.", "Brokers agree.",
        "Freight rates should fall by March."]
    # The subheading now stands before "Brokers agree.", the first paragraph of its part.
    assert s2.subheadings[0].before == 2
