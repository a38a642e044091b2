"""The renewal a plain data-export clearance brings is the rules' follow-up, as the Tracks
tab names it: the deadlines dashboard called it "Condition: …", "A condition of the
CN-DATA-EXPORT clearance", and counted it among the open conditions; its report and CSV
said "Condition" too."""

from __future__ import annotations

from datetime import date

from approvals.services.deadline_report import deadline_report
from approvals.services.workspace import open_deadlines
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.dashboard import obligation_prefix, rows_counted
from tests.unit.test_workflow import PREP, make_track, set_state, step
from tests.workflow_support import open_case_of

AUDITOR = Actor("ada", ("admin",))


def _cleared_export(db: Database) -> int:
    track_id = make_track(db, "CN-DATA-EXPORT")
    set_state(db, track_id, "assessment")
    step(db, track_id, "clear", PREP, on="2026-06-01", today=date(2026, 6, 1))
    open_case_of(db, track_id)  # out of intake: the dashboard lists it
    return track_id


def test_a_renewal_is_a_follow_up_on_the_dashboard_and_its_report(db: Database) -> None:
    track_id = _cleared_export(db)
    with db.read_session() as s:
        rows = [t for t in open_deadlines(s) if t.track_id == track_id and t.condition]
    [renewal] = rows
    assert renewal.follow_up
    assert obligation_prefix(renewal) == "Follow-up: "
    assert rows_counted(rows) == "<b>1</b> follow-up"
    with db.read_session() as s:
        report = deadline_report(s, actor=AUDITOR, today=date(2026, 12, 7))
    [row] = [r for r in report.rows if r.condition]
    assert row.item_words == "Follow-up"
    assert row.csv_row(date(2026, 12, 7), "")[1] == "Follow-up"


def test_three_kinds_of_rows_are_counted_as_a_list() -> None:
    from dataclasses import replace

    from approvals.services.workspace import OpenTrack

    track = OpenTrack(track_id=1, reference="AP-1", target="T", regime="CN-FISR",
                      kind="CN-FISR", state="draft", due_date=None, due_estimated=False,
                      stopped=False, owner="pat")
    rows = [track, track, replace(track, condition="Keep data in China"),
            replace(track, condition="Renew", follow_up=True)]
    assert rows_counted(rows) == ("<b>2</b> tracks, <b>1</b> condition and <b>1</b> "
                                  "follow-up")



def test_the_trail_says_a_renewal_was_added_as_a_follow_up(db: Database) -> None:
    """"Condition added … condition 'Apply to renew…'" sat under the status report's
    "Follow-ups of the CN-DATA-EXPORT track"."""
    import json

    from sqlmodel import select

    from approvals.domain.event_text import EventFacts, event_sentence
    from approvals.store.models import Event

    track_id = _cleared_export(db)
    with db.read_session() as s:
        event = s.exec(select(Event).where(Event.action == "obligation.created",
                                           Event.track_id == track_id)).one()
        said = event_sentence(EventFacts(event.action, event.entity_id, event.field, None,
                                         json.loads(event.new_value or "null"), {}))
    assert said.startswith("follow-up 'Apply to renew"), said
    typed = event_sentence(EventFacts("obligation.created", "1", None, None,
                                      {"text": "Keep data in China", "due_date": None}, {}))
    assert typed == "condition 'Keep data in China' added, no due date"


def test_a_renewal_among_conditions_is_a_follow_up_on_the_status_report(db: Database) -> None:
    """A data-export clearance with conditions brings the renewal too: the status report's
    "Conditions of the CN-DATA-EXPORT track" listed it as one of the authority's."""
    from approvals.store.models import FilingTrack
    from tests.pdf_support import pdf_words, status_report_pdf

    track_id = make_track(db, "CN-DATA-EXPORT")
    set_state(db, track_id, "assessment")
    step(db, track_id, "clear_with_conditions", PREP, on="2026-06-01", today=date(2026, 6, 1),
         reason="Decision notice received",
         conditions=[{"text": "Encrypt the exported records", "due_date": "2026-12-31"}])
    with db.read_session() as s:
        track = s.get(FilingTrack, track_id)
        assert track is not None
        case_id = track.case_id
    words = pdf_words(status_report_pdf(db, case_id, AUDITOR))
    assert "Conditions of the CN-DATA-EXPORT track" in words
    assert "Follow-up: Apply to renew" in words, words
    assert "Follow-up: Encrypt" not in words and "Encrypt the exported records" in words
