"""Proposed changes: Accept and Reject are greyed out while a decision is being saved, so
a second click does not decide the same row again (the service's "already decided" came
up in a box)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlmodel import col, select

from approvals.store.models import Event
from tests.ui.test_review_decision_reason_ui import _dialog


def test_a_second_click_while_saving_decides_nothing(qtbot, tmp_path, data_dir, db, runner):
    dialog = _dialog(qtbot, tmp_path, data_dir, db, runner)
    with qtbot.waitSignal(dialog.decided, timeout=10_000):
        qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
        # Saving: both greyed, saying why, and a second decision is not started.
        assert not dialog.accept_button.isEnabled() and not dialog.reject_button.isEnabled()
        assert dialog.accept_button.toolTip().startswith("Saving the decision on #")
        dialog.decide(False)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert dialog.status.text().startswith("Accepted:")
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible()]
    with db.read_session() as s:
        decided = s.exec(select(Event.action).where(col(Event.action).in_(
            ("review.proposal_accepted", "review.proposal_rejected")))).all()
    assert decided == ["review.proposal_accepted"]
    dialog.close()


def test_a_closed_cases_proposal_waits_for_a_reopen(qtbot, tmp_path, data_dir, db, runner):
    from approvals.services.case_lifecycle import close_case
    from approvals.services.cases import case_id_for, get_case
    from approvals.ui.review import ProposalsDialog
    from tests.review_support import PAT, ROOT

    first = _dialog(qtbot, tmp_path, data_dir, db, runner)
    reference = first.rows[0].reference
    first.close()
    with db.session() as s:
        case = get_case(s, reference)
        close_case(session=s, case_id=case_id_for(s, reference), actor=ROOT,
                   expected_version=case.version, reason="Deal abandoned")
    dialog = ProposalsDialog(runner, PAT, data_dir, reference)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    dialog.table.selectRow(0)
    assert dialog.table.item(0, 6).text() == "pending — case closed: reopen it to accept"
    assert not dialog.accept_button.isEnabled() and dialog.reject_button.isEnabled()
    assert "reopen it (Case → Reopen case…)" in dialog.accept_button.toolTip()
    dialog.close()
