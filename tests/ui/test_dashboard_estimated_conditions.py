"""The dashboard's Due column marks a condition's due date "(estimated)" when it is counted
through a year without an official holiday schedule, as the Tracks tab and the status
report do (the estimated note of domain.calendars), and stops once the schedule is in."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from approvals.domain.calendars import ESTIMATED_MARK
from approvals.domain.facts import parse_facts
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts
from approvals.services.workflow import add_calendar_year, list_obligations
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, FilingTrack
from approvals.ui.dashboard import DUE, STATE, DeadlinesDashboard, load_prepared
from tests.workflow_support import complete_for_filing, take_step

PREP = Actor("pat", ("preparer",))
APPR = Actor("adam", ("approver",))
TODAY = date(2026, 12, 16)
COUNTED = "Localise the model weights"  # 50 working days after 15 Dec 2026: in 2027
TYPED = "Register the board change"


_step = partial(take_step, today=TODAY)


def _cleared_with_conditions(db: Database) -> int:
    with db.session() as s:
        case = create_case(s, facts=parse_facts(demo_facts()[0]), actor=PREP, today=TODAY,
                           status="draft")
        track = FilingTrack(case_id=case.id, regime="CN-FISR", kind="CN-FISR",
                            outcome="approval_required")
        s.add(track)
        s.flush()
        complete_for_filing(s, case.reference, PREP)
        stored = s.get(Case, case.id)
        assert stored is not None and track.id is not None
        stored.status = "open"  # listed on the dashboard, without the screening's tracks
        track_id = track.id
    for name, actor, params in (
            ("submit_for_review", PREP, {}), ("approve_for_filing", APPR, {"on": "2026-08-04"}),
            ("file", PREP, {"filing_reference": "FISR-1", "on": "2026-08-06"}),
            ("accept", PREP, {"on": "2026-08-10"}),
            ("start_preliminary_review", PREP, {"on": "2026-08-10"}),
            ("start_general_review", PREP, {"on": "2026-08-28"}),
            ("clear_with_conditions", PREP, {
                "on": "2026-12-15", "reason": "Decision notice",
                "conditions": [{"text": COUNTED, "due_days": 50, "due_unit": "working"},
                               {"text": TYPED, "due_date": "2027-02-25"}]})):
        _step(db, track_id, name, actor, **params)
    return track_id


def _due_column(qtbot: Any, runner: Any, db: Database) -> dict[str, str]:
    """{condition: its Due cell} as the dashboard shows them."""
    dashboard = DeadlinesDashboard(runner)
    qtbot.addWidget(dashboard)
    with db.read_session() as s:
        dashboard._show(load_prepared(s), today=TODAY)
    tree = dashboard.tree
    out = {}
    for g in range(tree.topLevelItemCount()):
        head = tree.topLevelItem(g)
        for i in range(head.childCount()):
            row = head.child(i)
            out[row.text(STATE).removeprefix("Condition: ").split(" (")[0]] = row.text(DUE)
    return out


def test_a_condition_counted_into_an_estimated_year_says_estimated(qtbot, runner,
                                                                     db: Database) -> None:
    track_id = _cleared_with_conditions(db)
    with db.read_session() as s:  # what the Tracks tab is given
        tab = {o.text.split(" (")[0]: o for o in list_obligations(session=s, track_id=track_id)}
    assert ESTIMATED_MARK in tab[COUNTED].text and ESTIMATED_MARK not in tab[TYPED].text
    due = _due_column(qtbot, runner, db)
    assert due[COUNTED] == f"{tab[COUNTED].due_date} (estimated)"
    assert tab[COUNTED].due_date and tab[COUNTED].due_date.startswith("2027-")
    assert due[TYPED] == "2027-02-25"  # a typed date is never an estimate

    # The official 2027 schedule entered: the condition is counted on it, no estimate.
    with db.session() as s:
        add_calendar_year(session=s, actor=APPR, calendar="CN", year=2027,
                          source="State Council notice", days=[
                              {"day": "2027-01-01", "kind": "holiday", "name": "New Year"}],
                          reason="notice published")
    due = _due_column(qtbot, runner, db)
    assert "(estimated)" not in due[COUNTED] and due[COUNTED].startswith("2027-")
