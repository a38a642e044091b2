"""Files named like automatic backups that are none (junk, a truncated copy) are neither
counted among the backups kept nor removed by the rotation: they made it remove a real
backup and keep the junk."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from approvals.paths import DataDir
from approvals.services import backup
from approvals.store.db import Database
from tests.unit.test_backup import ROOT, _add_case


def test_rotation_counts_only_real_backups_and_removes_nothing_else(
        data_dir: DataDir, db: Database) -> None:
    _add_case(db)
    with db.session() as s:
        backup.set_backup_keep(s, keep=2, actor=ROOT)
    day = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    first = backup.auto_backup_if_due(data_dir, db, now=day)
    assert first is not None
    # Named as automatic backups of the next days, but no backups: junk, a copy cut short.
    junk = data_dir.backups / "auto-20261202T090000Z.zip"
    junk.write_bytes(b"not a backup at all")
    cut = data_dir.backups / "auto-20261203T090000Z.zip"
    cut.write_bytes(first.read_bytes()[: first.stat().st_size // 2])
    assert [p for _w, p in backup.auto_backups(data_dir)] == [first]
    # Day 2 and 3 are made as real backups beside the junk of the same day.
    second = backup.auto_backup_if_due(data_dir, db, now=day + timedelta(days=1, hours=1))
    third = backup.auto_backup_if_due(data_dir, db, now=day + timedelta(days=2, hours=1))
    assert second is not None and third is not None
    # Two real ones kept (the junk did not count as one of them); the junk is untouched.
    assert [p for _w, p in backup.auto_backups(data_dir)] == [second, third]
    assert not first.exists()
    assert junk.read_bytes() == b"not a backup at all"
    assert cut.exists()
    backup.verify_backup(second)
    backup.verify_backup(third)


def test_a_junk_file_with_the_very_name_of_the_new_backup_is_not_replaced(
        data_dir: DataDir, db: Database) -> None:
    _add_case(db)
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    data_dir.backups.mkdir(parents=True, exist_ok=True)
    junk = data_dir.backups / "auto-20261201T090000Z.zip"
    junk.write_bytes(b"junk")
    made = backup.auto_backup_if_due(data_dir, db, now=now)
    assert made is not None and made != junk
    assert junk.read_bytes() == b"junk"
    assert [p for _w, p in backup.auto_backups(data_dir)] == [made]
