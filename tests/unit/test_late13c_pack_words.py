"""An altered pack, rulebook update or backup is refused in words an officer can act on:
the refusal ended on zip internals ("member …: time/date 0x1816/0x5d81 ≠ 0x0/0x21 (as
written by this app)"); the header that differs now goes to the log, for whoever asks."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from approvals.domain.errors import CheckFailed
from approvals.exchange.pack import RULEBOOK_KIND, Member, PackRefused, verify_pack, write_pack
from approvals.paths import DataDir
from approvals.services import backup
from approvals.services.rulebook_updates import install_rulebook_update
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.keys import load_or_create_identity

ADMIN = Actor("root", ("preparer", "reviewer", "approver", "admin"))

# A byte or a field that is only ever a zip header's: never in the sentence.
_ZIP_INTERNALS = re.compile(r"≠|0x[0-9a-f]|local header|central directory|time/date")


def _altered_pack(tmp_path: Path) -> Path:
    identity = load_or_create_identity(tmp_path / "keys")
    pack = tmp_path / "AP-2026-0001.zip"
    write_pack(pack, identity=identity, kind="review",
               members=[Member("cases/AP-2026-0001/case.json", data=b'{"status": "open"}')])
    raw = bytearray(pack.read_bytes())
    raw[12] ^= 0x01  # the first member's date in its local header, which zipfile never reads
    pack.write_bytes(bytes(raw))
    return pack


@pytest.mark.parametrize("kind", ["review", RULEBOOK_KIND])
def test_an_altered_pack_is_refused_in_words_with_the_detail_in_the_log(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, kind: str) -> None:
    pack = _altered_pack(tmp_path)
    with caplog.at_level(logging.INFO), pytest.raises(PackRefused) as refused:
        verify_pack(pack, trusted={}, into=tmp_path / "out", expect_kind=kind)
    said = str(refused.value)
    picked_as = "review pack" if kind == "review" else "rulebook update"
    assert said == (f"The {picked_as} AP-2026-0001.zip was refused: it was altered after it was "
                    "written (its zip structure is not as this app writes it). Ask the sender "
                    "for it again, or choose the right file; the technical details were "
                    "written to the log. Nothing was changed.")
    assert not _ZIP_INTERNALS.search(said)
    assert "local header date 0x20 ≠ central directory 0x21" in caplog.text
    assert str(pack) in caplog.text and not (tmp_path / "out").exists()


def test_an_altered_rulebook_update_is_refused_in_the_same_words(
        tmp_path: Path, db: Database, data_dir: DataDir) -> None:
    update = _altered_pack(tmp_path)
    with db.session() as session, pytest.raises(PackRefused) as refused:
        install_rulebook_update(session, data_dir=data_dir, path=update, actor=ADMIN,
                                reason="quarterly update")
    assert str(refused.value).startswith(
        "The rulebook update AP-2026-0001.zip was refused: it was altered after it was written "
        "(its zip structure is not as this app writes it). Ask the sender for it again")
    assert not _ZIP_INTERNALS.search(str(refused.value))


def test_a_damaged_backup_says_so_and_what_to_do(tmp_path: Path, data_dir: DataDir, db: Database,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    good = backup.create_backup(data_dir, out=tmp_path / "good.zip").path
    raw = bytearray(good.read_bytes())
    raw[12] ^= 0x01
    bad = tmp_path / "bad.zip"
    bad.write_bytes(bytes(raw))
    with caplog.at_level(logging.INFO), pytest.raises(CheckFailed) as refused:
        backup.verify_backup(bad)
    said = str(refused.value)
    assert said.startswith("bad.zip cannot be restored: it is damaged (its zip structure does "
                           "not hold together; the technical details were written to the log). "
                           "Nothing was changed. Restore another backup instead")
    assert not _ZIP_INTERNALS.search(said) and "local header date" in caplog.text
