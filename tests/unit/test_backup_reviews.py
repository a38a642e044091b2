"""A reviewer's installation: the review packs opened there, and the input given so far,
are in its backups and come back on restore, without overwriting newer input."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from approvals.domain.errors import CheckFailed
from approvals.paths import DataDir
from approvals.services import backup, review
from approvals.store.db import Database
from tests.review_support import RITA, ROOT, open_review_pair


def _reviewer_with_an_open_pack(tmp_path: Path, data_dir: DataDir, db: Database):
    pair = open_review_pair(tmp_path, data_dir, db, exporter=ROOT, trust_back=False)
    review.add_review_comment(data_dir=pair.b_dir, pack_id=pair.pack_id, reference=pair.reference,
                              body="Check the veto clause", actor=RITA)
    return pair.b_dir, pair.b_db, pair.reference, pair.pack_id


def test_open_reviews_are_backed_up_and_restored(tmp_path, data_dir, db):
    b_dir, b_db, _ref, pack_id = _reviewer_with_an_open_pack(tmp_path, data_dir, db)
    (review.reviews_dir(b_dir) / ".incoming-half").mkdir()  # a pack still being verified
    out = tmp_path / "b-backup.zip"
    backup.create_backup(b_dir, out=out, actor=ROOT, db=b_db)
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
    assert f"reviews/{pack_id}/input.json" in names
    assert not any(".incoming" in n for n in names)
    b_db.dispose()
    # The laptop's review folder is lost; the restore brings the review and its input back.
    shutil.rmtree(review.reviews_dir(b_dir))
    result = backup.restore_backup(b_dir, out, actor=ROOT)
    assert result.replaced is not None
    view = review.get_review(b_dir, pack_id)
    assert [c.body for c in view.cases[0].comments if c.origin == "review"] == [
        "Check the veto clause"]
    assert not [p for p in b_dir.root.iterdir() if p.name.startswith(".reviews-")]


def test_restore_never_overwrites_review_input_given_since(tmp_path, data_dir, db):
    b_dir, b_db, ref, pack_id = _reviewer_with_an_open_pack(tmp_path, data_dir, db)
    out = tmp_path / "b-backup.zip"
    backup.create_backup(b_dir, out=out, actor=ROOT, db=b_db)
    review.add_review_comment(data_dir=b_dir, pack_id=pack_id, reference=ref,
                              body="Written after the backup", actor=RITA)
    b_db.dispose()
    backup.restore_backup(b_dir, out, actor=ROOT)
    bodies = [c.body for c in review.get_review(b_dir, pack_id).cases[0].comments
              if c.origin == "review"]
    assert bodies == ["Check the veto clause", "Written after the backup"]


def test_a_backup_with_an_unexpected_top_level_member_is_still_refused(tmp_path, data_dir, db):
    b_dir, b_db, _ref, _pack_id = _reviewer_with_an_open_pack(tmp_path, data_dir, db)
    out = tmp_path / "b-backup.zip"
    backup.create_backup(b_dir, out=out, actor=ROOT, db=b_db)
    b_db.dispose()
    with zipfile.ZipFile(out) as zf:
        manifest = json.loads(zf.read(backup.MANIFEST))
        members = {n: zf.read(n) for n in zf.namelist()}
    manifest["members"].append({"path": "keys/installation_ed25519.pem", "sha256": "0" * 64,
                                "size": 3})
    members["keys/installation_ed25519.pem"] = b"abc"
    members[backup.MANIFEST] = json.dumps(manifest).encode()
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    with pytest.raises(CheckFailed, match=r"keys/installation_ed25519\.pem' has an unsafe name"):
        backup.verify_backup(bad)
