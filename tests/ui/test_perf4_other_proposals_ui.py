"""The Other proposals cell names the first few others after their count, and its tooltip
the first twenty: listing all of them on every row made text quadratic in the field's
proposals (2,000 reviewers' proposals: megabytes per row)."""

from __future__ import annotations

from approvals.paths import DataDir
from approvals.services import review
from approvals.store.db import Database
from approvals.ui.review import OTHERS_IN_TIP, ProposalsDialog, others_text, others_tip
from approvals.ui.workers import TaskRunner
from tests.review_support import PAT
from tests.unit.test_loose6_proposal_listing import _case, _propose

COL_OTHERS = 7


def _view(others: int) -> review.ProposalView:
    live = tuple(review.OtherProposal(i, f"r{i}", i, "pending", None) for i in range(others + 1))
    return review.ProposalView(0, 1, "AP-2026-0001", "deal.board_seats", 1, 2, 1, False,
                               "pending", "r0", "p", None, None,
                               review.OtherProposals(live, 0))


def test_a_few_others_are_all_named() -> None:
    assert others_text(_view(0)) == others_tip(_view(0)) == ""
    assert others_text(_view(2)) == "#1 r1: 1 (pending); #2 r2: 2 (pending)"
    assert others_tip(_view(2)) == "#1 r1: 1 (pending)\n#2 r2: 2 (pending)"


def test_many_others_are_counted_and_the_first_named() -> None:
    view = _view(2_000)
    assert others_text(view) == ("2,000 others: #1 r1: 1 (pending); #2 r2: 2 (pending); "
                                 "#3 r3: 3 (pending); …")
    tip = others_tip(view).splitlines()
    assert len(tip) == OTHERS_IN_TIP + 1 and tip[0] == "#1 r1: 1 (pending)"
    assert tip[-1] == ("… and 1,980 more proposals for this field, each in its own row of "
                       "this table.")


def test_the_window_with_many_proposals_for_one_field(qtbot, data_dir: DataDir, db: Database,
                                                       runner: TaskRunner) -> None:
    case_id, reference = _case(db)
    _propose(db, case_id, "deal.board_seats", [("pending", 3, n, None) for n in range(60)])
    dialog = ProposalsDialog(runner, PAT, data_dir, reference)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 60, timeout=10_000)
    first = dialog.rows[0]
    cell = dialog.table.item(0, COL_OTHERS)
    assert cell.text().startswith("59 others: ") and cell.text().count("#") == 3
    assert cell.toolTip().count("\n") == OTHERS_IN_TIP
    assert f"#{first.id} " not in cell.text()  # its own proposal is not among the others
