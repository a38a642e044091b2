"""Damaging a copy of a database the way a failing disk or an interrupted copy would, for
the tests of what is checked when (store.migrate: cheap checks on every open, SQLite's
quick_check before a migration and in the app's background)."""

from __future__ import annotations

import sqlite3
import struct
from pathlib import Path

from approvals.store.audit import Actor, append_event
from approvals.store.db import Database

ROOT = Actor("root", ("admin",), "Root")


def add_events(db: Database, count: int = 300) -> None:
    """Enough audit events that their table spans a hundred pages or more: one in the
    middle can be damaged away from the first and last rows the cheap checks read."""
    with db.session() as session:
        for i in range(count):
            append_event(session, actor=ROOT, action="comment.added", entity="case",
                         entity_id=str(i), reason="a comment long enough to fill pages " * 5)


def _checkpoint(path: Path) -> None:
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def middle_page(path: Path, table: str = "events") -> int:
    """A child page of `table`'s root neither first nor last: the cheap checks, which
    follow the first and last rows, never read it; the quick_check reads every page."""
    _checkpoint(path)
    con = sqlite3.connect(path)
    try:
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
        root = con.execute("SELECT rootpage FROM sqlite_master WHERE type = 'table' "
                           "AND name = ?", (table,)).fetchone()[0]
    finally:
        con.close()
    with path.open("rb") as fh:
        fh.seek((root - 1) * page_size)
        page = fh.read(page_size)
    assert page[0] == 0x05, "the table is one page: add more rows"  # interior table page
    cells = struct.unpack(">H", page[3:5])[0]
    assert cells >= 3, "too few children to pick one in the middle"
    offset = struct.unpack(">H", page[12 + 2 * (cells // 2): 14 + 2 * (cells // 2)])[0]
    return int(struct.unpack(">I", page[offset:offset + 4])[0])


def damage_middle(path: Path, table: str = "events") -> int:
    """Overwrite a page in the middle of `table` with garbage (as a bad sector would);
    returns its number."""
    number = middle_page(path, table)
    con = sqlite3.connect(path)
    try:
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
    finally:
        con.close()
    garbage = bytes((i * 37 + 11) % 256 for i in range(page_size))
    with path.open("r+b") as fh:
        fh.seek((number - 1) * page_size)
        fh.write(garbage)
    return number
