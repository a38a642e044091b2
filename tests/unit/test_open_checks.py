"""What opening the database checks, and when (store.migrate's docstring): the cheap checks
on every open, SQLite's whole-file quick_check before a migration and when asked for."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from approvals.domain.errors import Cancelled
from approvals.paths import DataDir
from approvals.store import migrate
from approvals.store.migrate import (
    DatabaseDamaged,
    integrity_problem,
    open_checked,
    open_database,
    open_problem,
)
from tests.damage_support import add_events, damage_middle


@pytest.fixture
def damaged(db, data_dir: DataDir) -> DataDir:
    """A database whose events table has a page of garbage in its middle (a bad sector):
    the cheap checks pass, the quick_check does not."""
    add_events(db)
    db.dispose()
    damage_middle(data_dir.database)
    return data_dir


def _set_revision(path: Path, revision: str) -> None:
    con = sqlite3.connect(path)
    try:
        with con:
            con.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    finally:
        con.close()


def test_an_ordinary_open_does_not_read_the_whole_file(db, data_dir: DataDir,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    db.dispose()

    def whole_file(*_args, **_kwargs):
        raise AssertionError("the quick_check ran on an ordinary open")

    monkeypatch.setattr(migrate, "integrity_problem", whole_file)
    opened = open_checked(data_dir)
    assert opened.checked is False  # the app checks in the background then
    opened.db.dispose()


def test_damage_in_the_middle_is_left_to_the_whole_file_check(damaged: DataDir) -> None:
    assert open_problem(damaged.database) is None
    assert "malformed" in (integrity_problem(damaged.database) or "")
    open_database(damaged).dispose()  # the window opens; the background check reports it
    with pytest.raises(DatabaseDamaged) as caught:
        open_database(damaged, full_check=True)
    assert "integrity check" in str(caught.value) and str(damaged.backups) in str(caught.value)


def test_a_damaged_database_is_refused_before_a_migration_and_left_untouched(
        damaged: DataDir) -> None:
    before_revision = migrate.head_revision()
    earlier = migrate.ScriptDirectory.from_config(migrate.alembic_config()).get_revision(
        before_revision).down_revision
    assert isinstance(earlier, str)
    _set_revision(damaged.database, earlier)  # as if this version were an upgrade
    before = damaged.database.read_bytes()
    with pytest.raises(DatabaseDamaged) as caught:
        open_checked(damaged)
    assert "malformed" in str(caught.value)
    assert damaged.database.read_bytes() == before  # nothing migrated, nothing written
    assert list(damaged.backups.iterdir()) == []  # and no copy of the damage made


def test_an_intact_database_is_checked_whole_before_its_migration(
        db, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch) -> None:
    db.dispose()
    head = migrate.head_revision()
    earlier = migrate.ScriptDirectory.from_config(migrate.alembic_config()).get_revision(
        head).down_revision
    assert isinstance(earlier, str)
    _set_revision(data_dir.database, earlier)
    checks: list[Path] = []
    real = migrate.integrity_problem

    def counted(path: Path, **kwargs):
        checks.append(path)
        return real(path, **kwargs)

    monkeypatch.setattr(migrate, "integrity_problem", counted)
    monkeypatch.setattr(migrate, "_migrate", lambda conn, target: None)
    opened = open_checked(data_dir)
    opened.db.dispose()
    assert checks == [data_dir.database] and opened.checked is True
    # What was upgraded, and the copy kept, for the app to say once.
    assert opened.upgraded_from == earlier
    assert opened.copy is not None and opened.copy.parent == data_dir.backups
    assert opened.copy.name.startswith(f"approvals-{earlier}-") and opened.copy.is_file()


def test_an_upgrade_is_said_once_with_the_copy_it_kept(qtbot, tmp_path: Path) -> None:
    """The upgrade and the copy of the database it kept in backups/ (which the rotation
    never removes) went unsaid: only the log knew."""
    from PySide6.QtWidgets import QWidget

    from approvals.ui.application import show_upgrade_notice

    window = QWidget()
    qtbot.addWidget(window)
    copy = tmp_path / "backups" / "approvals-0005-20261207T031500Z.db"
    opened = migrate.Opened(db=None, checked=True, upgraded_from="0005", copy=copy)  # type: ignore[arg-type]
    box = show_upgrade_notice(window, opened)
    assert box is not None and box.isVisible() and box.objectName() == "upgradeNotice"
    assert "upgraded to this version" in box.text() and "revision 0005" in box.text()
    assert str(copy) in box.informativeText()
    box.done(0)
    assert show_upgrade_notice(window, migrate.Opened(db=None, checked=False)) is None  # type: ignore[arg-type]


@pytest.mark.parametrize("how", ["truncated", "not sqlite", "zeroed"])
def test_a_file_damaged_at_its_ends_is_refused_on_every_open(db, data_dir: DataDir,
                                                            how: str) -> None:
    add_events(db, 200)
    db.dispose()
    con = sqlite3.connect(data_dir.database)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    good = data_dir.database.read_bytes()
    damaged = {"truncated": good[: len(good) // 2],  # a copy cut short
               "not sqlite": b"x" * len(good),
               "zeroed": good[:100] + bytes(len(good) - 100)}[how]
    data_dir.database.write_bytes(damaged)
    with pytest.raises(DatabaseDamaged):
        open_database(data_dir)
    assert data_dir.database.read_bytes() == damaged


def test_the_whole_file_check_stops_when_cancelled_and_is_not_called_damage(
        damaged: DataDir) -> None:
    # Cancelled before it starts (the app quit while it waited for the background thread).
    with pytest.raises(Cancelled):
        integrity_problem(damaged.database, cancelled=lambda: True)
    # Cancelled while SQLite checks: the watcher interrupts the connection, and SQLite's
    # "interrupted" is a stop, not damage. The switch turns once the check has begun.
    looks: list[bool] = []

    def cancelled() -> bool:
        looks.append(True)
        return len(looks) > 1

    real_connect = sqlite3.connect

    class Slow:
        """The connection, its PRAGMA held until the watcher has interrupted it."""

        def __init__(self, *args, **kwargs) -> None:
            self.conn = real_connect(*args, **kwargs)
            self.interrupted = threading.Event()

        def interrupt(self) -> None:
            self.interrupted.set()
            self.conn.interrupt()

        def execute(self, sql: str):
            assert self.interrupted.wait(5), "the watcher never interrupted the check"
            raise sqlite3.OperationalError("interrupted")

        def close(self) -> None:
            self.conn.close()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(migrate.sqlite3, "connect", Slow)
        with pytest.raises(Cancelled):
            integrity_problem(damaged.database, cancelled=cancelled)
    assert integrity_problem(damaged.database, cancelled=lambda: False) is not None


def test_another_programs_database_is_refused_at_open_naming_its_tables(tmp_path: Path) -> None:
    """The tables the cheap checks read also tell another program's file (no migration
    record): refused naming them, the file and the folder left as they were."""
    from approvals.domain.errors import InputError

    root = tmp_path / "data"
    root.mkdir()
    path = root / "approvals.db"
    con = sqlite3.connect(path)
    try:
        with con:
            con.executescript("CREATE TABLE notes (x); CREATE TABLE people (y);"
                              "INSERT INTO notes VALUES (1);")
    finally:
        con.close()
    before = path.read_bytes()
    with pytest.raises(InputError, match=r"another program's tables: notes, people\)"):
        open_database(DataDir(root))
    assert path.read_bytes() == before
    assert [p.name for p in root.iterdir()] == ["approvals.db"]


def test_first_look_reads_the_tables_and_the_checks_finding_in_one(db, data_dir: DataDir) -> None:
    look = migrate.first_look(data_dir.database)
    assert look.problem is None and "alembic_version" in look.tables and "events" in look.tables
    assert open_problem(data_dir.database) is None
