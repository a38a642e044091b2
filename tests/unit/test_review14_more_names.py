"""Who trusted a key, who decided a proposed change and who stopped trusting a key were
said by login ("added … by alice", "accepted by li.wei", "alice stopped trusting it"): by
name, as the app names people, the login beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from approvals.domain.errors import ConflictError
from approvals.exchange.pack import PackRefused
from approvals.paths import DataDir
from approvals.services import review
from approvals.services.users import create_user
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.review import proposal_status_text
from tests.review_support import ROOT, open_review_pair, proposal_response

# Users are made with the cheap hasher: these tests are about names, not passwords
# (argon2 at production cost is ~0.3 s a hash; the production hasher has its own test).
pytestmark = pytest.mark.usefixtures("fast_hash")

ALICE = Actor("alice", ("admin",), "Alice Wong")


def _alice(db: Database) -> None:
    with db.session() as s:
        create_user(
            s,
            actor=ROOT,
            username="alice",
            password="correct horse battery",
            roles=["admin"],
            display_name="Alice Wong",
        )


def test_who_trusted_a_key_is_named(tmp_path: Path, data_dir: DataDir, db: Database) -> None:
    _alice(db)
    other = DataDir(tmp_path / "other").ensure()
    with db.session() as s:
        review.trust_key(
            s,
            key_text=review.installation_identity(other).public_key_text,
            label="Reviewer laptop",
            actor=ALICE,
        )
    with db.read_session() as s:
        (key,) = review.list_trusted_keys(s)
    assert key.added_by == "alice" and key.added_by_text == "Alice Wong (alice)"


def test_who_stopped_trusting_a_key_is_named(
    tmp_path: Path, data_dir: DataDir, db: Database
) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)
    try:
        _alice(pair.b_db)
        with pair.b_db.session() as s:
            review.untrust_key(
                s, fingerprint=review.installation_identity(data_dir).fingerprint, actor=ALICE
            )
        with pair.b_db.session() as s, pytest.raises(PackRefused) as refused:
            review.open_review_pack(s, data_dir=pair.b_dir, path=pair.pack, actor=ROOT)
    finally:
        pair.b_db.dispose()
    assert refused.value.trust_removed.startswith(
        "Alice Wong (alice) stopped trusting it (trusted as “Preparer”) on "
    )


def _decided(status: str, by: str) -> review.ProposalView:
    return review.ProposalView(
        id=3,
        case_id=1,
        reference="AP-2026-0001",
        field_path="deal.board_seats",
        base_value=1,
        proposed_value=2,
        current_value=2,
        conflict=False,
        status=status,
        reviewer="rita (Reviewer laptop)",
        pack_id="p",
        decided_by=by,
        decided_at="2026-12-01T05:00:00Z",
    )


def test_who_decided_a_proposal_is_named() -> None:
    names = {"li.wei": "Li Wei"}
    assert (
        proposal_status_text(_decided("accepted", "li.wei"), names) == "accepted by Li Wei (li.wei)"
    )
    assert proposal_status_text(_decided("rejected", "cli:root"), names) == "rejected by cli:root"


def test_a_proposal_decided_already_names_who_decided_it(
    tmp_path: Path, data_dir: DataDir, db: Database
) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)
    response = proposal_response(pair, tmp_path / "response.zip")
    with db.session() as s:
        create_user(
            s,
            actor=ROOT,
            username="li.wei",
            password="correct horse battery",
            roles=["preparer", "approver"],
            display_name="Li Wei",
        )
    li_wei = Actor("li.wei", ("preparer", "approver"), "Li Wei")
    with db.session() as s:
        review.import_response(s, data_dir=data_dir, path=response, actor=li_wei)
    with db.read_session() as s:
        (proposal,) = review.list_proposals(s, reference=pair.reference)
    with db.session() as s:
        review.decide_proposal(s, proposal_id=proposal.id, accept=True, actor=li_wei)
    with db.session() as s, pytest.raises(ConflictError) as again:
        review.decide_proposal(s, proposal_id=proposal.id, accept=False, actor=li_wei)
    assert str(again.value) == (
        f"Proposed change {proposal.id} was already accepted by Li Wei (li.wei)."
    )
