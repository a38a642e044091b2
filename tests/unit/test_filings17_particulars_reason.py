"""A reason given with a change of filing particulars is kept on its audit event, and the
status report's timeline prints it after the change ('…; reason: …')."""

from __future__ import annotations

from approvals.services.filings import load_filing_data
from approvals.services.particulars import load_particulars, save_particulars
from approvals.store.audit import Actor
from approvals.store.db import Database
from tests.unit.test_particulars_service import reference  # noqa: F401  (fixture)

ADMIN = Actor("alice", ("preparer", "reviewer", "approver", "admin"))


def test_the_reason_reaches_the_event_and_the_status_reports_timeline(
        db: Database, reference: str) -> None:  # noqa: F811
    with db.read_session() as session:
        view = load_particulars(session, actor=ADMIN, reference=reference)
    values = {s: dict(f) for s, f in view.values.items()}
    values["representative"]["name"] = "Jane Counsel"
    with db.session() as session:
        save_particulars(session, actor=ADMIN, reference=reference, values=values,
                         expected_version=view.version, reason="  engagement letter of 1 Dec ")
    with db.read_session() as session:
        timeline = load_filing_data(session, reference).timeline
    last = timeline[-1]
    assert last.action == "case.particulars_changed"
    assert last.summary.endswith("; reason: engagement letter of 1 Dec")
