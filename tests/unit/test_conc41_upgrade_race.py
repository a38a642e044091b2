"""Two programs starting together on a database a new version must upgrade: the copy kept
before the upgrade is made under the write lock, by the one that upgrades; the other
waits, finds the database upgraded and makes no copy of its own (it made a second full
copy, and in the same second both wrote one `.part` file: one of them failed with "disk
I/O error", told to free some space). An upgrade cut off after its copy adds no second
identical copy on the next start, and a copy's journal left by a kill is a partial file."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from approvals.paths import DataDir
from approvals.store import migrate
from approvals.store.db import make_engine
from approvals.store.files import is_partial
from approvals.store.migrate import (
    Opened,
    alembic_config,
    current_revision,
    head_revision,
    open_checked,
    upgrade,
)


def _old_database(data_dir: DataDir) -> str:
    """The data folder's database at the first revision; that revision."""
    data_dir.ensure()
    first = str(ScriptDirectory.from_config(alembic_config()).get_base())
    engine = make_engine(data_dir.database)
    upgrade(engine, first)
    engine.dispose()
    return first


def test_two_programs_upgrading_at_once_make_one_copy(
        data_dir: DataDir, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _old_database(data_dir)
    copy = migrate.sqlite_copy
    both_copying = threading.Barrier(2)

    def copy_when_both_are_there(source: Path, destination: Path, **kwargs: object) -> None:
        # Before the fix both programs got here, in the same second; now only the one
        # holding the lock does, and the other is still waiting for it.
        with contextlib.suppress(threading.BrokenBarrierError):
            both_copying.wait(timeout=1.5)
        copy(source, destination, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(migrate, "sqlite_copy", copy_when_both_are_there)
    opened: list[Opened] = []
    failed: list[BaseException] = []

    def start() -> None:
        try:
            opened.append(open_checked(DataDir(data_dir.root)))
        except BaseException as exc:
            failed.append(exc)

    threads = [threading.Thread(target=start) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not failed, failed
    assert len(opened) == 2
    assert sorted(o.upgraded_from is not None for o in opened) == [False, True]
    for o in opened:
        assert current_revision(o.db.engine) == head_revision()
        o.db.dispose()
    kept = sorted(p.name for p in data_dir.backups.iterdir())
    assert len(kept) == 1 and kept[0].startswith(f"approvals-{first}-"), kept


def test_an_upgrade_cut_off_after_its_copy_adds_no_second_copy(data_dir: DataDir) -> None:
    first = _old_database(data_dir)
    # What a power cut between the copy and the commit left: the copy, the old database.
    earlier = data_dir.backups / f"approvals-{first}-20261201T080000Z.db"
    migrate.sqlite_copy(data_dir.database, earlier)
    opened = open_checked(data_dir)
    try:
        assert opened.upgraded_from == first and opened.copy == earlier
        assert current_revision(opened.db.engine) == head_revision()
    finally:
        opened.db.dispose()
    assert list(data_dir.backups.iterdir()) == [earlier]


def test_a_copy_cut_off_leaves_only_partial_files() -> None:
    assert is_partial("approvals-0010-20261207T213028Z.db.1a2b3c4d.part")
    assert is_partial("approvals-0010-20261207T213028Z.db.1a2b3c4d.part-journal")
    assert not is_partial("approvals-0010-20261207T213028Z.db")
