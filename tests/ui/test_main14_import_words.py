"""File → Import facts… names a bad field as the wizard does ("Unified Social Credit Code
(Target company) [target.uscc]: …"), not by its facts path alone, and creates no case."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from sqlmodel import select

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.models import Case
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR
from tests.ui.conftest import settle


def test_import_facts_names_the_bad_field_in_words(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db, tmp_path: Path) -> None:
    facts = json.loads(next(iter(sorted(EXAMPLES_DIR.glob("*.json")))).read_text())
    facts["target"]["uscc"] = "91110000MA01ABCDE1"  # wrong check character
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(facts), encoding="utf-8")
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    window.import_facts_file(bad)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorDialog") is not None, timeout=20_000)
    box = window.findChild(QMessageBox, "errorDialog")
    shown = f"{box.text()}\n{box.informativeText()}\n{box.detailedText()}"
    assert "Could not import facts" in shown
    assert "Unified Social Credit Code (Target company) [target.uscc]:" in shown, shown
    settle(qtbot, runner)
    with db.session() as session:
        assert session.exec(select(Case)).first() is None
