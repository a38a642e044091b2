"""store.db.session_data_dir: the data folder of the database a session is bound to."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine
from sqlmodel import Session

from approvals.domain.errors import InputError
from approvals.paths import DataDir
from approvals.store.db import Database, session_data_dir


def test_write_and_read_sessions_find_their_data_folder(db: Database, data_dir: DataDir) -> None:
    with db.session() as session:
        assert session_data_dir(session).root == data_dir.root.resolve()
    with db.read_session() as session:
        assert session_data_dir(session).database == data_dir.database.resolve()


def test_a_session_bound_to_a_connection_finds_it_too(db: Database, data_dir: DataDir) -> None:
    # A Connection has no `.url` of its own: the helper asks its Engine.
    with db.engine.connect() as connection, Session(connection) as session:
        assert session_data_dir(session).root == data_dir.root.resolve()


def test_a_database_without_a_file_is_a_clear_error() -> None:
    engine = create_engine("sqlite://")
    try:
        with Session(engine) as session, pytest.raises(InputError, match="data_dir"):
            session_data_dir(session)
    finally:
        engine.dispose()
