"""File → Load demo cases in a folder that holds real work asks first: the demo's
fictional deals would sit among the office's cases, in the dashboard and the audit trail,
and nothing takes them out again. An empty folder (or one holding only the demo) loads
without a question."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services.cases import create_case
from approvals.services.demo import DemoPlan, demo_plan
from approvals.store.db import Database
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.ui.test_partic9_editor import message_boxes
from tests.unit.test_backup import ROOT

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "cases.json"


def _own_case(db: Database) -> str:
    facts = json.loads(DEMO.read_text(encoding="utf-8"))[0]
    facts["reference"] = "DEAL-OWN-1"  # a deal of the office's, not the demo's
    with db.session() as s:
        return create_case(s, facts=parse_facts(facts), actor=ROOT).reference


def _questions() -> list[QMessageBox]:
    return [box for box in message_boxes() if box.objectName() == "demoAmongOwnCases"]


def _question(qtbot) -> QMessageBox:
    qtbot.waitUntil(lambda: bool(_questions()), timeout=10_000)
    return _questions()[0]


def test_demo_plan_counts_own_cases_and_what_the_demo_would_add(db: Database) -> None:
    with db.read_session() as s:
        assert demo_plan(s) == DemoPlan(own_cases=0, to_add=14)
    _own_case(db)
    with db.read_session() as s:
        assert demo_plan(s) == DemoPlan(own_cases=1, to_add=14)


def test_loading_the_demo_beside_own_cases_asks_and_cancel_adds_nothing(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir) -> None:
    _own_case(db)
    window = MainWindow(runner, data_dir, ROOT)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: runner.idle and window.model.rowCount() == 1, timeout=10_000)

    window.demo_action.trigger()
    box = _question(qtbot)
    assert box.text() == "This data folder already holds 1 case of your own."
    assert "14 fictional deals" in box.informativeText()
    assert "cannot be removed" in box.informativeText()
    assert box.defaultButton().text() == "&Cancel"  # Enter does not load them
    box.defaultButton().click()
    runner.wait_for_done()
    qtbot.wait(50)
    with db.read_session() as s:
        assert demo_plan(s) == DemoPlan(own_cases=1, to_add=14)

    window.demo_action.trigger()
    box = _question(qtbot)
    next(b for b in box.buttons() if b.text() == "&Load them anyway").click()
    qtbot.waitUntil(lambda: runner.idle and window.model.rowCount() == 15, timeout=60_000)
    with db.read_session() as s:
        assert demo_plan(s) == DemoPlan(own_cases=1, to_add=0)
    assert window.statusBar().currentMessage() == "Loaded 14 demo cases"
    window.close()
    runner.wait_for_done()


def test_an_empty_folder_loads_the_demo_without_a_question(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir) -> None:
    window = MainWindow(runner, data_dir, ROOT)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: runner.idle and window.count_label.text() != "", timeout=10_000)
    window.demo_button.click()
    qtbot.waitUntil(lambda: runner.idle and window.model.rowCount() == 14, timeout=60_000)
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.objectName() == "demoAmongOwnCases"]
    window.close()
    runner.wait_for_done()
