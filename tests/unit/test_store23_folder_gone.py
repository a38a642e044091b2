"""A data folder (or its database file) deleted, moved or replaced while it is open: SQLite
goes on writing to the file it opened, which nothing reads again, and every later save was
lost without a word. Saves are refused instead, naming the folder and what to do, with
nothing written anywhere (README: When the data folder is in trouble)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from approvals.domain.errors import InputError
from approvals.paths import DB_FILE, DataDir
from approvals.services.cases import import_case
from approvals.store import db as db_module
from approvals.store.audit import Actor
from approvals.store.db import Database, DataFolderGone
from approvals.store.migrate import open_database
from approvals.store.models import Case
from tests.conftest import EXAMPLES_DIR

FACTS = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))


def _counts(database: Path) -> tuple[int, int]:
    """Cases and audit events in the file, read with plain SQL."""
    conn = sqlite3.connect(database)
    try:
        return (conn.execute("SELECT count(*) FROM cases").fetchone()[0],
                conn.execute("SELECT count(*) FROM events").fetchone()[0])
    finally:
        conn.close()


def _import(db: Database, admin: Actor) -> str:
    with db.session() as session:
        return import_case(session, data=FACTS, actor=admin).reference


def _refused(db: Database, admin: Actor) -> DataFolderGone:
    with pytest.raises(DataFolderGone) as caught:
        _import(db, admin)
    assert isinstance(caught.value, InputError)  # exit 2 on the command line
    return caught.value


def test_a_save_to_a_moved_data_folder_is_refused_and_the_moved_folder_is_untouched(
        db: Database, data_dir: DataDir, admin: Actor, tmp_path: Path) -> None:
    _import(db, admin)
    moved = tmp_path / "moved"
    data_dir.root.rename(moved)
    before = _counts(moved / DB_FILE)
    anchor = (moved / "audit-anchor.json").read_bytes()
    [problem] = _refused(db, admin).problems
    assert problem.path == str(data_dir.root)
    assert problem.message == (
        "the data folder was moved or deleted while it was open; nothing was saved. Put the "
        "folder back at that path and try again, or, if it was moved on purpose, close "
        "Approvals and start it again on the folder where it is now")
    # Without the check the case went into the moved file, and the app lost track of it.
    assert _counts(moved / DB_FILE) == before
    assert (moved / "audit-anchor.json").read_bytes() == anchor
    assert not data_dir.root.exists()  # no folder, document or log made at the old path
    # Put back where it was (the same file), saves go on.
    moved.rename(data_dir.root)
    _import(db, admin)
    cases, events = _counts(data_dir.database)
    assert cases == before[0] + 1 and events > before[1]


def test_a_save_to_a_deleted_data_folder_is_refused_naming_the_folder(
        db: Database, data_dir: DataDir, admin: Actor) -> None:
    shutil.rmtree(data_dir.root)
    [problem] = _refused(db, admin).problems
    assert problem.path == str(data_dir.root)
    assert problem.message.startswith("the data folder was moved or deleted while it was open")
    assert not data_dir.root.exists()
    with pytest.raises(DataFolderGone):  # and every save after it, not only the first
        _import(db, admin)


def test_a_database_file_deleted_from_its_folder_names_the_file_and_the_backups(
        db: Database, data_dir: DataDir, admin: Actor) -> None:
    data_dir.database.unlink()
    [problem] = _refused(db, admin).problems
    assert problem.path == str(data_dir.database)
    assert problem.message == (
        "the database file was moved or deleted while it was open; nothing was saved. Put "
        f"approvals.db back in the folder {data_dir.root} and try again; if it is lost, close "
        f"Approvals and restore a backup (the automatic ones are in {data_dir.backups})")
    assert not data_dir.database.exists()


def test_a_database_file_replaced_while_open_is_not_written_to(
        db: Database, data_dir: DataDir, admin: Actor, tmp_path: Path) -> None:
    """A copy put in its place: the app's connections still write to the replaced file."""
    copy = tmp_path / "copy.db"
    shutil.copyfile(data_dir.database, copy)
    os.replace(copy, data_dir.database)
    replacement = data_dir.database.read_bytes()
    [problem] = _refused(db, admin).problems
    assert problem.path == str(data_dir.database)
    assert problem.message == (
        "the database file was replaced by another one while it was open (a copy put in its "
        "place, or a restore by another program); nothing was saved, so that nothing goes "
        "to the file it replaced. Close Approvals and start it again to work on the file "
        "that is there now")
    assert data_dir.database.read_bytes() == replacement
    # A new start (a new Database) works on the file that is there.
    again = open_database(data_dir)
    try:
        _import(again, admin)
    finally:
        again.dispose()
    assert _counts(data_dir.database)[0] == 1


def test_a_folder_moved_during_a_save_is_rolled_back_not_committed_to_it(
        db: Database, data_dir: DataDir, admin: Actor, tmp_path: Path) -> None:
    """Moved after the unit of work began (its rows already sent to SQLite): checked again
    before the commit, so nothing of it lands in the moved file."""
    moved = tmp_path / "moved"
    before = _counts(data_dir.database)
    with pytest.raises(DataFolderGone), db.session() as session:
        import_case(session, data=FACTS, actor=admin)
        session.flush()
        data_dir.root.rename(moved)
    assert _counts(moved / DB_FILE) == before


def test_another_program_writing_the_same_file_is_not_a_move(
        db: Database, data_dir: DataDir, admin: Actor) -> None:
    other = open_database(data_dir)
    try:
        _import(other, admin)
        _import(db, admin)
    finally:
        other.dispose()
    with db.read_session() as session:
        assert len(session.exec(select(Case)).all()) == 2


def test_a_restore_through_the_open_database_is_followed_not_refused(
        db: Database, data_dir: DataDir, admin: Actor, tmp_path: Path) -> None:
    """The app's restore swaps the file in and goes on with the same Database, once its
    connections are closed (dispose): the file there then is the one to write."""
    copy = tmp_path / "copy.db"
    shutil.copyfile(data_dir.database, copy)
    db.dispose()
    os.replace(copy, data_dir.database)
    _import(db, admin)
    assert _counts(data_dir.database)[0] == 1


def test_the_check_costs_one_stat_before_and_one_before_the_commit(
        db: Database, data_dir: DataDir, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    looked: list[Any] = []
    real_stat = os.stat

    def counted(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if Path(path) == data_dir.database:
            looked.append(path)
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(db_module.os, "stat", counted)
    with db.session():
        pass
    assert len(looked) == 2
