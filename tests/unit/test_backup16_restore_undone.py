"""A restore whose data is swapped in but cannot then be opened and recorded (the restored
database refuses the write, a full disk, an upgrade that fails) is undone: the data folder's
own database, documents, rulebook and audit anchor are put back and the trail verifies.
Before, the restored data stayed in place unrecorded, with an anchor naming events its
trail never had: a cut trail, and a restore said to have failed that had half happened."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from approvals.domain.errors import CheckFailed
from approvals.paths import DataDir
from approvals.services import backup
from approvals.store.audit import verify_chain
from approvals.store.db import Database
from approvals.store.migrate import open_database
from tests.unit.test_backup_adversarial import ROOT, _add_case, _state


def _refusing_write(*_args: object, **_kwargs: object) -> None:
    raise sqlite3.OperationalError("database or disk is full")


def _trail_intact(data_dir: DataDir) -> None:
    reopened = open_database(data_dir)
    try:
        with reopened.read_session() as s:
            count, broken = verify_chain(s)
        assert broken is None and count > 0
        verdict = reopened.assess_anchor()  # the anchor names the trail's head
        assert verdict.verdict == "matches", verdict.message
    finally:
        reopened.dispose()


@pytest.fixture
def made(tmp_path: Path, data_dir: DataDir, db: Database) -> Path:
    _add_case(db)
    (data_dir.documents / "a.txt").write_bytes(b"a" * 500)
    path = backup.create_backup(data_dir, out=tmp_path / "backup.zip").path
    _add_case(db)
    (data_dir.documents / "since.txt").write_bytes(b"mine")
    return path


@pytest.mark.parametrize("links", [True, False], ids=["hard-linked", "no-hard-links"])
def test_a_restore_that_cannot_be_recorded_puts_the_data_back(
        made: Path, data_dir: DataDir, db: Database, monkeypatch: pytest.MonkeyPatch,
        links: bool) -> None:
    before = _state(data_dir)
    anchor = data_dir.anchor.read_bytes()
    if not links:  # a disk without hard links: the copy kept under backups/ goes back
        def no_link(*_args: object) -> None:
            raise OSError(1, "Operation not permitted")

        monkeypatch.setattr(backup.os, "link", no_link)
    monkeypatch.setattr(backup, "append_event", _refusing_write)
    with pytest.raises(CheckFailed) as refused:
        backup.restore_backup(data_dir, made, actor=ROOT, db=db)
    said = str(refused.value)
    assert said.startswith("backup.zip was not restored: the restored data could not be "
                           "opened and recorded (OperationalError: database or disk is full)"), said
    assert "The data that was there was put back: nothing was changed." in said, said
    monkeypatch.undo()
    assert _state(data_dir) == before  # database, documents, no work folder, no replaced-*
    assert data_dir.anchor.read_bytes() == anchor
    _trail_intact(data_dir)
    # And a restore once the cause is gone goes through as usual.
    result = backup.restore_backup(data_dir, made, actor=ROOT)
    assert result.replaced is not None
    assert not (data_dir.documents / "since.txt").exists()
    _trail_intact(data_dir)


def test_the_rulebook_and_review_packs_of_an_undone_restore_are_put_back(
        made: Path, data_dir: DataDir, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    (data_dir.root / "reviews").mkdir(exist_ok=True)
    (data_dir.root / "reviews" / "open-here").mkdir()
    rulebook = data_dir.rulebook / "installed.json"
    rulebook.parent.mkdir(exist_ok=True)
    rulebook.write_text('{"mine": true}', encoding="utf-8")
    staged: list[Path] = []
    real_verify = backup._verify_backup

    def verify_with_extras(path: Path, *, into: Path | None, meter: object,
                           **kwargs: bool) -> object:
        info = real_verify(path, into=into, meter=meter, **kwargs)  # type: ignore[arg-type]
        assert into is not None
        (into / "reviews" / "from-backup").mkdir(parents=True)
        staged.append(into)
        return info

    monkeypatch.setattr(backup, "_verify_backup", verify_with_extras)
    monkeypatch.setattr(backup, "append_event", _refusing_write)
    with pytest.raises(CheckFailed, match="put back"):
        backup.restore_backup(data_dir, made, actor=ROOT, db=db)
    assert sorted(p.name for p in (data_dir.root / "reviews").iterdir()) == ["open-here"]
    assert json.loads(rulebook.read_text(encoding="utf-8")) == {"mine": True}
    assert staged and not staged[0].exists()


def test_a_crash_while_a_restore_is_undone_is_rolled_back_at_the_next_start(
        made: Path, data_dir: DataDir, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The power fails just after the restored database went back into the work folder:
    the next start puts the data folder's own database and documents back."""
    before = _state(data_dir)
    monkeypatch.setattr(backup, "append_event", _refusing_write)

    class PowerCut(BaseException):
        pass

    real_roll_back = backup._roll_back

    def cut(*args: object, **kwargs: object) -> None:
        if not kwargs.get("marker") or not (data_dir.root / backup.MARKER).exists():
            real_roll_back(*args, **kwargs)  # type: ignore[arg-type]
            return
        raise PowerCut

    monkeypatch.setattr(backup, "_roll_back", cut)
    with pytest.raises(PowerCut):
        backup.restore_backup(data_dir, made, actor=ROOT, db=db)
    monkeypatch.undo()
    assert not data_dir.database.exists()  # moved back into the work folder, as it stopped
    assert backup.finish_interrupted_restore(data_dir) == "rolled back"
    db_now, docs_now, names = _state(data_dir)
    assert (db_now, docs_now) == before[:2]
    assert backup.MARKER not in names and not [n for n in names if n.startswith(".")]
    _trail_intact(data_dir)
