"""The brief's comments go out as real Word comments and come back, thread by thread."""

from __future__ import annotations

import dataclasses

import docx

from brief_editor.model import Comment, CommentAnchor, CommentReply
from brief_editor.review import apply_review, read_review
from tests.review.review_briefs import export, review_brief
from tests.review.word_markup import WordReview

THREAD = Comment("c1", CommentAnchor("s1", "implications", 1, 4, 8, "deal"), "A. Analyst",
                 "2026-11-29T08:00:00Z", "Is the deal signed?",
                 (CommentReply("c1r1", "B. Desk", "2026-11-29T09:00:00Z", "Checking."),))
LOST = Comment("c2", CommentAnchor("s9", "event", 0, 0, 4, "gone"), "A. Analyst", "",
               "About a section since deleted")


def _brief(*comments):
    return dataclasses.replace(review_brief(), comments=comments)


def test_comments_are_exported_as_word_comments_with_their_replies(tmp_path):
    path = export(_brief(THREAD), tmp_path / "out.docx")
    # python-docx 1.2 reads them as any Word comments: author, text, and the range.
    comments = list(docx.Document(str(path)).comments)
    assert [(c.author, c.text) for c in comments] == [
        ("A. Analyst", "Is the deal signed?"), ("B. Desk", "Checking.")]
    import zipfile

    with zipfile.ZipFile(path) as z:
        body = z.read("word/document.xml").decode()
        extended = z.read("word/commentsExtended.xml").decode()
        assert "word/commentsIds.xml" in z.namelist()
    # The range marks the quoted word of the second bullet, "deal".
    start = body.index('<w:commentRangeStart w:id="0"/>')
    end = body.index('<w:commentRangeEnd w:id="0"/>')
    assert "deal" in body[start:end] and "pattern" not in body[start:end]
    assert "w15:paraIdParent" in extended  # the reply names its parent


def test_a_thread_survives_rounds_of_review(tmp_path):
    # Round 1 went out with the analyst's thread; the editor replies and resolves in Word.
    current = _brief(THREAD)
    round1 = export(current, tmp_path / "round-1.docx")
    word = WordReview(round1)
    word.reply_to_existing("Is the deal signed?", "Signed on Monday.", author="Jo Reviewer")
    word.resolve_existing("Is the deal signed?")
    review = read_review(current, word.save(tmp_path / "round-1-reviewed.docx"))
    [thread] = review.comments
    assert thread.id == "c1" and thread.resolved
    assert [r.text for r in thread.replies] == ["Checking.", "Signed on Monday."]
    after1 = apply_review(current, review, [])
    # Round 2: re-exported with the thread as it now stands; another reply, then reopened.
    round2 = export(after1, tmp_path / "round-2.docx")
    word = WordReview(round2)
    word.reply_to_existing("Is the deal signed?", "Reopening: the union has not signed.",
                           author="Sam Editor")
    review2 = read_review(after1, word.save(tmp_path / "round-2-reviewed.docx"))
    after2 = apply_review(after1, review2, [])
    [thread] = after2.comments
    assert thread.id == "c1"
    assert [(r.author, r.text) for r in thread.replies] == [
        ("B. Desk", "Checking."), ("Jo Reviewer", "Signed on Monday."),
        ("Sam Editor", "Reopening: the union has not signed.")]
    # Reading the same review twice adds nothing twice.
    assert apply_review(after2, review2, []).comments == after2.comments


def test_a_comment_whose_field_is_gone_is_still_exported_and_kept(tmp_path):
    current = _brief(THREAD, LOST)
    path = export(current, tmp_path / "out.docx")
    assert len(list(docx.Document(str(path)).comments)) == 3
    review = read_review(current, path)
    merged = apply_review(current, review, [])
    assert [c.id for c in merged.comments] == ["c1", "c2"]
    assert merged.comments[1] == LOST


def test_a_comment_made_with_python_docx(tmp_path):
    path = export(review_brief(), tmp_path / "out.docx")
    document = docx.Document(str(path))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Tourism bookings"))
    document.add_comment(paragraph.runs, text="Source?", author="Py Reviewer", initials="PR")
    document.save(str(tmp_path / "reviewed.docx"))
    current = review_brief()
    review = read_review(current, tmp_path / "reviewed.docx")
    [thread] = review.comments
    assert (thread.author, thread.text) == ("Py Reviewer", "Source?")
    a = thread.anchor
    assert (a.section, a.field, a.index) == ("s1", "implications", 2)
    assert a.quote == "Tourism bookings may recover before the holidays."
    merged = apply_review(current, review, [])
    assert merged.comments == (thread,)
