"""Review 16's loose ends on the preparer's side:

- a reviewer is named one way everywhere, as the trail records them and the Timeline, the
  status report and Proposed changes name them ("zhang.min (Reviewer laptop)"): the
  import's first line named the same reviewer "Zhang Min (zhang.min, Reviewer laptop)";
- the user who decided another reviewer's proposal is named as the app names people
  ("accepted by Pat Lee (pat)"), in the refusal to accept over it and in
  `review proposals`, not by login alone;
- a response whose pack's record went with a restored backup names the days as the app
  writes them ("1 Dec 2026"), not "2026-12-01".
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlmodel import select

from approvals.domain.clocks import fmt_date
from approvals.domain.errors import ConflictError
from approvals.paths import DataDir
from approvals.services import review
from approvals.services.users import create_user
from approvals.store.audit import Actor, append_event
from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui.review import import_summary
from tests.cli.helpers import run_many
from tests.review_multi_support import Desk, open_review_desk
from tests.review_support import PAT, ROOT, open_review_pair, write_response

# Users are made with the cheap hasher: these tests are about names, not passwords
# (argon2 at production cost is ~0.3 s a hash; the production hasher has its own test).
pytestmark = pytest.mark.usefixtures("fast_hash")


def test_the_import_names_the_reviewer_as_every_later_list_does(
    tmp_path: Path, data_dir: DataDir, db: Database
) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)
    zhang = Actor("zhang.min", ("reviewer",), "Zhang Min")
    try:
        review.propose_change(data_dir=pair.b_dir, pack_id=pair.pack_id,
                              reference=pair.reference, field_path="deal.board_seats",
                              value=2, actor=zhang)
        response = write_response(pair, tmp_path / "response.zip", actor=zhang)
    finally:
        pair.b_db.dispose()
    with db.session() as s:
        result = review.import_response(s, data_dir=data_dir, path=response, actor=ROOT)
    with db.read_session() as s:
        (proposal,) = review.list_proposals(s, reference=pair.reference)
    # The same words as the proposal's row (and the Timeline, which reads the same record).
    assert proposal.reviewer == "zhang.min (Reviewer laptop)"
    assert result.reviewer_text == proposal.reviewer
    assert import_summary(result)[0].startswith(
        "Response from zhang.min (Reviewer laptop) to review pack ")
    # The name their installation sent stays in the result (review import --json).
    assert result.reviewer_name == "Zhang Min"


@pytest.fixture
def desk(tmp_path: Path, data_dir: DataDir, db: Database) -> Iterator[Desk]:
    made = open_review_desk(tmp_path, data_dir, db)
    yield made
    made.close()


def test_whoever_accepted_another_reviewers_value_is_named(desk: Desk, tmp_path: Path) -> None:
    with desk.a_db.session() as s:
        create_user(s, actor=ROOT, username="pat", password="correct horse battery",
                    roles=["preparer"], display_name="Pat Lee")
    desk.propose("B", "deal.board_seats", 1)
    desk.propose("C", "deal.board_seats", 2)
    desk.import_(desk.respond("B", tmp_path / "rita.zip"))
    desk.import_(desk.respond("C", tmp_path / "ben.zip"))
    with desk.a_db.read_session() as s:
        rows = {p.reviewer.split(" ")[0]: p for p in review.list_proposals(s)}
    with desk.a_db.session() as s:
        review.decide_proposal(s, proposal_id=rows["rita"].id, accept=True, actor=PAT)
    with desk.a_db.session() as s, pytest.raises(ConflictError) as refused:
        review.decide_proposal(s, proposal_id=rows["ben"].id, accept=True, actor=PAT)
    assert (f"(the value of proposal #{rows['rita'].id} by rita (Reviewer laptop), "
            "accepted by Pat Lee (pat))") in str(refused.value)
    desk.close()
    desk.a_db.dispose()
    (listed,) = run_many(("review", "proposals", desk.reference,
                          "--data-dir", desk.a_dir.root))
    assert listed.code == 0, listed.stderr
    line = next(x for x in listed.stdout.splitlines() if x.startswith(f"#{rows['ben'].id} "))
    assert f"(proposal #{rows['rita'].id} by rita (Reviewer laptop), accepted by Pat Lee (pat))" \
        in line, line
    # The accepted row itself says who accepted it, as the window's Status column does.
    accepted = next(x for x in listed.stdout.splitlines()
                    if x.startswith(f"#{rows['rita'].id} "))
    assert accepted.endswith("   (accepted by Pat Lee (pat))"), accepted


def test_words_name_the_decider_by_name_and_leave_others_as_they_are() -> None:
    other = review.OtherProposal(7, "anna (Anna's laptop)", 1, "accepted", "li.wei")
    names = {"li.wei": "Li Wei"}
    assert other.words(names) == "#7 by anna (Anna's laptop), accepted by Li Wei (li.wei)"
    assert other.words() == "#7 by anna (Anna's laptop), accepted by li.wei"
    pending = review.OtherProposal(8, "ben (Ben's laptop)", 2, "pending", None)
    assert pending.words(names) == "#8 by ben (Ben's laptop), pending"


def test_a_restored_backup_is_dated_as_the_app_writes_days(db: Database) -> None:
    with db.session() as s:
        append_event(s, actor=ROOT, action="backup.restored", entity="installation",
                     entity_id="backup.zip",
                     details={"backup_created_at": "2026-11-28T09:15:00+00:00"})
        restored_at = s.exec(select(Event.occurred_at)
                             .where(Event.action == "backup.restored")).one()
        verified: Any = SimpleNamespace(manifest={"sent_at": "2026-11-30T10:00:00+00:00"})
        why = review._restored_since(s, verified)
    restored = fmt_date(date.fromisoformat(restored_at[:10]))  # the day the test ran
    assert why == (f" — or it was, after the backup restored here on {restored} was made "
                   "(28 Nov 2026), and its record went with the restore; export the cases "
                   "for review again")
    assert "2026-" not in why
