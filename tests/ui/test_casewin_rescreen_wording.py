"""An accepted re-screening reads the same in the Timeline's Change cell and in the
status report's sentence (the What tooltip, the details pane): its outcomes in words."""

from __future__ import annotations

from sqlmodel import select

from approvals.paths import DataDir
from approvals.services.screening import accept_rescreen
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_case_view import fisr_case, pretend_fisr_was_not_required

__all__ = ["fisr_case"]  # the fixture, used by name

CHANGE, WHAT = 4, 2
OUTCOME = "CN-FISR not required → approval required"


def test_rescreen_outcomes_read_alike_in_change_cell_and_report_sentence(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str, db: Database
) -> None:
    pretend_fisr_was_not_required(db)
    with db.session() as session:
        case_id = session.exec(select(Case.id).where(Case.reference == fisr_case)).one()
        accept_rescreen(session=session, case_id=case_id, actor=admin,
                        reason="FISR threshold corrected")
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.tabs.setCurrentWidget(view.timeline_page)
    row = next(i for i, e in enumerate(view._timeline_events)
               if e.action == "case.rescreen_accepted")
    change = view.timeline.item(row, CHANGE).text()
    assert change.startswith(OUTCOME + " (rulebook "), change
    sentence = view._timeline_tip(row, WHAT)  # the status report's sentence
    assert sentence.startswith("new screening accepted: rulebook "), sentence
    assert sentence.endswith("; outcomes changed: " + OUTCOME), sentence
