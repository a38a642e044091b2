"""Proposed changes: a decision's reason in Status wraps before the values compared are
cut. After one decision with a reason, Status took about 400 pixels at 1280 while When
exported, Current value and Proposed were cut to "Casc…L.P.", so the change itself could
not be read."""

from __future__ import annotations

from approvals.paths import DataDir
from approvals.store.db import Database
from approvals.ui.review import ProposalsDialog
from approvals.ui.workers import TaskRunner
from tests.ui.test_perf4_proposals_fit_ui import one_proposal_shown

NAME = "Cascade Silicon Partners II, L.P."
REASON = "rejected by pat — “Catalogue item names as in the MOFCOM list, checked twice”"


def test_the_values_keep_their_room_before_status_does(
        qtbot, data_dir: DataDir, db: Database, runner: TaskRunner) -> None:
    dialog = one_proposal_shown(qtbot, runner, data_dir, db, "investor.name", NAME,
                                NAME.replace("II", "III"), width=1000)
    table, header = dialog.table, dialog.table.horizontalHeader()
    status = ProposalsDialog.COLUMNS.index("Status")
    table.item(0, status).setText(REASON)
    dialog._fit_columns(measure=True)
    avg = table.fontMetrics().averageCharWidth()
    for title in ("When exported", "Current value", "Proposed"):
        column = ProposalsDialog.COLUMNS.index(title)
        assert header.sectionSize(column) >= table.fontMetrics().horizontalAdvance(NAME) \
            or header.sectionSize(column) >= avg * ProposalsDialog.NARROWEST, title
    assert header.sectionSize(status) < table.fontMetrics().horizontalAdvance(REASON)
