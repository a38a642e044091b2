"""A proposal whose field changed here after the export names that change: who (with
their display name), when and why, read in the same read as the proposals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import event as sa_event
from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services import review
from approvals.services.case_edit import update_case_facts
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, User
from tests.review_support import PAT, RITA, open_review_pair, write_response

LEE = Actor("lee", ("preparer",), "Lee Chen")


def edit_here(db: Database, ref: str, changes: dict[str, object], *, actor: Actor,
              reason: str) -> None:
    """Change facts on the preparer's installation as the case window does (audited)."""
    with db.session() as s:
        case = s.exec(select(Case).where(Case.reference == ref)).one()
        facts = json.loads(case.facts)
        for path, value in changes.items():
            facts = review.set_path(facts, path, value)
        assert case.id is not None
        update_case_facts(session=s, case_id=case.id, expected_version=case.version,
                          new_facts=parse_facts(facts), actor=actor, reason=reason)


@pytest.fixture
def conflicting(tmp_path: Path, data_dir: DataDir, db: Database):
    """The reviewer proposes three fields; meanwhile Lee edits all three here."""
    pair = open_review_pair(tmp_path, data_dir, db)
    with db.session() as s:
        s.add(User(username="lee", display_name="Lee Chen", roles=json.dumps(["preparer"])))
    fields = {"target.headquarters": "SG", "deal.board_seats": 3, "deal.amount.value": 7}
    for path, value in fields.items():
        review.propose_change(data_dir=pair.b_dir, pack_id=pair.pack_id, reference=pair.reference,
                              field_path=path, value=value, actor=RITA)
    response = write_response(pair, tmp_path / "response.zip")
    edit_here(db, pair.reference, {"target.headquarters": "US"}, actor=PAT, reason="first go")
    edit_here(db, pair.reference, {"target.headquarters": "DE", "deal.board_seats": 4,
                                   "deal.amount.value": 9},
              actor=LEE, reason="the SPA's final text")
    with db.session() as s:
        review.import_response(s, data_dir=data_dir, path=response, actor=PAT)
    yield pair
    pair.b_db.dispose()


def test_the_latest_change_here_is_named_with_who_when_and_why(conflicting, db):
    with db.read_session() as s:
        views = {v.field_path: v for v in review.list_proposals(s, reference=conflicting.reference)}
    hq = views["target.headquarters"]
    assert hq.conflict and hq.changed_here is not None
    # Lee's edit, not Pat's earlier one: the value the reviewer's would replace.
    assert hq.changed_here.actor == "lee" and hq.changed_here.reason == "the SPA's final text"
    words = hq.changed_here.words()
    assert words.startswith("changed here by Lee Chen (lee) on ")
    assert words.endswith(" UTC: the SPA's final text")


def test_no_change_named_without_a_conflict(conflicting, db):
    with db.session() as s:
        (hq,) = [v for v in review.list_proposals(s, reference=conflicting.reference)
                 if v.field_path == "target.headquarters"]
        done = review.decide_proposal(s, proposal_id=hq.id, accept=True, actor=PAT,
                                      override_conflict=True)
    assert done.changed_here is None
    with db.read_session() as s:
        decided = [v for v in review.list_proposals(s) if v.id == hq.id]
    assert decided[0].changed_here is None  # accepted: nothing left to decide over


def test_one_read_of_the_trail_for_all_conflicts(conflicting, db):
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    engine = db.engine
    sa_event.listen(engine, "before_cursor_execute", seen)
    try:
        with db.read_session() as s:
            views = review.list_proposals(s, reference=conflicting.reference)
    finally:
        sa_event.remove(engine, "before_cursor_execute", seen)
    assert sum(v.changed_here is not None for v in views) == 3
    assert sum("FROM events" in st for st in statements) == 1


def test_a_field_changed_again_after_the_officer_confirmed_is_not_overwritten(conflicting, db):
    """The officer confirmed replacing the value shown ("Now: 4"); a colleague saved 5 while
    the question was open. Accepting then refuses, naming both values, and keeps the 5."""
    with db.read_session() as s:
        (seats,) = [v for v in review.list_proposals(s, reference=conflicting.reference)
                    if v.field_path == "deal.board_seats"]
    assert seats.conflict and seats.current_value == 4
    edit_here(db, conflicting.reference, {"deal.board_seats": 5}, actor=LEE, reason="new minutes")
    with db.session() as s, pytest.raises(review.ConflictError) as refused:
        review.decide_proposal(s, proposal_id=seats.id, accept=True, actor=PAT,
                               override_conflict=True, confirmed_current=seats.current_value)
    assert str(refused.value) == (
        f"Board seats (Deal) [deal.board_seats] of {conflicting.reference} changed again since you confirmed "
        "replacing it: it was 4, it is now 5. Look at it again before deciding; nothing was "
        "changed.")
    with db.read_session() as s:
        (again,) = [v for v in review.list_proposals(s, reference=conflicting.reference)
                    if v.field_path == "deal.board_seats"]
    assert (again.status, again.current_value) == ("pending", 5)
    with db.session() as s:  # confirmed as it is now: accepted over it
        done = review.decide_proposal(s, proposal_id=seats.id, accept=True, actor=PAT,
                                      override_conflict=True, confirmed_current=5)
    assert (done.status, done.current_value) == ("accepted", 3)
