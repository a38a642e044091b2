"""A restore whose swap fails part-way (the disk refuses the rename of the data folder's own
documents, or of the restored ones into their place) leaves the data folder as it was:
its own database and documents in place, and no backups/replaced-<time> copy of data
that was never replaced (one stayed behind, beside "Nothing was changed"). When the way
back is refused too, the message says where the data is and that the next start puts
it back, and the work folder the next start needs is kept (it was removed, after which
the next start took the restore for done and removed the set-aside documents)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from approvals.domain.errors import CheckFailed
from approvals.paths import DataDir
from approvals.services import backup
from approvals.store.db import Database
from tests.unit.test_backup_adversarial import ROOT, _add_case, _state


@pytest.fixture
def made(tmp_path: Path, data_dir: DataDir, db: Database) -> Path:
    _add_case(db)
    (data_dir.documents / "a.txt").write_bytes(b"a" * 500)
    path = backup.create_backup(data_dir, out=tmp_path / "backup.zip").path
    _add_case(db)
    (data_dir.documents / "since.txt").write_bytes(b"mine")
    return path


def _refusing(data_dir: DataDir, refuse: object) -> object:
    """os.replace that raises EACCES for the moves `refuse(src, dst)` picks."""
    real = backup.os.replace

    def replace(src: object, dst: object) -> None:
        if refuse(Path(str(src)), Path(str(dst))):  # type: ignore[operator]
            raise PermissionError(errno.EACCES, "Permission denied", str(src))
        real(src, dst)  # type: ignore[arg-type]

    return replace


@pytest.mark.parametrize("refused", ["live documents aside", "restored documents in"])
def test_a_swap_refused_part_way_leaves_the_data_folder_and_no_replaced_copy(
        made: Path, data_dir: DataDir, db: Database, monkeypatch: pytest.MonkeyPatch,
        refused: str) -> None:
    before = _state(data_dir)  # database, documents, every name in the folder and backups/
    if refused == "live documents aside":  # a file open in another program (Windows)
        def refuse(src: Path, dst: Path) -> bool:
            return src == data_dir.documents
    else:
        def refuse(src: Path, dst: Path) -> bool:
            return dst == data_dir.documents and src.name == "documents"
    monkeypatch.setattr(backup.os, "replace", _refusing(data_dir, refuse))
    with pytest.raises(CheckFailed) as refusal:
        backup.restore_backup(data_dir, made, actor=ROOT, db=db)
    monkeypatch.undo()
    said = str(refusal.value)
    assert "while the data folder was being replaced" in said and "Nothing was changed" in said
    assert _state(data_dir) == before  # no replaced-*, no work folder, no marker
    assert backup.replaced_copies(data_dir) == []
    # And once the disk lets it, the restore goes through.
    assert backup.restore_backup(data_dir, made, actor=ROOT).replaced is not None
    assert not (data_dir.documents / "since.txt").exists()


def test_a_way_back_refused_once_is_tried_again(
        made: Path, data_dir: DataDir, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _state(data_dir)
    refusals = {"in": 0, "back": 0}

    def refuse(src: Path, dst: Path) -> bool:
        if dst == data_dir.documents and src.name == "documents":
            refusals["in"] += 1
            return True
        if dst == data_dir.documents and src.name.startswith(".documents-old-"):
            refusals["back"] += 1
            return refusals["back"] == 1  # the first way back fails, the second goes
        return False

    monkeypatch.setattr(backup.os, "replace", _refusing(data_dir, refuse))
    with pytest.raises(CheckFailed, match="Nothing was changed"):
        backup.restore_backup(data_dir, made, actor=ROOT, db=db)
    monkeypatch.undo()
    assert refusals == {"in": 1, "back": 2}
    assert _state(data_dir) == before


def test_a_way_back_refused_says_where_the_data_is_and_the_next_start_puts_it_back(
        made: Path, data_dir: DataDir, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    before_db, before_docs, before_names = _state(data_dir)

    def refuse(src: Path, dst: Path) -> bool:  # in, and every way back
        return dst == data_dir.documents

    monkeypatch.setattr(backup.os, "replace", _refusing(data_dir, refuse))
    with pytest.raises(CheckFailed) as refusal:
        backup.restore_backup(data_dir, made, actor=ROOT, db=db)
    monkeypatch.undo()
    said = str(refusal.value)
    aside = [p for p in data_dir.root.iterdir() if p.name.startswith(".documents-old-")]
    copies = backup.replaced_copies(data_dir)
    assert len(aside) == 1 and len(copies) == 1
    assert said.startswith("backup.zip was not restored: the disk refused a file while the "
                           "data folder was being replaced (Permission denied: "), said
    assert "putting the data folder back failed too. Nothing is lost: the app puts it back " \
           "as it was when it next starts (quit it and start it again; work done meanwhile " \
           "would meet the data half-replaced), or when a restore is run again" in said, said
    assert f"Its documents are in {aside[0]} until then." in said, said
    assert (f"A full copy of the data it held is in {copies[0][0]} (remove that copy once "
            "the data folder is back as it was).") in said, said
    assert "Nothing was changed" not in said
    assert (data_dir.root / backup.MARKER).exists()
    # The next start puts the folder's own documents back (the work folder was kept).
    assert backup.finish_interrupted_restore(data_dir) == "rolled back"
    db_now, docs_now, names = _state(data_dir)
    assert (db_now, docs_now) == (before_db, before_docs)
    assert [n for n in names if n not in before_names] == [f"backups/{copies[0][0].name}"]
