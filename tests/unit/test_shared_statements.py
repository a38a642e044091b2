"""The engines of the test process share one dialect and statement cache
(tests/shared_statements.py): a statement one test's database compiled is not compiled
again for the next one's, and each engine still opens its own file."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine

from approvals.store.db import make_engine
from approvals.store.models import Case


def _reference_count(engine: Engine) -> tuple[int, object]:
    """The number of cases, and whether SQLAlchemy found the statement compiled already."""
    with engine.connect() as connection:
        result = connection.execute(select(Case.reference))
        rows = result.all()
        return len(rows), result.context.cache_hit


def _two_databases(folder: Path, migrated: Path) -> tuple[Path, Path]:
    """Two database files at the schema's head."""
    first, second = folder / "first.sqlite", folder / "second.sqlite"
    shutil.copyfile(migrated, first)
    shutil.copyfile(migrated, second)
    return first, second


def test_a_second_database_reuses_what_the_first_compiled(tmp_path: Path, migrated_database: Path) -> None:
    first, second = _two_databases(tmp_path, migrated_database)
    one, other = make_engine(first), make_engine(second)
    try:
        assert one.dialect is other.dialect
        assert one.pool._dialect is other.dialect
        assert one._compiled_cache is other._compiled_cache
        assert _reference_count(one)[0] == 0
        count, hit = _reference_count(other)
        assert (count, hit) == (0, other.dialect.CACHE_HIT)
    finally:
        one.dispose()
        other.dispose()


def test_each_engine_still_reads_its_own_file(tmp_path: Path, migrated_database: Path) -> None:
    first, second = _two_databases(tmp_path, migrated_database)
    one, other = make_engine(first), make_engine(second)
    try:
        assert str(one.url.database) == str(first)
        assert str(other.url.database) == str(second)
        with one.connect() as connection:
            connection.exec_driver_sql("CREATE TABLE only_here (x INTEGER)")
            connection.commit()
        with other.connect() as connection:
            names = {row[0] for row in connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "only_here" not in names and "cases" in names
    finally:
        one.dispose()
        other.dispose()
