"""A backup another installation made replaced this one's cases, users and audit trail
with nothing said but "Whatever changed since the backup is undone". The backup names the
key of the installation that made it; restoring one made elsewhere says so first."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from approvals.paths import DataDir
from approvals.services import backup as backup_service
from approvals.services import review
from approvals.store.db import Database
from approvals.store.keys import format_fingerprint
from tests.conftest import new_database
from tests.unit.test_backup import ROOT, _add_case


def test_a_backup_names_the_installation_that_made_it(data_dir: DataDir, db: Database,
                                                      tmp_path: Path) -> None:
    own = review.installation_identity(data_dir).fingerprint
    _add_case(db)
    path = backup_service.create_backup(data_dir, out=tmp_path / "b.zip", actor=ROOT, db=db).path
    with zipfile.ZipFile(path) as zf:
        assert json.loads(zf.read(backup_service.MANIFEST))["installation"] == own
    checked = backup_service.check_for_restore(data_dir, path, actor=ROOT, db=db)
    try:
        assert checked.info.installation == own
        assert "another installation" not in checked.info.trust_note  # made here
    finally:
        checked.discard()


def test_restoring_another_installation_s_backup_says_so(data_dir: DataDir, db: Database,
                                                         tmp_path: Path) -> None:
    review.installation_identity(data_dir)  # this folder's key
    other = DataDir(tmp_path / "other").ensure()
    other_db = new_database(other)
    try:
        theirs = review.installation_identity(other).fingerprint
        _add_case(other_db)
        path = backup_service.create_backup(other, out=tmp_path / "theirs.zip", actor=ROOT,
                                            db=other_db).path
    finally:
        other_db.dispose()
    checked = backup_service.check_for_restore(data_dir, path, actor=ROOT, db=db)
    try:
        assert checked.info.trust_note.startswith(
            f"This backup was made by another installation (key {format_fingerprint(theirs)}), "
            "not this one: its cases, users and audit trail are that installation's.")
    finally:
        checked.discard()


def test_nothing_is_said_without_a_key_to_tell_by() -> None:
    assert backup_service.made_elsewhere_note("", "ab" * 32) == ""
    assert backup_service.made_elsewhere_note("ab" * 32, "") == ""
    assert backup_service.made_elsewhere_note("ab" * 32, "ab" * 32) == ""
