"""`approvals backup` and `review export` say a file's size as people read it ("434.5 KB",
"100.0 MB"), as the app's document list does, not as a count of bytes ("104962794
bytes"); --json keeps the exact count."""

from __future__ import annotations

import re

from approvals.domain.documents import size_text
from approvals.services import review
from tests.cli.helpers import run_many
from tests.review_support import RITA, open_review_pair


def test_backup_and_pack_sizes_read_in_kb_and_mb(tmp_path, data_dir, db) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)
    pair.b_db.dispose()
    db.dispose()
    a = str(data_dir.root)
    backed_up, as_json, exported = run_many(
        ("backup", "--out", str(tmp_path / "b.zip"), "--data-dir", a),
        ("backup", "--out", str(tmp_path / "j.zip"), "--json", "--data-dir", a),
        ("review", "export", pair.reference, "--no-drafts", "--out", str(tmp_path / "p.zip"),
         "--data-dir", a))
    size = (tmp_path / "b.zip").stat().st_size
    assert f"({size_text(size)}, " in backed_up.stdout and size_text(size)[-2:] in ("KB", "MB")
    assert isinstance(as_json.json()["size"], int)
    assert re.search(r", \d+\.\d [KM]B\) to ", exported.stdout), exported.stdout
    assert "bytes" not in backed_up.stdout + exported.stdout


def test_export_and_respond_say_which_earlier_file_they_replaced(tmp_path, data_dir, db) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)
    review.add_review_comment(data_dir=pair.b_dir, pack_id=pair.pack_id,
                              reference=pair.reference, body="Checked", actor=RITA)
    pair.b_db.dispose()
    db.dispose()
    a, b = str(data_dir.root), str(pair.b_dir.root)
    pack, response = tmp_path / "p.zip", tmp_path / "r.zip"
    export = ("review", "export", pair.reference, "--no-drafts", "--out", str(pack), "--data-dir", a)
    respond = ("review", "respond", pair.pack_id[:8], "--out", str(response), "--data-dir", b)
    first, again, answered, answered_again = run_many(export, export, respond, respond)
    # As `approvals backup` says it: the command never asks (scripts), but says so.
    assert "replaced" not in first.stdout + answered.stdout
    assert again.stdout.splitlines()[1] == "It replaced the earlier file p.zip there."
    assert answered_again.stdout.splitlines()[-1] == "It replaced the earlier file r.zip there."
