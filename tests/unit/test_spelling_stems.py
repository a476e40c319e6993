"""The plain words of a Hunspell dictionary, found by one regular expression, are the ones
the line-by-line reading finds, for every bundled dictionary and for a made-up one."""

from __future__ import annotations

from pathlib import Path

import pytest

from brief_editor.citations.spelling import BUNDLED, _stems, dictionary_dir


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_dictionaries(name: str) -> None:
    dic, aff = dictionary_dir() / f"{name}.dic", dictionary_dir() / f"{name}.aff"
    if not dic.is_file():
        pytest.skip(f"{name} is not fetched (make vendor)")
    assert _stems(dic, aff) == _stems(dic, aff, line_by_line=True)


def test_restricting_flags_and_odd_lines(tmp_path: Path) -> None:
    (tmp_path / "x.aff").write_text("SET UTF-8\nONLYINCOMPOUND c\nKEEPCASE K\nFORBIDDENWORD ^\n",
                                    encoding="utf-8")
    (tmp_path / "x.dic").write_text(
        "9\nalpha\nbeta/AB\ngamma/Ac\ndelta/K\neps/^\nzeta\tpo:noun\neta/AB\tst:eta\n"
        "theta morph\nF-16\nO'Neil/M\n²\nnaïve/S\n/\n\n", encoding="utf-8")
    fast = _stems(tmp_path / "x.dic", tmp_path / "x.aff")
    assert fast == _stems(tmp_path / "x.dic", tmp_path / "x.aff", line_by_line=True)
    assert fast[1] == {"alpha", "beta", "zeta", "eta", "theta", "naïve"}
