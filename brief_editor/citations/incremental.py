"""Notes, checks and counts of a brief kept up to date edit by edit, for the editor.

The model is immutable, so a section the user did not touch is the very same object after
an edit. Everything here is cached per section object (and per ``sources`` tuple): typing
in one paragraph re-reads one section, and the results equal those of ``numbered_notes``,
``NoteRenderer.render`` and ``run_checks`` on the whole brief (the unit tests hold them to
it). A typing edit leaves the sequence of notes as it was, so the notes are not even
positioned again.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, chain
from operator import attrgetter
from pathlib import Path
from typing import Any, ClassVar, overload

from brief_editor.citations.checks import Problem, _Checker, severity_map
from brief_editor.citations.input_checks import (
    Found,
    comment_problems,
    language_problems,
    masthead_problems,
    section_problems,
    sources_problems,
)
from brief_editor.citations.notes import NoteRenderer, NotesPlan, RenderedNote
from brief_editor.citations.notes_rows import NoteRows, RenderedNotes, same_items
from brief_editor.citations.positions_incremental import IncrementalPositions, PositionedNotes
from brief_editor.citations.writing import WritingChecker, WritingSettings
from brief_editor.model import (
    Brief,
    EventSection,
    InlineSlot,
    Meta,
    Note,
    Place,
    PlacedNote,
    Section,
    inline_text,
    inlines_in_reading_order,
)
from brief_editor.model.bulk import paused_gc


@dataclass
class PartDigest:
    """The facts of one part of a brief (the summary, or one section)."""

    part: object  # the summary Inline or the Section it was read from (compared by identity)
    section: Section | None
    slots: list[InlineSlot]
    notes: list[Note]
    places: list[Place]
    ordinals: list[int]  # each note's index among the notes of its Inline
    words: int


def _digest(part: object, section: Section | None, slots: list[InlineSlot]) -> PartDigest:
    notes: list[Note] = []
    places: list[Place] = []
    ordinals: list[int] = []
    words = 0
    for slot in slots:
        ordinal = 0
        for span in slot.inline:
            if isinstance(span, Note):
                notes.append(span)
                places.append(slot.place)
                ordinals.append(ordinal)
                ordinal += 1
        words += len(inline_text(slot.inline).split())
    return PartDigest(part, section, slots, notes, places, ordinals, words)


_NOTES_OF = attrgetter("notes")


class BriefDigest:
    """The parts of a brief in reading order, re-read only where the brief changed.

    An edit replaces a section or two of the same brief: their notes, places and ordinals
    are spliced into the lists of the previous update (new lists, a copy of pointers each),
    without a pass over the thousand parts that did not change."""

    # More sections replaced at once than this (a paste across the issue, an undo of a
    # replace-all): the lists are rebuilt from every part.
    SPLICE_LIMIT = 8

    def __init__(self) -> None:
        self._parts: dict[int, PartDigest] = {}
        self.parts: list[PartDigest] = []
        self.notes: list[Note] = []
        self.places: list[Place] = []
        self.ordinals: list[int] = []
        self.words = 0
        self._sections: tuple[Section, ...] | None = None
        self._summary: object = None
        self._starts: list[int] = [0]  # the index of each part's first note; then the count
        # What the last update changed, for the checks to follow it part by part: the list
        # of parts it replaced and the indices of the parts that are new objects in
        # ``parts``; None when it read every part again.
        self.changed: tuple[list[PartDigest], list[int]] | None = None

    def update(self, brief: Brief) -> None:
        summary = brief.meta.summary
        sections = brief.sections
        old = self._sections
        if old is not None and summary is self._summary and len(sections) == len(old):
            if sections is old:
                self.changed = (self.parts, [])
                return
            changed = [i for i, (a, b) in enumerate(zip(old, sections, strict=True))
                       if a is not b]
            if len(changed) <= self.SPLICE_LIMIT:
                self._splice(sections, changed, 1 if summary else 0)
                return
        self._rebuild(brief)

    def base(self, index: int) -> int:
        """How many notes come before part ``index``."""
        return self._starts[index]

    def _rebuild(self, brief: Brief) -> None:
        self.changed = None
        parts: list[PartDigest] = []
        fresh: dict[int, PartDigest] = {}
        summary = brief.meta.summary
        if summary:
            parts.append(self._part(summary, None, fresh))
        for section in brief.sections:
            parts.append(self._part(section, section, fresh))
        self._parts = fresh
        self.parts = parts
        notes: list[Note] = []
        places: list[Place] = []
        ordinals: list[int] = []
        words = 0
        for part in parts:
            notes += part.notes
            places += part.places
            ordinals += part.ordinals
            words += part.words
        self.notes, self.places, self.ordinals, self.words = notes, places, ordinals, words
        self._sections, self._summary = brief.sections, summary
        self._starts = list(accumulate(map(len, map(_NOTES_OF, parts)), initial=0))

    def _splice(self, sections: tuple[Section, ...], changed: list[int], offset: int) -> None:
        """Replace the parts of the sections at ``changed`` (indices among the sections);
        ``offset`` is 1 when the summary is part 0."""
        self.changed = (self.parts, [i + offset for i in changed])
        parts = list(self.parts)
        notes, places, ordinals = self.notes, self.places, self.ordinals
        starts = self._starts
        moved = False
        # From the last to the first, so that the start of each earlier part still holds.
        for i in reversed(changed):
            k = i + offset
            before = parts[k]
            after = self._part(sections[i], sections[i], self._parts)
            self._parts.pop(id(before.part), None)
            self._parts[id(after.part)] = after
            parts[k] = after
            a, b = starts[k], starts[k + 1]
            notes, places, ordinals = notes.copy(), places.copy(), ordinals.copy()
            notes[a:b], places[a:b], ordinals[a:b] = after.notes, after.places, after.ordinals
            self.words += after.words - before.words
            moved = moved or len(after.notes) != b - a
        if moved:
            starts = list(accumulate(map(len, map(_NOTES_OF, parts)), initial=0))
        self.parts, self.notes, self.places, self.ordinals = parts, notes, places, ordinals
        self._starts = starts
        self._sections = sections

    def _part(self, part: object, section: Section | None,
              fresh: dict[int, PartDigest]) -> PartDigest:
        known = self._parts.get(id(part))
        if known is None or known.part is not part:
            if section is None:
                slots = inlines_in_reading_order(Brief(meta=Meta(summary=part)))  # type: ignore[arg-type]
            else:
                slots = inlines_in_reading_order(Brief(sections=(section,)))
            known = _digest(part, section, slots)
        fresh[id(part)] = known
        return known

    def placed_notes(self) -> PlacedNotes:
        """The notes as ``numbered_notes`` gives them (each made when first asked for)."""
        return PlacedNotes(self.notes, self.places)


class PlacedNotes(Sequence[PlacedNote]):
    """Notes and places numbered 1…N, read as ``PlacedNote`` values without making ten
    thousand of them after every edit (the notes engine reads ``notes`` and ``places``)."""

    def __init__(self, notes: list[Note], places: list[Place]) -> None:
        self.notes = notes
        self.places = places

    def __len__(self) -> int:
        return len(self.notes)

    @overload
    def __getitem__(self, index: int) -> PlacedNote: ...

    @overload
    def __getitem__(self, index: slice) -> list[PlacedNote]: ...

    def __getitem__(self, index: int | slice) -> PlacedNote | list[PlacedNote]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self.notes)))]
        if index < 0:
            index += len(self.notes)
        if not 0 <= index < len(self.notes):
            raise IndexError(index)
        return PlacedNote(index + 1, self.notes[index], self.places[index])

    def __eq__(self, other: object) -> bool:
        return same_items(self, other)

    __hash__ = None  # type: ignore[assignment]


@dataclass
class NotesState:
    """What the notes were computed from, to tell whether an edit can change them."""

    notes: list[Note] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    context: tuple[Any, ...] = ()
    rendered: Sequence[RenderedNote] = field(default_factory=list)


class IncrementalNotes:
    """The rendered notes of a brief, redone only when the notes or their context change."""

    def __init__(self, renderer: NoteRenderer, brief_dir: Path | None = None) -> None:
        self.renderer = renderer
        self.brief_dir = brief_dir
        self._state = NotesState()
        self.positions = IncrementalPositions()
        self.rows = NoteRows(renderer)

    def context(self, brief: Brief) -> tuple[Any, ...]:
        return (brief.sources, brief.style, brief.meta.effective_language,
                str(self.brief_dir) if self.brief_dir else None)

    def unchanged(self, brief: Brief, digest: BriefDigest) -> Sequence[RenderedNote] | None:
        """The previous notes (with places updated) when the edit cannot change them."""
        state = self._state
        context = self.context(brief)
        if state.notes != digest.notes or state.context != context:
            return None
        if state.places != digest.places and isinstance(state.rendered, RenderedNotes):
            state.rendered = self.rows.moved(state.rendered, digest.places)
            state.places = digest.places
        elif state.places != digest.places:
            state.rendered = [
                note if note.place == place else dataclasses.replace(note, place=place)
                for note, place in zip(state.rendered, digest.places, strict=True)
            ]
            state.places = digest.places
        return state.rendered

    def prepare(self, brief: Brief, digest: BriefDigest) -> NotesPlan:
        placed = digest.placed_notes()
        if not placed:
            return self.renderer.prepare(brief, brief_dir=self.brief_dir, placed=placed)
        distance = self.renderer.near_note_distance(brief, self.brief_dir)
        positioned = self.positions.update_rows(placed.notes, distance)
        plan = self.rows.prepare(brief, self.brief_dir, placed, positioned)
        if plan is None:  # a style that prints note numbers: a pass over every note
            plan = self.renderer.prepare(brief, brief_dir=self.brief_dir, placed=placed,
                                         positioned=list(positioned))
        return plan

    def finish(self, brief: Brief, digest: BriefDigest,
               plan: NotesPlan) -> Sequence[RenderedNote]:
        """Assemble a plan whose clusters are worded, and remember it."""
        rendered: Sequence[RenderedNote]
        if isinstance(plan.positioned, PositionedNotes):
            rendered = self.rows.assemble(plan, digest.notes, digest.places)
        else:
            rendered = self.renderer.assemble(plan)
        self._state = NotesState(digest.notes, digest.places, self.context(brief), rendered)
        return rendered

    def render(self, brief: Brief, digest: BriefDigest) -> Sequence[RenderedNote]:
        """The notes now, wording what needs wording on this thread."""
        same = self.unchanged(brief, digest)
        if same is not None:
            return same
        plan = self.prepare(brief, digest)
        self.renderer.word(plan)
        return self.finish(brief, digest, plan)


class _Everything:
    """A set that holds every source id: checks the sources without W103."""

    def __contains__(self, _item: object) -> bool:
        return True

    def add(self, _item: object) -> None:
        return None


def _ids_of(sources: tuple[Any, ...]) -> list[str | None]:
    """Each source's id (``Source.id``), read once."""
    ids: list[str | None] = []
    for source in sources:
        sid = source.data.get("id")
        ids.append(sid if isinstance(sid, str) and sid else None)
    return ids


def _w103_message(source_id: str) -> str:
    return f"Source “{source_id}” is not cited by any note: cite it or remove it."


class _PartChecker(_Checker):
    """A checker that notes whether a part's problems name note numbers."""

    numbered = False

    def _check_note(self, note: Note, place: Place) -> list[Problem]:
        problems = super()._check_note(note, place)
        if problems:
            self.numbered = True
        return problems


@dataclass
class _PartResult:
    part: object
    base: int
    numbered: bool
    problems: list[Problem]
    cited: set[str]


@dataclass
class _Aligned:
    """The part results of the last run, aligned with the digest's ``parts`` of then."""

    # More parts to check again than this: a pass over every part instead.
    SPLICE_LIMIT: ClassVar[int] = 16

    parts: list[PartDigest]
    results: list[_PartResult]
    flat: list[Problem]  # every part's problems, in order
    starts: list[int]  # where each part's problems begin in ``flat``; then its length
    cited: Counter[str]  # how many parts cite each source
    numbered: frozenset[int]  # the parts whose problems name note numbers


def _problem_starts(results: list[_PartResult]) -> list[int]:
    return list(accumulate((len(result.problems) for result in results), initial=0))


class IncrementalChecks:
    """``run_checks`` kept up to date part by part; same problems, same order."""

    def __init__(self, severities: Mapping[str, str] | None = None,
                 writing: WritingSettings | None = None) -> None:
        self.severities = severity_map(severities)
        self.writing = writing
        self._writing_key: tuple[object, ...] | None = None
        self._parts: dict[int, _PartResult] = {}
        self._source_ids: frozenset[str] | None = None
        self._sources: tuple[Any, ...] | None = None
        self._source_problems: list[list[Problem]] = []
        self._uncited_candidates: list[tuple[int, str]] = []
        self._ids: list[str | None] = []
        self._w103: dict[int, tuple[str, Problem]] = {}
        self._w103_severity = ""
        self._checker: _PartChecker | None = None
        self._input_sources: tuple[Any, ...] | None = None
        self._input_source_found: list[Found] = []
        self._input_sections: dict[int, tuple[object, list[Found]]] = {}
        # The sections last looked at, what each holds, and all of it in order.
        self._input_last: tuple[tuple[Section, ...], list[list[Found]], list[Found]] | None = None
        self._aligned: _Aligned | None = None
        self._findings: dict[tuple[str, str], list[Any]] = {}  # WritingChecker.memo

    def _forget(self) -> None:
        """Check every part again at the next run."""
        self._parts.clear()
        self._aligned = None

    def set_severities(self, severities: Mapping[str, str] | None) -> None:
        severities = severity_map(severities)
        if severities != self.severities:
            self.severities = severities
            self._forget()
            self._sources = None
            self._checker = None

    def set_writing(self, writing: WritingSettings | None) -> None:
        """New writing settings (the profile or the personal dictionary changed)."""
        if writing != self.writing:
            self.writing = writing
            self._forget()
            self._checker = None

    def run(self, brief: Brief, digest: BriefDigest) -> list[Problem]:
        """Every problem of ``brief`` (whose digest is up to date), as ``run_checks``."""
        with paused_gc():  # a new library: 100,000 sources looked over (model/bulk.py)
            return self._run(brief, digest)

    def _run(self, brief: Brief, digest: BriefDigest) -> list[Problem]:
        writer = WritingChecker(brief, self.writing) if self.writing is not None else None
        key = writer.key() if writer is not None else None
        if key != self._writing_key:
            # A new name in the parties or sources, or another language: spell again.
            self._writing_key = key
            self._forget()
            self._findings = {}
        if writer is not None:
            writer.memo = self._findings
        if brief.sources is not self._sources:
            each = _ids_of(brief.sources)
            ids = frozenset(each)
            ids = ids - {None} if None in ids else ids
            if ids != self._source_ids:
                self._source_ids = ids
                self._forget()
            self._check_sources(brief, each)
            self._checker = None
        self._checker_for(brief).writing = writer
        problems, cited = self._part_problems(brief, digest)
        checker = self._checker_for(brief)
        checker.writing = writer
        uncited = {i: sid for i, sid in self._uncited_candidates if sid not in cited}
        ids = self._ids
        # A W103 stays the same object while its source stays uncited (a library may make
        # 100,000 of them; the Checks dock compares them after every edit).
        kept = self._w103 if self._w103_severity == checker.severities["W103"] else {}
        w103: dict[int, tuple[str, Problem]] = {}
        for index, own in enumerate(self._source_problems):
            if own:
                if ids[index] not in cited:  # W108 speaks of cited sources only
                    own = [p for p in own if p.id != "W108"]
                problems += own
            sid = uncited.get(index)
            if sid is not None:
                # W103 goes last among a source's problems, as run_checks puts it.
                known = kept.get(index)
                if known is None or known[0] != sid:
                    known = (sid, checker.problem("W103", _w103_message(sid),
                                                  Place(None, "source", index)))
                w103[index] = known
                problems.append(known[1])
        self._w103 = w103
        self._w103_severity = checker.severities["W103"]
        checker.problems = []
        checker.check_meta()
        problems += checker.problems
        problems += self._input_problems(brief, checker)
        return problems

    def _part_problems(self, brief: Brief,
                       digest: BriefDigest) -> tuple[list[Problem], Mapping[str, int]]:
        """The problems of every part in order, and the sources they cite. After an edit
        that replaced a few sections (``digest.changed``), only those are checked again,
        with the parts whose problems name note numbers that moved; the lists of the
        previous run are spliced, without a pass over the thousand other parts."""
        aligned = self._aligned
        change = digest.changed
        if aligned is not None and aligned.parts is digest.parts:
            return list(aligned.flat), aligned.cited
        if aligned is None or change is None or change[0] is not aligned.parts:
            return self._all_part_problems(brief, digest)
        parts = digest.parts
        todo = set(change[1])
        for k in aligned.numbered:
            if aligned.results[k].base != digest.base(k):
                todo.add(k)
        if len(todo) > _Aligned.SPLICE_LIMIT:
            return self._all_part_problems(brief, digest)
        results = list(aligned.results)
        flat, starts = aligned.flat, aligned.starts
        cited = Counter(aligned.cited)
        numbered = set(aligned.numbered)
        moved = False
        for k in sorted(todo, reverse=True):  # the last first: earlier starts still hold
            old = results[k]
            new = self._check_part(brief, parts[k], digest.base(k))
            results[k] = new
            if self._parts.get(id(old.part)) is old:
                del self._parts[id(old.part)]
            self._parts[id(new.part)] = new
            a, b = starts[k], starts[k + 1]
            flat = flat.copy()
            flat[a:b] = new.problems
            moved = moved or len(new.problems) != b - a
            cited.update(new.cited)
            cited.subtract(old.cited)
            numbered.discard(k)
            if new.numbered:
                numbered.add(k)
        for source in [s for s, n in cited.items() if n <= 0]:
            del cited[source]
        if moved:
            starts = _problem_starts(results)
        self._aligned = _Aligned(parts, results, flat, starts, cited, frozenset(numbered))
        return list(flat), cited

    def _all_part_problems(self, brief: Brief,
                           digest: BriefDigest) -> tuple[list[Problem], Mapping[str, int]]:
        """``_part_problems`` by a pass over every part (cached per part object)."""
        flat: list[Problem] = []
        cited: Counter[str] = Counter()
        fresh: dict[int, _PartResult] = {}
        results: list[_PartResult] = []
        base = 0
        for part in digest.parts:
            known = self._parts.get(id(part.part))
            if known is None or known.part is not part.part or (
                known.numbered and known.base != base
            ):
                known = self._check_part(brief, part, base)
            fresh[id(part.part)] = known
            results.append(known)
            flat += known.problems
            cited.update(known.cited)
            base += len(part.notes)
        self._parts = fresh
        numbered = frozenset(k for k, result in enumerate(results) if result.numbered)
        self._aligned = _Aligned(digest.parts, results, flat, _problem_starts(results), cited,
                                 numbered)
        return list(flat), cited

    def _input_problems(self, brief: Brief, checker: _PartChecker) -> list[Problem]:
        """E005–E008 as run_checks adds them, each part worked out again only when it
        changed (a figure's bytes are read once, not on every keystroke)."""
        found = list(language_problems(brief))
        if self._input_sources is not brief.sources:
            self._input_sources = brief.sources
            self._input_source_found = list(sources_problems(brief))
        found += self._input_source_found
        found += masthead_problems(brief)  # a few lengths: cheap on every keystroke
        found += self._sections_found(brief.sections)
        found += comment_problems(brief)
        return [checker.problem(check_id, message, place) for check_id, message, place in found
                if check_id in checker.severities]

    def _sections_found(self, sections: tuple[Section, ...]) -> list[Found]:
        """What ``section_problems`` finds in each section, in order. After an edit of a
        few sections only those are looked at, without a pass over the others."""
        last = self._input_last
        if last is not None and len(last[0]) == len(sections):
            if last[0] is sections:
                return last[2]
            changed = [i for i, (a, b) in enumerate(zip(last[0], sections, strict=True))
                       if a is not b]
            if len(changed) <= _Aligned.SPLICE_LIMIT:
                of_sections = list(last[1])
                for i in changed:
                    of_sections[i] = list(section_problems(sections[i]))
                flat = list(chain.from_iterable(of_sections))
                self._input_last = (sections, of_sections, flat)
                return flat
        fresh: dict[int, tuple[object, list[Found]]] = {}
        of_sections = []
        for section in sections:
            known = self._input_sections.get(id(section))
            if known is None or known[0] is not section:
                known = (section, list(section_problems(section)))
            fresh[id(section)] = known
            of_sections.append(known[1])
        self._input_sections = fresh
        flat = list(chain.from_iterable(of_sections))
        self._input_last = (sections, of_sections, flat)
        return flat

    def _checker_for(self, brief: Brief) -> _PartChecker:
        if self._checker is None or self._checker.brief.sources is not brief.sources:
            self._checker = _PartChecker(brief, self.severities)
        self._checker.brief = brief
        return self._checker

    def _check_part(self, brief: Brief, part: PartDigest, base: int) -> _PartResult:
        checker = self._checker_for(brief)
        checker.numbered = False
        checker.note_number = base
        checker.cited = set()
        out: list[Problem] = []
        has_cite = False
        for slot in part.slots:
            has_cite = checker._check_slot(slot, out) or has_cite
        if isinstance(part.section, EventSection) and not has_cite:
            out.append(checker.uncited_event(part.section))
        out.extend(checker.part_end(part.section))
        return _PartResult(part.part, base, checker.numbered, out, checker.cited)

    def _check_sources(self, brief: Brief, ids: list[str | None]) -> None:
        checker = _Checker(brief, self.severities)
        checker.cited = _Everything()  # type: ignore[assignment]
        checker.check_sources()
        by_index: list[list[Problem]] = [[] for _ in brief.sources]
        for problem in checker.problems:
            by_index[problem.place.index].append(problem)
        self._source_problems = by_index
        first: set[str] = set()
        candidates: list[tuple[int, str]] = []
        self._ids = ids
        for index, sid in enumerate(self._ids):
            if sid is not None and sid not in first:
                first.add(sid)
                candidates.append((index, sid))
        self._uncited_candidates = candidates
        self._sources = brief.sources

@dataclass
class Analysis:
    """Notes, problems and counts of one brief value."""

    brief: Brief
    notes: Sequence[RenderedNote]
    problems: list[Problem]
    words: int
    digest: BriefDigest


class LiveAnalysis:
    """Digest, notes and checks of the brief being edited, each kept incrementally."""

    def __init__(self, renderer: NoteRenderer, *, severities: Mapping[str, str] | None = None,
                 brief_dir: Path | None = None, writing: WritingSettings | None = None) -> None:
        self.digest = BriefDigest()
        self.notes = IncrementalNotes(renderer, brief_dir)
        self.checks = IncrementalChecks(severities, writing)

    def analyse(self, brief: Brief) -> Analysis:
        """Everything at once, wording notes on this thread."""
        self.digest.update(brief)
        notes = self.notes.render(brief, self.digest)
        problems = self.checks.run(brief, self.digest)
        return Analysis(brief, notes, problems, self.digest.words, self.digest)
