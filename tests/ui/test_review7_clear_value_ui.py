"""Proposing that a field be emptied: a Clear value button (the hint said "null clears
it", JSON), shown as (cleared) in review mode and the preparer's Proposed changes."""

from __future__ import annotations

from PySide6.QtCore import Qt

from approvals.paths import DataDir
from approvals.services import review
from approvals.store.db import Database
from approvals.ui.review import (
    CLEARED,
    PROPOSE_HINT,
    ProposalsDialog,
    may_clear,
    proposal_hint,
)
from approvals.ui.workers import TaskRunner
from tests.review_support import PAT
from tests.ui.test_review_ui import _case_with_documents, open_in_review_mode
from tests.unit.test_loose6_proposal_listing import _case, _propose

COL_PROPOSED = 4


def test_clear_value_proposes_an_empty_field(qtbot, tmp_path, data_dir, db, admin,
                                             installation_b) -> None:
    ref = _case_with_documents(db, data_dir, tmp_path, admin)
    rw, _features = open_in_review_mode(qtbot, tmp_path, data_dir, db, admin, installation_b, ref)
    rw.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    rw.select_field("deal.board_seats")
    assert "null" not in PROPOSE_HINT and "null" not in proposal_hint("target.name")
    with qtbot.waitSignal(rw.loaded, timeout=10_000):
        qtbot.mouseClick(rw.clear_value_button, Qt.MouseButton.LeftButton)
    stored = next(c for c in review.get_review(installation_b[0], rw.pack_id).cases)
    assert [(p.field_path, p.proposed_value) for p in stored.proposals] == [
        ("deal.board_seats", None)]
    row = rw.facts_tree.currentItem()
    assert row.data(0, Qt.ItemDataRole.UserRole) == "deal.board_seats"
    assert row.text(2) == CLEARED and row.toolTip(2) == "You propose to clear it"
    assert "Proposed to clear" in rw.status.text()


def test_typing_null_still_clears(qtbot, tmp_path, data_dir, db, admin, installation_b) -> None:
    ref = _case_with_documents(db, data_dir, tmp_path, admin)
    rw, _features = open_in_review_mode(qtbot, tmp_path, data_dir, db, admin, installation_b, ref)
    rw.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    rw.select_field("deal.board_seats")
    rw.propose_edit.setText("null")
    with qtbot.waitSignal(rw.loaded, timeout=10_000):
        qtbot.mouseClick(rw.propose_button, Qt.MouseButton.LeftButton)
    assert rw.facts_tree.currentItem().text(2) == CLEARED


def test_the_preparer_sees_cleared(qtbot, data_dir: DataDir, db: Database,
                                   runner: TaskRunner) -> None:
    case_id, reference = _case(db)
    _propose(db, case_id, "deal.board_seats", [("pending", 3, None, None)])
    dialog = ProposalsDialog(runner, PAT, data_dir, reference)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    assert dialog.table.item(0, COL_PROPOSED).text() == CLEARED


def test_a_field_that_cannot_be_empty_says_so(qtbot, tmp_path, data_dir, db, admin,
                                              installation_b) -> None:
    """Clearing a required field came back as "expected string, got null"."""
    assert may_clear("deal.board_seats") and may_clear("investor.kind")
    assert not may_clear("target.name_en") and not may_clear("deal.instrument")
    ref = _case_with_documents(db, data_dir, tmp_path, admin)
    rw, _features = open_in_review_mode(qtbot, tmp_path, data_dir, db, admin, installation_b, ref)
    rw.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    rw.select_field("target.name_en")
    qtbot.mouseClick(rw.clear_value_button, Qt.MouseButton.LeftButton)
    assert rw.status.text() == ("Name (English) (Target company) cannot be left empty: type "
                                "its new value instead. Nothing was saved.")
    stored = next(c for c in review.get_review(installation_b[0], rw.pack_id).cases)
    assert stored.proposals == []
