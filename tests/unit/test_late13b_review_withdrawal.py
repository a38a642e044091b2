"""Review mode names who withdrew a document in words, as the sender's own case window does:
"Withdrawn 2026-11-30 by Pat Okafor (pat): …", not "by pat". The reviewer's installation
has other users, so the pack carries the full name beside the login; a pack without it (an
earlier release, a user without a full name) still says the login."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from approvals.paths import DataDir
from approvals.services import documents, review
from approvals.services.cases import import_case
from approvals.store.audit import Actor
from approvals.store.cases import case_by_reference
from approvals.store.migrate import open_database
from approvals.store.models import User
from tests.conftest import EXAMPLES_DIR
from tests.unit.test_document_withdrawal import ROOT, a_file, attach

PAT = Actor("pat", ("preparer",))
RITA = Actor("rita", ("reviewer",))

pytestmark = pytest.mark.usefixtures("fast_hash")  # cheap argon2 parameters


def test_review_mode_names_who_withdrew_a_document(tmp_path: Path, data_dir: DataDir) -> None:
    db = open_database(data_dir)
    b_dir = DataDir(tmp_path / "B").ensure()
    b_db = open_database(b_dir)
    try:
        with db.session() as s:
            s.add(User(username="root", roles=json.dumps(list(ROOT.roles))))
            s.add(User(username="pat", display_name="Pat Okafor",
                       roles=json.dumps(list(PAT.roles))))
            data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
            ref = import_case(s, data=data, actor=ROOT).reference
            case_id = case_by_reference(s, ref).id
        old = attach(db, data_dir, case_id, a_file(tmp_path, "spa v1.pdf", b"v1"))
        attach(db, data_dir, case_id, a_file(tmp_path, "spa v2.pdf", b"v2"),
               supersedes=old.id, reason="unsigned copy")
        # Withdrawn by root, who has no full name: the login alone.
        lone = attach(db, data_dir, case_id, a_file(tmp_path, "kyc.pdf", b"kyc"), actor=ROOT)
        with db.session() as s:
            documents.withdraw_document(s, actor=ROOT, document_id=lone.id,
                                        reason="wrong company")
        pack = tmp_path / "review.zip"
        with db.session() as s:
            review.export_review_pack(s, data_dir=data_dir, references=[ref], out=pack,
                                      actor=PAT, drafts=False)
        with zipfile.ZipFile(pack) as zf:
            rows = next(json.loads(zf.read(n)) for n in zf.namelist()
                        if n.endswith("documents.json"))
        by_id = {r["id"]: r for r in rows}
        assert by_id[old.id]["withdrawn_by"] == "pat"  # the login stays: it is the identity
        assert by_id[old.id]["withdrawn_by_name"] == "Pat Okafor"
        assert "withdrawn_by_name" not in by_id[lone.id]
        with b_db.session() as s:
            review.trust_key(s, key_text=review.installation_identity(data_dir).public_key_text,
                             label="Preparer", actor=ROOT)
            opened = review.open_review_pack(s, data_dir=b_dir, path=pack, actor=RITA)
        shown = {d.file_name: d for d in review.get_review(b_dir, opened.pack_id)
                 .cases[0].documents}
        assert shown["spa v1.pdf"].withdrawal.endswith(
            " by Pat Okafor (pat): unsigned copy"), shown["spa v1.pdf"].withdrawal
        assert shown["kyc.pdf"].withdrawal.endswith(" by root: wrong company")
    finally:
        b_db.dispose()
        db.dispose()


def test_a_pack_row_without_the_name_reads_as_before() -> None:
    """documents.json of an earlier release, or a name of the wrong type (hand-edited)."""
    row = {"withdrawn_at": "2026-11-30T10:00:00Z", "withdrawn_by": "pat",
           "withdrawn_reason": "wrong version"}
    doc = review.ReviewDocument(1, "a.pdf", "", False, 1, "0" * 64, Path("a.pdf"),
                                *review._pack_withdrawal(row))
    assert doc.withdrawal == "Withdrawn 2026-11-30 by pat: wrong version"
    odd = review.ReviewDocument(1, "a.pdf", "", False, 1, "0" * 64, Path("a.pdf"),
                                *review._pack_withdrawal({**row, "withdrawn_by_name": 7}))
    assert odd.withdrawal == doc.withdrawal
