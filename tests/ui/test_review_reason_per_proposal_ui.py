"""Review → Proposed changes: a reason belongs to the proposal it was typed for. It stayed
in the field when another row was selected, and Accept or Reject there recorded it with a
decision it was never written for. Another row shows its own reason (none at first); the
one typed comes back with its row, and closing asks about every reason not recorded."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from sqlmodel import col, select

from approvals.paths import DataDir
from approvals.store.db import Database
from approvals.store.models import ReviewProposal
from approvals.ui.review import ProposalsDialog
from approvals.ui.workers import TaskRunner
from tests.review_support import PAT
from tests.unit.test_loose6_proposal_listing import _case, _propose

SEATS_WHY = "Two seats per the signed SPA"
STAKE_WHY = "The stake is 12 % after the second closing"


def _reason_typed_then_other_row(qtbot, data_dir: DataDir, db: Database, runner: TaskRunner
                   ) -> tuple[ProposalsDialog, dict[int, int], int, int]:
    case_id, reference = _case(db, board_seats=2)
    _propose(db, case_id, "deal.board_seats", [("pending", 2, 5, None)])
    _propose(db, case_id, "deal.stake_after_pct", [("pending", None, 12, None)])
    with db.session() as s:
        seats, stake = s.exec(select(ReviewProposal.id).order_by(col(ReviewProposal.id))).all()
    dialog = ProposalsDialog(runner, PAT, data_dir, reference)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    rows = {p.id: r for r, p in enumerate(dialog.rows)}
    # A reason typed for the first proposal, then the second one selected.
    dialog.table.selectRow(rows[seats])
    qtbot.keyClicks(dialog.reason_edit, SEATS_WHY)
    dialog.table.selectRow(rows[stake])
    return dialog, rows, seats, stake


def test_a_reason_stays_with_its_proposal(qtbot, data_dir: DataDir, db: Database,
                                          runner: TaskRunner) -> None:
    dialog, rows, seats, stake = _reason_typed_then_other_row(qtbot, data_dir, db, runner)
    assert dialog.reason_edit.text() == ""  # not the other proposal's reason
    qtbot.keyClicks(dialog.reason_edit, STAKE_WHY)
    dialog.table.selectRow(rows[seats])
    assert dialog.reason_edit.text() == SEATS_WHY
    with qtbot.waitSignal(dialog.decided, timeout=10_000):
        dialog.reject_button.click()
    qtbot.waitUntil(lambda: {p.id: p.status for p in dialog.rows}[seats] == "rejected",
                    timeout=10_000)
    decided = {p.id: p for p in dialog.rows}
    assert decided[seats].status == "rejected" and decided[seats].decision_reason == SEATS_WHY
    assert decided[stake].status == "pending"
    dialog.table.selectRow({p.id: r for r, p in enumerate(dialog.rows)}[stake])
    assert dialog.reason_edit.text() == STAKE_WHY
    with qtbot.waitSignal(dialog.decided, timeout=10_000):
        dialog.reject_button.click()
    qtbot.waitUntil(lambda: dialog.deciding is None and all(
        p.status != "pending" for p in dialog.rows), timeout=10_000)
    assert {p.id: p.decision_reason for p in dialog.rows}[stake] == STAKE_WHY
    dialog.close()  # nothing typed is left: no question
    assert not dialog.isVisible()


def test_closing_asks_about_every_reason_not_recorded(qtbot, data_dir: DataDir, db: Database,
                                                      runner: TaskRunner) -> None:
    dialog, _rows, _seats, _stake = _reason_typed_then_other_row(qtbot, data_dir, db, runner)
    dialog.close()  # the field is empty, the other row's reason is not recorded either
    box = dialog.discard_box
    assert box is not None and box.isVisible() and dialog.isVisible()
    assert box.text() == (f"Discard the reason typed (“{SEATS_WHY}”)? It is recorded only "
                          "with Accept or Reject; no decision was made with it.")
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.keyClicks(dialog.reason_edit, STAKE_WHY)
    dialog.close()
    box = dialog.discard_box
    assert box is not None and box.text() == (
        f"Discard the reasons typed for 2 proposed changes (“{STAKE_WHY}” and 1 more)? A "
        "reason is recorded only with Accept or Reject on its proposal; no decision was made "
        "with them.")
    box.button(QMessageBox.StandardButton.Discard).click()
    assert not dialog.isVisible()
