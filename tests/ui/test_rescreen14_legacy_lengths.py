"""A case saved before the facts' length limits were set (a 300-character name) still
re-screens in its window: the limits hold new input, not what is already stored."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QMessageBox

from approvals.domain.facts import stored_facts
from approvals.domain.typed_input import NAME_CHARS
from approvals.paths import DataDir
from approvals.services.cases import case_by_reference
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view

REFERENCE = "AP-2026-0001"


def _lengthen_the_target_name(db: Database) -> str:
    long_name = "Hangzhou Deep Inference Technology Co., Ltd. " * 8
    assert len(long_name) > NAME_CHARS
    with db.session() as session:
        case = case_by_reference(session, REFERENCE)
        data = json.loads(case.facts)
        data["target"]["name_en"] = long_name
        case.facts = json.dumps(data)
        session.add(case)
        session.commit()
    return long_name


def test_a_stored_name_over_todays_limit_still_rescreens(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    long_name = _lengthen_the_target_name(demo)
    view = open_view(qtbot, runner, admin, data_dir, REFERENCE)
    view.tabs.setCurrentWidget(view.screening_page)
    view.rescreen()
    qtbot.waitUntil(lambda: view.changes_label.text() != "", timeout=20_000)
    assert view.findChild(QMessageBox, "errorDialog") is None
    assert "would change" in view.changes_label.text()
    with demo.session() as session:
        assert stored_facts(case_by_reference(session, REFERENCE).facts).target.name_en == long_name
    runner.wait_for_done()
