"""Proposed changes keep Reviewer and Status in sight: long values (a target's name
proposed anew) pushed Status, whether a row is decided, off the right edge at 100 % on a
laptop and at 200 %. The value columns give up width, never below their titles; a cut
value's tooltip has it whole."""

from __future__ import annotations

from approvals.paths import DataDir
from approvals.store.db import Database
from approvals.ui.review import ProposalsDialog
from approvals.ui.workers import TaskRunner
from tests.review_support import PAT
from tests.unit.test_loose6_proposal_listing import _case, _propose

LONG = "Frontier Lab Holdings Limited (renamed after the 2026 reorganisation of the group) " * 2


def test_status_stays_in_sight_beside_long_values(qtbot, data_dir: DataDir, db: Database,
                                                  runner: TaskRunner) -> None:
    dialog = one_proposal_shown(qtbot, runner, data_dir, db, "target.name_en",
                                LONG.upper(), LONG, width=900)
    table, header = dialog.table, dialog.table.horizontalHeader()
    status = ProposalsDialog.COLUMNS.index("Status")
    qtbot.waitUntil(lambda: header.sectionPosition(status) + header.sectionSize(status)
                    <= table.viewport().width(), timeout=5_000)
    for column in ProposalsDialog.NARROWABLE_COLUMNS:
        assert header.sectionSize(column) >= header.sectionSizeFromContents(column).width()
    proposed = ProposalsDialog.COLUMNS.index("Proposed")
    assert table.item(0, proposed).toolTip().startswith(LONG.strip())
    # The field may be narrowed too: its tooltip names it whole, then its path.
    assert table.item(0, 1).toolTip().startswith("Name (English) (Target company)\ntarget.name_en")
    # Wider again: the values get their room back.
    before = header.sectionSize(proposed)
    dialog.resize(2400, 420)
    qtbot.waitUntil(lambda: header.sectionSize(proposed) > before, timeout=5_000)


def one_proposal_shown(qtbot, runner: TaskRunner, data_dir: DataDir, db: Database, path: str,
                       base: object, proposed: object, *, width: int) -> ProposalsDialog:
    """Proposed changes open on a new case with one pending proposal for `path`."""
    case_id, reference = _case(db)
    _propose(db, case_id, path, [("pending", base, proposed, None)])
    dialog = ProposalsDialog(runner, PAT, data_dir, reference)
    qtbot.addWidget(dialog)
    dialog.resize(width, 420)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    return dialog
