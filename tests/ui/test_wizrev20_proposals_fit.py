"""Proposed changes at 200 % on a 1366×768 laptop: every column in the table's width, no
scroll bar sideways (Other proposals, the last column, was cut by a short one), and after
a decision (Status grows to who decided it and when) the field's name still readable, its
whole name and path on hover."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt

from approvals.paths import DataDir
from approvals.store.db import Database
from approvals.ui.review import ProposalsDialog
from approvals.ui.workers import TaskRunner
from tests.review_support import PAT
from tests.ui.scaling_support import OPENED_AT_200, doubled_app_font
from tests.unit.test_loose6_proposal_listing import _case, _propose


def _shown(qtbot, dialog: ProposalsDialog, rows: int) -> None:
    qtbot.addWidget(dialog)
    dialog.resize(*OPENED_AT_200)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == rows, timeout=10_000)


def _fits(dialog: ProposalsDialog) -> bool:
    table, header = dialog.table, dialog.table.horizontalHeader()
    last = header.logicalIndex(header.count() - 1)
    return (header.sectionPosition(last) + header.sectionSize(last) <= table.viewport().width()
            and not table.horizontalScrollBar().isVisible())


def test_the_columns_fit_at_200_percent_before_and_after_a_decision(
        qtbot, data_dir: DataDir, db: Database, runner: TaskRunner) -> None:
    case_id, reference = _case(db, stake_after_pct=30)
    _propose(db, case_id, "deal.stake_after_pct", [("pending", 30, 35, None)])
    _propose(db, case_id, "deal.board_seats", [("pending", 3, 4, None)])
    with doubled_app_font():
        dialog = ProposalsDialog(runner, PAT, data_dir, reference)
        _shown(qtbot, dialog, 2)
        table = dialog.table
        field = ProposalsDialog.COLUMNS.index("Field")
        stake = next(r for r in range(2) if table.item(r, field).text().startswith("Stake"))
        name = table.item(stake, field).text()
        qtbot.waitUntil(lambda: _fits(dialog), timeout=5_000)
        table.selectRow(stake)
        dialog.reason_edit.setText("As agreed at signing")
        dialog.decide(True)
        status = ProposalsDialog.COLUMNS.index("Status")
        qtbot.waitUntil(lambda: table.item(stake, status) is not None
                        and table.item(stake, status).text() != "Pending", timeout=10_000)
        qtbot.waitUntil(lambda: _fits(dialog), timeout=5_000)
        # The name shown whole, on two lines (it was cut to "Stake after the deal (…"
        # while the values kept the width of their titles), and whole on hover too.
        metrics = table.fontMetrics()
        room = QRect(0, 0, table.columnWidth(field) - 8, 10 * table.rowHeight(stake))
        needed = metrics.boundingRect(room, int(Qt.TextFlag.TextWordWrap), name)
        assert needed.width() <= room.width() and needed.height() <= table.rowHeight(stake), (
            needed, table.columnWidth(field), table.rowHeight(stake))
        assert table.item(stake, field).toolTip().startswith(name + "\n")
        # A title cut to fit says itself whole on hover.
        header = table.horizontalHeader()
        for c, title in enumerate(ProposalsDialog.COLUMNS):
            assert table.horizontalHeaderItem(c).toolTip() == title
        assert header.textElideMode() == Qt.TextElideMode.ElideRight
