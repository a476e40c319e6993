"""``make bench`` cases of the writing tools (issue 13): spelling with every check, and typing.

- ``writing-checks-cold-N``: ``run_checks`` with the writing checks on (spelling, hedges,
  quotes, lengths) over an N-section issue written with a real vocabulary, the Hunspell
  dictionary loaded from disk inside the timing (what ``brief-editor check`` does once).
- ``writing-checks-warm-N``: the same after a one-word edit, dictionary loaded.
- ``typing-N``: the editor with the issue open, the median time of one keystroke in the
  event text (smart typing, the underline of that paragraph, the edit reaching the undo
  stack), reported by ``benchmarks/keystrokes.py``.

The text is made of about 4,000 distinct words of the en-US dictionary's stems (a
generated issue repeats a few dozen, which flatters a spell-checker's cache), with a typo in
about one word in two hundred, names in the parties and locations, and the hedges W302 flags.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SIZES = (10, 200, 1000)
_HEDGES = ("in all likelihood", "more than likely", "perhaps", "it seems", "likely",
           "very unlikely", "almost certainly")
_NAMES = ("Sorvik", "Velmora", "Essmar", "Koszar", "Lemmet", "Drevnia", "Halvaran")


def vocabulary(count: int = 4000, seed: int = 13) -> list[str]:
    """``count`` plain lower-case words from the bundled en-US dictionary's stems."""
    from brief_editor.citations.spelling import dictionary_dir

    lines = (dictionary_dir() / "en-US.dic").read_text(encoding="utf-8").splitlines()[1:]
    stems = sorted({line.split("/", 1)[0] for line in lines
                    if line[:1].islower() and line.split("/", 1)[0].isalpha()})
    return random.Random(seed).sample(stems, min(count, len(stems)))


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word + word[-1]
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def writing_brief(sections: int, seed: int = 5) -> Any:
    """An issue of ``sections`` event sections, about 250 words of event and 4 bullets each."""
    from brief_editor.model import Brief, Cite, EventSection, Meta, Note, Source

    rng = random.Random(seed)
    words = vocabulary()

    def sentence(length: int) -> str:
        chosen = [rng.choice(words) for _ in range(length)]
        chosen = [_typo(w, rng) if rng.random() < 0.005 else w for w in chosen]
        if rng.random() < 0.3:
            chosen.insert(rng.randrange(len(chosen)), rng.choice(_HEDGES))
        if rng.random() < 0.3:
            chosen.insert(rng.randrange(len(chosen)), rng.choice(_NAMES))
        text = " ".join(chosen)
        return text[0].upper() + text[1:] + "."

    def paragraph(count: int) -> tuple:
        return (" ".join(sentence(rng.randint(12, 20)) for _ in range(count)),
                Note((Cite("src0"),)))

    section_list = []
    for i in range(sections):
        section_list.append(EventSection(
            id=f"s{i}", heading=(sentence(6)[:-1],), date=dt.date(2024, 3, 4),
            location=f"{rng.choice(_NAMES)}, {rng.choice(_NAMES)}",
            parties=(f"{rng.choice(_NAMES)} Ministry", "Coast Guard"),
            event=(paragraph(8), paragraph(6)),
            implications=tuple((sentence(14),) for _ in range(4)),
        ))
    return Brief(meta=Meta(publication="Bench Brief", title="Desk", issue=1,
                           week_of=dt.date(2024, 3, 4), authors=("A. Analyst",)),
                 sections=tuple(section_list),
                 sources=(Source({"id": "src0", "type": "report", "title": "Annual Review"}),))


def cases(ctx: Any, bench: Callable[..., Any], json_metric: Callable[..., Any]) -> Iterator[Any]:
    """The Bench values of this module, for the sizes asked for."""
    typing_script = Path(__file__).with_name("keystrokes.py")
    for size in ctx.sizes:
        def cold(_folder: Path, size: int = size) -> Callable[[], object]:
            from brief_editor.citations import spelling
            from brief_editor.citations.checks import run_checks
            from brief_editor.storage.profile import Profile

            brief = writing_brief(size)
            settings = Profile().writing_settings()

            def run() -> None:
                spelling._spellers.clear()  # load the dictionary inside the timing
                run_checks(brief, writing=settings)

            return run

        def warm(_folder: Path, size: int = size) -> Callable[[], object]:
            from brief_editor.citations.checks import run_checks
            from brief_editor.storage.profile import Profile

            brief = writing_brief(size)
            settings = Profile().writing_settings()
            run_checks(brief, writing=settings)
            edits = iter(range(10**9))

            def run() -> None:
                n = next(edits)
                section = brief.sections[len(brief.sections) // 2]
                edited = dataclasses.replace(section, heading=(f"Edited heading {n}",))
                sections = list(brief.sections)
                sections[len(sections) // 2] = edited
                run_checks(dataclasses.replace(brief, sections=tuple(sections)),
                           writing=settings)

            return run

        def typing(_folder: Path, size: int = size) -> list[str]:
            return [sys.executable, str(typing_script), "--sections", str(size)]

        yield bench(f"writing-checks-cold-{size}", "writing", size, cold,
                    description="run_checks with spelling and every writing check, "
                                "dictionary loaded inside the timing (in process)")
        yield bench(f"writing-checks-warm-{size}", "writing", size, warm,
                    description="the same after a one-heading edit, dictionary loaded")
        yield bench(f"typing-{size}", "writing", size, typing, repeat=1,
                    metric=json_metric("keystroke_ms_median", 0.001),
                    description="editor: one keystroke in the event text, median of 60 "
                                "(benchmarks/keystrokes.py)")
