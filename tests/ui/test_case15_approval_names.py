"""The Tracks tab's "facts changed after approval" warning names the approver and the
editors as the rest of the case window does ("Bob Li (bob)"), not by login alone."""

from __future__ import annotations

import json

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import User
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_approval_changes_ui import _edit, _fisr, _step
from tests.ui.test_case_view import BOB, fisr_case

__all__ = ["fisr_case"]  # the fixture


def test_the_facts_changed_warning_names_people(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str, db: Database
) -> None:
    with db.session() as session:
        for who, name in ((admin, "Alice Wong"), (BOB, "Bob Li")):
            session.add(
                User(username=who.username, display_name=name, roles=json.dumps(list(who.roles)))
            )
    track_id = _fisr(db)
    _step(db, track_id, "submit_for_review", admin)
    _step(db, track_id, "approve_for_filing", BOB, on="2026-11-03")
    _edit(db, fisr_case, admin)
    view = open_view(qtbot, runner, admin, data_dir, fisr_case, track="CN-FISR")
    text = view.approval_note.text()
    assert text.startswith(
        "The facts changed after this track was approved for filing on 3 Nov 2026 by Bob Li (bob): "
    )
    assert "changed by Alice Wong (alice) on " in text
    assert view.approval_note.accessibleName() == text
