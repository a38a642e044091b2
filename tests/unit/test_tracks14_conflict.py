"""A step refused because someone else moved the track says what they did as a person
reads it: by name, the step and its states in words, the time as the app writes times
(it said "Track 3 (CN-FISR) … (version 1, now 2; alice at 2026-12-01T09:15:00Z:
draft → internal_review)")."""

from __future__ import annotations

import json
import re

import pytest

from approvals.domain.errors import ConflictError
from approvals.services.cases import create_case
from approvals.services.workflow import transition
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import FilingTrack, User
from tests.unit.test_locking import _facts

ALICE = Actor("alice", ("preparer",))
BOB = Actor("bob", ("preparer", "approver"))


def test_a_stale_step_names_who_moved_the_track_and_how(db: Database) -> None:
    with db.session() as s:
        s.add(User(username="alice", display_name="Alice Wong", roles=json.dumps(["preparer"])))
        case = create_case(s, facts=_facts(), actor=ALICE, status="draft")
        track = FilingTrack(case_id=case.id, regime="CN-FISR", kind="CN-FISR")
        s.add(track)
        s.flush()
        tid = track.id
    with db.session() as s:
        transition(
            session=s,
            track_id=tid,
            transition_name="submit_for_review",
            actor=ALICE,
            expected_version=1,
        )
    with db.session() as s, pytest.raises(ConflictError) as err:
        transition(
            session=s,
            track_id=tid,
            transition_name="withdraw",
            actor=BOB,
            reason="no longer needed",
            expected_version=1,
        )
    said = str(err.value)
    assert said.startswith(
        "The CN-FISR track was changed by someone else since you loaded "
        "it: Alice Wong (alice) took the step Submit for internal review "
        "(Draft → Internal review) at "
    )
    assert re.search(
        r" at \d{4}-\d\d-\d\d \d\d:\d\d UTC\. Reload it and try again; nothing "
        r"was saved\.$",
        said,
    ), said
    assert "version" not in said and "draft → internal_review" not in said
