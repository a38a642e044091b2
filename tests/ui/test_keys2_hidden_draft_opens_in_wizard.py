"""A draft the case list's filter hides, opened from elsewhere (the audit trail's Enter or
Open case), opens in the wizard: it opened a case window that could not read the
unfinished facts and said "Could not open the case: ValidationError: 2 validation errors"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from approvals.paths import DataDir
from approvals.services.drafts import save_draft
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.ui.test_walkthrough_fixes import _case


def test_a_filtered_out_draft_opens_in_the_wizard(
        qtbot: Any, db: Database, data_dir: DataDir, admin: Actor) -> None:
    case_reference, _track = _case(db, admin)
    with db.session() as session:
        draft = save_draft(session, actor=admin, data={"target": {"name_en": "Half Done Co"}})
    window = MainWindow(TaskRunner(db), data_dir, admin)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.runner.idle and window.model.total == 2, timeout=10_000)
    window.filter_edit.setFocus()
    qtbot.keyClicks(window.filter_edit, case_reference)
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Down)  # applied: the draft is hidden
    assert window.model.row_for_reference(draft.reference) is None
    window.open_case(draft.reference)  # what the audit trail's Enter calls
    qtbot.waitUntil(lambda: window.wizard is not None and window.wizard.isVisible(),
                    timeout=10_000)
    assert window.wizard is not None and window.wizard.reference == draft.reference
    assert draft.reference not in window.case_views
    window.wizard.close()
    window.runner.wait_for_done()
