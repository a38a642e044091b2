"""Review → Export review pack… from the keyboard: the list opens with the focus on the
case ticked for it, not above it (Space unticks that case), and Alt+C and Alt+F reach the
list and the file field (reached only by Tab before)."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from approvals.paths import DataDir
from approvals.services.cases import import_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.review import ExportPackDialog
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR
from tests.ui.ux_checks import alt_keys_taken_away, dead_alt_keys, mnemonic_clashes


def test_the_ticked_case_is_current_and_alt_keys_reach_list_and_file(
        qtbot: Any, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database) -> None:
    references = []
    with db.session() as s:
        for name in ("frontier-lab.json", "vision-startup.json", "consumer-app.json"):
            facts = json.loads((EXAMPLES_DIR / name).read_text(encoding="utf-8"))
            references.append(import_case(s, data=facts, actor=admin).reference)
    ticked = references[-1]  # the case selected in the case list: the last one listed
    dialog = ExportPackDialog(runner, admin, data_dir, ticked)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.checked() == [ticked], timeout=10_000)
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    cases = dialog.case_list
    cases.setFocus()
    assert cases.currentIndex().data(Qt.ItemDataRole.UserRole) == ticked
    qtbot.keyClick(cases, Qt.Key.Key_Space)
    assert dialog.checked() == []
    qtbot.keyClick(cases, Qt.Key.Key_Space)
    assert dialog.checked() == [ticked]
    qtbot.keyClick(cases, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dialog.out_edit
    qtbot.keyClick(dialog.out_edit, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is cases
    assert alt_keys_taken_away(dialog) == []
    assert mnemonic_clashes(dialog) == [] and dead_alt_keys(dialog) == []
    dialog.close()
    runner.wait_for_done()
