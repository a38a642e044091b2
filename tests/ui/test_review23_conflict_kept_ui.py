"""Proposed changes: cancelling the question before replacing a field changed here since
the export said nothing — the status line still said the decision before it ("Accepted:
Amount (Deal) — value of AP-… is now 25,000,000; …"). It says the field stays as it is
and the proposal waits."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.ui.test_review_decision_reason_ui import _dialog
from tests.unit.test_review6_changed_here import LEE, edit_here


def test_cancelling_the_replace_question_says_nothing_changed(qtbot, tmp_path, data_dir, db,
                                                             runner) -> None:
    dialog = _dialog(qtbot, tmp_path, data_dir, db, runner)
    (proposal,) = dialog.rows
    edit_here(db, proposal.reference, {"deal.board_seats": 4}, actor=LEE, reason="the SPA")
    dialog.reload()
    qtbot.waitUntil(lambda: bool(dialog.rows) and dialog.rows[0].conflict, timeout=10_000)
    dialog.status.setText("Accepted: an earlier decision")
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.confirm_box is not None and dialog.confirm_box.isVisible(),
                    timeout=5_000)
    dialog.confirm_box.button(QMessageBox.StandardButton.Cancel).click()
    assert dialog.status.text() == (
        f"Nothing changed: Board seats (Deal) of {proposal.reference} stays 4; the proposal "
        "still waits for Accept or Reject.")
    assert dialog.rows[0].status == "pending"
    dialog.close()
