"""The US notifications the deadlines dashboard expects: open US-OISP tracks whose completion
date is not recorded, with the due date projected from the expected completion date."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlmodel import Session

from approvals.domain import workflow as wf
from approvals.domain.clocks import fmt_date
from approvals.domain.facts import parse_facts
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts
from approvals.services.workflow import track_view, transition
from approvals.services.workspace import expected_notifications
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, FilingTrack

TODAY = date(2026, 11, 29)
PREP = Actor("pat", ("preparer",))
SETUP = Actor("setup", ("preparer",))


def _facts(expected: str | None) -> dict[str, Any]:
    data = json.loads(json.dumps(demo_facts()[0]))
    if expected is None:
        data["deal"].pop("expected_completion_date", None)
    else:
        data["deal"]["expected_completion_date"] = expected
    return data


def add_track(session: Session, expected: str | None, *, kind: str = "US-OISP",
              outcome: str = "notification_required", state: str = "draft",
              case_status: str = "open") -> tuple[str, int]:
    """A case (created as a draft so no screening opens tracks) with one track of ours."""
    detail = create_case(session, facts=parse_facts(_facts(expected)), actor=SETUP,
                         status="draft", today=TODAY)
    case = session.get(Case, detail.id)
    assert case is not None
    case.status = case_status
    regime = "US-OISP" if kind == "US-OISP" else kind
    track = FilingTrack(case_id=detail.id, regime=regime, kind=kind, outcome=outcome,
                        state=state)
    session.add_all([case, track])
    session.flush()
    assert track.id is not None
    return detail.reference, track.id


@pytest.fixture
def tracks(db: Database) -> Iterator[dict[str, tuple[str, int]]]:
    with db.session() as s:
        made = {
            "feb": add_track(s, "2027-02-01"),
            "dec": add_track(s, "2026-12-15", state="internal_review"),
            "unknown": add_track(s, None),
            "far": add_track(s, "2031-06-01", state="approved_for_filing"),
            "passed": add_track(s, "2026-10-20"),
            # Never listed: prohibited, already filed, ended, a CN track, an intake draft.
            "prohibited": add_track(s, "2027-01-10", outcome="prohibited"),
            "filed": add_track(s, "2027-01-05", state="filed"),
            "withdrawn": add_track(s, "2027-01-06", state="withdrawn"),
            "cn": add_track(s, "2027-01-07", kind="CN-FISR", outcome="approval_required"),
            "intake": add_track(s, "2027-01-08", case_status="draft"),
            "recorded": add_track(s, "2027-01-09"),
        }
    with db.session() as s:  # recording the completion date starts the clock: no projection
        transition(session=s, track_id=made["recorded"][1], transition_name="record_completion",
                   actor=PREP, reason="", expected_version=1, today=TODAY,
                   completion_date="2026-11-20")
    yield made


def test_listed_by_projected_due_date_with_unknown_completion_last(
        db: Database, tracks: dict[str, tuple[str, int]]) -> None:
    with db.read_session() as s:
        got = expected_notifications(s, today=TODAY)
    ref = {k: v[0] for k, v in tracks.items()}
    assert [e.reference for e in got] == [ref["passed"], ref["dec"], ref["feb"], ref["far"],
                                          ref["unknown"]]
    by_ref = {e.reference: e for e in got}
    # 30 calendar days after the expected completion date (resources' clock rule).
    assert (by_ref[ref["feb"]].expected_completion, by_ref[ref["feb"]].projected_due) == \
        ("2027-02-01", "2027-03-03")
    assert by_ref[ref["dec"]].projected_due == "2027-01-14"
    assert by_ref[ref["passed"]].projected_due == "2026-11-19"  # already past: still listed
    assert by_ref[ref["dec"]].state == "internal_review"
    assert by_ref[ref["feb"]].rule == "due 30 calendar days after the completion date"
    assert "850.401" in by_ref[ref["feb"]].citation
    unknown = by_ref[ref["unknown"]]
    assert unknown.expected_completion is None and unknown.projected_due is None
    assert not unknown.estimated
    # 2031 has no official US schedule: the projection says it is estimated, and why.
    far = by_ref[ref["far"]]
    assert far.projected_due == "2031-07-01" and far.estimated
    assert any("2031" in w for w in far.warnings)
    assert not by_ref[ref["feb"]].estimated and by_ref[ref["feb"]].warnings == ()


def test_prohibited_filed_ended_recorded_cn_and_intake_drafts_are_left_out(
        db: Database, tracks: dict[str, tuple[str, int]]) -> None:
    with db.read_session() as s:
        listed = {e.track_id for e in expected_notifications(s, today=TODAY)}
    for name in ("prohibited", "filed", "withdrawn", "cn", "intake", "recorded"):
        assert tracks[name][1] not in listed, name
    with db.read_session() as s:
        recorded = s.get(FilingTrack, tracks["recorded"][1])
        assert recorded is not None and recorded.clock_start == "2026-11-20"


def test_the_projection_is_the_one_the_track_shows(
        db: Database, tracks: dict[str, tuple[str, int]], monkeypatch: pytest.MonkeyPatch) -> None:
    """One source: the track's clock text and the dashboard give the same date, also when a
    later version of the rule (45 days from 2027) is in force on the completion date."""
    shipped = wf.clock_specs()
    later = replace(wf.clock_spec("US-OISP", "notification", date(2026, 1, 1)),
                    effective_from=date(2027, 1, 1), days=45)
    monkeypatch.setattr(wf, "clock_specs", lambda path=None: (*shipped, later))
    with db.read_session() as s:
        got = expected_notifications(s, today=TODAY)
        for e in got:
            view = track_view(session=s, track_id=e.track_id, today=TODAY)
            assert view.clock_text.startswith(e.rule), view.clock_text
            assert view.estimated == e.estimated
            if e.projected_due and e.expected_completion:
                assert (f"expected completion {fmt_date(date.fromisoformat(e.expected_completion))}"
                        f" → due {fmt_date(date.fromisoformat(e.projected_due))}") in view.clock_text
            else:
                assert "completion date not known" in view.clock_text
    feb = next(e for e in got if e.reference == tracks["feb"][0])
    assert feb.projected_due == "2027-03-18" and feb.rule.startswith("due 45 calendar days")
    dec = next(e for e in got if e.reference == tracks["dec"][0])
    assert dec.projected_due == "2027-01-14"  # completes before the later version applies


def test_nothing_expected_without_us_tracks(db: Database) -> None:
    with db.session() as s:
        add_track(s, "2027-01-07", kind="CN-FISR", outcome="approval_required")
    with db.read_session() as s:
        assert expected_notifications(s, today=TODAY) == []
