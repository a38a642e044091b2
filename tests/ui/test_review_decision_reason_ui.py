"""Proposed changes: the preparer can give a reason for accepting or rejecting, recorded in
the audit trail after the reviewer's name (as `review decide --reason` does); the question
before replacing a changed value says what its button does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlmodel import col, select

from approvals.domain.facts import Facts
from approvals.paths import DataDir
from approvals.services.case_edit import update_case_facts
from approvals.services.cases import get_case
from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui.review import ProposalsDialog
from approvals.ui.workers import TaskRunner
from tests.review_multi_support import open_review_desk
from tests.review_support import PAT


def _dialog(qtbot, tmp_path: Path, data_dir: DataDir, db: Database, runner: TaskRunner,
            field: str = "deal.board_seats", value: object = 1):
    """Proposed changes of the desk's case, its one proposal (Rita's `value` for `field`)
    selected."""
    desk = open_review_desk(tmp_path, data_dir, db)
    try:
        desk.propose("B", field, value)
        desk.import_(desk.respond("B", tmp_path / "rita.zip"))
    finally:
        desk.close()
    dialog = open_proposals(qtbot, runner, data_dir, desk.reference,
                            lambda shown: shown.table.rowCount() == 1)
    dialog.table.selectRow(0)
    return dialog


def open_proposals(qtbot, runner: TaskRunner, data_dir: DataDir, reference: str,
                   ready: Callable[[ProposalsDialog], bool]) -> ProposalsDialog:
    """The preparer's Proposed changes of `reference`, shown once `ready` holds."""
    dialog = ProposalsDialog(runner, PAT, data_dir, reference)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: ready(dialog), timeout=10_000)
    return dialog


def test_a_rejection_records_the_reason_given(qtbot, tmp_path, data_dir, db, runner) -> None:
    dialog = _dialog(qtbot, tmp_path, data_dir, db, runner)
    qtbot.keyClicks(dialog.reason_edit, "Three seats per the signed SPA")
    with qtbot.waitSignal(dialog.decided, timeout=10_000):
        qtbot.mouseClick(dialog.reject_button, Qt.MouseButton.LeftButton)
    with db.read_session() as s:
        (reason,) = s.exec(select(Event.reason)
                           .where(col(Event.action) == "review.proposal_rejected")).all()
    assert reason.endswith(": Three seats per the signed SPA")
    assert "rita" in reason  # the reviewer is named first
    assert dialog.reason_edit.text() == ""  # not carried over to the next decision


def test_replacing_a_changed_value_says_so_on_its_button(qtbot, tmp_path, data_dir, db,
                                                         runner) -> None:
    dialog = _dialog(qtbot, tmp_path, data_dir, db, runner)
    (proposal,) = dialog.rows
    with db.session() as s:  # the field changed here after the export: a conflict
        case = get_case(s, proposal.reference)
        facts = case.facts.to_json_dict()
        facts["deal"]["board_seats"] = 4
        update_case_facts(session=s, case_id=case.id, expected_version=case.version,
                          new_facts=Facts.model_validate(facts), actor=PAT)
    dialog.reload()
    qtbot.waitUntil(lambda: dialog.rows and dialog.rows[0].conflict, timeout=10_000)
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.confirm_box is not None and dialog.confirm_box.isVisible(),
                    timeout=5_000)
    yes = dialog.confirm_box.button(QMessageBox.StandardButton.Yes)
    assert yes.text() == "&Replace with the reviewer's value"
    dialog.confirm_box.button(QMessageBox.StandardButton.Cancel).click()
