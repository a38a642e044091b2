"""Another process mid-write, for tests of a busy database."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def write_lock_held(database: Path) -> Iterator[None]:
    """A second connection holding SQLite's write lock (BEGIN IMMEDIATE) on `database`
    for the block, as another window or command writing does; rolled back after it."""
    other = sqlite3.connect(database, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()
