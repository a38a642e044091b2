"""A backup that cannot fit on its disk is refused before a byte is written, saying what
it needs and what is free: written until the disk was full, the daily backup (on the data
folder's own disk) left the officer's saves failing meanwhile, and a backup to a small
stick failed only after minutes of writing. No file, no part file, no trail event."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from approvals.exchange import pack as pack_module
from approvals.paths import DataDir
from approvals.services import backup as backup_service
from approvals.store.db import Database, StorageRefused
from approvals.store.models import Event
from tests.unit.test_backup import ROOT, _add_case


def test_a_backup_the_disk_has_no_room_for_is_refused_before_writing(
        data_dir: DataDir, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _add_case(db)
    real = pack_module.shutil.disk_usage
    monkeypatch.setattr(pack_module.shutil, "disk_usage",
                        lambda path: real(path)._replace(free=pack_module.ROOM_MARGIN + 10))
    out = tmp_path / "stick" / "b.zip"
    with pytest.raises(StorageRefused) as refused:
        backup_service.create_backup(data_dir, out=out, actor=ROOT, db=db)
    text = str(refused.value)
    assert "the backup needs up to" in text and "MB free" in text
    assert "no backup was written. Free some space there, or back up to another disk" in text
    assert list(out.parent.iterdir()) == []
    assert not any(p.name.startswith(".backup-") for p in data_dir.root.iterdir())
    with db.read_session() as s:
        assert s.exec(select(Event).where(Event.action == "backup.created")).all() == []


def test_a_backup_to_another_disk_keeps_nothing_spare_there(
        data_dir: DataDir, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 0.9 MB backup on a stick with 31 MB free was refused, saying it needed 0.9 MB and
    31.5 MB were free: the 64 MiB kept free for the database were asked of every disk.
    Another disk than the data folder's keeps nothing spare; the data folder's own disk
    says the margin as part of what the backup needs."""
    _add_case(db)
    real = pack_module.shutil.disk_usage
    monkeypatch.setattr(pack_module.shutil, "disk_usage",
                        lambda path: real(path)._replace(free=pack_module.ROOM_MARGIN // 2))
    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr(backup_service, "_same_disk", lambda a, b: False)
    made = backup_service.create_backup(data_dir, out=stick / "b.zip", actor=ROOT, db=db)
    assert (stick / "b.zip").is_file() and made is not None
    monkeypatch.setattr(backup_service, "_same_disk", lambda a, b: True)
    with pytest.raises(StorageRefused) as refused:
        backup_service.create_backup(data_dir, out=stick / "c.zip", actor=ROOT, db=db)
    assert "MB with the 67.1 MB kept free there for the database), and the disk of" \
        in str(refused.value)
    assert "33.6 MB free" in str(refused.value) and not (stick / "c.zip").exists()
