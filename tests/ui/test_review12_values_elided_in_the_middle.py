"""Proposed changes: the three values read side by side (When exported, Current value,
Proposed) are cut in the middle when narrow, so names that differ only at their ends do
not read the same ("Golden Gate Seed Partner…" three times); other cells are cut at the
right, and Field and Status wrap."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem, QTableWidget, QTableWidgetItem

from approvals.paths import DataDir
from approvals.store.db import Database
from approvals.ui.review import OneLineDelegate, ProposalsDialog
from approvals.ui.workers import TaskRunner
from tests.review_support import PAT
from tests.unit.test_loose6_proposal_listing import _case, _propose


def test_compared_values_are_cut_in_the_middle(qtbot) -> None:
    columns = ProposalsDialog.COLUMNS
    table = QTableWidget(1, len(columns))
    qtbot.addWidget(table)
    for column in range(len(columns)):
        table.setItem(0, column, QTableWidgetItem("Golden Gate Seed Partners II LP"))
    compared = [columns.index(c) for c in ("When exported", "Current value", "Proposed")]
    delegate = OneLineDelegate((columns.index("Field"), columns.index("Status")), table,
                               compared=compared)
    modes = {}
    for column in range(len(columns)):
        option = QStyleOptionViewItem()
        delegate.initStyleOption(option, table.model().index(0, column))
        modes[columns[column]] = option.textElideMode
    assert {name: mode for name, mode in modes.items() if name in
            ("When exported", "Current value", "Proposed")} == dict.fromkeys(
        ("When exported", "Current value", "Proposed"), Qt.TextElideMode.ElideMiddle)
    assert modes["Reviewer"] == Qt.TextElideMode.ElideRight


def test_the_window_cuts_its_compared_columns_in_the_middle(
        qtbot, data_dir: DataDir, db: Database, runner: TaskRunner) -> None:
    case_id, reference = _case(db)
    _propose(db, case_id, "deal.board_seats", [("pending", 3, 1, None)])
    dialog = ProposalsDialog(runner, PAT, data_dir, reference)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    delegate = dialog.table.itemDelegate()
    assert isinstance(delegate, OneLineDelegate)
    assert delegate.compared == {ProposalsDialog.COLUMNS.index(c)
                                 for c in ("When exported", "Current value", "Proposed")}
    runner.wait_for_done()
