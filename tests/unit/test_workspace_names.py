"""The deadlines dashboard's reads carry the target's Chinese name (officers know a company
by it): open tracks, open conditions and expected US notifications."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlmodel import Session

from approvals.domain.facts import parse_facts
from approvals.services.cases import create_case
from approvals.services.workspace import expected_notifications, open_deadlines
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, FilingTrack, Obligation
from tests.conftest import EXAMPLES_DIR

TODAY = date(2026, 11, 29)


def _facts(name: str, zh: str | None) -> dict[str, Any]:
    data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text())
    data["target"]["name_en"] = name
    data["target"]["name_zh"] = zh
    data["deal"]["expected_completion_date"] = "2027-02-01"
    return data


def _case_with_us_track(session: Session, admin: Actor, name: str, zh: str | None) -> tuple[str, int]:
    """A case (created as a draft so no screening runs) with one US notification track."""
    detail = create_case(session, facts=parse_facts(_facts(name, zh)), actor=admin,
                         status="draft", today=TODAY)
    case = session.get(Case, detail.id)
    assert case is not None
    case.status = "open"
    track = FilingTrack(case_id=detail.id, regime="US-OISP", kind="US-OISP",
                        outcome="notification_required", state="draft")
    session.add_all([case, track])
    session.flush()
    assert track.id is not None
    return detail.reference, track.id


def test_open_tracks_conditions_and_expected_notifications_carry_the_chinese_name(
        db: Database, admin: Actor) -> None:
    with db.session() as s:
        named, track_id = _case_with_us_track(s, admin, "Example Frontier AI Co., Ltd.",
                                              " 示例前沿智能有限公司 ")
        plain, _ = _case_with_us_track(s, admin, "No Chinese Name Ltd.", None)
        s.add(Obligation(track_id=track_id, text="Report annually", due_date="2027-06-30"))
    with db.read_session() as s:
        deadlines = open_deadlines(s)
        expected = expected_notifications(s, today=TODAY)
    names = {(d.reference, d.condition is not None): (d.target, d.target_zh) for d in deadlines}
    both = ("Example Frontier AI Co., Ltd.", "示例前沿智能有限公司")
    assert names[(named, False)] == both  # the track
    assert names[(named, True)] == both  # its open condition
    assert names[(plain, False)] == ("No Chinese Name Ltd.", "")
    by_ref = {e.reference: e for e in expected}
    assert (by_ref[named].target, by_ref[named].target_zh) == both
    assert by_ref[plain].target_zh == ""
