"""Review → Proposed changes… opens for the case selected in the case list. With the first
row selected it said "No proposed changes for AP-2026-0001 yet" while a reviewer's
proposals waited on AP-2026-0002, as if there were none at all: it names the cases where
proposed changes wait."""

from __future__ import annotations

from approvals.paths import DataDir
from approvals.services import review
from approvals.store.db import Database
from approvals.ui.review import ProposalsDialog
from approvals.ui.workers import TaskRunner
from tests.review_support import PAT
from tests.unit.test_loose6_proposal_listing import _case, _propose


def _opened(qtbot, runner: TaskRunner, data_dir: DataDir, reference: str) -> ProposalsDialog:
    dialog = ProposalsDialog(runner, PAT, data_dir, reference)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.empty.text() != "", timeout=10_000)
    return dialog


def test_an_empty_case_names_the_cases_where_proposals_wait(
        qtbot, data_dir: DataDir, db: Database, runner: TaskRunner) -> None:
    _quiet_id, quiet = _case(db)
    busy_id, busy = _case(db, board_seats=3)
    _propose(db, busy_id, "deal.board_seats",
             [("pending", 3, 4, None), ("pending", 3, 5, None), ("rejected", 3, 6, "x")])
    with db.read_session() as s:
        assert review.pending_proposal_counts(s) == {busy: 2}
    dialog = _opened(qtbot, runner, data_dir, quiet)
    said = dialog.empty.text()
    assert said.startswith(f"No proposed changes for {quiet} yet.")
    assert f"Proposed changes wait for a decision on other cases: {busy} (2);" in said
    assert not dialog.empty.isHidden()
    runner.wait_for_done()


def test_nothing_waiting_elsewhere_says_nothing_more(
        qtbot, data_dir: DataDir, db: Database, runner: TaskRunner) -> None:
    _quiet_id, quiet = _case(db)
    dialog = _opened(qtbot, runner, data_dir, quiet)
    assert dialog.empty.text() == (
        f"No proposed changes for {quiet} yet. A reviewer's proposals arrive with their "
        "response pack (Review → Import response…).")
    runner.wait_for_done()
