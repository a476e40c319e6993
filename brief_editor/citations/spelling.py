"""Spell-checking with real Hunspell dictionaries, offline, in the brief's language.

The engine is Hunspell itself (the ``hunspell`` extension of the chunspell-next wheel, which
ships its own libhunspell), fed the dictionaries the Makefile fetches into
``_vendor/hunspell`` (``en-US``, ``en-GB``, ``fr``, ``es``). README "Dependency notes" says
why this engine and not pyenchant or spylls.

What counts as a word, and what is never flagged (issue 13):

- A word is a run of letters with inner apostrophes (``’`` or ``'``); hyphenated compounds
  are checked part by part, as Hunspell's own BREAK rule does.
- URLs, e-mail addresses, tokens with digits (``F-16``, ``1990s``), single letters and
  all-capital acronyms (``NATO``, ``MPs``) are skipped.
- Words of the brief's own names (``Vocabulary``: parties, locations, the masthead and the
  sources' titles, authors and outlets), of the team dictionary and of the user's personal
  dictionary are known; so is a possessive (``Kurti’s``) of a known name.
- Note markers contribute no text (``flatten`` drops them), so nothing inside one is read.

Suggestions: Hunspell's own ``suggest`` takes 0.2–0.8 s a word on the English dictionary
(n-gram search over the whole word list), too slow for ``check`` on a long issue. So
``quick_suggestions`` tries the edits a typist makes (a swapped, missing, doubled or wrong
letter, a missing space) and asks Hunspell which are words: about a millisecond a word.
The editor's context menu falls back to the full ``suggest`` when no edit is a word.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
import zlib
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from operator import add
from pathlib import Path
from typing import Any, Protocol

from brief_editor.model import Brief, EventSection
from brief_editor.resources import resources_dir, vendor_dir

log = logging.getLogger(__name__)

# Dictionaries bundled by the Makefile (DICT_PKGS), by language tag.
BUNDLED = ("en-US", "en-GB", "fr", "es")
# Regional variants served by the nearest bundled dictionary.
_NEAREST = {
    "en": "en-US", "en-CA": "en-US", "en-PH": "en-US",
    "en-AU": "en-GB", "en-NZ": "en-GB", "en-IE": "en-GB", "en-ZA": "en-GB", "en-IN": "en-GB",
    "en-UK": "en-GB",
}

_URL = re.compile(r"(?:https?://|ftp://|www\.)\S+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"
                  r"|\bet al\b", re.I)
# The first part of a hyphenated word that may stand before any word ("co-host", "al-Assad").
HYPHEN_PREFIXES = frozenset(("co", "de", "re", "pre", "non", "anti", "pro", "ex", "mid", "post",
                             "sub", "semi", "multi", "inter", "intra", "counter", "un", "self",
                             "al", "el", "bin", "ibn", "abu", "van", "von", "de", "la", "le"))
# Letters with inner apostrophes or hyphens; digits and underscores make a token skipped.
_TOKEN = re.compile(r"[^\W_]+(?:['’\-‐][^\W_]+)*")
_APOSTROPHES = "'’"
_DIGIT = re.compile(r"\d")
_NEEDS_CARE = re.compile(r"://|@|www\.|\bet al\b", re.I)
MAX_WORD = 40


def house_words(name: str) -> tuple[str, ...]:
    """Our own additions to a bundled dictionary (``resources/spelling``): the words of
    analytic writing it lacks ("counterterrorism", "reframe"), so that they are no false
    alarms. ``en.txt`` serves every English dictionary, ``en-GB.txt`` only en-GB."""
    folder = resources_dir() / "spelling"
    primary = name.split("-")[0]
    words: list[str] = []
    for file_name in dict.fromkeys((f"{primary}.txt", f"{name}.txt")):
        words += read_word_list(folder / file_name)
    return tuple(words)


def dictionary_dir() -> Path:
    """Where ``make vendor`` puts the Hunspell dictionaries."""
    return vendor_dir() / "hunspell"


def dictionary_for(language: str, folder: Path | None = None) -> str | None:
    """The bundled dictionary that serves ``language`` (a BCP 47 tag), or None."""
    folder = folder or dictionary_dir()
    tag = language.strip().replace("_", "-")
    parts = tag.split("-")
    candidates = [tag, _NEAREST.get(tag, ""), parts[0], _NEAREST.get(parts[0], "")]
    if len(parts) > 1:
        candidates.insert(1, f"{parts[0].lower()}-{parts[1].upper()}")
    for candidate in candidates:
        if candidate and (folder / f"{candidate}.dic").is_file():
            return candidate
    return None


@dataclass(frozen=True)
class Token:
    """A word of running text: ``start`` and ``end`` are offsets into the text."""

    start: int
    end: int
    text: str


def words_to_check(text: str) -> Iterator[Token]:
    """The words of ``text`` a spell-checker should look at, with their offsets."""
    skip: list[tuple[int, int]] = [m.span() for m in _URL.finditer(text)] if (
        "@" in text or "/" in text or "www." in text) else []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        if skip and any(a <= start < b for a, b in skip):
            continue
        word = match.group()
        for part_start, part in _parts(word, start):
            if _skipped(part):
                continue
            yield Token(part_start, part_start + len(part), part)


def _parts(word: str, start: int) -> Iterator[tuple[int, str]]:
    if "-" not in word and "‐" not in word:
        yield start, word
        return
    offset = start
    for part in re.split(r"[-‐]", word):
        yield offset, part
        offset += len(part) + 1


def _skipped(word: str) -> bool:
    if len(word) < 2 or len(word) > MAX_WORD:
        return True
    if _DIGIT.search(word):
        return True
    # NATO, MPs, NGOs
    return word.isupper() or (len(word) > 2 and word[-1] == "s" and word[:-1].isupper())


def _fold(word: str) -> str:
    if word.isascii():  # the same, quicker: NFC and the apostrophe leave ASCII as it is
        return word.lower()
    return unicodedata.normalize("NFC", word).replace("’", "'").casefold()


def _base(word: str) -> str:
    """The word without a possessive ending: “Kurti’s” → “Kurti”, “Ministers’” → “Ministers”."""
    for ending in ("'s", "’s", "'", "’"):
        if word.endswith(ending) and len(word) > len(ending) + 1:
            return word[: -len(ending)]
    return word


# ---------------------------------------------------------------------------- the engine


class SpellingUnavailable(RuntimeError):
    """No dictionary or no engine: spell-checking is off, and the caller says so once."""


class Speller:
    """One Hunspell dictionary, with a cache of answers (the same words recur all issue)."""

    def __init__(self, language: str, folder: Path | None = None) -> None:
        folder = folder or dictionary_dir()
        name = dictionary_for(language, folder)
        if name is None:
            raise SpellingUnavailable(f"no spelling dictionary for {language!r} in {folder}")
        try:
            import hunspell  # chunspell-next
        except ImportError as exc:  # pragma: no cover - a broken installation
            raise SpellingUnavailable(f"the Hunspell engine is missing: {exc}") from None
        self.language = name
        self._engine: Any = hunspell.Hunspell(name, hunspell_data_dir=str(folder))
        self._lock = threading.Lock()  # Hunspell objects are not thread-safe
        self._known: dict[str, bool] = {}
        self._quick: dict[str, tuple[str, ...]] = {}
        stems, plain = cached_stems(folder / f"{name}.dic", folder / f"{name}.aff")
        house = house_words(name)
        for word in house:
            self._engine.add(word)
        self._stems = stems | {w.lower() for w in house}
        self._plain = plain | set(house)

    def check(self, word: str) -> bool:
        """True when the dictionary knows ``word`` (with Hunspell's case rules)."""
        known = self._known.get(word)
        if known is None and (word in self._plain or (
                word[:1].isupper() and word[:1].lower() + word[1:] in self._plain)):
            # A stem with no flag that restricts it is a word as it stands, and so is its
            # capitalised form: no need to ask Hunspell (~40 µs a word, the cold cost).
            known = self._known[word] = True
        if known is None:
            with self._lock:
                known = self._spell(word)
            self._known[word] = known
        return known

    def _spell(self, word: str) -> bool:
        engine = self._engine
        if engine.spell(word):
            return True
        if "’" in word and engine.spell(word.replace("’", "'")):
            return True
        base = _base(word)
        return base != word and engine.spell(base.replace("’", "'"))

    def quick_suggestions(self, word: str, limit: int = 5) -> tuple[str, ...]:
        """Words one typing slip away from ``word`` (swap, drop, add, change a letter, split)."""
        found = self._quick.get(word)
        if found is None:
            with self._lock:
                found = tuple(self._edits(word, limit))
            self._quick[word] = found
        return found

    def _edits(self, word: str, limit: int) -> list[str]:
        engine = self._engine
        lower = word.lower()
        alphabet = "etaoinshrdlcumwfgypbvkjxqz"
        splits = [(lower[:i], lower[i:]) for i in range(len(lower) + 1)]
        # The likelier slips first (kind 0): a swapped pair, a missing or extra letter; then
        # a wrong letter (kind 1). Building the ~50 edits a letter is cheap; asking Hunspell
        # about each (~0.1–0.4 ms for a non-word) is not, so the edits are first matched
        # against the dictionary's stems in one set intersection, and an edit that is an
        # inflection of a stem ("received" of "receive") by a few common endings.
        first = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        first |= {a + b[1:] for a, b in splits if b}
        first |= {a + c + b for a, b in splits for c in alphabet}
        second = {a + c + b[1:] for a, b in splits if b for c in alphabet if c != b[0]}
        second -= first
        stems = self._stems
        ranked: list[tuple[bool, int, int, str]] = []
        for kind, candidates in ((0, first), (1, second)):
            candidates.discard(lower)
            plausible = candidates & stems
            if kind == 0:  # (a wrong letter in an inflected word is left to Hunspell)
                plausible |= {c for c in candidates - plausible if _inflected_stem(c, stems)}
            # A typist seldom gets the first letter wrong: those edits go last; among the
            # rest, the edit nearest the word's length first.
            ranked += [(c[:1] != lower[:1], kind, abs(len(c) - len(lower)), c)
                       for c in plausible]
        ranked.sort()
        hits = []
        for *_, candidate in ranked:
            shaped = _same_case(word, candidate)
            if engine.spell(shaped):
                hits.append(shaped)
                if len(hits) >= limit:
                    break
        found = hits
        for a, b in splits[2:-2] if not found else ():
            if len(found) < limit and a in stems and b in stems and engine.spell(a) \
                    and engine.spell(b):
                found.append(_same_case(word, f"{a} {b}"))
        return found

    def suggestions(self, word: str, limit: int = 7) -> tuple[str, ...]:
        """What the context menu offers: the quick edits, else Hunspell's full search."""
        quick = self.quick_suggestions(word, limit)
        if quick:
            return quick
        with self._lock:
            return tuple(self._engine.suggest(word))[:limit]


_RESTRICTING = ("NEEDAFFIX", "FORBIDDENWORD", "ONLYINCOMPOUND", "KEEPCASE", "PSEUDOROOT")
_DIC_LINE = re.compile(r"(?m)^([^/\t\n ]*)(?:/(\S*))?")
_DIC_STEM = re.compile(r"(?m)^[^/\t\n ]*")


def _stems(dic: Path, aff: Path, *,
           line_by_line: bool = False) -> tuple[frozenset[str], frozenset[str]]:
    """The lower-cased stems of a Hunspell .dic file, and its stems that are plain words.

    A plain word is a stem whose flags (if any) include none that restrict it (NEEDAFFIX,
    FORBIDDENWORD, ONLYINCOMPOUND, KEEPCASE): Hunspell accepts it as it stands.
    """
    encoding = "iso-8859-1"
    flag_kind = "char"
    restricting: set[str] = set()
    try:
        for raw in aff.read_bytes().splitlines():
            fields = raw.split()
            if len(fields) < 2:
                continue
            key = fields[0].decode("ascii", "replace")
            if key == "SET":
                encoding = fields[1].decode("ascii", "replace")
            elif key == "FLAG":
                flag_kind = fields[1].decode("ascii", "replace").lower()
            elif key in _RESTRICTING:
                restricting.add(fields[1].decode(encoding, "replace"))
        text = dic.read_text(encoding=encoding, errors="replace")
    except (OSError, LookupError) as exc:
        log.warning("cannot read the stems of %s: %s", dic, exc)
        return frozenset(), frozenset()
    # The first line is the word count, a number, which no edit of a word ever equals.
    stems = set(_STEM_LINE.findall(text.lower()))
    stems.discard("")
    if flag_kind not in ("long", "num") and not line_by_line:
        # One flag a character: the lines whose flags hold no restricting one are found
        # by a single regular expression (in C), not line by line.
        if restricting:
            pattern = re.compile(r"(?m)^([^/\t\n ]*)(?:/[^\s" +
                                 "".join(re.escape(f) for f in sorted(restricting)) +
                                 r"]*)?(?=\s|$)")
        else:
            pattern = _DIC_STEM
        plain = {stem for stem in pattern.findall(text) if stem.isalpha()}
        return frozenset(stems), frozenset(plain)
    plain = set()
    for stem, flags in _DIC_LINE.findall(text):
        if not stem.isalpha():  # hyphens, apostrophes, digits: left to Hunspell's rules
            continue
        if flags and restricting:
            if flag_kind == "long":
                own = {flags[i:i + 2] for i in range(0, len(flags), 2)}
            elif flag_kind == "num":
                own = set(flags.split(","))
            else:
                own = set(flags)
            if own & restricting:
                continue
        plain.add(stem)
    return frozenset(stems), frozenset(plain)


_STEM_LINE = re.compile(r"(?m)^[^/\t\n]*")


class StemsStore(Protocol):
    """Where ``cached_stems`` keeps what ``_stems`` made of a dictionary (storage/ has the
    one in the user's cache folder): text under a key, or None when there is none."""

    def load(self, key: str) -> str | None: ...

    def save(self, key: str, text: str) -> None: ...


_stems_store: StemsStore | None = None
# Bumped whenever _stems changes what it makes: the key of every cached form changes too.
STEMS_FORMAT = 1
_STEMS_SPLIT = "\n\x00\n"  # between the stems and the plain words (neither holds \n)
_STEMS_END = "\n\x00end\n"


def use_stems_store(store: StemsStore | None) -> None:
    """Keep the dictionaries' stems in ``store`` from now on (None: make them every time)."""
    global _stems_store
    _stems_store = store


def cached_stems(dic: Path, aff: Path) -> tuple[frozenset[str], frozenset[str]]:
    """``_stems(dic, aff)``, read from the stems store when it holds them for this very
    dictionary (the key holds a checksum of both files), else made and stored.

    Reading the stored words back takes a third of the time of reading them out of the
    .dic file, which every ``check`` and every editor start did.
    """
    store = _stems_store
    if store is None:
        return _stems(dic, aff)
    try:
        dic_bytes, aff_bytes = dic.read_bytes(), aff.read_bytes()
    except OSError:
        return _stems(dic, aff)  # which says why, once
    # CRC-32 and the length of each file (zlib is loaded already; hashlib would cost an
    # import): an edited or replaced dictionary gets another key.
    digest = (f"{zlib.crc32(dic_bytes):08x}{len(dic_bytes) & 0xFFFFFFFF:08x}"
              f"{zlib.crc32(aff_bytes):08x}{len(aff_bytes) & 0xFFFFFFFF:08x}")
    key = f"{dic.stem}-{STEMS_FORMAT}-{digest}"
    text = store.load(key)
    if text is not None and text.endswith(_STEMS_END):
        stems_text, split, plain_text = text[:-len(_STEMS_END)].partition(_STEMS_SPLIT)
        if split:
            stems = frozenset(stems_text.split("\n"))
            plain = frozenset(plain_text.split("\n"))
            return stems - {""}, plain - {""}
    stems, plain = _stems(dic, aff)
    text = "\n".join(stems) + _STEMS_SPLIT + "\n".join(plain) + _STEMS_END
    if stems and text.count("\x00") == 2:  # no stem holds the separators' NUL
        store.save(key, text)
    return stems, plain


_ENDINGS = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"),
            ("es", ""), ("s", ""), ("ly", ""), ("er", ""), ("ers", ""), ("ment", ""),
            ("ments", ""), ("ion", "e"), ("ions", "e"), ("'s", ""))


_ENDINGS_BY_LAST: dict[str, tuple[tuple[str, str], ...]] = {}
for _ending in _ENDINGS:
    _ENDINGS_BY_LAST[_ending[0][-1]] = (*_ENDINGS_BY_LAST.get(_ending[0][-1], ()), _ending)


def _inflected_stem(word: str, stems: frozenset[str]) -> bool:
    """True when ``word`` is a stem of the dictionary plus a common English ending."""
    for ending, restore in _ENDINGS_BY_LAST.get(word[-1:], ()):
        if word.endswith(ending) and word[: -len(ending)] + restore in stems:
            return True
    return False


def _same_case(model: str, word: str) -> str:
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


_spellers: dict[tuple[str, str], Speller | None] = {}
_loading: dict[tuple[str, str], threading.Lock] = {}
_spellers_lock = threading.Lock()


def speller_for(language: str, folder: Path | None = None) -> Speller | None:
    """The shared Speller of ``language``, loaded once per process; None if there is none.

    A second caller while the first is loading waits for it (the editor starts the load on
    a worker thread), rather than loading the dictionary twice.
    """
    folder = folder or dictionary_dir()
    key = (language, str(folder))
    with _spellers_lock:
        if key in _spellers:
            return _spellers[key]
        lock = _loading.setdefault(key, threading.Lock())
    with lock:
        with _spellers_lock:
            if key in _spellers:
                return _spellers[key]
        try:
            speller: Speller | None = Speller(language, folder)
        except SpellingUnavailable as exc:
            log.info("spell-checking is off: %s", exc)
            speller = None
        with _spellers_lock:
            _spellers[key] = speller
        return speller


# ---------------------------------------------------------------------------- known words


def _name_strings(value: Any) -> Iterator[str]:
    """Every string of a CSL value (names, titles), walking lists and name objects."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key in ("family", "given", "literal", "non-dropping-particle",
                    "dropping-particle", "suffix"):
            item = value.get(key)
            if isinstance(item, str):
                yield item
    elif isinstance(value, list):
        for item in value:
            yield from _name_strings(item)


SOURCE_FIELDS = (
    "title", "title-short", "container-title", "container-title-short", "collection-title",
    "publisher", "publisher-place", "event-place", "author", "editor", "translator",
    "container-author", "director", "interviewer", "recipient", "reviewed-author",
    "original-title", "medium", "genre", "section", "event", "event-title",
)


_SOURCE_FIELD_SET = frozenset(SOURCE_FIELDS)


def brief_names(brief: Brief) -> Iterator[str]:
    """The brief's own names: parties, locations, masthead, and the sources' fields."""
    meta = brief.meta
    yield from (meta.publication, meta.title, meta.team, meta.organization)
    yield from meta.authors
    yield from meta.credits or ()
    for section in brief.sections:
        if isinstance(section, EventSection):
            yield section.location
            yield from section.parties
        else:  # a narrative's byline, "Source:" line and credits are names too
            yield getattr(section, "byline", "")
            yield getattr(section, "source_line", "")
            yield from getattr(section, "credits", ())
        for figure in section.figures:
            yield figure.credit
    yield from _source_names(brief.sources)


def _source_names(sources: tuple[Any, ...]) -> list[str]:
    """The sources' name fields' strings, in order (a list: a library yields 300,000)."""
    fields = _SOURCE_FIELD_SET
    out: list[str] = []
    append = out.append
    for source in sources:
        # In the source's own order: a source has a few of the fields, and a library may
        # have 100,000 sources.
        for key, value in source.data.items():
            if key not in fields or value is None:
                continue
            if isinstance(value, str):  # most are: no generator for them
                append(value)
            else:
                out.extend(_name_strings(value))
    return out


def vocabulary_of(texts: Iterable[str]) -> frozenset[str]:
    """The folded words of ``texts`` (their tokens and the possessive-free forms)."""
    # A library of 100,000 sources holds millions of tokens but few distinct ones: gather
    # the distinct tokens first (in C), then fold each once.
    # One search over the texts joined by line breaks, which no token crosses.
    tokens = set(_TOKEN.findall("\n".join(text for text in texts if text)))
    words: set[str] = set()
    for word in tokens:
        words.update(token_forms(word))
    return frozenset(words)


def token_forms(word: str) -> tuple[str, ...]:
    """The folded forms ``vocabulary_of`` keeps of one token: itself, without a possessive
    ending, and each part of a hyphenated word."""
    if "'" in word or "’" in word:
        forms = (_fold(word), _fold(_base(word)))
    else:  # no possessive ending to take off (the common case, told without _base)
        folded = _fold(word)
        forms = (folded, folded)
    if "-" in word:
        forms += tuple(_fold(p) for p in word.split("-"))
    return forms


@lru_cache(maxsize=8)
def brief_vocabulary(names: tuple[str, ...]) -> frozenset[str]:
    """``vocabulary_of`` cached for the editor, which asks again after every keystroke."""
    words: set[str] = set()
    for forms in name_tokens(names).values():
        words.update(forms)
    return frozenset(words)


@lru_cache(maxsize=8)
def name_tokens(names: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Each distinct token of ``names`` and its folded forms (``token_forms``)."""
    # A token holds no space, so the tokens are those of the distinct runs without spaces:
    # a library's 300,000 names hold millions of runs but a hundred thousand distinct ones,
    # found by str.split (in C), and only those are searched, joined by line breaks, which
    # no token crosses.
    runs = set(" ".join(set(names)).split())
    tokens = set(_TOKEN.findall("\n".join(runs)))
    return {token: token_forms(token) for token in tokens}


class _NamesIndex:
    """What ``names_holding`` searches: the names joined by line breaks, where each starts in
    the joined text, and the tokens of the names under each of their folded forms."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names
        self.tokens = name_tokens(names)
        by_form: dict[str, list[str]] = {}
        for token, forms in self.tokens.items():
            for form in dict.fromkeys(forms):
                by_form.setdefault(form, []).append(token)
        self.by_form = by_form
        self.joined = "\n".join(names)
        # Name i starts after the i names before it and their line breaks (sums made in C).
        self.starts = list(map(add, accumulate(map(len, names), initial=0), range(len(names))))


# The last two, found by identity: hashing a tuple of 300,000 names for an lru_cache costs
# milliseconds at every question.
_names_indexes: list[_NamesIndex] = []


def _names_index(names: tuple[str, ...]) -> _NamesIndex:
    for index in _names_indexes:
        if index.names is names:
            return index
    index = _NamesIndex(names)
    _names_indexes[:] = [index, *_names_indexes[:1]]
    return index


def names_holding(names: tuple[str, ...], folded: str, limit: int) -> int:
    """How many of ``names`` hold a token with the folded form ``folded`` (as
    ``vocabulary_of((name,))`` would), counting no further than ``limit``.

    A name is looked at closely only when it holds one of the tokens that have the form, as
    a substring: a library of 100,000 sources has 300,000 names, so the tokens are searched
    for in all the names joined (str.find, in C), and each hit is traced to its name.
    """
    found = _names_index(names)
    tokens = found.by_form.get(folded)
    if not tokens:
        return 0
    index, joined, starts = found.tokens, found.joined, found.starts
    findall = _TOKEN.findall
    seen: set[int] = set()
    count = 0
    for token in tokens:
        at = joined.find(token)
        while at >= 0:
            # No token holds a line break, so a hit lies inside one name.
            number = bisect_right(starts, at) - 1
            if number not in seen:
                seen.add(number)
                if any(folded in index[t] for t in findall(names[number])):
                    count += 1
                    if count >= limit:
                        return count
            at = joined.find(token, at + 1)
    return count


@dataclass(frozen=True)
class Misspelling:
    """An unknown word at ``start``…``end`` of a text."""

    start: int
    end: int
    word: str


class SpellCheck:
    """A speller plus the words known without it: the brief's names and the dictionaries."""

    def __init__(self, speller: Speller, known: frozenset[str] = frozenset()) -> None:
        self.speller = speller
        self.known = known
        self._verdicts: dict[str, bool] = {}  # token → known (or skipped), for this instance
        self._passed: set[str] = set()  # the tokens whose verdict is True
        self._clean_runs: set[str] = set()  # runs without spaces all of whose tokens pass

    def is_known(self, word: str) -> bool:
        folded = _fold(word)
        if folded in self.known or _fold(_base(word)) in self.known:
            return True
        return self.speller.check(word)

    def _verdict(self, token: str) -> bool:
        """Whether a whole token (hyphenated parts and all) passes."""
        return not self._unknown_parts(token, 0)

    def _unknown_parts(self, token: str, start: int) -> list[Misspelling]:
        return unknown_parts(token, start, self.is_known)

    def misspellings(self, text: str) -> list[Misspelling]:
        """The unknown words of ``text``, in order."""
        # Most texts have no unknown word. A token never holds a space, so the text's
        # distinct runs without spaces (str.split, in C) less the runs known to pass tell
        # so; only a new run is tokenized, and only the tokens that fail are looked for
        # again for their offsets. Each distinct token is judged once per instance.
        runs = set(text.split()) - self._clean_runs
        if not runs:
            return []
        failed: set[str] = set()
        for run in runs:
            bad = [token for token in _TOKEN.findall(run) if not self._passes(token)]
            if bad:
                failed.update(bad)
            else:
                if len(self._clean_runs) > _MAX_REMEMBERED:  # a long editing session
                    self._clean_runs.clear()
                self._clean_runs.add(run)
        if not failed:
            return []
        if _needs_care(text):  # URLs, addresses, "et al.": the careful tokenizer
            return find_unknown(text, self.is_known)
        found = []
        for start, token in token_places(text, failed):
            found += self._unknown_parts(token, start)
        return found

    def _passes(self, token: str) -> bool:
        if token in self._passed:
            return True
        verdict = self._verdicts.get(token)
        if verdict is None:
            verdict = self._verdicts[token] = self._verdict(token)
        if verdict:
            self._passed.add(token)
        return verdict


_MAX_REMEMBERED = 200_000


def _needs_care(text: str) -> bool:
    """``_NEEDS_CARE.search(text)``, with substring searches first: most texts hold none of
    its literals (its letters have no case-blind matches but their own capitals)."""
    if "://" in text or "@" in text:
        return True
    lowered = text.lower()
    return ("www." in lowered or "et al" in lowered) and _NEEDS_CARE.search(text) is not None
_JOINERS = "'’-‐"  # what joins two runs of letters into one token (_TOKEN)


def token_places(text: str, tokens: set[str]) -> list[tuple[int, str]]:
    r"""Where each of ``tokens`` stands in ``text`` as a whole token (as _TOKEN.finditer
    would give it), sorted by offset: a text's few unknown tokens, without a pass over all.

    An occurrence is a whole token when no token of ``_TOKEN`` runs into it from the left
    (a letter or digit, or a joiner after one, before it) and the token read from it is
    exactly it. (``[^\W_]`` is what ``str.isalnum`` says, character for character.)
    """
    places: list[tuple[int, str]] = []
    match = _TOKEN.match
    for token in tokens:
        at = text.find(token)
        while at >= 0:
            before = text[at - 1] if at else ""
            if not (before.isalnum() or (before and before in _JOINERS and at >= 2
                                         and text[at - 2].isalnum())):
                read = match(text, at)
                if read is not None and read.end() == at + len(token):
                    places.append((at, token))
            at = text.find(token, at + 1)
    places.sort()
    return places


def unknown_parts(token: str, start: int,
                  is_known: Callable[[str], bool]) -> list[Misspelling]:
    """The unknown parts of one token at ``start``: none when the whole is known
    ("de-escalation"); a first part that is a common prefix ("co-", "al-") is known."""
    if "-" in token or "‐" in token:
        if is_known(token):
            return []
        found = []
        for index, (offset, part) in enumerate(_parts(token, start)):
            if index == 0 and part.lower() in HYPHEN_PREFIXES:
                continue
            if not _skipped(part) and not is_known(part):
                found.append(Misspelling(offset, offset + len(part), part))
        return found
    if _skipped(token) or is_known(token):
        return []
    return [Misspelling(start, start + len(token), token)]


def find_unknown(text: str, is_known: Callable[[str], bool]) -> list[Misspelling]:
    """The unknown words of ``text`` under ``is_known``, skipping URLs, addresses, "et al."."""
    skip = [m.span() for m in _URL.finditer(text)] if _NEEDS_CARE.search(text) else []
    found: list[Misspelling] = []
    for match in _TOKEN.finditer(text):
        if skip and any(a <= match.start() < b for a, b in skip):
            continue
        found += unknown_parts(match.group(), match.start(), is_known)
    return found


@lru_cache(maxsize=4)
def spell_check_for(speller: Speller, known: frozenset[str]) -> SpellCheck:
    """A SpellCheck kept while the known words stay the same: its verdicts outlive a run."""
    return SpellCheck(speller, known)


def read_word_list(path: Path) -> tuple[str, ...]:
    """A personal dictionary file: one word a line; ``#`` starts a comment. Missing: empty."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return ()
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("the personal dictionary %s cannot be read: %s", path, exc)
        return ()
    words = []
    for line in text.splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.append(word)
    return tuple(words)
