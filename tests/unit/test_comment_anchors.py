"""Comment anchors follow the analyst's edits, and a comment whose words are gone is kept."""

from __future__ import annotations

import dataclasses

from brief_editor.model import (
    Brief,
    Cite,
    Comment,
    CommentAnchor,
    EventSection,
    Figure,
    Meta,
    Note,
)
from brief_editor.model.comment_anchors import anchor_text, follow_anchors, is_orphaned

EVENT = ("Both delegations met in Geneva.", Note((Cite("w"),)), " The talks were useful.")


def brief_with(anchor: CommentAnchor, **section: object) -> Brief:
    fields = {"id": "s1", "heading": ("Talks",), "event": (EVENT,),
              "implications": (("More rounds are likely.",), ("Pressure will mount.",))}
    fields.update(section)
    return Brief(meta=Meta(summary=("A quiet week in Geneva.",)),
                 sections=(EventSection(**fields),),
                 comments=(Comment("c1", anchor, "J. Editor", text="Which delegations?"),))


def edit(brief: Brief, **changes: object) -> Brief:
    section = dataclasses.replace(brief.sections[0], **changes)
    return follow_anchors(brief, dataclasses.replace(brief, sections=(section,)))


def words(brief: Brief) -> str:
    anchor = brief.comments[0].anchor
    text = anchor_text(brief, anchor)
    assert text is not None
    return text[anchor.start:anchor.end]


def test_typing_before_the_anchor_moves_it():
    brief = brief_with(CommentAnchor("s1", "event", 0, 5, 16, "delegations"))
    after = edit(brief, event=(("Today both delegations met in Geneva.", Note((Cite("w"),)),
                                " The talks were useful."),))
    anchor = after.comments[0].anchor
    assert (anchor.start, anchor.end) == (11, 22)
    assert words(after) == "delegations" and not is_orphaned(after, after.comments[0])


def test_text_after_a_note_is_counted_without_the_note():
    brief = brief_with(CommentAnchor("s1", "event", 0, 36, 42, "talks "))
    assert words(brief) == "talks "
    after = edit(brief, event=(("Both met in Geneva.", Note((Cite("w"),)),
                                " The talks were useful."),))
    assert words(after) == "talks "


def test_typing_inside_the_anchor_grows_it_and_typing_after_it_does_not():
    brief = brief_with(CommentAnchor("s1", "event", 0, 5, 16, "delegations"))
    inside = edit(brief, event=(("Both deleg-ations met in Geneva. The talks were useful.",),))
    assert words(inside) == "deleg-ations"
    assert inside.comments[0].anchor.quote == "deleg-ations"
    after = edit(brief, event=(("Both delegations, all of them, met in Geneva.",),))
    assert words(after) == "delegations"


def test_deleting_the_words_orphans_the_comment_and_undoing_brings_it_back():
    brief = brief_with(CommentAnchor("s1", "event", 0, 5, 16, "delegations"))
    gone = edit(brief, event=(("Both met in Geneva.",),))
    assert len(gone.comments) == 1
    assert is_orphaned(gone, gone.comments[0])
    assert gone.comments[0].anchor.quote == "delegations"
    assert gone.comments[0].text == "Which delegations?"
    # The analyst types the words again: the comment finds them.
    back = follow_anchors(gone, dataclasses.replace(gone, sections=(dataclasses.replace(
        gone.sections[0], event=(("Both delegations met again.",),)),)))
    assert not is_orphaned(back, back.comments[0]) and words(back) == "delegations"


def test_a_bullet_added_above_moves_the_comment_to_the_next_index():
    brief = brief_with(CommentAnchor("s1", "implications", 1, 0, 8, "Pressure"))
    after = edit(brief, implications=(("New first bullet.",), ("More rounds are likely.",),
                                      ("Pressure will mount.",)))
    anchor = after.comments[0].anchor
    assert anchor.index == 2 and words(after) == "Pressure"


def test_a_bullet_deleted_orphans_its_comment_not_its_neighbours():
    brief = brief_with(CommentAnchor("s1", "implications", 0, 0, 4, "More"))
    after = edit(brief, implications=(("Pressure will mount.",),))
    assert is_orphaned(after, after.comments[0])


def test_words_moved_within_the_field_are_found_again():
    brief = brief_with(CommentAnchor("s1", "implications", 1, 0, 8, "Pressure"))
    after = edit(brief, implications=(("Pressure will mount.",), ("More rounds are likely.",)))
    assert words(after) == "Pressure" and after.comments[0].anchor.index == 0


def test_a_deleted_section_keeps_the_comment_orphaned():
    brief = brief_with(CommentAnchor("s1", "heading", 0, 0, 5, "Talks"))
    after = follow_anchors(brief, dataclasses.replace(brief, sections=()))
    assert after.comments == brief.comments
    assert is_orphaned(after, after.comments[0])


def test_caption_comments_follow_their_figure():
    figures = (Figure("f1", "image/png", "", caption=("First picture",)),
               Figure("f2", "image/png", "", caption=("Second picture",)))
    brief = brief_with(CommentAnchor("s1", "caption", 1, 0, 6, "Second"), figures=figures)
    after = edit(brief, figures=(figures[1], figures[0]))
    assert after.comments[0].anchor.index == 0 and words(after) == "Second"


def test_summary_comments_follow_the_masthead():
    brief = brief_with(CommentAnchor(None, "summary", 0, 12, 18, "Geneva"))
    after = follow_anchors(brief, dataclasses.replace(
        brief, meta=Meta(summary=("A very quiet week in Geneva.",))))
    assert words(after) == "Geneva"


def test_an_edit_elsewhere_leaves_the_brief_untouched():
    brief = brief_with(CommentAnchor("s1", "event", 0, 5, 16, "delegations"))
    after = edit(brief, location="Geneva")
    assert after.comments is brief.comments


def test_subheading_comments_follow_their_subheading():
    from brief_editor.model import NarrativeSection
    from brief_editor.model.document import Subheading

    subheadings = (Subheading(0, ("Background",)), Subheading(1, ("What comes next",)))
    section = NarrativeSection(id="n1", heading=("Outlook",), body=(("One.",), ("Two.",)),
                               subheadings=subheadings)
    brief = Brief(sections=(section,), comments=(
        Comment("c1", CommentAnchor("n1", "subheading", 1, 5, 10, "comes")),))
    assert not is_orphaned(brief, brief.comments[0])
    added = (Subheading(0, ("Context",)), *subheadings)
    after = follow_anchors(brief, dataclasses.replace(brief, sections=(
        dataclasses.replace(section, subheadings=added),)))
    assert after.comments[0].anchor.index == 2 and words(after) == "comes"
    retyped = follow_anchors(brief, dataclasses.replace(brief, sections=(
        dataclasses.replace(section, subheadings=(
            subheadings[0], Subheading(1, ("What really comes next",)))),)))
    assert words(retyped) == "comes"
