"""Estimative language: the standard expressions of likelihood, and the hedges that are not.

ICD 203 (the US intelligence community's analytic standard) fixes seven degrees of
likelihood, each with its words, and asks for confidence (low, moderate, high) to be stated
apart from likelihood. Check W302 flags a hedge that is none of those words and suggests the
standard term closest in meaning; W303 flags a sentence that states likelihood and
confidence together ("we are highly confident it is likely").

A team profile may replace the scale (NATO and the UK's PHIA use other words): ``terms``
are the words never flagged, ``hedges`` map each phrase to flag onto the term to suggest.

Matching is on whole words, case-insensitive, with curly or straight apostrophes alike; a
hedge that overlaps a standard term ("not very likely" holds "very likely") wins only when
it is the longer, so "very likely" alone is never flagged and "not very likely" is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

ICD_203_TERMS: tuple[str, ...] = (
    "almost no chance", "remote",
    "very unlikely", "highly improbable",
    "unlikely", "improbable", "improbably",
    "roughly even chance", "roughly even odds",
    "likely", "probable", "probably",
    "very likely", "highly probable",
    "almost certain", "almost certainly", "nearly certain", "nearly certainly",
)

# Non-standard hedge → the ICD 203 term closest in meaning.
ICD_203_HEDGES: dict[str, str] = {
    "more than likely": "likely",
    "more likely than not": "likely",
    "quite likely": "likely",
    "fairly likely": "likely",
    "there is a good chance": "likely",
    "a good chance": "likely",
    "good chance": "likely",
    "chances are": "likely",
    "it seems": "likely",
    "it appears": "likely",
    "seemingly": "likely",
    "presumably": "likely",
    "in all likelihood": "very likely",
    "in all probability": "very likely",
    "most likely": "very likely",
    "highly likely": "very likely",
    "extremely likely": "very likely",
    "a strong chance": "very likely",
    "strong possibility": "very likely",
    "could possibly": "roughly even chance",
    "might possibly": "roughly even chance",
    "may possibly": "roughly even chance",
    "possibly": "roughly even chance",
    "perhaps": "roughly even chance",
    "maybe": "roughly even chance",
    "a real possibility": "roughly even chance",
    "a distinct possibility": "roughly even chance",
    "fifty-fifty": "roughly even chance",
    "toss-up": "roughly even chance",
    "not likely": "unlikely",
    "not very likely": "unlikely",
    "doubtful": "unlikely",
    "conceivably": "unlikely",
    "a slight chance": "very unlikely",
    "slight chance": "very unlikely",
    "little chance": "very unlikely",
    "a small chance": "very unlikely",
    "highly unlikely": "very unlikely",
    "extremely unlikely": "very unlikely",
    "virtually certain": "almost certain",
    "virtually certainly": "almost certainly",
    "all but certain": "almost certain",
    "undoubtedly": "almost certainly",
    "without a doubt": "almost certainly",
    "definitely": "almost certainly",
}

_CONFIDENCE = re.compile(
    r"\b(?:(?:high|moderate|medium|low)(?:ly)?\s+confiden(?:ce|t)"
    r"|(?:highly|fairly|moderately|very|reasonably)\s+confident"
    r"|confidence\s+(?:is|was|remains)\s+(?:high|moderate|medium|low)"
    r"|(?:we|i|analysts?)\s+(?:are|am|is|remain)\s+confident)\b",
    re.IGNORECASE,
)


_WORD = re.compile(r"[^\W\d_]+")


def _pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    if not ordered:
        return None
    alternatives = []
    for phrase in ordered:
        words = [re.escape(w).replace("'", "['’]") for w in phrase.split()]
        alternatives.append(r"\s+".join(words))
    return re.compile(r"(?<![\w’'-])(?:" + "|".join(alternatives) + r")(?![\w’'-])",
                      re.IGNORECASE)


_NO_KEYS: frozenset[str] = frozenset()


def _longest_word(phrase: str) -> str:
    """The longest word of a hedge, lower-cased: a text without it holds no such hedge."""
    return max(_WORD.findall(phrase.lower()) or [phrase.lower()], key=len)


@dataclass(frozen=True)
class Hedge:
    """A non-standard expression at ``start``…``end``, and the term to write instead."""

    start: int
    end: int
    text: str
    suggestion: str


@dataclass(frozen=True)
class EstimativeScale:
    """The words of likelihood a team accepts, and the hedges it flags."""

    terms: tuple[str, ...] = ICD_203_TERMS
    hedges: Mapping[str, str] = field(default_factory=lambda: dict(ICD_203_HEDGES))
    name: str = "ICD 203"

    def __post_init__(self) -> None:
        object.__setattr__(self, "_lookup", {_key(k): v for k, v in self.hedges.items()})
        hedge_keys = {phrase: _longest_word(phrase) for phrase in self.hedges}
        object.__setattr__(self, "_hedge_keys", hedge_keys)
        object.__setattr__(self, "_keys", tuple(sorted(set(hedge_keys.values()))))
        object.__setattr__(self, "_keys_in_word", {})
        object.__setattr__(self, "_by_keys", {})

    def __hash__(self) -> int:
        return hash((self.terms, tuple(sorted(self.hedges.items())), self.name))

    def hedges_in(self, text: str) -> list[Hedge]:
        """The non-standard hedges of ``text``, in order."""
        # Each hedge's longest word, looked for first: most paragraphs hold none of them,
        # and the regular expression is the slow part. A hedge whose word is absent cannot
        # match, so only the hedges whose word is present are tried (a smaller expression).
        present = self._present_keys(text)
        if not present:
            return []
        matches = list(self._hedges_holding(present).finditer(text))
        if not matches:
            return []
        terms_re = self._terms_re
        standard = [m.span() for m in terms_re.finditer(text)] if terms_re else []
        found = []
        for match in matches:
            start, end = match.span()
            # A standard term longer than the hedge and covering it is standard ("almost no
            # chance" holds a "no chance"); a longer hedge around a term is a hedge.
            if any(a <= start and end <= b and (b - a) > (end - start) for a, b in standard):
                continue
            suggestion = self._lookup.get(_key(match.group()), "")  # type: ignore[attr-defined]
            found.append(Hedge(start, end, match.group(), suggestion))
        return found

    # The expressions are compiled when first used (each costs milliseconds, and the
    # command line's `check` may need none of them); cached_property stores into the
    # instance's __dict__, which a frozen dataclass allows.
    @cached_property
    def _terms_re(self) -> re.Pattern[str] | None:
        return _pattern(self.terms)

    @cached_property
    def _any_re(self) -> re.Pattern[str] | None:
        return _pattern([*self.terms, *self.hedges])

    def _present_keys(self, text: str) -> frozenset[str]:
        """The hedges' words (``_keys``) that are substrings of the lower-cased text.

        Found word by word of the text, each distinct word's keys remembered: a brief
        repeats its words, and a dozen substring searches of every paragraph cost more.
        A key holds no space, so it lies within one word (a run without spaces).
        """
        known: dict[str, frozenset[str]] = self._keys_in_word  # type: ignore[attr-defined]
        keys: tuple[str, ...] = self._keys  # type: ignore[attr-defined]
        words = set(text.lower().split())
        new = words.difference(known)
        if new:
            if len(known) > 100_000:  # a bound on what a long session remembers
                known = {}  # a new dict: another thread may be reading the old one
                object.__setattr__(self, "_keys_in_word", known)
                new = words
            for word in new:
                known[word] = frozenset(k for k in keys if k in word)
        return _NO_KEYS.union(*map(known.__getitem__, words))

    def _hedges_holding(self, keys: frozenset[str]) -> re.Pattern[str]:
        """The hedges' expression restricted to the hedges whose word is in ``keys`` (in the
        same longest-first order, so a text matches as it matches the whole expression)."""
        cache: dict[frozenset[str], re.Pattern[str]] = self._by_keys  # type: ignore[attr-defined]
        pattern = cache.get(keys)
        if pattern is None:
            if len(cache) > 1_000:
                cache.clear()
            hedges = [h for h, key in self._hedge_keys.items()  # type: ignore[attr-defined]
                      if key in keys]
            pattern = cache[keys] = _pattern(hedges)  # type: ignore[assignment]
        return pattern  # type: ignore[return-value]

    def states_likelihood(self, text: str) -> re.Match[str] | None:
        """The first expression of likelihood, standard or not, in ``text``."""
        any_re = self._any_re
        return any_re.search(text) if any_re else None


def _key(phrase: str) -> str:
    return " ".join(phrase.replace("’", "'").casefold().split())


def confidence_in(text: str) -> re.Match[str] | None:
    """The first statement of analytic confidence in ``text`` ("high confidence", …)."""
    if "confiden" not in text.lower():
        return None
    return _CONFIDENCE.search(text)


ICD_203 = EstimativeScale()
