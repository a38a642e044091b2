"""A data-export assessment passed with conditions lists the authority's conditions and the
rules' renewal together under Conditions: the renewal said "Condition" there while the
deadlines dashboard called it a follow-up. It is marked one on the Tracks tab too."""

from __future__ import annotations

from datetime import date

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.unit.test_workflow import PREP, make_track, set_state, step
from tests.workflow_support import open_case_of


def test_the_renewal_among_conditions_is_marked_a_follow_up(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database) -> None:
    track_id = make_track(db, "CN-DATA-EXPORT")
    set_state(db, track_id, "assessment")
    view_of_step = step(db, track_id, "clear_with_conditions", PREP, on="2026-06-01",
                        today=date(2026, 6, 1), conditions=["Keep the data in China"])
    assert len(view_of_step.obligations) == 2
    open_case_of(db, track_id)
    with db.read_session() as s:
        from approvals.store.models import Case, FilingTrack

        track = s.get(FilingTrack, track_id)
        assert track is not None
        case = s.get(Case, track.case_id)
        assert case is not None
        reference = case.reference
    view = open_view(qtbot, runner, admin, data_dir, reference, track="CN-DATA-EXPORT")
    table = view.obligations_table
    texts = [table.item(row, 0).text() for row in range(table.rowCount())]
    assert "Keep the data in China" in texts
    [renewal] = [t for t in texts if t.startswith("Follow-up: Apply to renew")]
    row = texts.index(renewal)
    assert table.item(row, 0).toolTip().startswith(
        "A follow-up the rules attach to the clearance (not a condition the authority set):")
    runner.wait_for_done()
