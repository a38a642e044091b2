"""The reason given with a decision on a proposed change is shown in Proposed changes with
the decision (it was only in the audit trail): in the Status cell, cut when long, and
whole in the cell's tooltip."""

from __future__ import annotations

from sqlmodel import col, select

from approvals.paths import DataDir
from approvals.services import review
from approvals.store.db import Database
from approvals.store.models import ReviewProposal
from approvals.ui.review import REASON_IN_CELL, ProposalsDialog
from approvals.ui.workers import TaskRunner
from tests.review_support import PAT
from tests.unit.test_backup import ROOT
from tests.unit.test_loose6_proposal_listing import _case, _propose

STATUS = ProposalsDialog.COLUMNS.index("Status")
LONG = ("The board seats follow the shareholders' agreement of March, which the reviewer "
        "had not seen; clause 4.2 gives the investor two seats, not five.")


def test_the_reason_of_a_decision_is_shown_with_it(
        qtbot, data_dir: DataDir, db: Database, runner: TaskRunner) -> None:
    case_id, reference = _case(db, board_seats=2)
    _propose(db, case_id, "deal.board_seats", [("pending", 2, 5, None)])
    _propose(db, case_id, "deal.stake_after_pct", [("pending", None, 12, None)])
    with db.session() as s:
        seats, stake = s.exec(select(ReviewProposal.id).order_by(col(ReviewProposal.id))).all()
        review.decide_proposal(s, proposal_id=seats, accept=False, actor=ROOT, reason=LONG)
        review.decide_proposal(s, proposal_id=stake, accept=False, actor=ROOT)  # no reason
    with db.session() as s:
        listed = {p.id: p for p in review.list_proposals(s, reference=reference)}
    assert listed[seats].decision_reason == LONG
    assert listed[stake].decision_reason == ""

    dialog = ProposalsDialog(runner, PAT, data_dir, reference)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    rows = {p.id: r for r, p in enumerate(dialog.rows)}
    cell = dialog.table.item(rows[seats], STATUS)
    assert cell.text().startswith("rejected by root — “The board seats follow")
    assert cell.text().endswith("…”") and len(cell.text()) < len(LONG)
    assert LONG[:REASON_IN_CELL].rstrip() in cell.text()
    assert cell.toolTip().endswith(f"— “{LONG}”")
    assert dialog.table.item(rows[stake], STATUS).text() == "rejected by root"
