"""The cyclic garbage collector paused around work that makes millions of short-lived
objects with no cycles to free (parsing, assert rewriting): each full collection would walk
a test process's whole heap again."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_off() -> Iterator[None]:
    """The collector off inside the block, back as it was after (also on an error)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
