"""Proposed changes opened after an import selects the first waiting proposal of the
response just imported: it selected one of an earlier response to another pack (the first
waiting in the list), under the summary of this one, and Alt+A decided it."""

from __future__ import annotations

from approvals.paths import DataDir
from approvals.services.review import ImportResult
from approvals.store.db import Database
from approvals.ui.review import ProposalsDialog
from approvals.ui.workers import TaskRunner
from tests.review_support import PAT
from tests.unit.test_loose6_proposal_listing import _case, _propose


def test_the_imported_responses_first_waiting_proposal_is_selected(
        qtbot, data_dir: DataDir, db: Database, runner: TaskRunner) -> None:
    earlier_id, earlier = _case(db, board_seats=3)
    later_id, later = _case(db, board_seats=5)
    _propose(db, earlier_id, "deal.board_seats", [("pending", 3, 4, None)])  # pack-…-0
    _propose(db, later_id, "deal.stake_after_pct", [("pending", 51, 60, None)])
    imported = ImportResult(kind="response", pack_id="pack-deal.stake_after_pct-0",
                            in_reply_to="review-pack", reviewer="rita", reviewer_label="laptop",
                            proposals_added=1, references=(later,))
    dialog = ProposalsDialog(runner, PAT, data_dir, None, imported=imported)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    selected = dialog.selected()
    assert selected is not None and selected.reference == later, [
        r.reference for r in dialog.rows]
    assert dialog.rows[0].reference == earlier  # first in the list: what was selected
    # Opened with no import, the first waiting one, as before.
    plain = ProposalsDialog(runner, PAT, data_dir, None)
    qtbot.addWidget(plain)
    qtbot.waitUntil(lambda: plain.table.rowCount() == 2, timeout=10_000)
    assert plain.selected() == plain.rows[0]
    runner.wait_for_done()
