"""Shared fixtures: a fresh data folder and database for every test, headless Qt."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.migrate import open_database

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = REPO_ROOT.parent / "shared"
EXAMPLES_DIR = SHARED / "spec" / "examples"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DataDir:
    root = tmp_path / "data"
    monkeypatch.setenv("APPROVALS_DATA_DIR", str(root))
    return DataDir(root).ensure()


@pytest.fixture
def db(data_dir: DataDir) -> Iterator[Database]:
    database = open_database(data_dir)
    yield database
    database.dispose()


@pytest.fixture
def fast_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters keep the tests fast; the production hasher has its own test."""
    from argon2 import PasswordHasher

    from approvals.services import auth

    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))


@pytest.fixture
def admin() -> Actor:
    return Actor(username="alice", roles=("preparer", "reviewer", "approver", "admin"))
