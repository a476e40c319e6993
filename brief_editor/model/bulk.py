"""``paused_gc``: no cyclic garbage collection while a bulk job builds many objects.

Importing 100,000 library entries, reading, checking or writing a brief that holds them,
creates millions of dicts and lists that all stay alive. CPython's collector keeps walking them as they pile up,
which costs a third of the time and nothing is freed: none of them forms a cycle. Paused,
the collector runs once the job is done, and reference counting frees what it can meanwhile.

After a block that made many objects, they are moved straight to the oldest generation
(``gc.freeze()`` then ``gc.unfreeze()``): the collection that would otherwise follow the
block walks every one of them (half a second for a 100,000-source library) to find them
alive, and walks them again a generation later. In the oldest generation they are looked at
only by the next full collection, as they would be anyway; cyclic garbage among them is
still found then, so nothing leaks.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Objects made in a block (the young generation's count) past which they are promoted.
PROMOTE_AFTER = 100_000


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic collector for the block (nested blocks leave it to the outer one)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if gc.get_count()[0] > PROMOTE_AFTER:
            promote_to_oldest()
        gc.enable()


def promote_to_oldest() -> None:
    """Move every object the collector tracks into its oldest generation, without a walk."""
    gc.freeze()  # every generation into the permanent one (a list splice), the count reset
    gc.unfreeze()  # the permanent generation into the oldest
