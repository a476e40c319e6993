"""Python's cyclic garbage collector held off while a large brief is read or checked.

A library of 100,000 sources is millions of small objects. Reading it, or checking every
source, allocates so many that the collector runs its full pass over all of them again and
again: more than half the time of reading such a brief went to collections that found
nothing (the brief's values hold no reference cycles). Reference counting still frees
everything as usual; the collector resumes when the work is done.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic collection inside the block (nested and threaded uses are safe: only the
    block that turned the collector off turns it on again)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
