"""LaTeX in BibTeX values made plain text: accents, dashes, quotes, and TeX math in Unicode.

``decode_latex`` handles what real libraries hold in almost every value (``{\\'e}``,
``\\"o``, ``--``, ``\\&``, ``{NATO}``, ``\\emph{…}``) with a few regular expressions, and
hands anything else to pylatexenc, the full decoder, which is a hundred times slower. Both
give the same text for what the fast path accepts (tests/unit/test_tex_text.py).

``math_to_unicode`` turns inline math (``$A^*$``, ``H$_2$O``, ``$\\alpha$``) into what
Unicode can show: sub- and superscript digits and letters, Greek letters, common symbols;
what it cannot show stays readable (``x^(ab)``, ``\\frac`` → ``frac``) rather than printing
dollar signs and backslashes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

# ----------------------------------------------------------------------------- math

GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ",
    "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "ϕ",
    "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ",
    "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ",
    "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}
SYMBOLS = {
    "times": "×", "cdot": "·", "pm": "±", "mp": "∓", "div": "÷", "leq": "≤", "le": "≤",
    "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼", "simeq": "≃",
    "equiv": "≡", "propto": "∝", "infty": "∞", "partial": "∂", "nabla": "∇", "sum": "∑",
    "prod": "∏", "int": "∫", "sqrt": "√", "rightarrow": "→", "to": "→", "leftarrow": "←",
    "Rightarrow": "⇒", "Leftarrow": "⇐", "leftrightarrow": "↔", "mapsto": "↦", "in": "∈",
    "hookrightarrow": "↪", "hookleftarrow": "↩", "aleph": "ℵ",
    "notin": "∉", "subset": "⊂", "subseteq": "⊆", "supset": "⊃", "cup": "∪", "cap": "∩",
    "emptyset": "∅", "forall": "∀", "exists": "∃", "neg": "¬", "wedge": "∧", "vee": "∨",
    "circ": "∘", "bullet": "•", "star": "⋆", "ast": "∗", "ell": "ℓ", "hbar": "ℏ",
    "prime": "′", "degree": "°", "ldots": "…", "dots": "…", "cdots": "⋯", "langle": "⟨",
    "rangle": "⟩", "%": "%", "$": "$", "&": "&", "#": "#", "_": "_", "{": "{", "}": "}",
    ",": " ", ";": " ", "!": "", " ": " ", "quad": " ", "qquad": "  ",
}
# Relations and arrows get spaces around them, as TeX sets them: "p ≤ 0.05".
RELATIONS = frozenset((
    "leq", "le", "geq", "ge", "neq", "ne", "approx", "sim", "simeq", "equiv", "propto",
    "rightarrow", "to", "leftarrow", "Rightarrow", "Leftarrow", "leftrightarrow", "mapsto",
    "hookrightarrow", "hookleftarrow", "in", "notin", "subset", "subseteq", "supset",
))
# Commands whose argument is printed as it is (\mathrm{CO}, \text{max}).
TEXT_COMMANDS = frozenset((
    "mathrm", "mathbf", "mathit", "mathsf", "mathtt", "mathcal", "mathbb", "text", "textrm",
    "textit", "textbf", "operatorname", "mbox", "boldsymbol", "bm", "mathnormal",
))
SUPERSCRIPTS = dict(zip("0123456789+-=()ni*'", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ*′", strict=True))
SUBSCRIPTS = dict(zip("0123456789+-=()aehijklmnoprstuvx",
                      "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))

_MATH = re.compile(r"(?<!\\)\$(?!\$)((?:\\.|[^$\\])+?)(?<!\\)\$")
_MATH_TOKEN = re.compile(r"\\([A-Za-z]+|.)\s*|([\^_])|(\{)|(\})|(\s+)|(.)", re.DOTALL)


def math_to_unicode(text: str) -> str:
    """Every ``$…$`` of ``text`` as Unicode (see the module's description)."""
    if "$" not in text:
        return text
    return _MATH.sub(lambda m: _math(m.group(1)), text)


def _math(source: str) -> str:
    tokens = _MATH_TOKEN.findall(source)
    out, _ = _math_group(tokens, 0, until_brace=False)
    return _SPACES.sub(" ", out).strip()


_SPACES = re.compile(r" {2,}")


def _math_group(tokens: list[tuple[str, ...]], at: int, *, until_brace: bool) -> tuple[str, int]:
    """The text of tokens from ``at`` to the end (or to the closing brace); and where it ends."""
    out: list[str] = []
    while at < len(tokens):
        command, script, opening, closing, space, char = tokens[at]
        at += 1
        if closing:
            if until_brace:
                return "".join(out), at
            continue
        if opening:
            inner, at = _math_group(tokens, at, until_brace=True)
            out.append(inner)
        elif script:
            argument, at = _math_argument(tokens, at)
            out.append(_script(script, argument))
        elif command:
            if command in TEXT_COMMANDS:
                argument, at = _math_argument(tokens, at)
                out.append(argument)
            elif command in RELATIONS:
                out.append(f" {SYMBOLS[command]} ")
            elif command in GREEK or command in SYMBOLS:
                out.append(GREEK.get(command) or SYMBOLS[command])
            else:  # \log, \max: a word of its own, readable
                out.append(f" {command} " if command.isalpha() else command)
        elif space:
            continue  # TeX ignores spaces in math
        else:
            out.append(char)
    return "".join(out), at


def _math_argument(tokens: list[tuple[str, ...]], at: int) -> tuple[str, int]:
    while at < len(tokens) and tokens[at][4]:
        at += 1
    if at >= len(tokens):
        return "", at
    command, _script_, opening, _closing, _space, char = tokens[at]
    if opening:
        return _math_group(tokens, at + 1, until_brace=True)
    if command:
        return GREEK.get(command) or SYMBOLS.get(command) or command, at + 1
    return char, at + 1


def _script(kind: str, text: str) -> str:
    table = SUPERSCRIPTS if kind == "^" else SUBSCRIPTS
    if text and all(c in table for c in text):
        return "".join(table[c] for c in text)
    if len(text) == 1:
        return kind + text
    return f"{kind}({text})"


# ----------------------------------------------------------------------------- text

_ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331",
}
_LETTERS = {
    "aa": "å", "AA": "Å", "o": "ø", "O": "Ø", "ss": "ß", "ae": "æ", "AE": "Æ", "oe": "œ",
    "OE": "Œ", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "textendash": "–", "textemdash": "—",
    "textasciicircum": "^", "textasciitilde": "\ue010", "textbackslash": "\ue011",
}
# Commands dropped with their braces left to go: \emph{x} → x, {\em x} → x.
_STYLE = ("emph", "textit", "textbf", "textsc", "textrm", "textsf", "texttt", "textup",
          "textsl", "textmd", "url", "mbox", "hbox", "NoCaseChange")
_STYLE_SWITCH = ("em", "it", "bf", "sc", "rm", "sf", "tt", "sl", "upshape", "itshape",
                 "bfseries", "scshape")
_ESCAPED = {"&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}"}

_SYMBOL_ACCENT = re.compile(r"\\(['`^\"~=.])\s*(?:\{\s*(\\[ij]|[A-Za-z])\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))")
_LETTER_ACCENT = re.compile(r"\\([uvHckrdb])(?:\s*\{\s*(\\[ij]|[A-Za-z])\s*\}|\s+(\\[ij](?![A-Za-z])|[A-Za-z]))")
_NAMED = re.compile(r"\\(" + "|".join(sorted(_LETTERS, key=len, reverse=True)) + r")(?![A-Za-z])(?:\{\})?(?=[^\sA-Za-z]|$)")
_STYLES = re.compile(r"\\(?:" + "|".join(_STYLE) + r")(?=\s*\{)")
_SWITCHES = re.compile(r"(?<=\{)\\(?:" + "|".join(_STYLE_SWITCH) + r")(?![A-Za-z])\s*")
_ESCAPE = re.compile(r"\\([&%$#_{}])")
_PLACEHOLDER = {c: chr(0xE000 + i) for i, c in enumerate(_ESCAPED)}
_RESTORE = {v: _ESCAPED[k] for k, v in _PLACEHOLDER.items()} | {"\ue010": "~", "\ue011": "\\"}
_RESTORE_RE = re.compile("[" + "".join(_RESTORE) + "]")
_LATEX_LEFT = re.compile(r"[\\%$`]")


def _accented(match: re.Match[str]) -> str:
    letter = match.group(2) or match.group(3)
    if letter in ("\\i", "\\j"):
        letter = letter[1]
    return unicodedata.normalize("NFC", letter + _ACCENTS[match.group(1)])


def fast_decode(text: str) -> str | None:
    """``text`` decoded by the fast path, or None when it holds LaTeX the fast path leaves."""
    out = _ESCAPE.sub(lambda m: _PLACEHOLDER[m.group(1)], text)
    out = _SYMBOL_ACCENT.sub(_accented, out)
    out = _LETTER_ACCENT.sub(_accented, out)
    out = _NAMED.sub(lambda m: _LETTERS[m.group(1)], out)
    out = _STYLES.sub("", out)
    out = _SWITCHES.sub("", out)
    out = out.replace("---", "—").replace("--", "–").replace("``", "“").replace("''", "”")
    out = out.replace("?`", "¿").replace("!`", "¡").replace("~", "\u00a0")
    out = out.replace("{", "").replace("}", "")
    if _LATEX_LEFT.search(out):
        return None
    return _RESTORE_RE.sub(lambda m: _RESTORE[m.group(0)], out)


# biblatex's and csquotes' quotation commands: the quotation marks are the point.
_QUOTED = re.compile(r"\\(?:mkbibquote|enquote)\s*\{((?:[^{}]|\{[^{}]*\})*)\}")


# BibTeX's sorting trick, defined in a file's @preamble to print nothing:
# year = "{\\noopsort{1973b}}1973" is the year 1973.
_NOOPSORT = re.compile(r"\\noopsort\s*\{[^{}]*\}")
# Spacing commands with a dimension (Z\\kern.05em\\`{\\i}): the dimension is no text.
_SPACING = re.compile(r"\\(?:kern|hskip|mkern|hspace\*?|raise|lower)\s*(?:\{[^{}]*\}|"
                      r"-?\s*[\d.]+\s*(?:em|ex|pt|mm|cm|in|bp|sp|mu)\b)")


def decode_latex(text: str, slow: Callable[[str], str]) -> str:
    """``text`` as plain text: math in Unicode, then the fast path or ``slow`` (pylatexenc)."""
    text = math_to_unicode(_QUOTED.sub(r"“\1”", _SPACING.sub("", _NOOPSORT.sub("", text))))
    fast = fast_decode(text)
    return fast if fast is not None else slow(text)
