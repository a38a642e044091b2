"""The daily backups on a disk too full for one more: the rotation removed old backups only
after a new one was made, and the room check refused the new one, so no backup was made
again, ever. Now the oldest of those the rotation would drop anyway go first (the trail
says so), the newest stays until a new one exists, and when that cannot make the room the
officer is told what to do. The disk is simulated: its free space is a fixed capacity
less what the data folder holds."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select

from approvals.exchange import pack as pack_module
from approvals.paths import DataDir
from approvals.services import backup
from approvals.services.documents import attach_document
from approvals.store.db import Database
from approvals.store.models import Case, Event
from tests.unit.test_backup import ROOT, _add_case

DAY = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


class SmallDisk:
    """A disk holding only the data folder, of `capacity` bytes (None: plenty of room)."""

    def __init__(self, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch) -> None:
        self.data_dir = data_dir
        self.capacity: int | None = None
        real = pack_module.shutil.disk_usage

        def usage(path: Path) -> Any:
            if self.capacity is None:
                return real(path)
            used = self.used()
            return real(path)._replace(total=self.capacity, used=used,
                                       free=max(0, self.capacity - used))
        monkeypatch.setattr(pack_module.shutil, "disk_usage", usage)

    def used(self) -> int:
        return sum(p.stat().st_size for p in self.data_dir.root.rglob("*") if p.is_file())

    def leave_free(self, free: int) -> None:
        self.capacity = self.used() + free


def _add_case_with_a_scan(db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    """A case and a scan that does not compress: each backup is a good 300 kB, well above
    what the database grows by with the trail's events meanwhile."""
    _add_case(db)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(os.urandom(300_000))
    with db.session() as s:
        case_id = s.exec(select(Case.id)).one()
        assert case_id is not None
        attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id, source=scan)


def _backups_for_days(data_dir: DataDir, db: Database, keep: int, days: int) -> list[str]:
    with db.session() as s:
        backup.set_backup_keep(s, keep=keep, actor=ROOT)
    for n in range(days):
        assert backup.auto_backup_if_due(data_dir, db, now=DAY + timedelta(days=n)) is not None
    return _kept(data_dir)


def _kept(data_dir: DataDir) -> list[str]:
    return [p.name for _, p in backup.auto_backups(data_dir)]


def _removals(db: Database) -> list[tuple[str, str]]:
    with db.read_session() as s:
        return [(e.entity_id or "", e.reason or "") for e in s.exec(
            select(Event).where(Event.action == "backup.removed").order_by(col(Event.id)))]


def test_the_oldest_backup_makes_room_for_todays(data_dir: DataDir, db: Database, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _add_case_with_a_scan(db, data_dir, tmp_path)
    disk = SmallDisk(data_dir, monkeypatch)
    first, second, third = _backups_for_days(data_dir, db, keep=3, days=3)
    # Room for today's backup only once one old backup is gone (by half a backup's size).
    oldest = (data_dir.backups / first).stat().st_size
    needs = backup._auto_backup_needs(data_dir) + pack_module.ROOM_MARGIN
    disk.leave_free(needs - oldest // 2)
    assert pack_module.room_problem(data_dir.backups, backup._auto_backup_needs(data_dir))

    made = backup.auto_backup_if_due(data_dir, db, now=DAY + timedelta(days=3))

    assert made is not None and made.is_file()
    assert _kept(data_dir) == [second, third, made.name]
    disk.capacity = None  # (the check unpacks it, in /tmp)
    backup.verify_backup(made)
    (removed, reason), = _removals(db)
    assert removed == first
    assert "to make room for it on a full disk" in reason
    assert "only the newest 3 automatic backups are kept" in reason


def test_as_few_as_make_the_room_go_first_and_the_rest_with_the_rotation(
        data_dir: DataDir, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """keep lowered from 4 to 2 on a full disk: one of the three old ones the rotation
    drops makes the room; the other two go after the backup, as rotation always did."""
    _add_case_with_a_scan(db, data_dir, tmp_path)
    disk = SmallDisk(data_dir, monkeypatch)
    names = _backups_for_days(data_dir, db, keep=4, days=4)
    with db.session() as s:
        backup.set_backup_keep(s, keep=2, actor=ROOT)
    oldest = (data_dir.backups / names[0]).stat().st_size
    disk.leave_free(backup._auto_backup_needs(data_dir) + pack_module.ROOM_MARGIN - oldest // 2)

    made = backup.auto_backup_if_due(data_dir, db, now=DAY + timedelta(days=4))

    assert made is not None
    assert _kept(data_dir) == [names[-1], made.name]
    removals = _removals(db)
    assert [name for name, _ in removals] == names[:3]
    assert "to make room" in removals[0][1]
    assert all("to make room" not in reason for _, reason in removals[1:])


def test_the_last_backup_is_never_removed_before_a_new_one_exists(
        data_dir: DataDir, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """keep = 1: removing the only backup would make the room, but a failed backup would
    then leave none. It stays; the officer is told what to do."""
    _add_case(db)
    disk = SmallDisk(data_dir, monkeypatch)
    (only,) = _backups_for_days(data_dir, db, keep=1, days=1)
    disk.leave_free(0)

    with pytest.raises(backup.NoRoomForAutoBackup) as refused:
        backup.auto_backup_if_due(data_dir, db, now=DAY + timedelta(days=1))

    assert _kept(data_dir) == [only] and _removals(db) == []
    text = str(refused.value)
    assert "Today's automatic backup needs up to" in text and "MB free" in text
    assert "No automatic backup was made, and none will be until there is room" in text
    assert "free some space on that disk. Meanwhile, File → Back up… can back up to another disk." in text
    assert "keep fewer" not in text  # there is only the one


def test_nothing_is_removed_when_removing_would_not_make_the_room(
        data_dir: DataDir, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    _add_case(db)
    disk = SmallDisk(data_dir, monkeypatch)
    kept = _backups_for_days(data_dir, db, keep=3, days=3)
    disk.leave_free(0)

    with pytest.raises(backup.NoRoomForAutoBackup) as refused:
        backup.auto_backup_if_due(data_dir, db, now=DAY + timedelta(days=3))

    assert _kept(data_dir) == kept and _removals(db) == []
    assert not any(p.name.startswith(".backup-") for p in data_dir.root.iterdir())
    assert "or keep fewer daily backups (Users → Security settings…)" in str(refused.value)
    # Room again (the officer freed some): the backup is made, the rotation goes on.
    disk.capacity = None
    made = backup.auto_backup_if_due(data_dir, db, now=DAY + timedelta(days=3))
    assert made is not None and _kept(data_dir) == [*kept[1:], made.name]
