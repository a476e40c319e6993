"""The fast indented JSON writer gives exactly the text of ``json.dumps(indent=2)``."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from brief_editor.model.json_text import dumps_indented

ROOT = Path(__file__).resolve().parents[2]

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(),
                    st.floats(allow_nan=False, allow_infinity=False))
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=6), inner, max_size=4)),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_same_text_as_the_standard_library(value: object) -> None:
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_same_text_for_the_bundled_briefs_and_odd_keys() -> None:
    for path in sorted((ROOT / "resources" / "samples").glob("*.brief")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        assert dumps_indented(raw) == json.dumps(raw, indent=2, ensure_ascii=False), path
    odd = {"a": {1: "x", "b": [1.5, None, {"c": ()}]}, "é\u2028\"": "\x00\ud7ff"}
    assert dumps_indented(odd) == json.dumps(odd, indent=2, ensure_ascii=False)
