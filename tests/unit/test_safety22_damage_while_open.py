"""A database damaged while the app has it open (a bad sector under a page, the file
overwritten behind its back): every save, list and backup that reached the damage was an
unexpected error, "Something went wrong: DatabaseError: database disk image is
malformed" with a traceback under its details ("internal error" on the command line,
where the cheap checks at the start pass damage in the middle of a table). Said as the
damage it is, with the way back; nothing is saved, no backup is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from approvals.domain.errors import CheckFailed
from approvals.paths import DataDir
from approvals.services import backup as backup_service
from approvals.store.audit import append_event
from approvals.store.db import Database, DatabaseUnreadable
from approvals.store.models import Event
from tests.damage_support import ROOT, add_events, damage_middle


@pytest.fixture
def damaged(db: Database, data_dir: DataDir) -> Database:
    add_events(db)
    db.dispose()  # the damage lands under connections opened afresh, as a bad sector does
    damage_middle(data_dir.database)
    return db


def test_a_read_that_meets_the_damage_says_so(damaged: Database, data_dir: DataDir) -> None:
    with pytest.raises(DatabaseUnreadable) as said, damaged.read_session() as s:
        s.exec(select(Event)).all()
    assert str(data_dir.database) in str(said.value)
    assert "is damaged" in str(said.value) and "approvals restore FILE" in str(said.value)
    assert "nothing was saved" not in str(said.value)


def test_a_save_that_meets_the_damage_saves_nothing(damaged: Database) -> None:
    with pytest.raises(DatabaseUnreadable, match="nothing was saved"), damaged.session() as s:
        s.exec(select(Event)).all()
        append_event(s, actor=ROOT, action="comment.added", entity="case", entity_id="1")


def test_a_backup_of_a_file_overwritten_while_open_is_refused(
        db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    db.dispose()
    data_dir.database.write_bytes(b"\x5a" * data_dir.database.stat().st_size)
    data_dir.root.joinpath(data_dir.database.name + "-wal").unlink(missing_ok=True)
    out = tmp_path / "b.zip"
    with pytest.raises(CheckFailed, match="The database is damaged"):
        backup_service.create_backup(data_dir, out=out)
    assert not out.exists()
