"""The audit trail's rows as stored, read straight from the database file (the tests check
what was written, not what a service says it wrote)."""

from __future__ import annotations

import sqlite3
from typing import Any

from approvals.store.db import Database


def event_rows(db: Database, columns: str, action: str | None = None) -> list[tuple[Any, ...]]:
    """`columns` ("action, reason") of every event, or of those of `action`, in order."""
    conn = sqlite3.connect(db.data_dir.database)
    try:
        where, args = ("WHERE action = ? ", (action,)) if action else ("", ())
        return conn.execute(f"SELECT {columns} FROM events {where}ORDER BY id", args).fetchall()
    finally:
        conn.close()
