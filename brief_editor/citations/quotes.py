"""Reading running text: direct quotations, sentences, and which sentences carry a note.

Check W101 needs to know, for each direct quotation, whether the sentence around it carries
a note. An Inline is flattened to one string with the offsets of its notes (notes have no
width), then quotations and sentence breaks are found in one linear pass each.

Conventions, chosen for English news prose:

- Double quotes are the quotation marks: curly “…”, low „…“/„…”, guillemets «…», and
  straight "…" (opening when it follows a space, a bracket or a dash). Mixed pairs such as
  "…” count, since hand-edited text often mixes them.
- Single quotes ‘…’ inside a double quotation are nested and belong to it. At top level a
  ‘ before a letter opens a (British-style) quotation that a ’ not followed by a letter
  closes, so the apostrophes of “Kosovo’s” never close anything.
- A quotation left open at the end of its paragraph is ignored, not guessed at.
- A sentence ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or brackets) that
  is followed by a space, a note or the end, and then by anything but a lower-case letter;
  not after a known abbreviation (Mr., U.S., Jan.), an initial (A.) or inside a quotation.
- A note belongs to the sentence of the last visible character before it, so a note right
  after the closing punctuation or quote (``… end.”[1]``) belongs to that sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from brief_editor.model import Inline, Link, Note, Styled

MIN_QUOTED_WORDS = 4

_MARKS = re.compile(r"[“”„\"«»‘’‚]")
_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")
_SENTENCE_END = re.compile(r"[.!?…]+[”’\"'»)\]]*")
_TOKEN_BEFORE = re.compile(r"[\w.’']+$")
_DOTTED_ACRONYM = re.compile(r"(?:\w\.)+\w")
_OPENING_CONTEXT = frozenset("([{—–-/")

# Lower-case, without the final full stop.
ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "mx", "dr", "prof", "st", "gen", "col", "lt", "maj", "sgt", "capt", "cmdr", "adm", "gov", "sen", "rep", "pres", "amb", "rev", "hon", "jr", "sr", "vol", "vols", "ch", "sec", "para", "fig", "op", "cf", "vs", "etc", "al", "approx", "est", "dept", "univ", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "a.m", "p.m"]
)


@dataclass(frozen=True)
class FlatText:
    """The visible text of an Inline, with where its notes and superscript spans sit."""

    text: str
    notes: tuple[int, ...]
    superscripts: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Quotation:
    """A closed direct quotation: ``start`` is its opening mark, ``end`` is after its closer."""

    start: int
    end: int
    inner: str
    words: int


def flatten(inline: Inline) -> FlatText:
    """Join the visible text of the spans and record the offsets of notes and superscripts."""
    parts: list[str] = []
    notes: list[int] = []
    supers: list[tuple[int, int]] = []
    length = 0
    for span in inline:
        if isinstance(span, str):
            text = span
        elif isinstance(span, Note):
            notes.append(length)
            continue
        elif isinstance(span, Styled):
            text = span.text
            if "superscript" in span.marks and text:
                supers.append((length, length + len(text)))
        elif isinstance(span, Link):
            text = span.text
        else:  # pragma: no cover - the model has no other span
            continue
        parts.append(text)
        length += len(text)
    return FlatText("".join(parts), tuple(notes), tuple(supers))


def count_words(text: str) -> int:
    """Words as a reader counts them: “victim-victimizer” and “it's” are one word each."""
    # A word holds no space: the count is the sum over the text's runs without spaces, and
    # a brief repeats its runs ("the", "ministry,"), so each run's count is remembered.
    global _RUN_WORDS
    counts = _RUN_WORDS
    runs = text.split()
    try:
        return sum(map(counts.__getitem__, runs))
    except KeyError:  # a run not seen yet
        if len(counts) > 200_000:  # a bound on what a long session remembers
            counts = _RUN_WORDS = {}  # a new dict: another thread may be reading the old one
        for run in runs:
            if run not in counts:
                counts[run] = len(_WORD.findall(run))
        return sum(map(counts.__getitem__, runs))


_RUN_WORDS: dict[str, int] = {}


def find_quotations(text: str) -> list[Quotation]:
    """Every closed direct quotation of ``text``, in order, outermost only."""
    found: list[Quotation] = []
    open_at = -1
    kind = ""  # "double", "guillemet" or "single" while a quotation is open
    size = len(text)
    for match in _MARKS.finditer(text):
        i = match.start()
        ch = text[i]
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < size else ""
        opening = not prev or prev.isspace() or prev in _OPENING_CONTEXT
        closer = False
        opener = ""
        if ch in "“„":
            if kind != "single" and kind != "guillemet":
                opener = "double"
        elif ch == "”":
            closer = kind == "double"
        elif ch == '"':
            if kind == "double":
                # A straight mark after a space and before text starts a quotation: the one
                # open before it was never closed.
                if opening and nxt and not nxt.isspace():
                    opener = "double"
                else:
                    closer = True
            elif not kind and opening and nxt and not nxt.isspace():
                opener = "double"
        elif ch == "«":
            if kind != "single" and kind != "double":
                opener = "guillemet"
        elif ch == "»":
            closer = kind == "guillemet"
        elif ch in "‘‚":
            if kind in ("", "single") and opening and nxt.isalpha():
                opener = "single"
        elif ch == "’":
            closer = kind == "single" and not nxt.isalnum()
        if closer:
            inner = text[open_at + 1 : i]
            found.append(Quotation(open_at, i + 1, inner, count_words(inner)))
            kind, open_at = "", -1
        elif opener:
            kind, open_at = opener, i
    return found


def sentence_breaks(
    text: str, quotations: list[Quotation], notes: tuple[int, ...] = ()
) -> list[int]:
    """Offsets where a new sentence starts (sorted); none falls inside a quotation."""
    breaks: list[int] = []
    note_set = set(notes)
    q_starts = [q.start for q in quotations]
    size = len(text)
    for match in _SENTENCE_END.finditer(text):
        start, end = match.span()
        if end < size and not text[end].isspace() and end not in note_set:
            continue  # "3.5", "U.S.-led", "e.g.,"
        nxt = end
        while nxt < size and text[nxt].isspace():
            nxt += 1
        if nxt < size and text[nxt].islower():
            continue  # "… and", "e.g. the"
        if match.group() == "." and _is_abbreviation(text, start):
            continue
        q = bisect_right(q_starts, start) - 1
        if q >= 0 and end <= quotations[q].end - 1:
            continue  # a full stop inside a quotation; the closing mark ends the sentence
        breaks.append(end)
    return breaks


def _is_abbreviation(text: str, dot: int) -> bool:
    found = _TOKEN_BEFORE.search(text, max(0, dot - 16), dot)
    if not found:
        return False
    token = found.group()
    if len(token) == 1 and token.isupper():
        return True  # an initial: "A. Analyst"
    return token.lower() in ABBREVIATIONS or bool(_DOTTED_ACRONYM.fullmatch(token))


def unsourced_quotations(flat: FlatText, min_words: int = MIN_QUOTED_WORDS) -> list[Quotation]:
    """Quotations of at least ``min_words`` words whose sentence carries no note."""
    text = flat.text
    quotations = find_quotations(text)
    long_ones = [q for q in quotations if q.words >= min_words]
    if not long_ones:
        return []
    breaks = sentence_breaks(text, quotations, flat.notes)
    noted: set[int] = set()
    for offset in flat.notes:
        last = offset - 1
        while last >= 0 and text[last].isspace():
            last -= 1
        noted.add(bisect_right(breaks, max(last, 0)))
    return [q for q in long_ones if bisect_right(breaks, q.start) not in noted]
