"""A large backup says how far it is (the database copied in steps, in megabytes; the
documents by number) and stops cleanly when cancelled, in the database copy, its check or
the documents: no part of it is left, an earlier backup of the same name and the older
automatic backups are kept, and a stopped automatic backup is noted for the next start.
A fake large folder: many small files, the copy made in one-page steps."""

from __future__ import annotations

import sqlite3
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from approvals.domain.errors import Cancelled
from approvals.paths import DataDir
from approvals.services import backup
from approvals.store.db import Database
from tests.unit.test_backup import _add_case

DAY = datetime(2026, 12, 1, 9, tzinfo=UTC)


@pytest.fixture
def large(db: Database, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch) -> DataDir:
    """Two cases and 120 small stored files; the database copied a page per step."""
    _add_case(db)
    _add_case(db)
    folder = data_dir.documents / "ab"
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(120):
        (folder / f"{n:04d}.pdf").write_bytes(b"%PDF-1.4 " + bytes(n % 251 for _ in range(300)))
    monkeypatch.setattr(backup, "COPY_PAGES", 1)
    return data_dir


def _leftovers(data_dir: DataDir, out: Path) -> list[str]:
    """Work folders, part files and copies a stopped backup must not leave."""
    found = [p.name for p in data_dir.root.iterdir() if p.name.startswith(".backup-")]
    found += [p.name for p in out.parent.iterdir() if p.name != out.name and out.stem in p.name]
    return found + [p.name for p in data_dir.root.rglob("*.part")]


def test_progress_goes_from_the_database_copy_to_the_last_document(large: DataDir,
                                                                  tmp_path: Path) -> None:
    seen: list[tuple[float, str]] = []
    result = backup.create_backup(large, out=tmp_path / "b.zip",
                                  progress=lambda f, m: seen.append((f, m)))
    assert result.documents == 120
    fractions = [f for f, _m in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    copying = [m for _f, m in seen if m.startswith("Copying the database (")]
    assert len(copying) > 3 and copying[-1].endswith(" MB)")  # "(0.2 MB of 0.4 MB)"
    messages = [m for _f, m in seen]
    check = next(n for n, m in enumerate(messages) if m.startswith("Checking the copy"))
    last_copy = max(n for n, m in enumerate(messages) if m.startswith("Copying the database ("))
    assert last_copy < check < messages.index(next(m for m in messages if "document 1 of 120" in m))
    assert any(m.endswith("document 120 of 120") for m in messages)
    # The copy in steps holds what the one-step copy held.
    with zipfile.ZipFile(result.path) as zf:
        assert len([n for n in zf.namelist() if n.startswith("documents/")]) == 120


def _cancel_on(trigger: str, after: int = 1) -> tuple[Any, Any]:
    """progress and cancelled: cancelled once `after` reports have said `trigger`."""
    hits: list[str] = []

    def progress(_fraction: float, message: str) -> None:
        if trigger in message:
            hits.append(message)

    return progress, lambda: len(hits) >= after


@pytest.mark.parametrize("trigger", ["Copying the database (", "Checking the copy",
                                     "document 40 of 120"])
def test_a_cancel_leaves_nothing_and_keeps_the_earlier_backup(large: DataDir, tmp_path: Path,
                                                              trigger: str) -> None:
    out = tmp_path / "b.zip"
    out.write_bytes(b"the backup made last week")
    progress, cancelled = _cancel_on(trigger, after=3 if trigger.startswith("Copying") else 1)
    with pytest.raises(Cancelled):
        backup.create_backup(large, out=out, progress=progress, cancelled=cancelled)
    assert out.read_bytes() == b"the backup made last week"
    assert _leftovers(large, out) == []


def test_the_database_check_of_the_copy_can_be_stopped(large: DataDir, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The check reads the whole copy (a minute for 2 GB): Quit no longer waits for it."""
    asked: list[Any] = []

    def check(path: Path, **kwargs: Any) -> str | None:
        asked.append(kwargs.get("cancelled"))
        raise Cancelled("The database check was stopped.")

    monkeypatch.setattr(backup, "integrity_problem", check)
    with pytest.raises(Cancelled):
        backup.create_backup(large, out=tmp_path / "b.zip", cancelled=lambda: False)
    assert asked and callable(asked[0])
    assert _leftovers(large, tmp_path / "b.zip") == [] and not (tmp_path / "b.zip").exists()


def test_a_write_during_the_stepped_copy_neither_restarts_nor_mixes_it(large: DataDir,
                                                                      db: Database,
                                                                      tmp_path: Path) -> None:
    steps: list[str] = []

    def progress(_fraction: float, message: str) -> None:
        if message.startswith("Copying the database (") and not steps:
            _add_case(db)  # the app saves a case while the copy is under way
        steps.append(message)

    result = backup.create_backup(large, out=tmp_path / "b.zip", progress=progress)
    copied = [m for m in steps if m.startswith("Copying the database (")]
    # "x MB of y MB" only ever grows: SQLite did not start the copy over.
    done = [float(m.split("(")[1].split(" MB")[0].removeprefix("under ")) for m in copied]
    assert done == sorted(done)
    with zipfile.ZipFile(result.path) as zf:
        zf.extract("approvals.db", tmp_path / "x")
    con = sqlite3.connect(tmp_path / "x" / "approvals.db")
    try:
        assert con.execute("SELECT count(*) FROM cases").fetchone() == (2,)  # as it began
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        con.close()


def test_a_stopped_automatic_backup_keeps_the_old_ones_and_is_noted(large: DataDir,
                                                                     db: Database) -> None:
    for day in (1, 2):
        backup.auto_backup_if_due(large, db, now=DAY.replace(day=day))
    before = sorted(p.name for p in large.backups.iterdir())
    assert len(before) == 2 and backup.stopped_auto_backup(large) is None
    progress, cancelled = _cancel_on("document 10 of")
    with pytest.raises(Cancelled):
        backup.auto_backup_if_due(large, db, now=DAY.replace(day=3), progress=progress,
                                  cancelled=cancelled)
    assert sorted(p.name for p in large.backups.iterdir()) == before
    stopped = backup.stopped_auto_backup(large)
    assert stopped is not None and stopped.endswith("Z")
    # The next start makes it, and there is nothing stopped left to say.
    assert backup.auto_backup_if_due(large, db, now=DAY.replace(day=3)) is not None
    assert backup.stopped_auto_backup(large) is None
    assert len(list(large.backups.iterdir())) == 3
