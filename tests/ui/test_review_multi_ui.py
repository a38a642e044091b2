"""Proposed changes with two reviewers in the window: each reviewer's row stays theirs,
the other reviewer's value for the field is beside it, the import summary says where they
differ, and accepting one reviewer's value over the other's names both before it asks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from approvals.paths import DataDir
from approvals.services import review
from approvals.store.db import Database
from approvals.ui.review import ProposalsDialog
from approvals.ui.workers import TaskRunner
from tests.review_multi_support import open_review_desk
from tests.review_support import PAT

COL_REVIEWER, COL_STATUS, COL_OTHERS = 5, 6, 7


def test_two_reviewers_in_the_proposed_changes_window(qtbot, tmp_path: Path, data_dir: DataDir,
                                                      db: Database, runner: TaskRunner) -> None:
    desk = open_review_desk(tmp_path, data_dir, db)
    try:
        desk.propose("B", "deal.board_seats", 1)
        desk.propose("C", "deal.board_seats", 2)
        desk.propose("B", "deal.stake_after_pct", 9.5)
        desk.propose("C", "deal.stake_after_pct", 9.5)
        desk.import_(desk.respond("B", tmp_path / "rita.zip"))
        result = desk.import_(desk.respond("C", tmp_path / "ben.zip"))
    finally:
        desk.close()
    ref = desk.reference
    dialog = ProposalsDialog(runner, PAT, data_dir, ref, imported=result)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 4, timeout=10_000)
    summary = dialog.import_summary.text()

    def row(who: str, field: str) -> int:
        return next(r for r, p in enumerate(dialog.rows)
                    if p.reviewer.startswith(who) and p.field_path == field)

    def cell(who: str, field: str, column: int) -> str:
        return dialog.table.item(row(who, field), column).text()

    rita_seats = dialog.rows[row("rita", "deal.board_seats")].id
    rita_stake = dialog.rows[row("rita", "deal.stake_after_pct")].id
    ben_seats = dialog.rows[row("ben", "deal.board_seats")].id
    assert (f"{ref}: Board seats (Deal): rita (Reviewer laptop) proposed 1 (#{rita_seats}, "
            "pending) — the reviewers differ; decide each below.") in summary
    # Rows are numbered as proposals, the number the other rows and messages use.
    assert dialog.table.verticalHeaderItem(row("rita", "deal.board_seats")).text() == f"#{rita_seats}"
    assert cell("rita", "deal.board_seats", COL_OTHERS) == f"#{ben_seats} ben (Ben's laptop): 2 (pending)"
    assert cell("ben", "deal.board_seats", COL_OTHERS) == (
        f"#{rita_seats} rita (Reviewer laptop): 1 (pending)")

    for field in ("deal.board_seats", "deal.stake_after_pct"):
        dialog.table.selectRow(row("rita", field))
        with qtbot.waitSignal(dialog.decided, timeout=10_000):
            qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda f=field: cell("rita", f, COL_STATUS) == "accepted by pat",
                        timeout=10_000)
    # Ben's rows are his and still wait: the conflict names whose value the field has now,
    # and his equal value is not shown as accepted.
    assert cell("ben", "deal.board_seats", COL_REVIEWER) == "ben (Ben's laptop)"
    assert cell("ben", "deal.board_seats", COL_STATUS) == (
        f"pending — conflict: now #{rita_seats} of rita (Reviewer laptop)")
    stake = cell("ben", "deal.stake_after_pct", COL_STATUS)
    assert stake == f"pending (the value of #{rita_stake} of rita (Reviewer laptop), accepted)"
    dialog.table.selectRow(row("ben", "deal.stake_after_pct"))
    assert dialog.accept_button.isEnabled() and dialog.reject_button.isEnabled()

    dialog.table.selectRow(row("ben", "deal.board_seats"))
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.confirm_box is not None and dialog.confirm_box.isVisible(),
                    timeout=5_000)
    text = dialog.confirm_box.informativeText()
    assert f"Now: 1 (proposal #{rita_seats} by rita (Reviewer laptop), accepted by pat)" in text
    assert "ben (Ben's laptop) proposes: 2" in text
    dialog.confirm_box.button(QMessageBox.StandardButton.Cancel).click()
    with db.read_session() as s:
        (seats,) = [p for p in review.list_proposals(s, reference=ref)
                    if p.reviewer.startswith("ben") and p.field_path == "deal.board_seats"]
    assert seats.status == "pending" and seats.current_value == 1  # nothing decided on Cancel
    # Confirmed: Ben's value stands, and Rita's accepted row says it was replaced by his.
    qtbot.waitUntil(lambda: dialog.accept_button.isEnabled(), timeout=5_000)
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.confirm_box is not None and dialog.confirm_box.isVisible(),
                    timeout=5_000)
    with qtbot.waitSignal(dialog.decided, timeout=10_000):
        dialog.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: cell("ben", "deal.board_seats", COL_STATUS) == "accepted by pat",
                    timeout=10_000)
    assert cell("rita", "deal.board_seats", COL_STATUS) == (
        f"accepted by pat; since replaced by #{ben_seats} of ben (Ben's laptop)")
    dialog.close()


def test_a_second_user_on_the_reviewers_laptop_is_told_whose_proposal_he_replaces(
        qtbot, tmp_path: Path, data_dir: DataDir, db: Database, runner: TaskRunner) -> None:
    from approvals.store.audit import Actor
    from approvals.ui.review import ReviewModeWindow
    from tests.review_support import RITA, open_review_pair

    pair = open_review_pair(tmp_path, data_dir, db)
    try:
        review.propose_change(data_dir=pair.b_dir, pack_id=pair.pack_id, reference=pair.reference,
                              field_path="deal.board_seats", value=1, actor=RITA)
        window = ReviewModeWindow(runner, Actor("sam", ("reviewer",)), pair.b_dir, pair.pack_id)
        qtbot.addWidget(window)
        window.reload()
        qtbot.waitUntil(lambda: window.view is not None, timeout=10_000)
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)  # both loads in: `loaded` is the save's
        window.select_field("deal.board_seats")
        qtbot.keyClicks(window.propose_edit, "2")
        with qtbot.waitSignal(window.loaded, timeout=10_000):
            qtbot.mouseClick(window.propose_button, Qt.MouseButton.LeftButton)
        assert window.status.text() == ("Proposed Board seats (Deal): 2. This replaces rita's "
                                        "proposal (1) in this pack.")
    finally:
        pair.b_db.dispose()
