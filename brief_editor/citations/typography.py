"""Typography by language: smart quotes, apostrophes and dashes, and the check of quotes.

``QuoteStyle`` says how a language quotes: English “ ” ‘ ’, French « » with no-break spaces
inside (and before ; : ! ?), German „ “ ‚ ‘. ``smarten`` turns what a keyboard types (``"``,
``'``, ``--``) into those marks; the editor applies it as you type and on paste, and it is
pure so that it can be tested without a window. ``quote_problems`` is check W304: straight
quotes, or quotation marks of two styles, in text that will print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space, what French typesetting puts before ; ! ?
_OPENING_CONTEXT = frozenset(" \t\n\u2028\u00a0\u202f([{<—–-/\u2014\u2013")


@dataclass(frozen=True)
class QuoteStyle:
    """The quotation marks of one language."""

    name: str
    double: tuple[str, str]
    single: tuple[str, str]
    apostrophe: str = "’"
    # French puts a no-break space inside guillemets and before two-part punctuation.
    spaced: bool = False


ENGLISH = QuoteStyle("English", ("“", "”"), ("‘", "’"))
FRENCH = QuoteStyle("French", ("«", "»"), ("“", "”"), spaced=True)
GERMAN = QuoteStyle("German", ("„", "“"), ("‚", "‘"))
SPANISH = QuoteStyle("Spanish", ("«", "»"), ("“", "”"))
_STYLES = {"en": ENGLISH, "fr": FRENCH, "de": GERMAN, "es": SPANISH}


def quote_style(language: str) -> QuoteStyle:
    """The quote style of a BCP 47 language tag; English for a language not known here."""
    primary = language.strip().replace("_", "-").split("-")[0].lower()
    if language.lower() in ("de-ch", "de-li"):  # Swiss German uses guillemets
        return QuoteStyle("Swiss German", ("«", "»"), ("‹", "›"))
    return _STYLES.get(primary, ENGLISH)


def _opens(before: str) -> bool:
    return not before or before in _OPENING_CONTEXT or before in "“‘«„‚"


def smart_char(typed: str, before: str, style: QuoteStyle, context: str = "",
               after: str = "") -> str:
    """What to insert for a typed ``"`` or ``'`` after the character ``before``.

    ``context`` is the paragraph up to the cursor: after a letter, ``'`` closes a single
    quotation left open there (German ‚…‘), else it is an apostrophe. ``after`` is the
    character that follows, when known (a paste): ``'90s`` takes an apostrophe.
    """
    if typed == '"':
        if _opens(before):
            return style.double[0] + (NBSP if style.spaced else "")
        return (NBSP if style.spaced and before != NBSP else "") + style.double[1]
    if typed == "'":
        if before.isalnum():
            opened = context.count(style.single[0]) > context.count(style.single[1])
            if opened and style.single[1] != style.apostrophe:
                return style.single[1]
            return style.apostrophe
        if after.isdigit():
            return style.apostrophe
        if before in ".,!?;:)]}":
            return style.single[1]
        if _opens(before):
            return style.single[0]
        return style.single[1]
    return typed


def smart_dash(text_before: str) -> tuple[int, str] | None:
    """After a typed ``-``: (characters to replace, replacement) when it makes a dash.

    ``--`` becomes an en dash “–”; a third ``-`` (``–-``) makes it an em dash “—”.
    """
    if text_before.endswith("–-"):
        return 2, "—"
    if text_before.endswith("--"):
        return 2, "–"
    return None


def french_spacing(before: str, typed: str) -> str:
    """In French, ``;`` ``!`` ``?`` take a narrow no-break space and ``:`` a no-break space."""
    if typed in ";!?" and before and before not in (" ", NBSP, NNBSP) and not before.isdigit():
        return NNBSP + typed
    if typed == ":" and before and before.isalpha():
        return NBSP + typed
    return typed


def smarten(text: str, style: QuoteStyle) -> str:
    """``text`` as if typed with smart typography on: quotes, apostrophes and dashes."""
    out = ""
    for i, ch in enumerate(text):
        if ch in "\"'":
            paragraph = out[out.rfind("\n") + 1:]
            out += smart_char(ch, out[-1:], style, paragraph, text[i + 1:i + 2])
        elif ch == "-" and (replaced := smart_dash(out[-2:] + ch)) is not None:
            count, dash = replaced
            out = out[: len(out) - (count - 1)] + dash
        else:
            out += ch
    # A spaced hyphen between words is a dash in running text ("north - south").
    return re.sub(r"(?<=\w) - (?=\w)", " – ", out)


@dataclass(frozen=True)
class QuoteProblem:
    """What W304 reports for one text: where, and the message's reason."""

    offset: int
    reason: str


_DOUBLE_FAMILIES = {"“": "“ ”", "”": "“ ”", "«": "« »", "»": "« »", "„": "„ “"}


def quote_problems(text: str, style: QuoteStyle) -> list[QuoteProblem]:
    """W304 in one text: its straight quotes (once, with a count), and mixed quote styles."""
    problems: list[QuoteProblem] = []
    # Counted and found with str methods (in C): a paragraph may hold dozens of marks.
    count = text.count('"') + text.count("'")
    if count:
        at = min(i for i in (text.find('"'), text.find("'")) if i >= 0)
        sample = text[max(0, at - 12): at + 13].strip()
        what = "a straight quote" if count == 1 else f"{count} straight quotes"
        problems.append(QuoteProblem(
            at,
            f"{what} (\" or ') near “{sample}”: use {style.name} marks "
            f"{style.double[0]} {style.double[1]} and {style.apostrophe}",
        ))
    families: dict[str, int] = {}  # each family of double marks → its first mark's offset
    for ch, family in _DOUBLE_FAMILIES.items():
        i = text.find(ch)
        if i < 0:
            continue
        if ch == "“" and style.double[1] == "“":
            family = "„ “"  # German closes with the English opening mark
        if family not in families or i < families[family]:
            families[family] = i
    own = f"{style.double[0]} {style.double[1]}"
    nested = f"{style.single[0]} {style.single[1]}"
    # The nested style (French “ ” inside « ») is right only inside the language's own marks.
    allowed = (own, nested) if own in families else (own,)
    foreign = [(i, f) for f, i in families.items() if f not in allowed]
    if foreign:
        offset, family = min(foreign)
        problems.append(QuoteProblem(
            offset, f"quotation marks {family} in a text whose language quotes with {own}"))
    return problems
