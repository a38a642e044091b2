"""Migrations: new databases at head, upgrades from every revision, safe failures."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateIndex
from sqlmodel import SQLModel

from approvals.paths import DataDir
from approvals.store.db import make_engine
from approvals.store.migrate import (
    MigrationFailed,
    alembic_config,
    current_revision,
    head_revision,
    open_database,
    upgrade,
)


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def _tables(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


def _declared_indexes() -> dict[str, str]:
    """Each index of the models as its CREATE INDEX statement for SQLite."""
    return {str(ix.name): str(CreateIndex(ix).compile(dialect=sqlite.dialect())).strip()
            for table in SQLModel.metadata.sorted_tables for ix in table.indexes}


def _stored_indexes(engine: Engine, names: Iterable[str]) -> dict[str, str | None]:
    with engine.connect() as conn:
        stored = dict(conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all())
    return {name: stored.get(name) for name in names}


def test_new_database_is_created_at_head(data_dir: DataDir) -> None:
    db = open_database(data_dir)
    assert current_revision(db.engine) == head_revision()
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert list(data_dir.backups.iterdir()) == []  # nothing to back up for a new file


def test_migrated_schema_matches_the_models(data_dir: DataDir) -> None:
    db = open_database(data_dir)
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_every_index_is_migrated_as_the_models_declare_it(data_dir: DataDir) -> None:
    """compare_metadata does not look at a partial index's WHERE: a condition changed in the
    models alone would pass it, and SQLite would stop using the index for the query whose
    terms it must repeat. The stored CREATE INDEX must be the models' own, word for word."""
    db = open_database(data_dir)
    declared = _declared_indexes()
    assert any("WHERE" in sql for sql in declared.values())  # the partial index is compared
    assert _stored_indexes(db.engine, declared) == declared
    db.dispose()


@pytest.mark.parametrize("start", _revisions()[:-1])
def test_upgrade_from_every_earlier_revision(data_dir: DataDir, start: str) -> None:
    engine = make_engine(data_dir.database)
    upgrade(engine, start)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO cases (reference, facts, status, owner, target_name, investor_name, "
            "created_at, updated_at, version) VALUES ('AP-2026-0001', '{}', 'open', 'a', 't', "
            "'i', 'x', 'x', 1)"
        )
    engine.dispose()
    db = open_database(data_dir)
    assert current_revision(db.engine) == head_revision()
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT reference FROM cases").scalar() == "AP-2026-0001"
    declared = _declared_indexes()  # 0009's among them, partial index condition and all
    assert _stored_indexes(db.engine, declared) == declared
    backups = list(data_dir.backups.iterdir())
    assert len(backups) == 1 and f"-{start}-" in backups[0].name
    assert "cases" in _tables(backups[0])


def test_failed_migration_leaves_the_database_untouched(data_dir: DataDir) -> None:
    first = _revisions()[0]
    engine = make_engine(data_dir.database)
    upgrade(engine, first)
    with engine.begin() as conn:
        # A table in the way makes the next revision fail half-way through.
        conn.exec_driver_sql("CREATE TABLE settings (key TEXT)")
    engine.dispose()
    before = _tables(data_dir.database)

    with pytest.raises(MigrationFailed) as caught:
        open_database(data_dir)

    assert caught.value.backup is not None and caught.value.backup.exists()
    assert "left as it was" in str(caught.value)
    assert _tables(data_dir.database) == before
    assert current_revision(make_engine(data_dir.database)) == first

    # Tried again (the officer starts the app once more, and once more): the database is
    # as the first attempt's copy has it, which serves; no full copy more each time.
    for _attempt in range(3):
        time.sleep(1.05)  # another second in the copy's name
        with pytest.raises(MigrationFailed) as again:
            open_database(data_dir)
        assert again.value.backup == caught.value.backup
        assert str(caught.value.backup) in str(again.value)
    assert list(data_dir.backups.iterdir()) == [caught.value.backup]


def test_a_database_from_a_newer_version_is_named_as_such_and_left_alone(
    data_dir: DataDir,
) -> None:
    open_database(data_dir).dispose()
    with sqlite3.connect(data_dir.database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.close()
    before = data_dir.database.read_bytes()

    with pytest.raises(MigrationFailed) as caught:
        open_database(data_dir)

    message = str(caught.value)
    assert "newer version of Approvals" in message and "0099" in message
    assert head_revision() in message
    assert caught.value.backup is None and not list(data_dir.backups.iterdir())
    assert data_dir.database.read_bytes() == before
