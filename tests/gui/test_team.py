"""The team workspace in the editor: sync into an open, unsaved issue; conflicts; archive."""

from __future__ import annotations

import dataclasses

import pytest
from dulwich.repo import Repo

from brief_editor.model import Cite, Note
from brief_editor.storage import lock
from brief_editor.storage.files import read_brief, save_brief
from brief_editor.workspace import clone_workspace, init_workspace, sync

from .helpers import answer_dialog, make_brief

ISSUE = "issues/issue-3.brief"


@pytest.fixture
def desk(tmp_path):
    remote = tmp_path / "remote.git"
    Repo.init_bare(str(remote), mkdir=True).close()
    ann, bob = tmp_path / "ann", tmp_path / "bob"
    init_workspace(ann, remote=str(remote), author="Ann <ann@desk.example>")
    save_brief(ann / ISSUE, make_brief())
    sync(ann, author="Ann <ann@desk.example>")
    clone_workspace(str(remote), bob)
    return ann, bob


def _bob_edits(bob, change):
    brief = read_brief(bob / ISSUE)
    save_brief(bob / ISSUE, change(brief))
    sync(bob, author="Bob <bob@desk.example>")


def _heading(brief, index):
    return "".join(brief.sections[index].heading)


def _sync_and_wait(window, qtbot):
    with qtbot.waitSignal(window.team_sync.finished, timeout=60000):
        assert window.team_sync.sync_now()


def test_a_sync_merges_the_team_into_the_open_unsaved_issue_with_undo(window, qtbot, desk):
    ann, bob = desk
    assert window.open_path(ann / ISSUE)
    window.document.edit_section("s1", "Edit location", location="Lausanne, Switzerland")
    assert window.document.is_dirty
    _bob_edits(bob, lambda b: dataclasses.replace(b, sections=(
        b.sections[0], dataclasses.replace(b.sections[1], heading=("Bob's new heading",)),
        *b.sections[2:])))

    _sync_and_wait(window, qtbot)

    brief = window.document.brief
    assert _heading(brief, 1) == "Bob's new heading"  # the team's change arrived
    assert brief.sections[0].location == "Lausanne, Switzerland"  # ours is kept
    assert window.document.is_dirty  # still unsaved: the analyst's edit is not on disk yet
    assert "Synced" in window.statusBar().currentMessage()
    window.undo_group.undo()  # the merge is one undoable step
    assert _heading(window.document.brief, 1) == "Talks round 2"
    window.undo_group.redo()
    # Saving is not a "changed on disk" clash: the file the sync wrote is the new base.
    assert window.save()
    on_disk = read_brief(ann / ISSUE)
    assert _heading(on_disk, 1) == "Bob's new heading"
    assert on_disk.sections[0].location == "Lausanne, Switzerland"


def test_a_clean_open_issue_simply_follows_the_team(window, qtbot, desk):
    ann, bob = desk
    assert window.open_path(ann / ISSUE)
    _bob_edits(bob, lambda b: dataclasses.replace(
        b, meta=dataclasses.replace(b.meta, title="Retitled by Bob")))
    _sync_and_wait(window, qtbot)
    assert window.document.brief.meta.title == "Retitled by Bob"
    assert not window.document.is_dirty
    # The sync wrote the issue under the editor's own lock, and left it with the editor.
    holder = lock.read_lock(ann / ISSUE)
    assert holder is not None and holder.is_ours and holder.by == "editor"


def test_the_same_field_edited_unsaved_here_and_by_the_team_is_a_conflict(window, qtbot, desk):
    ann, bob = desk
    assert window.open_path(ann / ISSUE)
    window.document.edit_section("s1", "Edit heading", heading=("Ann's heading",))
    _bob_edits(bob, lambda b: dataclasses.replace(b, sections=(
        dataclasses.replace(b.sections[0], heading=("Bob's heading",)), *b.sections[1:])))
    _sync_and_wait(window, qtbot)
    assert _heading(window.document.brief, 0) == "Ann's heading"
    assert "1 conflict" in window.statusBar().currentMessage()

    from brief_editor.ui.team import ConflictsDialog

    dialog = ConflictsDialog(window, window.team_sync, window)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1
    assert dialog.kept_text.toPlainText() == "Ann's heading"
    assert dialog.other_text.toPlainText() == "Bob's heading"
    dialog.take_button.click()
    assert _heading(window.document.brief, 0) == "Bob's heading"
    assert dialog.list.count() == 0
    window.undo_group.undo()
    assert _heading(window.document.brief, 0) == "Ann's heading"


def test_a_stored_conflict_is_settled_with_a_merged_text(window, qtbot, desk):
    ann, bob = desk
    raw_edit = {"ann": "Crossing closed", "bob": "Crossing shut"}
    for who, folder in (("ann", ann), ("bob", bob)):
        brief = read_brief(folder / ISSUE)
        save_brief(folder / ISSUE, dataclasses.replace(brief, sections=(
            dataclasses.replace(brief.sections[2], location=raw_edit[who]),
            *brief.sections[:2], *brief.sections[3:])))
    sync(ann, author="Ann <ann@desk.example>")
    report = sync(bob, author="Bob <bob@desk.example>")
    assert len(report.conflicts) == 1
    assert window.open_path(bob / ISSUE)

    from brief_editor.ui.team import ConflictsDialog

    dialog = ConflictsDialog(window, window.team_sync, window)
    qtbot.addWidget(dialog)
    assert dialog.kept_text.toPlainText() == "Crossing shut"
    assert dialog.other_text.toPlainText() == "Crossing closed"
    dialog.merge_text.setPlainText("Crossing closed and shut")
    dialog.merge_button.click()
    assert window.document.brief.sections[0].location == "Crossing closed and shut"
    assert not (bob / "conflicts.json").exists()


def test_archive_search_opens_the_issue_at_the_section(window, qtbot, desk):
    ann, _bob = desk
    assert window.open_path(ann / ISSUE)
    from brief_editor.ui.team import ArchiveDialog

    dialog = ArchiveDialog(window, ann, window)
    qtbot.addWidget(dialog)
    dialog.query.setText("Outlook")
    dialog.run_search()
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 2).text() == "Outlook"
    dialog.open_current()
    assert window.outline.current_section_id() == "n1"


def test_sync_outside_a_workspace_says_so(window, qtbot, tmp_path):
    save_brief(tmp_path / "lone.brief", make_brief())
    assert window.open_path(tmp_path / "lone.brief")
    seen: list[str] = []
    answer_dialog(lambda d: d.accept(), seen)
    assert not window.team_sync.sync_now()
    assert seen == ["Sync with Team"]


def test_the_picker_offers_the_team_library_and_copies_a_cited_source(window, qtbot, desk):
    import json as _json

    ann, _bob = desk
    shared = {"id": "harbour-ferry", "type": "article-newspaper", "title": "Ferry Talks Stall",
              "container-title": "Harbour Wire", "URL": "https://harbour.example/ferry"}
    (ann / "library.json").write_text(_json.dumps([shared], indent=2), encoding="utf-8")
    from brief_editor.model import Cite, Note, Source

    earlier = make_brief()
    earlier = dataclasses.replace(earlier, sources=(*earlier.sources, Source(dict(shared))),
                                  meta=dataclasses.replace(earlier.meta, issue=2))
    first = earlier.sections[0]
    earlier = dataclasses.replace(earlier, sections=(dataclasses.replace(
        first, implications=(("Ferries may stop.", Note((Cite("harbour-ferry"),))),)),
        *earlier.sections[1:]))
    save_brief(ann / "issues" / "issue-2.brief", earlier)
    assert window.open_path(ann / ISSUE)

    from brief_editor.ui.citation_picker import DETAIL_ROLE, CitationPicker
    from brief_editor.ui.team import picker_library

    library, cited_in = picker_library(window)
    picker = CitationPicker(window.document.brief, parent=window, library=library,
                            cited_in=cited_in)
    qtbot.addWidget(picker)
    picker.search.setText("ferry talks")
    assert picker.results.count() == 1
    detail = picker.results.item(0).data(DETAIL_ROLE)
    assert "team library" in detail and "cited in issue 2" in detail
    picker.accept()
    assert [s.id for s in picker.new_sources] == ["harbour-ferry"]
    assert picker.note().cites[0].source == "harbour-ferry"


def test_clone_a_workspace_from_the_dialog(qtbot, desk, tmp_path):
    from brief_editor.ui.team import WorkspaceDialog

    ann, _bob = desk
    remote = ann.parent / "remote.git"
    dialog = WorkspaceDialog(clone=True)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path / "carol"))
    dialog.accept()  # no remote yet: refused with a message, nothing made
    assert dialog.problem.isVisibleTo(dialog) and not (tmp_path / "carol").exists()
    dialog.remote.setText(str(tmp_path / "no-such.git"))
    dialog.accept()
    assert "no-such.git" in dialog.problem.text() and not (tmp_path / "carol").exists()
    dialog.remote.setText(str(remote))
    dialog.accept()
    assert dialog.created == tmp_path / "carol"
    assert read_brief(tmp_path / "carol" / ISSUE).meta.issue == 3


def test_an_issue_in_a_workspace_uses_the_team_dictionary(window, qtbot, desk):
    ann, _bob = desk
    (ann / "dictionary.txt").write_text("Zubrovka\n", encoding="utf-8")
    tools = window.writing_tools
    assert "Zubrovka" not in tools.personal
    assert window.open_path(ann / ISSUE)
    assert "Zubrovka" in tools.personal  # the workspace's words, once its issue is open
    tools.add_to_dictionary("Kestrelport", team=True)
    assert (ann / "dictionary.txt").read_text(encoding="utf-8").split() == \
        ["Zubrovka", "Kestrelport"]
    assert "Kestrelport" in tools.personal
    assert "team dictionary" in window.statusBar().currentMessage()


def _paragraph_conflict(ann, bob):
    """Ann and Bob rewrote the same paragraph (s1's first, with two notes) differently."""
    for folder, words in ((ann, ("Both delegations met again in ", " called the talks "
                                 "constructive.")),
                          (bob, ("The delegations met once more in ", " called the talks "
                                 "useful."))):
        brief = read_brief(folder / ISSUE)
        first = brief.sections[0]
        old = first.event[0]
        notes = [s for s in old if isinstance(s, Note)]
        paragraph = (words[0] + "Geneva.", notes[0], " A spokesperson" + words[1], notes[1])
        save_brief(folder / ISSUE, dataclasses.replace(brief, sections=(
            dataclasses.replace(first, event=(paragraph, *first.event[1:])),
            *brief.sections[1:])))
    sync(ann, author="Ann <ann@desk.example>")
    report = sync(bob, author="Bob <bob@desk.example>")
    assert [c.path for c in report.conflicts] == ["sections[id=s1].event[0]"]


def test_a_merged_paragraph_keeps_its_notes_where_their_marks_are(window, qtbot, desk):
    ann, bob = desk
    _paragraph_conflict(ann, bob)
    assert window.open_path(bob / ISSUE)

    from brief_editor.ui.team import ConflictsDialog

    dialog = ConflictsDialog(window, window.team_sync, window)
    qtbot.addWidget(dialog)
    shown = ("The delegations met once more in Geneva.⟦1⟧ A spokesperson called the talks "
             "useful.⟦2⟧")
    assert dialog.kept_text.toPlainText() == shown
    assert dialog.merge_text.toPlainText() == shown
    # The analyst takes Ann's ending, and moves the first note after "Geneva" with the words.
    dialog.merge_text.setPlainText("The delegations met once more in Geneva⟦1⟧. A "
                                   "spokesperson called the talks constructive.⟦2⟧")
    dialog.merge_button.click()
    paragraph = window.document.brief.sections[0].event[0]
    assert paragraph == ("The delegations met once more in Geneva", Note((Cite("wire1"),)),
                         ". A spokesperson called the talks constructive.",
                         Note((Cite("wire1", "2"),)))
    window.undo_group.undo()  # one undoable step, back to Bob's paragraph
    assert [s for s in window.document.brief.sections[0].event[0] if isinstance(s, str)] == [
        "The delegations met once more in Geneva.", " A spokesperson called the talks useful."]


def test_a_note_whose_mark_is_deleted_in_the_merge_goes_to_the_end(window, qtbot, desk):
    ann, bob = desk
    _paragraph_conflict(ann, bob)
    assert window.open_path(bob / ISSUE)

    from brief_editor.ui.team import ConflictsDialog

    dialog = ConflictsDialog(window, window.team_sync, window)
    qtbot.addWidget(dialog)
    dialog.merge_text.setPlainText("The talks in Geneva⟦2⟧ were useful ⟦7⟧⟦2⟧.")
    dialog.merge_button.click()
    # Note 2 where its mark is; marks of no note (or a note placed already) are dropped;
    # note 1, whose mark is gone, at the end: no cite is lost.
    assert window.document.brief.sections[0].event[0] == (
        "The talks in Geneva", Note((Cite("wire1", "2"),)), " were useful .",
        Note((Cite("wire1"),)))


def test_a_merged_paragraph_keeps_the_formatting_of_its_words(window, qtbot, desk):
    from brief_editor.model.inline import Link, Styled

    ann, bob = desk
    link = Link("https://example.org/lake-accord", "Lake Accord")
    for folder, paragraph in (
            (ann, ("Talks resumed under the ", link, " in Geneva.")),
            (bob, ("Talks resumed in ", Styled("Geneva", ("bold",)), " on Tuesday."))):
        brief = read_brief(folder / ISSUE)
        first = brief.sections[0]
        notes = tuple(s for s in first.event[0] if isinstance(s, Note))
        save_brief(folder / ISSUE, dataclasses.replace(brief, sections=(
            dataclasses.replace(first, event=(paragraph + notes, *first.event[1:])),
            *brief.sections[1:])))
    sync(ann, author="Ann <ann@desk.example>")
    assert [c.path for c in sync(bob, author="Bob <bob@desk.example>").conflicts] == [
        "sections[id=s1].event[0]"]
    assert window.open_path(bob / ISSUE)

    from brief_editor.ui.team import ConflictsDialog

    dialog = ConflictsDialog(window, window.team_sync, window)
    qtbot.addWidget(dialog)
    # Both versions show their formatting: Bob's bold Geneva, Ann's link.
    from PySide6.QtGui import QFont, QTextCursor

    def look_of(box, word):
        cursor = QTextCursor(box.document())
        cursor.setPosition(box.toPlainText().index(word) + 1)
        return cursor.charFormat()

    assert look_of(dialog.kept_text, "Geneva").fontWeight() == QFont.Weight.Bold
    assert look_of(dialog.kept_text, "Talks").fontWeight() != QFont.Weight.Bold
    assert look_of(dialog.other_text, "Lake Accord").fontUnderline()
    assert look_of(dialog.other_text, "Lake Accord").toolTip() == link.url
    # The box is plain text; the analyst keeps Bob's bold Geneva and takes Ann's link.
    dialog.merge_text.setPlainText(
        "Talks resumed under the Lake Accord in Geneva on Tuesday.⟦1⟧⟦2⟧")
    dialog.merge_button.click()
    paragraph = window.document.brief.sections[0].event[0]
    assert paragraph[:5] == ("Talks resumed under the ", link, " in ",
                             Styled("Geneva", ("bold",)), " on Tuesday.")
    assert [type(s) for s in paragraph[5:]] == [Note, Note]
