"""The notes engine: numbers, positions and wording of every note in a brief.

Numbers and positions are ours (``positions.py``); the wording comes from a CSL style run by
citeproc-js. Rendered clusters are cached by everything that can change their wording, so
that after an edit only the notes that changed are worded again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from brief_editor.citations.ambiguity import (
    collision_keys,
    every_name_matters,
    peer_groups,
    style_disambiguates,
)
from brief_editor.citations.citeproc import POSITION_CODES, item_key
from brief_editor.citations.csl_locales import is_language_tag, locale_name, locale_xml
from brief_editor.citations.engine import CiteprocEngine, shared_engine
from brief_editor.citations.errors import CitationError
from brief_editor.citations.note_spans import NoteSpan, html_to_spans, spans_text
from brief_editor.citations.positions import (
    FIRST,
    IBID,
    IBID_WITH_LOCATOR,
    SUBSEQUENT,
    PositionedCite,
    compute_positions,
    near_note_distance,
)
from brief_editor.citations.styles import CitationStyle, resolve_style
from brief_editor.model import (
    Brief,
    Inline,
    Link,
    Note,
    Place,
    PlacedNote,
    Source,
    Styled,
    numbered_notes,
)
from brief_editor.resources import vendor_dir

log = logging.getLogger(__name__)

_ENDS_A_SENTENCE = re.compile(r"[.!?][\"”’')\]]*\s*$")


@dataclass(frozen=True)
class RenderedNote:
    """One note as it will print: its number, its text and spans, and why each cite reads so."""

    number: int
    text: str
    spans: tuple[NoteSpan, ...]
    cites: tuple[PositionedCite, ...]
    place: Place
    cite_spans: int = 0  # how many of ``spans`` are the cites' words (the rest: the comment)

    def as_json(self) -> dict[str, Any]:
        """The object of ``notes --json`` (CLI.md)."""
        return {
            "number": self.number,
            "text": self.text,
            "cites": [
                {"source": c.cite.source, "position": c.position, "locator": c.cite.locator or None}
                for c in self.cites
            ],
            "where": self.place.as_json(),
        }


@dataclass
class NotesPlan:
    """Notes numbered and positioned, with the keys of their clusters (see NoteRenderer)."""

    placed: Sequence[PlacedNote]
    positioned: list[list[PositionedCite]]
    cluster_keys: list[tuple[str, str] | None]
    pending: dict[tuple[str, str], list[dict[str, Any]]]
    items: dict[str, dict[str, Any]]
    style: CitationStyle | None
    lang: str
    namespace: str
    known_sources: dict[str, Source] = field(default_factory=dict)
    # The items citeproc-js registers while wording (the pending notes' ambiguity peers).
    register: list[tuple[str, int]] = field(default_factory=list)


# A note's ambiguity peers: (source id, citeproc id, first note's number or 0) each.
Peers = tuple[tuple[str, str, int], ...]


class ClusterStore(Protocol):
    """Somewhere to keep worded clusters between runs (the storage layer provides one)."""

    def load(self, namespace: str) -> dict[str, Any]: ...

    def save(self, namespace: str, entries: dict[str, Any]) -> None: ...


# Bump when the wording pipeline changes in a way that stored clusters must not survive.
_PIPELINE_REVISION = "6"  # 3: the CSL project's locales beyond the five vendored;
# 4: URL and DOI variables arrive as links of their own; 5: current locales for every
# language, and titles lose a final full stop; 6: alike cites told apart (ambiguity.py)
# How many worded clusters one style keeps on disk; the oldest go first.
STORE_LIMIT = 50_000


class NoteRenderer:
    """Words notes through citeproc-js (the program's one engine) with a cache of clusters.

    The cache is keyed by everything that can change a cluster's wording: the style's text,
    the language, the citeproc-js build, and each cite's item data, position and locator.
    With a ``store``, worded clusters also survive between runs, so exporting an issue a
    second time does not word its unchanged notes again.
    """

    def __init__(
        self,
        *,
        user_styles: Path | None = None,
        engine: CiteprocEngine | None = None,
        store: ClusterStore | None = None,
    ):
        self._user_styles = user_styles
        self._engine = engine
        self._store = store
        self._cache: dict[tuple[str, str], tuple[NoteSpan, ...]] = {}
        self._stored: dict[str, dict[str, Any]] = {}
        self._styles: dict[tuple[str, str | None], CitationStyle] = {}
        self._item_keys: dict[int, tuple[Source, str]] = {}
        self._collision: dict[tuple[int, bool], tuple[Source, tuple[str, ...]]] = {}
        # The last prepare's ambiguity peers: when they change, notes are looked at again.
        self._last_peers: dict[str, Peers] = {}
        # What the last peers were computed from: the brief's sources, the style, the cited.
        self._peers_from: tuple[Any, ...] = ()
        self._memo: dict[tuple[Any, ...], Any] = {}
        self._memo_context: tuple[Any, ...] | None = None
        # The last prepare's positioned cites, and each note's (key, cluster, item ids).
        self._last_prepared: tuple[list[Any], list[tuple[Any, ...]]] = ([], [])
        # The last assemble's notes, positioned cites, cluster keys and rendered notes.
        self._last_assembled: tuple[list[Any], list[Any], list[Any], list[RenderedNote]] = (
            [], [], [], [])

    @property
    def engine(self) -> CiteprocEngine:
        """The engine that words notes: the process's own unless one was given."""
        return self._engine if self._engine is not None else shared_engine()

    def style_for(self, brief: Brief, brief_dir: Path | None) -> CitationStyle:
        name = brief.style.effective_citation_style
        key = (name, str(brief_dir) if brief_dir else None)
        style = self._styles.get(key)
        if style is None:
            style = resolve_style(name, brief_dir=brief_dir, user_styles=self._user_styles)
            self._styles[key] = style
        return style

    def near_note_distance(self, brief: Brief, brief_dir: Path | None = None) -> int:
        """The near-note-distance of the brief's style (CSL's default, 5, when unset)."""
        return near_note_distance(self.style_for(brief, brief_dir).xml)

    def render(self, brief: Brief, *, brief_dir: Path | None = None) -> list[RenderedNote]:
        """Every note of the brief, numbered, positioned and worded."""
        plan = self.prepare(brief, brief_dir=brief_dir)
        self.word(plan)
        return self.assemble(plan)

    def prepare(
        self,
        brief: Brief,
        *,
        brief_dir: Path | None = None,
        placed: Sequence[PlacedNote] | None = None,
        positioned: list[list[PositionedCite]] | None = None,
    ) -> NotesPlan:
        """Number and position the notes, and find the clusters not worded yet.

        The editor calls this on its own thread, hands ``word`` (the slow part, and only
        when ``plan.pending`` is not empty) to a worker, and assembles the result. It
        passes ``positioned`` from its incremental positions: a note whose list of
        positioned cites is the very object of the last call is not looked at again.
        """
        placed = numbered_notes(brief) if placed is None else placed
        if not placed:
            return NotesPlan(placed, [], [], {}, {}, None, "", "")
        lang = brief.meta.effective_language
        if not is_language_tag(lang):
            raise CitationError(f"meta.language: {_quoted(lang)} is not a language tag such "
                                "as en-GB")
        style = self.style_for(brief, brief_dir)
        self.engine.warm(style.key, style.xml, lang)  # while the notes are numbered below
        if positioned is None:
            positioned = compute_positions(list(placed), near_note_distance(style.xml))
        uses_note_numbers = "first-reference-note-number" in style.xml
        uses_near_note = "near-note" in style.xml
        ibid_allowed = brief.style.effective_ibid
        sources = brief.source_by_id()
        items: dict[str, dict[str, Any]] = {}
        namespace = _namespace(style, lang)
        stored = self._stored_entries(namespace)
        # Serialising a cluster's key is most of the cost of a warm render; the same
        # positioned cites give the same key while the context below stays the same. The
        # sources are compared as they are (item by item, by identity first): hashing every
        # source's data here cost seconds for a library of 100,000 sources.
        context = (namespace, ibid_allowed, uses_note_numbers, uses_near_note, brief.sources)
        if context != self._memo_context:
            self._memo_context = context
            self._memo.clear()
            self._last_prepared = ([], [])
        peers = self._peers(positioned, sources, style, uses_note_numbers, brief.sources)
        if peers != self._last_peers:
            self._last_peers = peers
            self._last_prepared = ([], [])
        memo = self._memo
        cache = self._cache
        register: dict[str, int] = {}
        # The last call's notes, to be found again by the identity of their positioned
        # cites: at the same index (before the edit) or as far along as the notes moved.
        last_positioned, last_entries = self._last_prepared
        n_last = len(last_positioned)
        shift = len(positioned) - n_last
        entries: list[tuple[Any, ...]] = []
        cluster_keys: list[tuple[str, str] | None] = []
        pending: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for i, cites in enumerate(positioned):
            entry: tuple[Any, ...] | None = None
            if i < n_last and last_positioned[i] is cites:
                entry = last_entries[i]
            elif 0 <= i - shift < n_last and last_positioned[i - shift] is cites:
                entry = last_entries[i - shift]
            elif not cites or any(c.cite.source not in sources for c in cites):
                entry = _NO_CLUSTER
            else:
                # What the wording depends on: not ``why``, and the note numbers only when
                # the style prints them, so renumbering after an inserted note keeps the memo.
                if uses_note_numbers:
                    signature: tuple[Any, ...] = tuple(
                        (c.cite, c.position, c.near_note, c.first_note_number) for c in cites)
                else:
                    signature = tuple((c.cite, c.position, c.near_note) for c in cites)
                if not peers:
                    group: Peers = ()
                elif len(cites) == 1:
                    group = peers.get(cites[0].cite.source, ())
                else:
                    group = _note_peers(cites, peers)
                if group:
                    signature = (signature, group)
                entry = memo.get(signature)
                if entry is None:
                    entry = self._cluster(cites, sources, namespace, ibid_allowed,
                                          uses_note_numbers, uses_near_note, group)
                    memo[signature] = entry
            entries.append(entry)
            key = entry[0]
            cluster_keys.append(key)
            if key is None or key in cache or key in pending:
                continue
            self._queue(key, entry[1], entry[2], stored, pending, items, sources, entry[3],
                        register)
        self._last_prepared = (positioned, entries)
        return NotesPlan(placed, positioned, cluster_keys, pending, items, style, lang, namespace,
                         sources, list(register.items()))

    def _queue(self, key: tuple[str, str], cluster: list[dict[str, Any]],
               item_ids: list[tuple[str, str]], stored: dict[str, Any],
               pending: dict[tuple[str, str], list[dict[str, Any]]],
               items: dict[str, dict[str, Any]], sources: dict[str, Source],
               group: Peers = (), register: dict[str, int] | None = None) -> None:
        """A cluster not in the cache: from the store, else to be worded (with its peers)."""
        if key[1] in stored:
            self._cache[key] = _spans_from_json(stored[key[1]])
            return
        pending[key] = cluster
        # The peers first, in order of first cite: citeproc-js numbers year suffixes so.
        for sid, cid in (*((sid, cid) for sid, cid, _ in group), *item_ids):
            if cid not in items:
                items[cid] = self._citeproc_item(sources[sid], cid)
        if register is not None:
            for _, cid, first_note in group:
                register[cid] = first_note

    def word(self, plan: NotesPlan) -> None:
        """Word the plan's pending clusters through citeproc-js (safe on a worker thread)."""
        if not plan.pending or plan.style is None:
            return
        rendered = self.engine.render(plan.style.key, plan.style.xml, plan.lang, plan.items,
                                      list(plan.pending.values()), plan.register)
        stored = self._stored_entries(plan.namespace)
        for key, html in zip(plan.pending, rendered, strict=True):
            spans = html_to_spans(html)
            self._cache[key] = spans
            stored[key[1]] = _spans_to_json(spans)
        self._save_store(plan.namespace, stored)

    def assemble(self, plan: NotesPlan) -> list[RenderedNote]:
        """The rendered notes of a plan whose clusters are all worded."""
        notes: list[RenderedNote] = []
        cache = self._cache
        placed = plan.placed
        rows: Iterable[tuple[int, Note, Place]]
        if hasattr(placed, "notes"):  # PlacedNotes: no PlacedNote values made
            rows = zip(range(1, len(placed) + 1), placed.notes, placed.places, strict=True)
        else:
            rows = ((p.number, p.note, p.place) for p in placed)
        # A note found again (same note, same wording) at the same index or as far along
        # as the notes moved keeps its text; only its number, place or cites are new.
        last_notes, last_positioned, last_keys, last_rendered = self._last_assembled
        n_last = len(last_notes)
        shift = len(plan.positioned) - n_last
        notes_in: list[Note] = []
        for i, ((number, note, place), cites, key) in enumerate(zip(
            rows, plan.positioned, plan.cluster_keys, strict=True
        )):
            notes_in.append(note)
            if key is not None or not cites:  # worded, or a commentary note
                j = i if i < n_last and last_notes[i] is note else i - shift
                if 0 <= j < n_last and last_notes[j] is note and last_keys[j] == key:
                    old = last_rendered[j]
                    if last_positioned[j] is not cites:
                        old = RenderedNote(number, old.text, old.spans, tuple(cites), place,
                                           cite_spans=old.cite_spans)
                    elif old.number != number or (old.place is not place and old.place != place):
                        old = _moved(old, number, place)
                    notes.append(old)
                    continue
            if key is not None:
                spans = cache[key]
            else:
                spans = _missing_source_spans(cites, plan.known_sources)
            cite_spans = len(spans) if key is not None else 0
            comment = note.comment
            if comment:
                spans = _with_comment(spans, comment)
            notes.append(RenderedNote(
                number=number,
                text=spans_text(spans),
                spans=spans,
                cites=tuple(cites),
                place=place,
                cite_spans=cite_spans,
            ))
        self._last_assembled = (notes_in, list(plan.positioned), list(plan.cluster_keys), notes)
        return notes

    def _item_key(self, source: Source) -> str:
        """The citeproc id of one version of a source (kept per Source object)."""
        known = self._item_keys.get(id(source))
        if known is not None and known[0] is source:
            return known[1]
        key = item_key(_csl_item(source))
        if len(self._item_keys) > 100_000:
            self._item_keys.clear()
        self._item_keys[id(source)] = (source, key)
        return key

    def _peers(self, positioned: Sequence[Sequence[PositionedCite]], sources: dict[str, Source],
               style: CitationStyle, uses_note_numbers: bool,
               all_sources: tuple[Source, ...]) -> dict[str, Peers]:
        """{source id: its ambiguity peers} for the cited sources that have peers
        (``ambiguity.py``); the others are worded alone, as before. Each peer comes with the
        number of its first note when the style prints it: citeproc-js tells cites apart by
        it ("Smith (n 4)", "Smith (n 5)")."""
        if not style_disambiguates(style.xml):
            return {}
        every_name = every_name_matters(style.xml)
        cited: dict[str, int] = {}
        for number, cites in enumerate(positioned, 1):
            for c in cites:
                if c.cite.source not in cited:
                    cited[c.cite.source] = number if uses_note_numbers else 0
        # Most edits cite nothing new: the peers are those of the last call.
        made_from = (all_sources, style.xml, cited)
        last = self._peers_from
        if last and last[0] is all_sources and last[1] is style.xml and last[2] == cited:
            return self._last_peers
        self._peers_from = made_from
        keyed = [(sid, self._collision_keys(sources[sid], every_name))
                 for sid in cited if sid in sources]
        out: dict[str, Peers] = {}
        made: dict[tuple[str, ...], Peers] = {}
        for sid, group in peer_groups(keyed).items():
            peers = made.get(group)
            if peers is None:
                peers = made[group] = tuple((s, self._item_key(sources[s]), cited[s])
                                            for s in group)
            out[sid] = peers
        return out

    def _collision_keys(self, source: Source, every_name: bool) -> tuple[str, ...]:
        known = self._collision.get((id(source), every_name))
        if known is not None and known[0] is source:
            return known[1]
        keys = collision_keys(source.data, every_name=every_name)
        if len(self._collision) > 100_000:
            self._collision.clear()
        self._collision[(id(source), every_name)] = (source, keys)
        return keys

    def _citeproc_item(self, source: Source, cid: str) -> dict[str, Any]:
        from brief_editor.citations.input_checks import source_problem

        problem = source_problem(source.data)
        if problem is not None:
            raise CitationError(f"source {source.id}: {problem}; the notes cannot be worded "
                                "(E007)")
        item = _csl_item(source)
        item["id"] = cid
        return item

    def _cluster(
        self,
        cites: list[PositionedCite],
        sources: dict[str, Source],
        namespace: str,
        ibid_allowed: bool,
        uses_note_numbers: bool,
        uses_near_note: bool,
        group: Peers = (),
    ) -> tuple[tuple[str, str], list[dict[str, Any]], list[tuple[str, str]], Peers]:
        cluster: list[dict[str, Any]] = []
        key_parts: list[Any] = []
        item_ids: list[tuple[str, str]] = []
        for index, pc in enumerate(cites):
            position = pc.position
            if not ibid_allowed and position in (IBID, IBID_WITH_LOCATOR):
                position = SUBSEQUENT
            cid = self._item_key(sources[pc.cite.source])
            item_ids.append((pc.cite.source, cid))
            entry: dict[str, Any] = {"id": cid, "position": POSITION_CODES[position]}
            cite = pc.cite
            if cite.locator:
                entry["locator"] = cite.locator
                entry["label"] = cite.effective_label
            if cite.prefix:
                # A note starts with a capital, as "Ibid." does: "See …", not "see …".
                entry["prefix"] = _capitalised(cite.prefix) if index == 0 else cite.prefix
            if cite.suffix:
                entry["suffix"] = cite.suffix
            if uses_note_numbers and pc.position != FIRST:
                # Only a cite of a source cited before has a first note to refer back to.
                entry["first-reference-note-number"] = pc.first_note_number
            if uses_near_note:
                entry["near-note"] = pc.near_note
            cluster.append(entry)
            key_parts.append(sorted((k, str(v)) for k, v in entry.items()))
        if group:
            # The wording depends on the peers citeproc-js knows (their ids are digests).
            key_parts.append(["peers", [[cid, first] for _, cid, first in group]])
        key = (namespace, json.dumps(key_parts, separators=(",", ":")))
        return key, cluster, item_ids, group

    def _stored_entries(self, namespace: str) -> dict[str, Any]:
        if namespace not in self._stored:
            entries: dict[str, Any] = {}
            if self._store is not None:
                try:
                    entries = dict(self._store.load(namespace))
                except Exception as exc:  # a damaged cache is rebuilt, never fatal
                    log.warning("ignoring the stored notes cache: %s", exc)
            self._stored[namespace] = entries
        return self._stored[namespace]

    def _save_store(self, namespace: str, entries: dict[str, Any]) -> None:
        if self._store is None:
            return
        while len(entries) > STORE_LIMIT:
            del entries[next(iter(entries))]
        try:
            self._store.save(namespace, entries)
        except Exception as exc:  # the cache is an optimisation: never fail a note on it
            log.warning("could not keep the notes cache: %s", exc)


# A note whose cites name a source the brief does not have: no cluster to word.
_NO_CLUSTER: tuple[Any, ...] = (None, None, None, ())


def _note_peers(cites: Sequence[PositionedCite], peers: dict[str, Peers]) -> Peers:
    """The peers of a note's sources, group after group (empty when none has peers)."""
    out: list[tuple[str, str, int]] = []
    for c in cites:
        group = peers.get(c.cite.source)
        if group and group[0] not in out:
            out.extend(group)
    return tuple(out)


def _moved(note: RenderedNote, number: int, place: Place) -> RenderedNote:
    """``note`` with another number and place (a note inserted or removed before it).

    Made without the dataclass's ``__init__``: after an inserted note thousands of notes
    move, and this is three times faster. The fields are the same objects, already checked.
    """
    moved = object.__new__(RenderedNote)
    moved.__dict__.update(note.__dict__, number=number, place=place)
    return moved


# A sentence's full stop at the end of a title ("Neck and neck.") would print before the
# style's own comma or full stop ("Neck and neck., Meduza"). A last word of four letters or
# more is no abbreviation ("Inc.", "U.S.", "vol." keep theirs), so its full stop goes.
TITLE_FIELDS = ("title", "title-short", "container-title", "collection-title")
_TITLE_FULL_STOP = re.compile(r"(?<![.\w])([^\W\d_]{4,})\.\s*$")


def _csl_item(source: Source) -> dict[str, Any]:
    """The CSL item citeproc-js gets for a source (without our ``custom`` fields)."""
    item = {k: v for k, v in source.data.items() if k != "custom"}
    item.setdefault("type", "document")
    for name in TITLE_FIELDS:
        value = item.get(name)
        if isinstance(value, str) and value.endswith(".") and _TITLE_FULL_STOP.search(value):
            item[name] = _TITLE_FULL_STOP.sub(r"\1", value)
    return item


def _quoted(text: str, limit: int = 40) -> str:
    """``text`` fit to quote in a one-line message (control characters shown escaped)."""
    shown = text if len(text) <= limit else text[:limit] + "…"
    return json.dumps(shown, ensure_ascii=False)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _namespace(style: CitationStyle, lang: str) -> str:
    """A name for one style text, language and citeproc-js build."""
    try:
        vendored = (vendor_dir() / "VERSIONS").read_text(encoding="utf-8")
    except OSError:
        vendored = ""
    # The locale file from citeproc-py words dates and terms too: a new one is a new wording.
    locale = locale_name(lang)
    locale_text = (locale_xml(locale) or "") if locale else ""
    digest = hashlib.blake2b(digest_size=12)
    for part in (_PIPELINE_REVISION, vendored, lang, locale_text, style.xml):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _spans_to_json(spans: tuple[NoteSpan, ...]) -> list[Any]:
    out: list[Any] = []
    for span in spans:
        if isinstance(span, str):
            out.append(span)
        elif isinstance(span, Link):
            out.append({"u": span.url, "t": span.text})
        else:
            out.append({"t": span.text, "m": list(span.marks)})
    return out


def _spans_from_json(data: list[Any]) -> tuple[NoteSpan, ...]:
    out: list[NoteSpan] = []
    for item in data:
        if isinstance(item, str):
            out.append(item)
        elif "u" in item:
            out.append(Link(url=item["u"], text=item["t"]))
        else:
            out.append(Styled(text=item["t"], marks=tuple(item["m"])))
    return tuple(out)


def _missing_source_spans(cites: list[PositionedCite], sources: dict[str, Source]) -> tuple[NoteSpan, ...]:
    if not cites:
        return ()
    missing = [c.cite.source for c in cites if c.cite.source not in sources]
    return (f"[unknown source: {', '.join(missing)}]",)


def _with_comment(spans: tuple[NoteSpan, ...], comment: Inline | None) -> tuple[NoteSpan, ...]:
    """Append a note's comment after its cites, and end the note with one full stop."""
    comment_spans: list[NoteSpan] = []
    for span in comment or ():
        if isinstance(span, str):
            comment_spans.append(span)
        elif hasattr(span, "text") and hasattr(span, "marks"):
            comment_spans.append(span)  # Styled
        elif hasattr(span, "url"):
            comment_spans.append(span)  # Link
    comment_text = spans_text(tuple(comment_spans)).strip()
    if not comment_text:
        return spans
    out: list[NoteSpan] = list(spans)
    if out:
        out.append(" ")
    # Trim the comment's outer white space without losing its marks.
    comment_spans = _strip_spans(comment_spans)
    out.extend(comment_spans)
    if not _ENDS_A_SENTENCE.search(comment_text):
        out.append(".")
    return tuple(out)


def _strip_spans(spans: list[NoteSpan]) -> list[NoteSpan]:
    if not spans:
        return spans
    first, last = spans[0], spans[-1]
    spans = list(spans)
    spans[0] = first.lstrip() if isinstance(first, str) else replace(first, text=first.text.lstrip())
    last = spans[-1]
    spans[-1] = last.rstrip() if isinstance(last, str) else replace(last, text=last.text.rstrip())
    return [s for s in spans if (s if isinstance(s, str) else s.text)]


_default: NoteRenderer | None = None
_default_lock = threading.Lock()


def default_renderer() -> NoteRenderer:
    """A renderer shared by callers that do not keep their own (created on first use)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = NoteRenderer()
        return _default


def render_notes(
    brief: Brief, *, brief_dir: Path | None = None, renderer: NoteRenderer | None = None
) -> list[RenderedNote]:
    """Every note of a brief as it will print."""
    return (renderer or default_renderer()).render(brief, brief_dir=brief_dir)
