"""A restore keeps the database it replaces in steps, as a backup copies it: its progress
said in megabytes and a cancel taken between steps, the data in use left as it was and
no part of the copy left behind (it was one step nobody could stop)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.domain.errors import Cancelled
from approvals.paths import DataDir
from approvals.services import backup
from approvals.services.cases import import_case
from approvals.store.db import Database
from approvals.store.models import Event
from tests.unit.test_progress_cancel import FACTS, ROOT, _hidden, _snapshot, _with_documents

KEEPING = "Keeping a copy of the database ("


@pytest.fixture
def case_id(db: Database) -> int:
    with db.session() as s:
        case = import_case(s, data=FACTS, actor=ROOT)
        assert case.id is not None
        return case.id


@pytest.fixture
def one_page_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup, "COPY_PAGES", 1)


def _saved(db: Database, data_dir: DataDir, case_id: int, tmp_path: Path) -> Path:
    _with_documents(db, data_dir, case_id, tmp_path, n=1, size=2_000)
    saved = backup.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db)
    later = tmp_path / "later"
    later.mkdir()
    _with_documents(db, data_dir, case_id, later, n=1, size=3_000)  # the data a restore replaces
    db.dispose()
    return saved.path


def test_a_cancel_while_the_database_is_kept_changes_nothing(
        data_dir: DataDir, db: Database, case_id: int, tmp_path: Path,
        one_page_steps: None) -> None:
    path = _saved(db, data_dir, case_id, tmp_path)
    before = _snapshot(data_dir)
    said: list[str] = []
    with pytest.raises(Cancelled):
        backup.restore_backup(data_dir, path, actor=ROOT, db=db,
                              progress=lambda _f, message: said.append(message),
                              cancelled=lambda: sum(m.startswith(KEEPING) for m in said) >= 2)
    assert sum(m.startswith(KEEPING) for m in said) == 2  # stopped between steps
    assert _snapshot(data_dir) == before  # no replaced-* folder in backups/ either
    assert _hidden(data_dir.root) == [] and list(data_dir.root.rglob("*.part")) == []
    with db.read_session() as s:
        assert s.exec(select(Event).where(Event.action == "backup.restored")).all() == []


def test_the_kept_database_is_whole_and_its_progress_said(
        data_dir: DataDir, db: Database, case_id: int, tmp_path: Path,
        one_page_steps: None) -> None:
    path = _saved(db, data_dir, case_id, tmp_path)
    before_dump = _snapshot(data_dir)[0]
    seen: list[tuple[float, str]] = []
    result = backup.restore_backup(data_dir, path, actor=ROOT, db=db,
                                   progress=lambda f, m: seen.append((f, m)))
    keeping = [m for _f, m in seen if m.startswith(KEEPING)]
    assert len(keeping) > 3 and keeping[-1].endswith(" MB)")
    fractions = [f for f, _m in seen]
    assert fractions == sorted(fractions)
    assert result.replaced is not None
    conn = sqlite3.connect(result.replaced / backup.DB_FILE)
    try:
        assert list(conn.iterdump()) == before_dump
    finally:
        conn.close()
