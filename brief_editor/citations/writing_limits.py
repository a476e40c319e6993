"""The names a team profile gives the writing checks: their ids and its length limits.

Apart from ``writing.py`` so that reading a profile (every export does) does not load the
spelling dictionaries' machinery, which only the writing checks themselves need.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

WRITING_CHECKS = ("W301", "W302", "W303", "W304", "W305")


@dataclass(frozen=True)
class Limits:
    """Length limits of a team; None is no limit."""

    event_words: int | None = None
    implication_bullets: int | None = None
    implication_words: int | None = None
    narrative_words: int | None = None
    summary_words: int | None = None
    heading_words: int | None = None

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))
