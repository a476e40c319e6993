"""The writing checks W301–W305: spelling, estimative language, quotes and lengths.

``WritingSettings`` is what a team profile and the user's own dictionary say; a
``WritingChecker`` applies them to one brief (its language, its own names) and is called by
the checker of ``checks.py`` for each text in reading order and at the end of each part:

- W301 an unknown word (``spelling.py``), with the likeliest correction;
- W302 a non-standard hedge in the event text or the implications (``estimative.py``);
- W303 likelihood and confidence stated in one sentence of those texts;
- W304 straight quotes or mixed quote styles in text that prints (``typography.py``);
- W305 a section or summary past a length limit of the profile.

Commentary notes print too: their text is spell-checked and quote-checked at the place of
the text that holds the note.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from brief_editor.citations.estimative import ICD_203, EstimativeScale, confidence_in
from brief_editor.citations.quotes import count_words, find_quotations, sentence_breaks
from brief_editor.citations.spelling import (
    SpellCheck,
    brief_names,
    brief_vocabulary,
    spell_check_for,
    speller_for,
    vocabulary_of,
)
from brief_editor.citations.typography import quote_problems, quote_style
from brief_editor.citations.writing_limits import WRITING_CHECKS, Limits
from brief_editor.model import Brief, EventSection, NarrativeSection, Section, inline_text

# Where hedges are looked for (issue 13: the event text and the implications).
ESTIMATIVE_FIELDS = frozenset(("event", "implications"))


@dataclass(frozen=True)
class WritingSettings:
    """What the writing checks use: which are off, known words, the scale, the limits."""

    off: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()  # the team's and the user's dictionaries, folded
    scale: EstimativeScale = ICD_203
    limits: Limits = field(default_factory=Limits)
    dictionaries: Path | None = None  # the folder of .aff/.dic files (tests point elsewhere)

    @classmethod
    def build(cls, *, off: frozenset[str] | set[str] = frozenset(), words: tuple[str, ...] = (),
              scale: EstimativeScale = ICD_203, limits: Limits | None = None,
              dictionaries: Path | None = None) -> WritingSettings:
        return cls(frozenset(off), vocabulary_of(words), scale, limits or Limits(), dictionaries)

    def wants(self, check_id: str) -> bool:
        return check_id not in self.off


_names_by_part: dict[int, tuple[object, tuple[str, ...]]] = {}


@dataclass
class _LastNames:
    """The names of the brief last asked about, section by section."""

    meta: object
    sources: tuple[object, ...]
    sections: tuple[object, ...]
    of_sections: list[tuple[str, ...]]
    names: tuple[str, ...]


_last_names: _LastNames | None = None
# More sections replaced at once than this: every part is read again (from the cache).
_NAMES_SPLICE_LIMIT = 8


def brief_names_of(brief: Brief) -> tuple[str, ...]:
    """``brief_names`` of the brief, re-read only for the parts that changed (the editor asks
    after every pause in typing; the sources alone can hold thousands of names).

    After an edit of a section or two whose names stay the same (text typed, a note
    inserted), the very tuple of the last call comes back, without a pass over the other
    sections: what is built from it (the known words, the spelling verdicts) is then found
    by identity."""
    last = _last_names
    if (last is not None and last.meta is brief.meta and last.sources is brief.sources
            and len(last.sections) == len(brief.sections)):
        if last.sections is brief.sections:
            return last.names
        changed = [i for i, (a, b) in enumerate(zip(last.sections, brief.sections, strict=True))
                   if a is not b]
        if len(changed) <= _NAMES_SPLICE_LIMIT and all(
                tuple(brief_names(Brief(sections=(brief.sections[i],)))) == last.of_sections[i]
                for i in changed):
            last.sections = brief.sections
            return last.names
    return _all_names_of(brief)


def _all_names_of(brief: Brief) -> tuple[str, ...]:
    global _names_by_part, _last_names
    fresh: dict[int, tuple[object, tuple[str, ...]]] = {}
    out: list[str] = []
    of_sections: list[tuple[str, ...]] = []
    for part in (brief.meta, brief.sources, *brief.sections):
        known = _names_by_part.get(id(part))
        if known is None or known[0] is not part:
            if part is brief.meta:
                names = tuple(brief_names(Brief(meta=brief.meta)))
            elif part is brief.sources:
                names = tuple(brief_names(Brief(sources=brief.sources)))
            else:
                names = tuple(brief_names(Brief(sections=(part,))))  # type: ignore[arg-type]
            known = (part, names)
        fresh[id(part)] = known
        out += known[1]
        if part is not brief.meta and part is not brief.sources:
            of_sections.append(known[1])
    _names_by_part = fresh
    _last_names = _LastNames(brief.meta, brief.sources, brief.sections, of_sections,
                             tuple(out))
    return _last_names.names


_known_memo: tuple[tuple[str, ...], frozenset[str], frozenset[str]] | None = None


def _known_words(names: tuple[str, ...], words: frozenset[str]) -> frozenset[str]:
    """The brief's own words and the dictionary's, the same object while neither changes
    (``brief_names_of`` gives the same tuple): the spelling verdicts are kept by it."""
    global _known_memo
    memo = _known_memo
    if memo is not None and memo[0] is names and memo[1] is words:
        return memo[2]
    known = brief_vocabulary(names) | words
    _known_memo = (names, words, known)
    return known


@dataclass(frozen=True)
class Finding:
    """One writing problem before it gets its severity: offset in its text, id, message."""

    offset: int
    id: str
    message: str


class WritingChecker:
    """The writing checks of one brief."""

    def __init__(self, brief: Brief, settings: WritingSettings,
                 wanted: frozenset[str] | None = None) -> None:
        self.settings = settings
        active = {i for i in WRITING_CHECKS if settings.wants(i)}
        if wanted is not None:
            active &= wanted
        self.active = frozenset(active)
        self.language = brief.meta.effective_language
        self.style = quote_style(self.language)
        self.spell: SpellCheck | None = None
        if "W301" in self.active:
            speller = speller_for(self.language, settings.dictionaries)
            if speller is not None:
                self.spell = spell_check_for(speller, _known_words(brief_names_of(brief),
                                                                   settings.words))

    def key(self) -> tuple[object, ...]:
        """What the findings depend on besides the text (the incremental checker's cache key)."""
        known = self.spell.known if self.spell is not None else None
        return (self.active, self.language, known, self.settings)

    # Findings by (field, text), kept by the editor's incremental checks while what they
    # depend on (``key()``) stays the same: a section checked again after an edit finds
    # its untouched paragraphs here instead of spell-checking them again.
    memo: dict[tuple[str, str], list[Finding]] | None = None
    MEMO_LIMIT = 20_000

    def text(self, field_name: str, text: str) -> list[Finding]:
        """The findings of one printed text (a heading, paragraph, bullet, caption, note);
        the caller does not change the list."""
        memo = self.memo
        if memo is None:
            return self._text(field_name, text)
        found = memo.get((field_name, text))
        if found is None:
            if len(memo) >= self.MEMO_LIMIT:
                memo.clear()
            found = memo[(field_name, text)] = self._text(field_name, text)
        return found

    def _text(self, field_name: str, text: str) -> list[Finding]:
        found: list[Finding] = []
        if not text:
            return found
        if self.spell is not None:
            for miss in self.spell.misspellings(text):
                found.append(Finding(miss.start, "W301", self._unknown(miss.word)))
        if field_name in ESTIMATIVE_FIELDS:
            if "W302" in self.active:
                scale = self.settings.scale
                for hedge in scale.hedges_in(text):
                    found.append(Finding(hedge.start, "W302", self._hedge(hedge.text,
                                                                          hedge.suggestion)))
            if "W303" in self.active:
                found.extend(self._mixed(text))
        if "W304" in self.active:
            for problem in quote_problems(text, self.style):
                found.append(Finding(problem.offset, "W304", f"The text has {problem.reason}."))
        return found

    def _unknown(self, word: str) -> str:
        assert self.spell is not None
        suggestions = self.spell.speller.quick_suggestions(word, 3)
        if suggestions:
            return f"Unknown word “{word}”: did you mean “{suggestions[0]}”?"
        return (f"Unknown word “{word}”: correct it, or add it to your dictionary if it is "
                "right.")

    def _hedge(self, text: str, suggestion: str) -> str:
        scale = self.settings.scale.name
        instead = f": write “{suggestion}”" if suggestion else ""
        return (f"“{text}” is not a standard expression of likelihood ({scale}){instead}, "
                "or the term of the scale that says what you mean.")

    def _mixed(self, text: str) -> Iterator[Finding]:
        scale = self.settings.scale
        if confidence_in(text) is None or scale.states_likelihood(text) is None:
            return
        bounds = [0, *sentence_breaks(text, find_quotations(text)), len(text)]
        for start, end in zip(bounds, bounds[1:], strict=False):
            sentence = text[start:end]
            confidence = confidence_in(sentence)
            likelihood = scale.states_likelihood(sentence)
            if confidence is not None and likelihood is not None:
                yield Finding(
                    start + min(confidence.start(), likelihood.start()), "W303",
                    f"“{confidence.group()}” and “{likelihood.group()}” are in one statement: "
                    "state how likely the judgement is and how confident you are in it "
                    "separately (ICD 203).")

    def section_end(self, section: Section) -> list[Finding]:
        """W305 for a section past the profile's limits (offset 0: the section's start)."""
        if "W305" not in self.active:
            return []
        limits = self.settings.limits
        found: list[Finding] = []

        def over(limit: int | None, count: int, what: str) -> None:
            if limit is not None and count > limit:
                found.append(Finding(0, "W305", f"{what} is {count} words, past the "
                                     f"team's limit of {limit}: shorten it."))

        over(limits.heading_words, count_words(inline_text(section.heading)), "The heading")
        if isinstance(section, EventSection):
            over(limits.event_words, sum(count_words(inline_text(p)) for p in section.event),
                 "The event")
            bullets = [b for b in section.implications if inline_text(b).strip()]
            if limits.implication_bullets is not None and \
                    len(bullets) > limits.implication_bullets:
                found.append(Finding(0, "W305", f"The implications have {len(bullets)} "
                                     f"bullets, past the team's limit of "
                                     f"{limits.implication_bullets}: merge or cut some."))
            for number, bullet in enumerate(section.implications, 1):
                over(limits.implication_words, count_words(inline_text(bullet)),
                     f"Implication {number}")
        elif isinstance(section, NarrativeSection):
            over(limits.narrative_words, sum(count_words(inline_text(p)) for p in section.body),
                 "The text")
        return found

    def summary_end(self, brief: Brief) -> list[Finding]:
        if "W305" not in self.active or self.settings.limits.summary_words is None:
            return []
        count = count_words(inline_text(brief.meta.summary or ()))
        limit = self.settings.limits.summary_words
        if count <= limit:
            return []
        return [Finding(0, "W305", f"The summary is {count} words, past the team's limit of "
                        f"{limit}: shorten it.")]
