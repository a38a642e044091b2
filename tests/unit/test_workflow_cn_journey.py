"""The service side of the Chinese journey: what a plain clearance of a data-export
assessment owes (a follow-up, not a condition), and how an extension is offered (what is
left of the statutory one; none left, the step is greyed out with the reason)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from approvals.domain.errors import InputError
from approvals.domain.facts import parse_facts
from approvals.services.cases import create_case
from approvals.services.workflow import track_view, transition
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import FilingTrack
from tests.cn_journey_facts import FACTS
from tests.workflow_support import complete_for_filing

BOB = Actor(username="zhangmin", roles=("approver",))


def _steps(db: Database, admin: Actor, track_id: int, *steps: tuple[str, dict[str, Any]]) -> None:
    for name, params in steps:
        with db.session() as session:
            version = session.get(FilingTrack, track_id).version
            transition(session=session, track_id=track_id, transition_name=name,
                       actor=BOB if name == "approve_for_filing" else admin, reason="test",
                       expected_version=version, **params)


def _view(db: Database, track_id: int, today: str = "2026-11-29") -> Any:
    from datetime import date

    with db.read_session() as session:
        return track_view(session=session, track_id=track_id, today=date.fromisoformat(today))


@pytest.fixture
def tracks(db: Database, admin: Actor) -> dict[str, int]:
    with db.session() as session:
        case = create_case(session, facts=parse_facts(FACTS), actor=admin)
        complete_for_filing(session, case.reference, admin)
        out = {t.regime: t.id for t in session.exec(select(FilingTrack)).all()}
    for track_id in out.values():
        _steps(db, admin, track_id, ("submit_for_review", {"on": "2026-07-20"}),
               ("approve_for_filing", {"on": "2026-07-22"}),
               ("file", {"filing_reference": "REF", "on": "2026-07-27"}))
    return out


def test_a_plain_clearance_owes_a_follow_up_not_a_condition(
        db: Database, admin: Actor, tracks: dict[str, int]) -> None:
    data = tracks["CN-DATA-EXPORT"]
    _steps(db, admin, data, ("accept", {"on": "2026-10-30"}),
           ("start_assessment", {"on": "2026-10-30"}), ("clear", {"on": "2026-12-21"}))
    view = _view(db, data)
    assert view.clock_text == "Assessment passed on 21 Dec 2026; 1 open follow-up"
    assert view.obligation_word == "follow-up"
    [renewal] = view.obligations
    assert renewal.text.startswith("Apply to renew the data export security assessment")
    # A conditional clearance's obligations are its conditions.
    fisr = tracks["CN-FISR"]
    _steps(db, admin, fisr, ("accept", {"on": "2026-07-30"}),
           ("start_preliminary_review", {"on": "2026-07-30"}),
           ("start_general_review", {"on": "2026-08-20"}),
           ("clear_with_conditions", {"on": "2026-09-01",
                                      "conditions": ["Keep the source code in China"]}))
    assert _view(db, fisr).clock_text == "Cleared with conditions on 1 Sep 2026; 1 open condition"
    assert _view(db, fisr).obligation_word == "condition"


def test_an_extension_takes_what_is_left_and_is_offered_only_while_some_is(
        db: Database, admin: Actor, tracks: dict[str, int]) -> None:
    samr = tracks["CN-SAMR"]
    _steps(db, admin, samr, ("accept", {"on": "2026-09-01"}),
           ("start_phase_2", {"on": "2026-10-08"}),
           ("extend_review", {"on": "2026-11-20", "days": 45}))
    action = next(a for a in _view(db, samr).actions if a.name == "extend_review")
    assert action.allowed
    assert dict(action.param_hints)["days"] == (
        "calendar days; empty: 15, what is left of 60 of the extension")
    assert action.param_required == ()
    # Given no number, the rest of the 60 days (it took all 60, and the cap refused it).
    _steps(db, admin, samr, ("extend_review", {"on": "2026-11-23"}))
    view = _view(db, samr)
    assert view.clock is not None and view.clock.days == 150
    action = next(a for a in view.actions if a.name == "extend_review")
    assert not action.allowed
    assert action.why_not == ("The extension is at most 60 calendar days in all, and all of "
                              "it has been granted.")
    # FISR special review: no statutory length, so the number is required.
    fisr = tracks["CN-FISR"]
    _steps(db, admin, fisr, ("accept", {"on": "2026-07-30"}),
           ("start_preliminary_review", {"on": "2026-07-30"}),
           ("start_general_review", {"on": "2026-08-20"}),
           ("start_special_review", {"on": "2026-09-10"}))
    action = next(a for a in _view(db, fisr).actions if a.name == "extend_review")
    assert action.allowed and dict(action.param_required)["days"]
    assert dict(action.param_hints)["days"] == "working days, as the authority's notice says"
    with pytest.raises(InputError) as err:
        _steps(db, admin, fisr, ("extend_review", {"on": "2026-11-20"}))
    assert err.value.problems[0].path == "days"
    assert "working days" in err.value.problems[0].message
