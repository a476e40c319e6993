"""LaTeX in BibTeX values: the fast path gives pylatexenc's text; TeX math becomes Unicode.

pylatexenc, the full decoder we did not write, is the oracle for every value the fast path
accepts. The math expectations are the Unicode characters for each TeX symbol, by hand.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from brief_editor.citations.library_bibtex import _decoder
from brief_editor.citations.tex_text import decode_latex, fast_decode, math_to_unicode

DECODER = _decoder()
PIECES = [
    r"{\'a}", r"\'e", r"\'{E}", r"\"o", r"{\"u}", r"\"{\i}", r"\^e", r"\~n", r"\`a", r"\=a",
    r"\.z", r"\u{g}", r"{\v c}", r"\v{s}", r"\H{o}", r"\c{c}", r"\k{a}", r"\r{a}",
    r"{\aa}", r"{\AA}", r"{\o}", r"{\O}", r"{\ss}", r"{\ae}", r"{\oe}", r"{\l}", r"{\L}",
    r"\&", r"50\%", r"\#", r"\_", r"\$", "--", "---", "``", "''", "~", "{NATO}", r"\emph{x}",
    r"\textit{y}", r"\textbf{z}", r"{\em w}", r"{\it v}", r"\url{http://a.example/b}",
    "?`", "!`", "plain", " ", "Schr", "dinger", "'s", "Ca", "a{}b",
]


def test_fast_path_matches_pylatexenc_on_common_values() -> None:
    for piece in PIECES:
        fast = fast_decode(piece)
        assert fast is not None, piece
        assert fast == DECODER.latex_to_text(piece), piece


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=6))
def test_fast_path_matches_pylatexenc_on_mixtures(pieces: list[str]) -> None:
    text = " ".join(pieces)
    fast = fast_decode(text)
    if fast is not None:  # anything else goes to pylatexenc itself
        assert fast == DECODER.latex_to_text(text)
    assert decode_latex(text, DECODER.latex_to_text) == DECODER.latex_to_text(text)


def test_tex_math_in_unicode_and_the_rest_readable() -> None:
    assert math_to_unicode("$A^*$ search") == "A* search"
    assert math_to_unicode("H$_2$O and CO$_2$") == "H₂O and CO₂"
    assert math_to_unicode(r"$\alpha$-helix, $\Delta G$") == "α-helix, ΔG"
    assert math_to_unicode(r"$p \leq 0.05$, $10^{-3}$, $x^2$") == "p ≤ 0.05, 10⁻³, x²"
    assert math_to_unicode(r"$\mathrm{CO}_2$ at $3 \times 10^8$") == "CO₂ at 3×10⁸"
    assert math_to_unicode(r"$O(n \log n)$") == "O(n log n)"
    assert math_to_unicode("$x^{ab}$") == "x^(ab)"  # no superscript a or b: readable
    assert math_to_unicode(r"costs \$5 and \$6") == r"costs \$5 and \$6"  # not math
