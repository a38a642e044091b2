"""One SQLite dialect and one compiled-statement cache for every engine of a test process.

Each test opens its own database file, so its own engine (store.db.make_engine).
SQLAlchemy keeps the SQL it compiled in a cache of the engine and keys it by the engine's
dialect object, so every test compiled each statement it ran again: a quarter of the CPU
time of the database-heavy tests (test_workflow, test_permissions, test_audit_matrix went
from 47 s to 34 s). The app makes engines with no dialect options (store.db.make_engine:
connect arguments, a creator, hide_parameters, none of which the dialect holds), so one
dialect, initialised on the same SQLite library, compiles the same SQL for all of them.

`install()` wraps the engine factory store.db uses; each engine then takes the shared
dialect and cache in place of its own (attributes of SQLAlchemy's Engine and Pool, checked
by tests/unit/test_shared_statements.py, so a release that renames them fails that test
rather than quietly slowing the suite).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, create_engine

from approvals.store import db

_shared: dict[str, Any] = {}


def _initialised_dialect() -> tuple[Any, Any]:
    """A pysqlite dialect that has been through its first connection (where SQLAlchemy
    reads the SQLite library's version and features), and a statement cache for it."""
    if not _shared:
        engine = create_engine("sqlite://")
        with engine.connect():
            pass
        _shared["dialect"] = engine.dialect
        _shared["cache"] = engine._compiled_cache
        engine.dispose()
    return _shared["dialect"], _shared["cache"]


def _sharing(make: Callable[..., Engine]) -> Callable[..., Engine]:
    def create_sharing(*args: Any, **kwargs: Any) -> Engine:
        engine = make(*args, **kwargs)
        if engine.dialect.name != "sqlite":
            return engine
        dialect, cache = _initialised_dialect()
        engine.dialect = dialect
        engine.pool._dialect = dialect
        engine._compiled_cache = cache
        return engine
    create_sharing.shares_the_dialect = True  # type: ignore[attr-defined]
    return create_sharing


def install() -> None:
    """From now on, every engine store.db makes in this process shares the dialect."""
    if not getattr(db.create_engine, "shares_the_dialect", False):
        db.create_engine = _sharing(db.create_engine)  # type: ignore[assignment]
