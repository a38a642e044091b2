"""A backup whose document is damaged inside the zip (a flipped byte: the zip library
reports a bad CRC or a decompression error) is refused naming the document as the case
does and saying it is damaged, in words; the library's technical reason and the document's
stored name (a 64-character hash, cut off in the box at 200 %) go to the log. Nothing in
the data folder changes."""

from __future__ import annotations

import hashlib
import logging
import zipfile
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.domain.errors import CheckFailed
from approvals.paths import DB_FILE, DataDir
from approvals.services import backup
from approvals.services.documents import attach_document
from approvals.store.db import Database
from approvals.store.models import Case
from tests.unit.test_backup import ROOT, _add_case, _dump


def _flip_inside(saved: Path, out: Path, member: str) -> None:
    """A byte flipped in the middle of `member`'s stored data; every header as it was."""
    with zipfile.ZipFile(saved) as zf:
        info = zf.getinfo(member)
    data = bytearray(saved.read_bytes())
    name_length = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_length = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_length + extra_length
    data[start + info.compress_size // 2] ^= 0xFF
    out.write_bytes(bytes(data))


def _incompressible(size: int) -> bytes:
    return b"".join(hashlib.sha256(str(i).encode()).digest() for i in range(size // 32))


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4 " + _incompressible(16_384),  # stored as is
        b"the minutes of the board, " * 400,
    ],
)  # compressed
def test_a_damaged_document_is_refused_in_words(
    data_dir: DataDir,
    db: Database,
    tmp_path: Path,
    content: bytes,
    caplog: pytest.LogCaptureFixture,
) -> None:
    reference = _add_case(db)
    source = tmp_path / "board minutes.pdf"
    source.write_bytes(content)
    with db.session() as s:
        case_id = s.exec(select(Case.id).where(Case.reference == reference)).one()
        attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id, source=source)
    saved = backup.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db).path
    with zipfile.ZipFile(saved) as zf:
        [member] = [n for n in zf.namelist() if n.startswith("documents/")]
    damaged = tmp_path / "damaged.zip"
    _flip_inside(saved, damaged, member)
    before = _listing(data_dir)
    db.dispose()  # as the command restores: nothing else has the database open
    with (
        caplog.at_level(logging.INFO, logger=backup.log.name),
        pytest.raises(CheckFailed) as refused,
    ):
        backup.restore_backup(data_dir, damaged, actor=ROOT)
    said = str(refused.value)
    assert (
        f"damaged.zip cannot be restored: the document board minutes.pdf ({reference}) "
        "is damaged (the technical details were written to the log). Nothing was "
        "changed." in said
    ), said
    assert "CRC" not in said and "0x" not in said and "Error -3" not in said, said
    assert member not in said  # the stored name, a hash no line wraps, is in the log
    logged = [r.getMessage() for r in caplog.records if "refused for restore" in r.getMessage()]
    assert logged and member in logged[0] and "is damaged (" in logged[0]
    assert "the technical details" not in logged[0]  # the log has the details themselves
    assert _listing(data_dir) == before


def _listing(data_dir: DataDir) -> tuple[list[str], list[tuple[str, bytes]]]:
    """The database's content and every other file with its content (not the log, which
    says the refusal)."""
    return _dump(data_dir.database), sorted(
        (p.relative_to(data_dir.root).as_posix(), p.read_bytes())
        for p in data_dir.root.rglob("*")
        if p.is_file()
        and not p.relative_to(data_dir.root).as_posix().startswith(("logs", "approvals.db"))
    )


def test_a_rulebook_update_chosen_to_restore_is_named_as_one(
    data_dir: DataDir, db: Database, tmp_path: Path
) -> None:
    from approvals.services import rulebook_updates as updates
    from tests.unit.test_rulebook_updates import ROOT as RULEBOOK_ADMIN
    from tests.unit.test_rulebook_updates import rule_folder

    update = tmp_path / "rulebook-2026.12.zip"
    with db.session() as s:
        updates.pack_rulebook_update(
            s, data_dir=data_dir, source=rule_folder(tmp_path), out=update, actor=RULEBOOK_ADMIN
        )
    with pytest.raises(CheckFailed) as refused:
        backup.verify_backup(update)
    # Not "an offline review pack", as any signed file was called: what it is, where it goes.
    assert str(refused.value) == (
        "rulebook-2026.12.zip cannot be restored: it is a rulebook update, not a backup: "
        "install it with View → Rulebook → Install update… "
        "Nothing was changed."
    )


def test_a_signed_file_whose_manifest_cannot_be_read_is_called_damaged(tmp_path: Path) -> None:
    """A response pack with a byte flipped in its manifest was called "an offline review
    pack … open it with `approvals review open`": the wrong kind and the wrong advice."""
    from approvals.exchange.pack import MANIFEST as PACK_MANIFEST
    from approvals.exchange.pack import SIGNATURE

    damaged = tmp_path / "response.zip"
    with zipfile.ZipFile(damaged, "w") as zf:
        zf.writestr(PACK_MANIFEST, b'{"kind": "resp\xffonse", "members"')
        zf.writestr(SIGNATURE, b"\x00" * 64)
    for command_line in (False, True):
        with pytest.raises(CheckFailed) as refused:
            backup.verify_backup(damaged, command_line=command_line)
        said = str(refused.value)
        assert said.startswith("response.zip cannot be restored: it is a signed file of the "
                               "app's (a review pack, a response pack or a rulebook update), "
                               "not a backup, and it is damaged"), said
        assert "review open" not in said and "Review → Open" not in said


def test_a_backup_whose_manifest_is_not_json_is_refused_in_words(
        data_dir: DataDir, db: Database, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The JSON parser's "Expecting property name enclosed in double quotes: line 1
    column 2 (char 1)" was shown in the refusal; it goes to the log."""
    _add_case(db)
    saved = backup.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db).path
    damaged = tmp_path / "badman.zip"
    with zipfile.ZipFile(saved) as zin, zipfile.ZipFile(damaged, "w") as zout:
        for info in zin.infolist():
            data = b"{not json" if info.filename == backup.MANIFEST else zin.read(info)
            zout.writestr(info, data)
    with caplog.at_level(logging.INFO), pytest.raises(CheckFailed) as refused:
        backup.verify_backup(damaged)
    text = str(refused.value)
    assert "its manifest is damaged (the technical details were written to the log)" in text
    assert "Expecting" not in text and "Expecting property name" in caplog.text


def test_a_damaged_database_in_a_backup_is_called_damaged(
    data_dir: DataDir, db: Database, tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    """A byte flipped in the compressed database unpacked to more than it held, and the
    refusal said "its database unpacks to more bytes than its manifest says", where a
    damaged document is plainly "damaged"."""
    _add_case(db)
    saved = backup.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db).path
    damaged = tmp_path / "damaged.zip"
    _flip_inside(saved, damaged, DB_FILE)
    with caplog.at_level(logging.INFO, logger=backup.log.name), \
            pytest.raises(CheckFailed) as refused:
        backup.verify_backup(damaged)
    said = str(refused.value)
    assert said.startswith("damaged.zip cannot be restored: its database is damaged (the "
                           "technical details were written to the log)"), said
    assert "unpacks" not in said
    assert any(DB_FILE in r.getMessage() for r in caplog.records
                if "refused for restore" in r.getMessage())


def test_a_folder_chosen_to_restore_is_named_as_a_folder(tmp_path: Path) -> None:
    """A backups/replaced-<time> folder chosen in File → Restore… read "file not found"."""
    from approvals.domain.errors import InputError

    folder = tmp_path / "replaced-2026-12-07T04-00-00Z"
    folder.mkdir()
    with pytest.raises(InputError) as refused:
        backup.verify_backup(folder)
    [problem] = refused.value.problems
    assert (problem.path, problem.message) == (str(folder), "is a folder; give the backup file")
    with pytest.raises(InputError, match="file not found"):
        backup.verify_backup(tmp_path / "gone.zip")
