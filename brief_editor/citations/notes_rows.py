"""The editor's notes after an edit, made from the notes before it without a pass per note.

Inserting a note renumbers every note after it. ``NoteRenderer.prepare`` and ``assemble``
look at each note of the brief; at 10,000 notes that alone is tens of milliseconds a
keystroke. Here the positions come as number-free rows with a ``Splice`` saying which rows
changed (``positions_incremental``), and each later step splices its own per-note lists the
same way: the unchanged stretches are list slices, and only the changed rows are looked at.

A note's number is its index plus one and each cite's first note comes from the map of
first notes, so neither is stored per note: ``RenderedNotes`` makes a ``RenderedNote`` when
it is read (the Notes dock reads the rows on screen). Its values equal what
``NoteRenderer.render`` gives for the same brief (the unit tests hold them to it).

A style that prints note numbers (``first-reference-note-number``) words a cite by its first
note's number, which an inserted note changes, and a style that tells alike cites apart
(``ambiguity.py``) words a note by what other notes cite: such a brief goes through the
renderer's own pass per note, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from brief_editor.citations.ambiguity import every_name_matters, peer_groups, style_disambiguates
from brief_editor.citations.csl_locales import is_language_tag
from brief_editor.citations.errors import CitationError
from brief_editor.citations.note_spans import NoteSpan, spans_text
from brief_editor.citations.notes import (
    _NO_CLUSTER,
    NoteRenderer,
    NotesPlan,
    RenderedNote,
    _missing_source_spans,
    _namespace,
    _quoted,
    _with_comment,
)
from brief_editor.citations.positions_incremental import PositionedNotes, Row, Splice
from brief_editor.model import Brief, Note, Place

if TYPE_CHECKING:
    from brief_editor.citations.incremental import PlacedNotes

# What a note prints, without its number or place: (text, spans, cite_spans).
Payload = tuple[str, tuple[NoteSpan, ...], int]


class RenderedNotes(Sequence[RenderedNote]):
    """Rendered notes numbered 1…N, each made when first read."""

    def __init__(self, payloads: list[Payload], positioned: PositionedNotes,
                 places: list[Place], previous: RenderedNotes | None = None,
                 splice: Splice | None = None) -> None:
        self.payloads = payloads
        self.positioned = positioned
        self.places = places
        # The notes these were made from, and which rows differ (None: any may).
        self.previous = previous
        self.splice = splice
        if previous is not None:
            previous.previous = None  # not a chain of every version since the brief opened
        self._made: dict[int, RenderedNote] = {}

    def __len__(self) -> int:
        return len(self.payloads)

    @overload
    def __getitem__(self, index: int) -> RenderedNote: ...

    @overload
    def __getitem__(self, index: slice) -> list[RenderedNote]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self.payloads)))]
        if index < 0:
            index += len(self.payloads)
        made = self._made.get(index)
        if made is None:
            text, spans, cite_spans = self.payloads[index]
            made = RenderedNote(number=index + 1, text=text, spans=spans,
                                cites=tuple(self.positioned[index]), place=self.places[index],
                                cite_spans=cite_spans)
            self._made[index] = made
        return made

    def with_places(self, places: list[Place]) -> RenderedNotes:
        """The same notes in other places (an edit moved text around them); no row of the
        Notes dock changes, as it does not show places."""
        return RenderedNotes(self.payloads, self.positioned, places, self, Splice(0, 0, 0, ()))

    def __eq__(self, other: object) -> bool:
        return same_items(self, other)

    __hash__ = None  # type: ignore[assignment]


def same_items(notes: Sequence[Any], other: object) -> bool:
    """``==`` for the lazy note sequences: equal to any sequence of the same notes."""
    if not isinstance(other, Sequence):
        return NotImplemented
    return len(other) == len(notes) and all(a == b for a, b in zip(notes, other, strict=True))


@dataclass
class _Last:
    """The previous prepare and assemble, to be spliced by the next edit."""

    context: tuple[Any, ...]
    positioned: PositionedNotes
    entries: list[tuple[Any, ...]]
    keys: list[Any]  # each entry's cluster key (its first item)
    notes: list[Note] | None = None  # the notes of the payloads below
    payloads: list[Payload] | None = None
    rendered: RenderedNotes | None = None


class NoteRows:
    """Prepare and assemble the editor's notes by splicing the previous ones."""

    def __init__(self, renderer: NoteRenderer) -> None:
        self.renderer = renderer
        self._memo: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self._last: _Last | None = None
        self._unworded: dict[tuple[str, str], tuple[Any, ...]] = {}
        self._sources: tuple[tuple[Any, ...], dict[str, Any]] | None = None
        # Whether the cited sources had ambiguity peers: (sources, style, cited, answer).
        self._peers_of: tuple[Any, Any, dict[str, int], bool] | None = None

    def prepare(self, brief: Brief, brief_dir: Path | None, placed: PlacedNotes,
                positioned: PositionedNotes) -> NotesPlan | None:
        """The plan of ``brief``'s notes, or None for a style that prints note numbers
        (the caller then takes the renderer's own way)."""
        renderer = self.renderer
        notes = placed.notes
        lang = brief.meta.effective_language
        if not is_language_tag(lang):
            raise CitationError(f"meta.language: {_quoted(lang)} is not a language tag such "
                                "as en-GB")
        style = renderer.style_for(brief, brief_dir)
        if "first-reference-note-number" in style.xml or (
                style_disambiguates(style.xml) and self._has_peers(brief, style, positioned)):
            # A style that tells alike cites apart words a note by the sources cited
            # anywhere in the brief (``ambiguity.py``): when two of them could print alike,
            # the renderer's own pass, which knows them, words the notes.
            self._last = None
            return None
        renderer.engine.warm(style.key, style.xml, lang)
        uses_near_note = "near-note" in style.xml
        namespace = _namespace(style, lang)
        context = (namespace, brief.style.effective_ibid, uses_near_note, brief.sources)
        last = self._last
        if self._sources is None or self._sources[0] is not brief.sources:
            self._sources = (brief.sources, brief.source_by_id())
        sources = self._sources[1]
        if last is None or last.context != context:
            self._memo.clear()
            self._unworded.clear()
            last = None
        splice = positioned.splice
        entries: list[tuple[Any, ...]]
        if last is not None and positioned is last.positioned:
            entries = last.entries
            keys = last.keys
            fresh: Sequence[int] = ()
        elif last is not None and splice is not None and positioned.previous is last.positioned:
            old = last.entries
            entries = old[:splice.start]
            entries += [self._entry(positioned, j, context, sources)
                        for j in range(splice.start, splice.new_stop)]
            entries += old[splice.old_stop:]
            for j in splice.changed:
                entries[j] = self._entry(positioned, j, context, sources)
            fresh = range(splice.start, splice.new_stop)
            fresh = [*fresh, *splice.changed]
            # The keys spliced as the entries are (a pass over ten thousand entries is
            # a good part of inserting a note).
            keys = last.keys[:splice.start]
            keys += [entries[j][0] for j in range(splice.start, splice.new_stop)]
            keys += last.keys[splice.old_stop:]
            for j in splice.changed:
                keys[j] = entries[j][0]
        else:
            entries = [self._entry(positioned, j, context, sources) for j in range(len(notes))]
            fresh = range(len(notes))
            keys = [entry[0] for entry in entries]
        stored = renderer._stored_entries(namespace)
        pending: dict[tuple[str, str], list[dict[str, Any]]] = {}
        items: dict[str, dict[str, Any]] = {}
        cache = renderer._cache
        # Clusters of earlier plans not worded yet (the wording ran on a worker) come again.
        unworded = {key: entry for key, entry in self._unworded.items() if key not in cache}
        for j in fresh:
            entry = entries[j]
            key = entry[0]
            if key is not None and key not in cache:
                unworded[key] = entry
        for key, entry in unworded.items():
            renderer._queue(key, entry[1], entry[2], stored, pending, items, sources)
        self._unworded = {key: entry for key, entry in unworded.items() if key in pending}
        self._last = _Last(context, positioned, entries, keys,
                           last.notes if last is not None else None,
                           last.payloads if last is not None else None,
                           last.rendered if last is not None else None)
        return NotesPlan(placed, positioned, keys, pending,  # type: ignore[arg-type]
                         items, style, lang, namespace, sources)

    def _has_peers(self, brief: Brief, style: Any, positioned: PositionedNotes) -> bool:
        """Whether two cited sources could print alike (from the map of first notes, which
        names every cited source: no pass over the notes)."""
        cited = positioned.first
        known = self._peers_of
        if known is not None and known[0] is brief.sources and known[1] is style.xml and (
                known[2] is cited or known[2].keys() == cited.keys()):
            return known[3]
        every_name = every_name_matters(style.xml)
        sources = brief.source_by_id() if self._sources is None or (
            self._sources[0] is not brief.sources) else self._sources[1]
        keyed = [(sid, self.renderer._collision_keys(sources[sid], every_name))
                 for sid in cited if sid in sources]
        found = bool(peer_groups(keyed))
        self._peers_of = (brief.sources, style.xml, dict(cited), found)
        return found

    def _entry(self, positioned: PositionedNotes, j: int, context: tuple[Any, ...],
               sources: dict[str, Any]) -> tuple[Any, ...]:
        row: Row = positioned.rows[j]
        if not row or any(core[0].source not in sources for core in row):
            return _NO_CLUSTER
        signature = tuple(core[:3] for core in row)  # cite, position, near note
        entry = self._memo.get(signature)
        if entry is None:
            namespace, ibid_allowed, uses_near_note, _ = context
            entry = self.renderer._cluster(positioned[j], sources, namespace, ibid_allowed,
                                           False, uses_near_note)
            self._memo[signature] = entry
        return entry

    def assemble(self, plan: NotesPlan, notes: list[Note], places: list[Place]) -> RenderedNotes:
        """The rendered notes of a plan from ``prepare`` whose clusters are all worded."""
        last = self._last
        positioned = plan.positioned
        assert last is not None and isinstance(positioned, PositionedNotes)
        keys = plan.cluster_keys
        splice = positioned.splice
        old_rendered = last.rendered
        if (last.payloads is not None and old_rendered is not None
                and positioned is old_rendered.positioned and last.notes is not None
                and (notes is last.notes or notes == last.notes)):
            # Worded on a worker since, and nothing else changed.
            if places is old_rendered.places or places == old_rendered.places:
                return old_rendered
            last.rendered = old_rendered.with_places(places)
            return last.rendered
        if (last.payloads is not None and old_rendered is not None and splice is not None
              and positioned.previous is old_rendered.positioned):
            old = last.payloads
            payloads = old[:splice.start]
            payloads += [self._payload(plan, notes, j) for j in range(splice.start,
                                                                     splice.new_stop)]
            payloads += old[splice.old_stop:]
            for j in splice.changed:
                payloads[j] = self._payload(plan, notes, j)
            out_splice: Splice | None = splice
        else:
            payloads = [self._payload(plan, notes, j) for j in range(len(keys))]
            out_splice = None
            old_rendered = None
        rendered = RenderedNotes(payloads, positioned, places, old_rendered, out_splice)
        last.notes, last.payloads, last.rendered = notes, payloads, rendered
        return rendered

    def moved(self, rendered: RenderedNotes, places: list[Place]) -> RenderedNotes:
        """``rendered`` in new places, as the notes the next edit is spliced from."""
        moved = rendered.with_places(places)
        if self._last is not None and self._last.rendered is rendered:
            self._last.rendered = moved
        return moved

    def _payload(self, plan: NotesPlan, notes: list[Note], j: int) -> Payload:
        key = plan.cluster_keys[j]
        note = notes[j]
        if key is not None:
            spans = self.renderer._cache[key]
            cite_spans = len(spans)
        else:
            positioned = plan.positioned
            assert isinstance(positioned, PositionedNotes)
            spans = _missing_source_spans(positioned[j], plan.known_sources)
            cite_spans = 0
        if note.comment:
            spans = _with_comment(spans, note.comment)
        return (spans_text(spans), spans, cite_spans)
