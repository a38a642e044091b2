"""Two officers editing one case's facts: the second save's refusal names what the first
changed in the officer's words (as the wizard and the Overview name the fields), with the
fact path to find it in a facts file."""

from __future__ import annotations

import json

import pytest

from approvals.domain.errors import ConflictError
from approvals.domain.facts import parse_facts
from approvals.services.case_edit import update_case_facts
from approvals.services.cases import create_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from tests.conftest import EXAMPLES_DIR

ALICE = Actor("alice", ("preparer",))
BOB = Actor("bob", ("preparer",))


def facts(**deal: object):
    data = json.loads((EXAMPLES_DIR / "vision-startup.json").read_text(encoding="utf-8"))
    data["deal"].update(deal)
    return parse_facts(data)


def test_a_stale_save_names_the_other_officers_changes_in_words(db: Database) -> None:
    with db.session() as s:
        case = create_case(s, facts=facts(), actor=ALICE)
    with db.session() as s:
        update_case_facts(session=s, case_id=case.id, expected_version=case.version,
                          new_facts=facts(stake_after_pct=49), actor=ALICE, reason="revised")
    with db.session() as s, pytest.raises(ConflictError) as refused:
        update_case_facts(session=s, case_id=case.id, expected_version=case.version,
                          new_facts=facts(board_seats=2), actor=BOB, reason="mine")
    said = str(refused.value)
    assert "they changed: Stake after the deal (%) (Deal) [deal.stake_after_pct] (by alice" in said
    assert refused.value.changes[0].startswith("deal.stake_after_pct (by alice")
